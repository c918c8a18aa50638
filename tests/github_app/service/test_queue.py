"""JobQueue with in-process huey workers, on SQLite and Redis: states, order per key, retries."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.records import AckState, JobRecord, JobState
from tests.github_app.service.helpers import (
    FAST,
    Recorder,
    build_job,
    read_events,
    settings_for,
    wait_for,
)


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    return tmp_path / "events.jsonl"


@pytest.fixture
def queue(queue_url: str, tmp_path: Path, record_file: Path) -> Iterator[JobQueue]:
    q = JobQueue(settings_for(queue_url, tmp_path), FAST, Recorder(record_file))
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumers: list[Any] = [q.ack_consumer(), q.consumer(3)]  # acks: ordering only, no GitHub
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

    result: list[JobRecord] = wait_for(check)
    return result


def test_a_submitted_job_runs_once_and_is_marked_done(queue: JobQueue, record_file: Path) -> None:
    submitted = queue.submit("d1", [build_job("d1")])
    assert submitted.accepted and submitted.job_ids == ("d1",)
    [record] = finished(queue, "d1")
    assert (record.state, record.attempts, record.reason) == (JobState.DONE, 1, None)
    assert record.started_at is not None and record.finished_at is not None
    assert not queue.submit("d1", [build_job("d1")]).accepted
    assert [e["event"] for e in read_events(record_file)] == ["start", "end"]


def test_jobs_of_one_key_never_overlap_and_run_in_order(queue: JobQueue, record_file: Path) -> None:
    for i in range(3):
        queue.submit(f"a{i}", [build_job(f"a{i}", issue=1, text="sleep=0.3")])
    queue.submit("b0", [build_job("b0", issue=2, text="sleep=0.3")])
    finished(queue, "a0", "a1", "a2", "b0")
    events = read_events(record_file)
    spans = {
        e["job"]: (
            e["t"],
            next(x["t"] for x in events if x["job"] == e["job"] and x["event"] == "end"),
        )
        for e in events
        if e["event"] == "start"
    }
    a = [spans[f"a{i}"] for i in range(3)]
    assert a[0][1] <= a[1][0] and a[1][1] <= a[2][0]  # one after another, in arrival order
    assert spans["b0"][0] < a[2][0]  # the other key did not wait for all of key 1


def test_retryable_errors_are_retried_with_growing_delays(
    queue: JobQueue, record_file: Path
) -> None:
    queue.submit("r", [build_job("r", text="retry=2")])
    [record] = finished(queue, "r")
    assert (record.state, record.attempts) == (JobState.DONE, 3)
    starts = [e["t"] for e in read_events(record_file) if e["event"] == "start"]
    assert len(starts) == 3
    assert starts[1] - starts[0] >= FAST.backoff(1)  # 0.2 s
    assert starts[2] - starts[1] >= FAST.backoff(2)  # 0.4 s


def test_a_job_that_keeps_failing_transiently_gives_up_after_max_attempts(
    queue: JobQueue, record_file: Path
) -> None:
    queue.submit("r", [build_job("r", text="retry=99")])
    [record] = finished(queue, "r")
    assert (record.state, record.attempts) == (JobState.FAILED, FAST.max_attempts)
    assert record.reason == "gave up after 4 attempts: GitHub answered 502"
    events = [e["event"] for e in read_events(record_file)]
    assert events == ["start"] * FAST.max_attempts + ["gave-up"]  # told once, at the end


def test_an_error_fails_the_job_with_a_redacted_reason_and_the_key_moves_on(
    queue: JobQueue,
) -> None:
    queue.submit("f", [build_job("f", text="fail")])
    queue.submit("g", [build_job("g")])
    failed, done = finished(queue, "f", "g")
    assert failed.state is JobState.FAILED
    assert failed.reason == "ValueError: boom with *** inside"
    assert done.state is JobState.DONE


def test_a_job_that_reported_its_failure_is_failed_once_and_the_key_moves_on(
    queue: JobQueue, record_file: Path
) -> None:
    queue.submit("x", [build_job("x", text="gave-up")])
    queue.submit("y", [build_job("y")])
    failed, done = finished(queue, "x", "y")
    assert (failed.state, failed.attempts) == (JobState.FAILED, 1)  # not retried
    assert failed.reason == "opening the pull request: GitHub answered 501 (***)"
    assert done.state is JobState.DONE
    starts = [e["job"] for e in read_events(record_file) if e["event"] == "start"]
    assert starts == ["x", "y"]


def test_a_build_whose_acknowledgement_never_runs_starts_after_ack_wait(
    queue_url: str, tmp_path: Path, record_file: Path
) -> None:
    """No acknowledgement consumer at all (a lost message): the build still runs, once."""
    options = replace(FAST, ack_wait_seconds=0.5)
    q = JobQueue(settings_for(queue_url, tmp_path), options, Recorder(record_file))
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer: Any = q.consumer(2)
    consumer.start()
    try:
        q.submit("lost-ack", [build_job("lost-ack")])
        [record] = finished(q, "lost-ack")
    finally:
        consumer.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        q.close()
    assert (record.state, record.ack) == (JobState.DONE, AckState.SKIPPED)
    assert record.started_at is not None and record.started_at - record.created_at >= 0.5
    assert [e["event"] for e in read_events(record_file)] == ["start", "end"]
