"""A build's verification on GitHub: the PR body's ✓/✗ table and the check run on the head commit.

The real clone and push over smart HTTP and the fake GitHub (which holds the check-run bodies
to GitHub's description); the verifier is tests/fakes/verifier.py's, whose report the test
chooses, played step by step to the job's events as the real one does.
"""

from __future__ import annotations

import pytest

from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.render_verification import CHECK_NAME
from backendbot.github_app.settings import AppSettings
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import reply, text, tool_use
from tests.fakes.verifier import FAILING, FAILING_TEST, PASSING, reporting
from tests.github_app.jobs.conftest import REPO, Jobs
from tests.github_app.jobs.test_build_job import BRANCH, spec_comment, status_comments

pytestmark = pytest.mark.slow  # real clones and pushes over loopback
CHECK_RUNS = f"/repos/{REPO}/check-runs"


def _pr_body(api: FakeGitHubAPI) -> str:
    [pr] = api.pulls.values()
    return str(pr["body"])


def test_a_passing_report_is_a_table_of_ticks_and_a_successful_check_run(
    jobs: Jobs,
    api: FakeGitHubAPI,
    git_server: GitHttpServer,
    verifying: AppSettings,
    credentials: AppCredentials,
) -> None:
    run_job(
        jobs.build(spec_comment()), verifying, credentials=credentials, build=reporting(PASSING)
    )

    body = _pr_body(api)
    assert "### Verification" in body
    assert f"**✓ passed** · {PASSING.summary_line()}" in body
    for row in (
        "| ✓ | tests | 66 passed | all pass |",
        "| ✓ | line coverage | 98 % | > 85 % |",
        "| ✓ | lint (ruff) | 0 finding(s) | 0 |",
        "| ✓ | schemathesis | 10 operations, 0 failure(s) | 0 failures |",
        "| ✓ | documented operations | 10/10 (100 %) | > 95 % |",
        "| ✓ | p99 list/get | 12 ms (p50 3 ms, 300 requests) | < 200 ms |",
        "| ✓ | install | 11.5 | passed |",
        "| ✓ | schemathesis | 7.8 | passed |",
    ):
        assert row in body, row
    assert "✗" not in body

    [run] = api.check_runs.values()
    head = git_server.branches(REPO)[BRANCH]
    assert run.data["head_sha"] == head  # the pull request's head commit
    assert (run.data["name"], run.data["status"], run.data["conclusion"]) == (
        CHECK_NAME,
        "completed",
        "success",
    )
    created, *updates, completed = run.bodies
    assert created["status"] == "in_progress" and created["started_at"].endswith("Z")
    assert "⏳ | install" in created["output"]["summary"]
    # one update a step, in the order the steps ran, each with the table so far
    assert [u["status"] for u in updates] == ["in_progress"] * 4
    for i, update in enumerate(updates, start=1):
        summary = update["output"]["summary"]
        done = [s.name for s in PASSING.steps[:i]]
        assert all(f"| ✓ | {name} |" in summary for name in done), summary
        assert f"| ⏳ | {PASSING.steps[i].name} |" in summary
    assert completed["conclusion"] == "success" and completed["completed_at"].endswith("Z")
    assert completed["output"]["title"] == f"✓ passed: {PASSING.summary_line()}"
    assert "| ✓ | tests | 66 passed | all pass |" in completed["output"]["summary"]
    assert "Done: https://github.example" in status_comments(api)[0]
    assert f"✓ Verified: {PASSING.summary_line()}." in status_comments(api)[0]
    live = [str(c.body) for c in api.calls_to("PATCH", f"/repos/{REPO}/issues/comments/")]
    assert any("⏳ generating" in b and "| ⏳ | schemathesis | | running |" in b for b in live)


def test_a_failing_report_names_the_test_and_fails_the_check_run(
    jobs: Jobs,
    api: FakeGitHubAPI,
    verifying: AppSettings,
    credentials: AppCredentials,
) -> None:
    api.files[".github/backendbot.yml"] = "draft: false\n"
    run_job(
        jobs.build(spec_comment()), verifying, credentials=credentials, build=reporting(FAILING)
    )

    [pr] = api.pulls.values()
    assert pr["draft"] is True  # a failed verification opens a draft whatever the setting
    body = str(pr["body"])
    assert f"**✗ failed** · {FAILING.summary_line()}" in body
    assert "| ✗ | tests | 65 passed, 1 failing | all pass |" in body
    assert "| ✓ | line coverage | 97 % | > 85 % |" in body
    assert "| ✗ | test | 3.5 | failed: 1 test failed |" in body
    assert f"- `{FAILING_TEST}`: assert 201 == 422 (token ***)" in body
    assert "ghs_abcdefghijklmnopqrstu" not in body

    [run] = api.check_runs.values()
    assert (run.data["status"], run.data["conclusion"]) == ("completed", "failure")
    completed = run.bodies[-1]
    assert completed["output"]["title"] == f"✗ failed: {FAILING.summary_line()}"
    assert FAILING_TEST in completed["output"]["summary"]
    assert "ghs_abcdefghijklmnopqrstu" not in str(run.bodies)
    [status] = status_comments(api)
    assert f"Verification failed: {FAILING.summary_line()}" in status
    assert "Done: https://github.example" in status


def test_a_check_run_github_refuses_does_not_fail_the_build(
    jobs: Jobs,
    api: FakeGitHubAPI,
    verifying: AppSettings,
    credentials: AppCredentials,
) -> None:
    api.fail("POST", "/check-runs$", status=500)
    api.fail("POST", "/check-runs$", status=403, message="Resource not accessible by integration")
    run_job(
        jobs.build(spec_comment()), verifying, credentials=credentials, build=reporting(PASSING)
    )

    assert len(api.calls_to("POST", CHECK_RUNS)) == 2  # the 500 tried again, the 403 not
    assert api.check_runs == {}
    assert "| ✓ | tests | 66 passed | all pass |" in _pr_body(api)
    [status] = status_comments(api)
    assert "Done: https://github.example" in status
    assert (
        "Skipped: creating the check run: GitHub answered 403 "
        "(Resource not accessible by integration)." in status
    )


def test_a_failing_check_run_update_still_completes_it(
    jobs: Jobs,
    api: FakeGitHubAPI,
    verifying: AppSettings,
    credentials: AppCredentials,
) -> None:
    api.fail("PATCH", "/check-runs/", status=422, message="Validation Failed")
    run_job(
        jobs.build(spec_comment()), verifying, credentials=credentials, build=reporting(PASSING)
    )

    [run] = api.check_runs.values()
    assert run.data["conclusion"] == "success"
    assert len(run.bodies) == 2  # created, then (the refused update ended the updates) completed
    [status] = status_comments(api)
    assert "Skipped: updating the check run: GitHub answered 422 (Validation Failed)." in status


def test_a_model_follow_up_is_verified_on_its_new_commit(
    jobs: Jobs,
    api: FakeGitHubAPI,
    git_server: GitHttpServer,
    verifying: AppSettings,
    messages_api: FakeMessagesAPI,
) -> None:
    git_server.add_commit(REPO, BRANCH, {"src/services/total.py": "def total(xs):\n    return 0\n"})
    fixed = "def total(xs):\n    return sum(xs)\n"
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/services/total.py", "content": fixed})),
        reply(text("Done.")),
    )
    job = jobs.follow_up("Sum them, please.", pr_number=12, path="src/services/total.py", line=2)
    env = {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": messages_api.base_url}
    run_job(job, verifying, env=env, build=reporting(FAILING))

    head = git_server.branches(REPO)[BRANCH]
    [run] = api.check_runs.values()
    assert (run.data["head_sha"], run.data["conclusion"]) == (head, "failure")
    [(_pr, _to, answer)] = api.replies
    assert f"✗ Verification failed: {FAILING.summary_line()}" in answer


def test_a_repository_can_turn_verification_off(
    jobs: Jobs, api: FakeGitHubAPI, verifying: AppSettings, credentials: AppCredentials
) -> None:
    api.files[".github/backendbot.yml"] = "verify: false\n"
    run_job(
        jobs.build(spec_comment()), verifying, credentials=credentials, build=reporting(PASSING)
    )

    assert "### Verification" not in _pr_body(api)
    assert api.check_runs == {} and api.calls_to("POST", CHECK_RUNS) == []
