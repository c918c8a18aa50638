"""``pull_request_review``: a submitted review with a body on one of our PRs."""

from __future__ import annotations

from backendbot.github_app.events.payload import BRANCH_PREFIX, ReviewPayload, job_fields
from backendbot.github_app.events.router import Event, Ignore, Outcome, Router
from backendbot.github_app.jobs.model import FollowUpJob

router = Router()


@router.register("pull_request_review", action="submitted")
def review_submitted(event: Event) -> Outcome:
    """A review body on a ``backendbot/`` branch becomes a follow-up job."""
    p = ReviewPayload.model_validate(event.payload)
    if p.sender.is_bot:
        return Ignore("review by a bot")
    if not p.pull_request.head.ref.startswith(BRANCH_PREFIX):
        return Ignore(f"pull request branch does not start with {BRANCH_PREFIX}")
    if not (p.review.body or "").strip():
        return Ignore("review has no body")
    if p.installation is None:
        return Ignore("delivery has no installation")
    return FollowUpJob(
        **job_fields(p, event.delivery_id, p.installation),
        trigger="review",
        pr_number=p.pull_request.number,
        head_branch=p.pull_request.head.ref,
        body=p.review.body or "",
        review_id=p.review.id,
    )
