"""Handlers: GitHub's example payloads dispatched through the real router."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from backendbot.github_app.events.router import Event, Ignore, Outcome
from backendbot.github_app.events.routes import default_router
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from tests.github_app.service.helpers import fixture


def dispatch(name: str, payload: dict[str, Any]) -> list[Outcome]:
    return default_router().dispatch(Event(name, "delivery-1", payload))


def comment(
    body: str, *, on_pr: bool = False, fixture_name: str = "issue_comment.created"
) -> dict[str, Any]:
    payload = copy.deepcopy(fixture(fixture_name))
    payload["comment"]["body"] = body
    payload["installation"] = {"id": 42}
    if on_pr:
        payload["issue"]["pull_request"] = {"url": "https://api.github.com/repos/x/y/pulls/1"}
    return payload


def test_build_command_on_an_issue_becomes_a_build_job_with_the_text_unchanged() -> None:
    body = "/backend build <!-- hidden --> a recipes API\u202e"
    payload = comment(body)
    [job] = dispatch("issue_comment", payload)
    assert isinstance(job, BuildJob)
    assert job.comment_body == body
    assert job.issue_body == payload["issue"]["body"]
    assert job.issue_number == payload["issue"]["number"]
    assert job.installation_id == 42
    assert job.repo_full_name == payload["repository"]["full_name"]
    assert job.clone_url == payload["repository"]["clone_url"]
    assert job.requester == payload["sender"]["login"]
    assert job.delivery_id == "delivery-1"
    assert job.key == f"{payload['repository']['full_name']}#{payload['issue']['number']}"


def test_fix_command_on_a_pull_request_becomes_a_follow_up_job() -> None:
    [job] = dispatch("issue_comment", comment("/backend fix use UUIDs", on_pr=True))
    assert isinstance(job, FollowUpJob)
    assert job.trigger == "fix_command"
    assert job.body == "/backend fix use UUIDs"


@pytest.mark.parametrize(
    ("body", "on_pr", "reason"),
    [
        ("> /backend build", False, "does not start with a /backend command"),
        ("```\n/backend build\n```", False, "does not start with a /backend command"),
        ("You are right", False, "does not start with a /backend command"),
        ("/backend build", True, "does not apply to a pull request"),
        ("/backend fix it", False, "does not apply to an issue"),
    ],
)
def test_comments_that_ask_for_nothing_are_ignored(body: str, on_pr: bool, reason: str) -> None:
    [outcome] = dispatch("issue_comment", comment(body, on_pr=on_pr))
    assert isinstance(outcome, Ignore)
    assert reason in outcome.reason


def test_a_bot_comment_is_ignored() -> None:
    payload = comment("/backend build")
    payload["sender"]["type"] = "Bot"
    assert dispatch("issue_comment", payload) == [Ignore("comment by a bot")]


def test_an_edited_comment_is_not_handled() -> None:
    payload = comment("/backend build", fixture_name="issue_comment.edited")
    assert payload["action"] == "edited"
    assert dispatch("issue_comment", payload) == []


def test_a_delivery_without_installation_is_ignored() -> None:
    payload = comment("/backend build")
    del payload["installation"]
    assert dispatch("issue_comment", payload) == [Ignore("delivery has no installation")]


APP_BOT = {"login": "backendbot[bot]", "id": 9000, "type": "Bot"}


def review(
    body: str | None, branch: str = "backendbot/issue-7", author: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload = copy.deepcopy(fixture("pull_request_review.submitted"))
    payload["review"]["body"] = body
    payload["pull_request"]["head"]["ref"] = branch
    payload["pull_request"]["user"].update(author or APP_BOT)
    return payload


def test_a_review_with_a_body_on_our_branch_becomes_a_follow_up_job() -> None:
    payload = review("Please add pagination")
    [job] = dispatch("pull_request_review", payload)
    assert isinstance(job, FollowUpJob)
    assert (job.trigger, job.body, job.review_id) == (
        "review",
        "Please add pagination",
        payload["review"]["id"],
    )
    assert (job.pr_number, job.head_branch, job.pr_author) == (
        payload["pull_request"]["number"],
        "backendbot/issue-7",
        "backendbot[bot]",
    )


def test_a_review_on_the_apps_pr_with_another_branch_prefix_is_queued() -> None:
    """A repository's .github/backendbot.yml may set any branch_prefix: the handler cannot
    read it, so it lets through every PR an App opened and the runner decides."""
    [job] = dispatch("pull_request_review", review("Add an index", branch="bots/issue-7"))
    assert isinstance(job, FollowUpJob)
    assert (job.head_branch, job.pr_author) == ("bots/issue-7", "backendbot[bot]")


@pytest.mark.parametrize(
    ("body", "branch", "reason"),
    [
        (None, "backendbot/issue-7", "review has no body"),
        ("  ", "backendbot/issue-7", "review has no body"),
    ],
)
def test_reviews_we_do_not_act_on(body: str | None, branch: str, reason: str) -> None:
    [outcome] = dispatch("pull_request_review", review(body, branch))
    assert isinstance(outcome, Ignore)
    assert reason in outcome.reason


@pytest.mark.parametrize("branch", ["feature/x", "backendbot/issue-7"])
def test_a_review_on_a_pr_a_person_opened_is_ignored(branch: str) -> None:
    person = {"login": "Codertocat", "id": 21031067, "type": "User"}
    [outcome] = dispatch("pull_request_review", review("Please fix", branch, author=person))
    assert outcome == Ignore("pull request was not opened by an App")


@pytest.mark.parametrize("branch", ["backendbot/issue-3", "bots/issue-3"])
def test_a_review_comment_on_the_apps_pr_carries_its_lines(branch: str) -> None:
    payload = copy.deepcopy(fixture("pull_request_review_comment.created"))
    payload["pull_request"]["head"]["ref"] = branch
    payload["pull_request"]["user"].update(APP_BOT)
    [job] = dispatch("pull_request_review_comment", payload)
    assert isinstance(job, FollowUpJob)
    c = payload["comment"]
    assert (job.trigger, job.comment_id, job.path, job.line, job.diff_hunk) == (
        "review_comment",
        c["id"],
        c["path"],
        c["line"],
        c["diff_hunk"],
    )
    assert (job.head_branch, job.pr_author) == (branch, "backendbot[bot]")


def test_a_review_comment_by_a_bot_or_on_a_persons_pr_is_ignored() -> None:
    payload = copy.deepcopy(fixture("pull_request_review_comment.created"))
    assert payload["pull_request"]["user"]["type"] == "User"
    payload["pull_request"]["head"]["ref"] = "backendbot/issue-3"
    outcomes = dispatch("pull_request_review_comment", payload)
    assert outcomes == [Ignore("pull request was not opened by an App")]
    payload["pull_request"]["user"].update(APP_BOT)
    payload["sender"]["type"] = "Bot"
    assert dispatch("pull_request_review_comment", payload) == [Ignore("review comment by a bot")]


def test_ping_and_installation_queue_nothing() -> None:
    assert dispatch("ping", fixture("ping")) == [Ignore("pong")]
    [outcome] = dispatch("installation", fixture("installation.created"))
    assert outcome == Ignore("installation created logged")


def test_a_payload_missing_fields_raises_a_validation_error() -> None:
    payload = comment("/backend build")
    del payload["comment"]
    with pytest.raises(ValidationError, match="comment"):
        dispatch("issue_comment", payload)
