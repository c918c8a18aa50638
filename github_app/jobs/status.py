"""The one status comment per issue, found again by its hidden marker and edited in place."""

from __future__ import annotations

import logging

from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.render import Stage, render_status_comment, status_marker

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
        marker = status_marker(issue_number)
        for comment in client.issue_comments(issue_number):
            if marker in comment.body and comment.author == bot:
                return cls(client, issue_number, comment.id)
        body = render_status_comment(issue_number, "queued")
        return cls(client, issue_number, client.create_comment(issue_number, body))

    def update(self, stage: Stage, *, detail: str | None = None, pr_url: str | None = None) -> None:
        log.info("issue #%d: %s", self._issue, stage)
        failed_at = self._stage if stage == "failed" else None
        if stage != "failed":
            self._stage = stage
        body = render_status_comment(
            self._issue, stage, detail=detail, pr_url=pr_url, failed_at=failed_at
        )
        self._client.edit_comment(self.comment_id, body)
