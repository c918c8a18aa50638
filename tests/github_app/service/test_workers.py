"""Workers in separate processes (``run_worker``), on SQLite and on a real Redis."""

from __future__ import annotations

import itertools
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.records import JobState
from tests.github_app.service.conftest import Spawn
from tests.github_app.service.helpers import build_job, read_events, settings_for, wait_for

WORKER = "tests.github_app.service.worker_main"
pytestmark = pytest.mark.slow


@pytest.fixture
def submitter(queue_url: str, tmp_path: Path) -> Iterator[JobQueue]:
    """The webhook's side of the queue: submits, runs nothing."""
    q = JobQueue(settings_for(queue_url, tmp_path))
    yield q
    q.close()


def all_done(q: JobQueue, *job_ids: str) -> bool:
    records = [q.store.get(j) for j in job_ids]
    return all(r is not None and r.state is JobState.DONE for r in records)


def spans(events: list[dict[str, Any]]) -> dict[str, tuple[float, float, int]]:
    ends = {e["job"]: e["t"] for e in events if e["event"] == "end"}
    return {e["job"]: (e["t"], ends[e["job"]], e["pid"]) for e in events if e["event"] == "start"}


def test_two_worker_processes_never_run_two_jobs_of_one_key_at_once(
    submitter: JobQueue, queue_url: str, tmp_path: Path, spawn: Spawn
) -> None:
    record = tmp_path / "events.jsonl"
    for _ in range(2):
        spawn(WORKER, queue_url, str(tmp_path), str(record), "2")
    ids = []
    for i in range(4):
        for issue in (1, 2):
            job_id = f"i{issue}-{i}"
            submitter.submit(job_id, [build_job(job_id, issue=issue, text="sleep=0.2")])
            ids.append(job_id)
    wait_for(lambda: all_done(submitter, *ids), timeout=60)
    events = read_events(record)
    assert sum(e["event"] == "end" for e in events) == len(ids)  # each ran once
    by_job = spans(events)
    for issue in (1, 2):
        runs = [by_job[f"i{issue}-{i}"] for i in range(4)]
        for earlier, later in itertools.pairwise(runs):
            assert earlier[1] <= later[0], f"issue {issue}: {earlier} overlaps {later}"


def test_a_job_whose_worker_is_killed_completes_once_after_a_new_worker_starts(
    submitter: JobQueue, queue_url: str, tmp_path: Path, spawn: Spawn
) -> None:
    record = tmp_path / "events.jsonl"
    first = spawn(WORKER, queue_url, str(tmp_path), str(record), "1")
    submitter.submit("long", [build_job("long", text="sleep=3")])
    submitter.submit("next", [build_job("next")])  # same issue: queued behind "long"
    wait_for(lambda: any(e["event"] == "start" for e in read_events(record)))
    first.send_signal(signal.SIGKILL)
    first.wait()
    running = submitter.store.get("long")
    assert running is not None and running.state is JobState.RUNNING
    second = spawn(WORKER, queue_url, str(tmp_path), str(record), "1")
    wait_for(lambda: all_done(submitter, "long", "next"), timeout=60)
    events = read_events(record)
    assert [(e["event"], e["job"], e["pid"]) for e in events] == [
        ("start", "long", first.pid),
        ("start", "long", second.pid),
        ("end", "long", second.pid),
        ("start", "next", second.pid),
        ("end", "next", second.pid),
    ]
    long = submitter.store.get("long")
    assert long is not None and (long.state, long.attempts) == (JobState.DONE, 2)
