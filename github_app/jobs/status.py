"""The one status comment per issue, found again by its hidden marker and edited in place."""

from __future__ import annotations

import logging

from backendbot.github_app.github.client import Comment, RepoClient
from backendbot.github_app.render import (
    Stage,
    render_status_comment,
    status_marker,
    with_queued_note,
)

log = logging.getLogger(__name__)


class StatusComment:
    def __init__(self, client: RepoClient, issue_number: int, comment_id: int) -> None:
        self._client = client
        self._issue = issue_number
        self.comment_id = comment_id
        self._stage: Stage = "queued"

    @classmethod
    def find_or_create(cls, client: RepoClient, issue_number: int, bot: str) -> StatusComment:
        """The App's status comment (a re-run, a second build) or a new "queued" one.

        Only a comment by ``bot`` counts: anyone can paste the marker into a comment.
        """
        found = find_status(client, issue_number, bot)
        if found is not None:
            return cls(client, issue_number, found.id)
        body = render_status_comment(issue_number, "queued")
        return cls(client, issue_number, client.create_comment(issue_number, body))

    @classmethod
    def show_queued(
        cls, client: RepoClient, issue_number: int, bot: str, *, behind: bool, requester: str
    ) -> StatusComment:
        """A build was accepted: the status comment says "queued" (created if need be).

        ``behind``: an earlier build of the issue is unfinished and its stages are on the
        comment; they stay, with a line saying this one waits behind it.
        """
        found = find_status(client, issue_number, bot)
        queued = render_status_comment(issue_number, "queued")
        if found is None:
            return cls(client, issue_number, client.create_comment(issue_number, queued))
        body = with_queued_note(found.body, requester) if behind else queued
        if body != found.body:
            client.edit_comment(found.id, body)
        return cls(client, issue_number, found.id)

    def update(self, stage: Stage, *, detail: str | None = None, pr_url: str | None = None) -> None:
        log.info("issue #%d: %s", self._issue, stage)
        failed_at = self._stage if stage == "failed" else None
        if stage != "failed":
            self._stage = stage
        body = render_status_comment(
            self._issue, stage, detail=detail, pr_url=pr_url, failed_at=failed_at
        )
        self._client.edit_comment(self.comment_id, body)


def find_status(client: RepoClient, issue_number: int, bot: str) -> Comment | None:
    """The App's status comment on the issue: the marker in a comment by ``bot`` (anyone can
    paste the marker into a comment of their own)."""
    marker = status_marker(issue_number)
    for comment in client.issue_comments(issue_number):
        if marker in comment.body and comment.author == bot:
            return comment
    return None
