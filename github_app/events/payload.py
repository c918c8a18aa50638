"""Typed views of the payload parts the handlers read (unknown fields ignored).

A payload missing a field we need raises ``pydantic.ValidationError``; the webhook answers 400.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class User(_Part):
    login: str
    id: int
    type: str = "User"

    @property
    def is_bot(self) -> bool:
        return self.type == "Bot"


class Installation(_Part):
    id: int


class Repository(_Part):
    full_name: str
    clone_url: str
    default_branch: str


class Issue(_Part):
    number: int
    title: str
    body: str | None = None
    pull_request: dict[str, Any] | None = None  # present when the "issue" is a pull request


class Comment(_Part):
    id: int
    body: str
    user: User


class Ref(_Part):
    ref: str


class PullRequest(_Part):
    number: int
    head: Ref
    user: User | None = None  # who opened it: the App's bot user for the App's own PRs

    @property
    def author(self) -> str:
        return self.user.login if self.user is not None else ""

    @property
    def opened_by_a_bot(self) -> bool:
        """A pre-filter for follow-ups: the App's pull requests are opened by its bot user.

        Which bot, and whether the branch carries the repository's ``branch_prefix``, only the
        runner can tell (it knows the App's slug and reads ``.github/backendbot.yml``).
        """
        return self.user is not None and self.user.is_bot


class Review(_Part):
    id: int
    body: str | None = None
    user: User


class ReviewComment(Comment):
    path: str | None = None
    line: int | None = None
    start_line: int | None = None
    diff_hunk: str | None = None


class _Delivery(_Part):
    action: str
    sender: User
    repository: Repository
    installation: Installation | None = None


class IssueCommentPayload(_Delivery):
    issue: Issue
    comment: Comment


class ReviewPayload(_Delivery):
    pull_request: PullRequest
    review: Review


class ReviewCommentPayload(_Delivery):
    pull_request: PullRequest
    comment: ReviewComment


def job_fields(delivery: _Delivery, delivery_id: str, installation: Installation) -> dict[str, Any]:
    """The fields every job copies from a delivery (see ``jobs.model._JobBase``)."""
    return {
        "delivery_id": delivery_id,
        "installation_id": installation.id,
        "repo_full_name": delivery.repository.full_name,
        "clone_url": delivery.repository.clone_url,
        "default_branch": delivery.repository.default_branch,
        "requester": delivery.sender.login,
        "requester_id": delivery.sender.id,
    }
