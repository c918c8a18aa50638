"""``default_router()``: every event module's router, joined."""

from __future__ import annotations

from backendbot.github_app.events import (
    installation,
    issue_comment,
    ping,
    pull_request_review,
    pull_request_review_comment,
)
from backendbot.github_app.events.router import Router


def default_router() -> Router:
    return Router(
        ping.router,
        installation.router,
        issue_comment.router,
        pull_request_review.router,
        pull_request_review_comment.router,
    )
