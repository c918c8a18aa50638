"""Every REST operation the App calls exists in GitHub's description and is enabled for Apps.

The fixture is generated from the ``@octokit/openapi`` description by
tests/fixtures/github_api/make_operations.py; the fake GitHub of every test answers only the
operations declared in github_app/github/endpoints.py and refuses, as GitHub does, those the
description keeps from Apps (each test's fixture checks nothing undeclared was called).
"""

from __future__ import annotations

import json

import httpx

from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.github.endpoints import ENDPOINTS
from backendbot.github_app.settings import AppSettings
from tests.fakes.github_api import NOT_FOR_APPS, OPERATIONS, FakeGitHubAPI
from tests.github_app.jobs.conftest import REPO

FIXTURE = json.loads(OPERATIONS.read_text(encoding="utf-8"))


def test_every_operation_the_app_calls_is_in_the_description_and_enabled_for_apps() -> None:
    described = {(o["method"], o["path"]): o for o in FIXTURE["app_calls"]}
    assert set(described) == set(ENDPOINTS), "regenerate operations.json (make_operations.py)"
    refused = [
        f"{m} {p}" for (m, p), o in described.items() if o["enabledForGitHubApps"] is not True
    ]
    assert refused == []


def test_the_description_keeps_the_thread_replies_endpoint_from_apps() -> None:
    refused = {(m, p): op for m, p, op in FIXTURE["not_enabled_for_apps"]}
    replies = ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies")
    assert refused[replies] == "pulls/create-reply-for-review-comment"
    assert len(refused) > 200  # the whole list, not only what the App might call


def test_the_fake_refuses_what_github_refuses_apps(api: FakeGitHubAPI, token: str) -> None:
    auth = {"Authorization": f"token {token}"}
    for method, path in [
        ("POST", f"/repos/{REPO}/pulls/12/comments/555/replies"),
        ("GET", "/gists"),
        ("GET", "/user/repos"),
    ]:
        resp = httpx.request(method, api.base_url + path, headers=auth, json={"body": "x"})
        assert (resp.status_code, resp.json()["message"]) == (403, NOT_FOR_APPS), path
    resp = httpx.get(api.base_url + f"/repos/{REPO}/pulls/12", headers=auth)  # enabled, declared
    assert resp.status_code == 404  # no such pull request, but not refused
    resp = httpx.get(api.base_url + f"/repos/{REPO}/branches", headers=auth)  # not declared
    assert resp.status_code == 404
    assert [c.path for c in api.undeclared] == [f"/repos/{REPO}/branches"]
    api.undeclared.clear()


def test_a_thread_reply_is_a_review_comment_in_reply_to(
    api: FakeGitHubAPI, settings: AppSettings, token: str
) -> None:
    RepoClient(settings, REPO, token).reply_in_thread(12, 555, f"Done ({token}).")
    [call] = api.calls_to("POST", f"/repos/{REPO}/pulls/")
    assert call.path == f"/repos/{REPO}/pulls/12/comments"
    assert call.body == {"body": "Done (***).", "in_reply_to": 555}
    assert api.replies == [(12, 555, "Done (***).")]


def test_the_fake_holds_check_runs_to_githubs_description(api: FakeGitHubAPI, token: str) -> None:
    """Enums, required fields and the 65,535-character summary, as the description has them."""
    auth = {"Authorization": f"token {token}"}
    url = api.base_url + f"/repos/{REPO}/check-runs"
    good = {"name": "v", "head_sha": "a" * 40, "status": "in_progress"}
    output = {"title": "t", "summary": "s"}
    refused = [
        {**good, "status": "running"},
        {**good, "conclusion": "passed"},
        {**good, "started_at": "yesterday"},
        {**good, "output": {"title": "t", "summary": "x" * 65536}},
        {**good, "output": {"summary": "no title"}},
        {"name": "no head_sha"},
    ]
    for body in refused:
        resp = httpx.post(url, headers=auth, json=body)
        assert resp.status_code == 422, body
        assert resp.json()["message"].startswith("Invalid request.")
    resp = httpx.post(
        url, headers=auth, json={**good, "output": {**output, "summary": "x" * 65535}}
    )
    assert resp.status_code == 201
    run_id = resp.json()["id"]
    patch = api.base_url + f"/repos/{REPO}/check-runs/{run_id}"
    completed_without_conclusion = httpx.patch(patch, headers=auth, json={"status": "completed"})
    assert completed_without_conclusion.status_code == 422
    done = {"status": "completed", "conclusion": "success", "output": output}
    assert httpx.patch(patch, headers=auth, json=done).status_code == 200
    assert api.check_runs[run_id].data["conclusion"] == "success"
    assert len(api.check_runs[run_id].bodies) == 2  # the refused bodies are not kept
