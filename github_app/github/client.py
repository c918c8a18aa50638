"""The REST calls a job makes on one repository, typed, and nothing else.

Each method is one githubkit call through ``call_github``: transient failures (rate limits,
5xx but 501, dropped connections) are tried again within the ``RetryPolicy``; anything else,
or a call that runs out of tries, is a ``GitHubError``. ``endpoints.py`` lists these calls.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

from githubkit import GitHub, TokenAuthStrategy
from githubkit_schemas.latest.models import ContentFile, IssueComment

from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.github.retry import RetryPolicy, call_github
from backendbot.github_app.redact import redact
from backendbot.github_app.settings import AppSettings

PAGE = 100
Reaction = Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]
T = TypeVar("T")


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: str


@dataclass(frozen=True)
class CheckRunOutput:
    """A check run's ``output``: GitHub caps the summary and the text at 65,535 characters."""

    title: str
    summary: str
    text: str | None = None

    def payload(self, scrub: Callable[[str], str]) -> dict[str, str]:
        data = {"title": scrub(self.title), "summary": scrub(self.summary)}
        if self.text is not None:
            data["text"] = scrub(self.text)
        return data


CheckConclusion = Literal["success", "failure", "cancelled", "timed_out", "neutral"]


@dataclass(frozen=True)
class PullRequest:
    number: int
    html_url: str
    head_ref: str
    author: str = ""


class RepoClient:
    """One repository seen through an installation token."""

    def __init__(
        self,
        settings: AppSettings,
        repo_full_name: str,
        token: str,
        *,
        secrets: tuple[str, ...] = (),
        retry: RetryPolicy | None = None,
    ) -> None:
        self.owner, self.name = repo_full_name.split("/", 1)
        self._secrets = tuple(s for s in (token, *secrets) if s)
        self.retry = retry or RetryPolicy()
        self._gh: GitHub[TokenAuthStrategy] = GitHub(
            TokenAuthStrategy(token),
            base_url=settings.api_url + "/",
            auto_retry=False,
            http_cache=False,
        )

    def _call(self, what: str, fn: Callable[[], T], policy: RetryPolicy | None = None) -> T:
        return call_github(what, fn, policy or self.retry)

    def scrub(self, text: str) -> str:
        """``text`` with every secret this client knows replaced; applied to all it sends."""
        return redact(text, self._secrets)

    def permission(self, login: str) -> str:
        """``admin``, ``write``, ``read`` or ``none`` for ``login`` on this repository."""
        resp = self._call(
            f"checking {login}'s permission",
            lambda: self._gh.rest.repos.get_collaborator_permission_level(
                self.owner, self.name, login
            ),
        )
        return resp.parsed_data.permission

    def user_id(self, login: str) -> int:
        """``login``'s numeric id; it only decorates (a no-reply e-mail), so one retry at most."""
        resp = self._call(
            f"looking up {login}",
            lambda: self._gh.rest.users.get_by_username(login),
            self.retry.lighter(),
        )
        return resp.parsed_data.id

    def react(self, comment_id: int, content: Reaction = "eyes") -> None:
        self._call(
            "adding a reaction",
            lambda: self._gh.rest.reactions.create_for_issue_comment(
                self.owner, self.name, comment_id, content=content
            ),
            self.retry.lighter(),
        )

    def react_review_comment(self, comment_id: int, content: Reaction = "eyes") -> None:
        self._call(
            "adding a reaction",
            lambda: self._gh.rest.reactions.create_for_pull_request_review_comment(
                self.owner, self.name, comment_id, content=content
            ),
            self.retry.lighter(),
        )

    def issue_comments(self, number: int) -> list[Comment]:
        out: list[Comment] = []
        page = 1
        while True:
            resp = self._call(
                "listing comments",
                lambda page=page: self._gh.rest.issues.list_comments(  # type: ignore[misc]
                    self.owner, self.name, number, per_page=PAGE, page=page
                ),
            )
            batch = cast(Sequence[IssueComment], resp.parsed_data)
            out.extend(Comment(c.id, c.body or "", c.user.login if c.user else "") for c in batch)
            if len(batch) < PAGE:
                return out
            page += 1

    def create_comment(self, number: int, body: str) -> int:
        resp = self._call(
            "posting a comment",
            lambda: self._gh.rest.issues.create_comment(
                self.owner, self.name, number, body=self.scrub(body)
            ),
        )
        return resp.parsed_data.id

    def edit_comment(self, comment_id: int, body: str) -> None:
        self._call(
            "editing a comment",
            lambda: self._gh.rest.issues.update_comment(
                self.owner, self.name, comment_id, body=self.scrub(body)
            ),
        )

    def file_text(self, path: str, ref: str) -> str | None:
        """A text file's content at ``ref``, or None when there is no such file."""
        try:
            resp = self._call(
                f"reading {path}",
                lambda: self._gh.rest.repos.get_content(self.owner, self.name, path, ref=ref),
            )
        except GitHubError as exc:
            if exc.status == 404:
                return None
            raise
        data = resp.parsed_data
        if not isinstance(data, ContentFile):
            return None
        return base64.b64decode(data.content).decode("utf-8")

    def pull(self, number: int) -> PullRequest:
        resp = self._call(
            f"reading pull request #{number}",
            lambda: self._gh.rest.pulls.get(self.owner, self.name, number),
        )
        pr = resp.parsed_data
        return PullRequest(pr.number, pr.html_url, pr.head.ref, pr.user.login)

    def open_pull(self, head_branch: str) -> PullRequest | None:
        resp = self._call(
            "looking for an open pull request",
            lambda: self._gh.rest.pulls.list(
                self.owner, self.name, state="open", head=f"{self.owner}:{head_branch}"
            ),
        )
        for pr in resp.parsed_data:
            if pr.head.ref == head_branch:
                return PullRequest(pr.number, pr.html_url, pr.head.ref)
        return None

    def create_pull(
        self, *, title: str, head: str, base: str, body: str, draft: bool
    ) -> PullRequest:
        resp = self._call(
            "opening the pull request",
            lambda: self._gh.rest.pulls.create(
                self.owner,
                self.name,
                title=self.scrub(title),
                head=head,
                base=base,
                body=self.scrub(body),
                draft=draft,
            ),
        )
        pr = resp.parsed_data
        return PullRequest(pr.number, pr.html_url, pr.head.ref)

    def edit_pull_body(self, number: int, body: str) -> None:
        self._call(
            "updating the pull request",
            lambda: self._gh.rest.pulls.update(
                self.owner, self.name, number, body=self.scrub(body)
            ),
        )

    def request_review(self, number: int, login: str) -> None:
        """Ask ``login`` for a review; GitHub's 422 (e.g. the PR's own author) is not fatal."""
        try:
            self._call(
                "requesting a review",
                lambda: self._gh.rest.pulls.request_reviewers(
                    self.owner, self.name, number, reviewers=[login]
                ),
                self.retry.lighter(),
            )
        except GitHubError as exc:
            if exc.status != 422:
                raise

    def reply_in_thread(self, pr_number: int, comment_id: int, body: str) -> None:
        """A reply under review comment ``comment_id``: a review comment with ``in_reply_to``.

        Not ``.../comments/{id}/replies``, which GitHub does not enable for Apps (403). With
        ``in_reply_to`` GitHub ignores every other field, so the request has only the two;
        githubkit's typed method would insist on ``commit_id`` and ``path``.
        """
        url = f"/repos/{self.owner}/{self.name}/pulls/{pr_number}/comments"
        payload = {"body": self.scrub(body), "in_reply_to": comment_id}
        self._call(
            "replying in the review thread", lambda: self._gh.request("POST", url, json=payload)
        )

    def create_check_run(
        self, *, name: str, head_sha: str, started_at: str, output: CheckRunOutput
    ) -> int:
        """A check run ``in_progress`` on ``head_sha`` (a commit GitHub has); its id."""
        url = f"/repos/{self.owner}/{self.name}/check-runs"
        payload = {
            "name": name,
            "head_sha": head_sha,
            "status": "in_progress",
            "started_at": started_at,
            "output": output.payload(self.scrub),
        }
        resp = self._call(
            "creating the check run",
            lambda: self._gh.request("POST", url, json=payload),
            self.retry.lighter(),
        )
        return int(resp.json()["id"])

    def update_check_run(
        self,
        run_id: int,
        output: CheckRunOutput,
        *,
        conclusion: CheckConclusion | None = None,
        completed_at: str | None = None,
    ) -> None:
        """The run's output replaced; with a ``conclusion`` (and ``completed_at``) it is completed."""
        url = f"/repos/{self.owner}/{self.name}/check-runs/{run_id}"
        payload: dict[str, object] = {"output": output.payload(self.scrub)}
        if conclusion is None:
            payload["status"] = "in_progress"
        else:
            payload.update(status="completed", conclusion=conclusion)
            if completed_at is not None:
                payload["completed_at"] = completed_at
        self._call(
            "updating the check run",
            lambda: self._gh.request("PATCH", url, json=payload),
            self.retry.lighter(),
        )
