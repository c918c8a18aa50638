"""A build is acknowledged (👀, status "queued") as soon as it is accepted, through the real queue
(SQLite, in-process workers and acknowledgement threads), the real runner and ``acknowledge``,
against the fake GitHub REST API and real git over smart HTTP."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.jobs.acknowledge import acknowledge
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.records import JobRecord, JobState
from backendbot.github_app.render import QUEUED_NOTE_MARKER, status_marker
from backendbot.github_app.settings import AppSettings
from tests.fakes.github_api import Call, FakeGitHubAPI
from tests.github_app.jobs.conftest import SPEC, Jobs
from tests.github_app.service.helpers import FAST, wait_for

pytestmark = pytest.mark.slow  # real clones and pushes over loopback
BOT = "backendbot-test[bot]"
COMMENT = f"/backend build please\n\n```yaml\n{SPEC}```\n"


@pytest.fixture
def queue(settings: AppSettings) -> Iterator[JobQueue]:
    credentials = AppCredentials(settings)

    def job_fn(job: BuildJob | FollowUpJob, job_settings: AppSettings) -> None:
        run_job(job, job_settings, credentials=credentials, env={})

    def ack_fn(job: BuildJob, job_settings: AppSettings, behind: bool) -> None:
        acknowledge(job, job_settings, behind=behind, credentials=credentials)

    q = JobQueue(settings, FAST, job_fn, ack_fn)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumers: list[Any] = [q.ack_consumer(), q.consumer(3)]
    for consumer in consumers:
        consumer.start()
    yield q
    for consumer in consumers:
        consumer.stop(graceful=True)
    for sig, handler in saved.items():
        signal.signal(sig, handler)
    q.close()


def finished(queue: JobQueue, *job_ids: str) -> list[JobRecord]:
    def check() -> list[JobRecord] | None:
        records = [queue.store.get(j) for j in job_ids]
        done = [r for r in records if r is not None and r.state in (JobState.DONE, JobState.FAILED)]
        return done if len(done) == len(job_ids) else None

    result: list[JobRecord] = wait_for(check, timeout=90)
    return result


def bot_comments(api: FakeGitHubAPI, issue: int = 7) -> list[str]:
    return [c["body"] for c in api.issue_comments(issue) if c["user"]["login"] == BOT]


def status_bodies(api: FakeGitHubAPI, issue: int = 7) -> list[str]:
    return [b for b in bot_comments(api, issue) if status_marker(issue) in b]


def test_a_build_behind_a_running_one_shows_queued_at_once(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    """The first build is held while it generates; the second is acknowledged meanwhile, on
    the same status comment, and in the end there is one status comment, one PR."""
    generating, release = threading.Event(), threading.Event()

    def hold_first_build(call: Call) -> None:
        if call.method == "PATCH" and "⏳ generating" in str(call.body) and not generating.is_set():
            generating.set()
            release.wait(60)

    api.on_call = hold_first_build
    first = jobs.build(COMMENT)
    queue.submit(first.delivery_id, [first])
    wait_for(generating.is_set, timeout=60)
    [created] = api.calls_to("POST", "/repos/octo-org/demo/issues/7/comments")
    assert "- ⏳ queued" in created.body["body"]  # posted by the acknowledgement, before cloning

    second = jobs.build(COMMENT, login="admin1")
    queue.submit(second.delivery_id, [second])
    try:
        wait_for(lambda: any(QUEUED_NOTE_MARKER in b for b in status_bodies(api)))
        running = queue.store.get(first.delivery_id)
        waiting = queue.store.get(second.delivery_id)
        assert running is not None and running.state is JobState.RUNNING
        assert waiting is not None and waiting.state is JobState.QUEUED
        [status] = status_bodies(api)
        assert "(from @admin1) is queued" in status
        assert (second.comment_id, "eyes") in api.reactions
    finally:
        release.set()
    records = finished(queue, first.delivery_id, second.delivery_id)
    assert [r.state for r in records] == [JobState.DONE, JobState.DONE]
    [status] = status_bodies(api)
    assert "Done: " in status and QUEUED_NOTE_MARKER not in status
    assert len(api.pulls) == 1
    assert {c for c, _ in api.reactions} == {first.comment_id, second.comment_id}


def test_two_builds_at_once_on_a_new_issue_leave_one_status_comment(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    builds = [jobs.build(COMMENT), jobs.build(COMMENT, login="admin1")]
    for job in builds:
        queue.submit(job.delivery_id, [job])
    finished(queue, *(job.delivery_id for job in builds))
    assert len(api.calls_to("POST", "/repos/octo-org/demo/issues/7/comments")) == 1
    [status] = status_bodies(api)
    assert "Done: " in status
    assert len(api.pulls) == 1


def test_a_read_only_user_gets_only_the_refusal(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    job = jobs.build(COMMENT, login="reader")
    queue.submit(job.delivery_id, [job])
    [record] = finished(queue, job.delivery_id)
    assert record.state is JobState.DONE
    assert bot_comments(api) == [
        "@reader only collaborators with write access can run `/backend build` here."
    ]
    assert api.reactions == []
    assert api.calls_to("PATCH", "/repos/octo-org/demo/issues/comments/") == []


def test_a_user_not_in_allowed_users_is_not_acknowledged(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    api.files[".github/backendbot.yml"] = "allowed_users: [admin1]\n"
    job = jobs.build(COMMENT)
    queue.submit(job.delivery_id, [job])
    finished(queue, job.delivery_id)
    assert bot_comments(api) == [
        "@alice you are not in `allowed_users` of `.github/backendbot.yml`."
    ]
    assert api.reactions == []


def test_acknowledging_twice_changes_nothing_more(
    jobs: Jobs, api: FakeGitHubAPI, settings: AppSettings
) -> None:
    job = jobs.build(COMMENT)
    assert acknowledge(job, settings, behind=False)
    assert acknowledge(job, settings, behind=False)
    [status] = status_bodies(api)
    assert "- ⏳ queued" in status
    assert len(api.calls_to("POST", "/repos/octo-org/demo/issues/7/comments")) == 1
    assert api.calls_to("PATCH", "/repos/octo-org/demo/issues/comments/") == []


def test_a_new_build_after_a_finished_one_resets_the_status_to_queued(
    jobs: Jobs, api: FakeGitHubAPI, settings: AppSettings
) -> None:
    run_job(jobs.build(COMMENT), settings, env={})
    [done] = status_bodies(api)
    assert "Done: " in done
    assert acknowledge(jobs.build(COMMENT), settings, behind=False)
    [status] = status_bodies(api)
    assert "- ⏳ queued" in status and "Done" not in status


def test_a_refused_reaction_still_shows_the_build_queued(
    jobs: Jobs, api: FakeGitHubAPI, settings: AppSettings
) -> None:
    api.fail("POST", r"/issues/comments/\d+/reactions$", status=403, message="Forbidden")
    assert acknowledge(jobs.build(COMMENT), settings, behind=False)
    [status] = status_bodies(api)
    assert "- ⏳ queued" in status


def test_a_build_github_refuses_is_failed_once_and_the_next_build_of_the_issue_runs(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    api.fail("POST", r"^/repos/octo-org/demo/pulls$", status=501, message="Not Implemented")
    first, second = jobs.build(COMMENT), jobs.build(COMMENT)
    for job in (first, second):
        queue.submit(job.delivery_id, [job])
    failed, done = finished(queue, first.delivery_id, second.delivery_id)
    assert (failed.state, failed.attempts) == (JobState.FAILED, 1)  # a 501 is not retried
    assert failed.reason == "opening the pull request: GitHub answered 501 (Not Implemented)"
    assert done.state is JobState.DONE
    posts = [c for c in api.calls if (c.method, c.path) == ("POST", "/repos/octo-org/demo/pulls")]
    assert len(posts) == 2 and len(api.pulls) == 1
    [status] = status_bodies(api)
    assert "Done: " in status


def test_a_build_whose_branch_keeps_moving_gives_up_and_says_failed(
    queue: JobQueue, jobs: Jobs, api: FakeGitHubAPI
) -> None:
    def someone_pushes_each_time(call: Call) -> None:
        if call.method == "PATCH" and "⏳ pushing" in str(call.body):
            pushed.append(f"push {len(pushed)}\n")
            jobs.git.add_commit("octo-org/demo", "backendbot/issue-7", {"NOTES.md": pushed[-1]})

    pushed: list[str] = []

    api.on_call = someone_pushes_each_time
    job = jobs.build(COMMENT)
    queue.submit(job.delivery_id, [job])
    [record] = finished(queue, job.delivery_id)
    assert (record.state, record.attempts) == (JobState.FAILED, FAST.max_attempts)
    [status] = status_bodies(api)
    assert f"Failed: gave up after {FAST.max_attempts} attempts: backendbot/issue-7 moved" in status
    assert api.pulls == {}
