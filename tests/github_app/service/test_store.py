"""The job store's rules, on SQLite and on a real Redis: dedup, per-key order, leases, states."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from backendbot.github_app.jobs.model import FollowUpJob, job_to_json
from backendbot.github_app.queue.records import AckState, JobState, StartOutcome
from backendbot.github_app.queue.store import JobStore, open_store
from backendbot.github_app.queue.url import parse_queue_url
from tests.github_app.service.helpers import build_job

T0 = 1_000_000.0


@pytest.fixture
def store(queue_url: str) -> Iterator[JobStore]:
    s = open_store(parse_queue_url(queue_url), delivery_ttl=3600)
    yield s
    s.close()


def claim(store: JobStore, delivery: str, issue: int = 1, now: float = T0) -> bool:
    return store.claim_delivery(delivery, [(delivery, build_job(delivery, issue))], now)


def test_a_delivery_is_claimed_once_and_its_job_recorded_as_queued(store: JobStore) -> None:
    assert claim(store, "d1")
    assert not claim(store, "d1")
    assert store.claim_delivery("d-empty", [], T0)
    assert not store.claim_delivery("d-empty", [], T0)
    [record] = store.records()
    assert (record.job_id, record.state, record.attempts) == ("d1", JobState.QUEUED, 0)
    assert record.key == "o/r#1"
    assert record.job() == build_job("d1", 1)


def test_jobs_of_one_key_start_in_arrival_order_one_at_a_time(store: JobStore) -> None:
    for d in ("a", "b"):
        claim(store, d, issue=1)
    claim(store, "other", issue=2)
    assert store.start("b", "w2", T0, 10) is StartOutcome.BUSY
    assert store.start("a", "w1", T0, 10) is StartOutcome.STARTED
    assert store.start("other", "w3", T0, 10) is StartOutcome.STARTED  # another key runs alongside
    assert store.start("b", "w2", T0, 10) is StartOutcome.BUSY
    assert store.start("a", "w9", T0 + 1, 10) is StartOutcome.DUPLICATE
    assert store.finish("a", "w1", T0 + 2, failed=False, reason=None)
    assert store.start("b", "w2", T0 + 2, 10) is StartOutcome.STARTED
    assert store.start("a", "w1", T0 + 3, 10) is StartOutcome.GONE
    a = store.get("a")
    assert a is not None
    assert (a.state, a.started_at, a.finished_at, a.lease_until) == (
        JobState.DONE,
        T0,
        T0 + 2,
        None,
    )
    b = store.get("b")
    assert b is not None and (b.state, b.worker, b.attempts) == (JobState.RUNNING, "w2", 1)


def test_only_the_lease_holder_renews_requeues_or_finishes(store: JobStore) -> None:
    claim(store, "a")
    store.start("a", "w1", T0, 10)
    assert not store.renew("a", "w2", T0 + 50)
    assert store.renew("a", "w1", T0 + 50)
    assert not store.finish("a", "w2", T0, failed=True, reason="x")
    assert store.requeue("a", "w1", T0 + 1, "retrying in 2.0s: GitHub answered 502")
    record = store.get("a")
    assert record is not None
    assert (record.state, record.reason, record.lease_until) == (
        JobState.QUEUED,
        "retrying in 2.0s: GitHub answered 502",
        None,
    )
    assert store.start("a", "w3", T0 + 2, 10) is StartOutcome.STARTED  # still its key's head
    assert store.finish("a", "w3", T0 + 3, failed=True, reason="ValueError: boom")
    record = store.get("a")
    assert record is not None
    assert (record.state, record.reason, record.attempts) == (
        JobState.FAILED,
        "ValueError: boom",
        2,
    )


def test_a_lost_lease_is_reclaimed_once_and_the_job_can_start_again(store: JobStore) -> None:
    claim(store, "a")
    claim(store, "b", issue=2)
    store.start("a", "dead-worker", T0, 5)
    assert store.reclaim(T0 + 4, stale_queued=600) == []
    assert store.reclaim(T0 + 6, stale_queued=600) == ["a"]
    assert store.reclaim(T0 + 6, stale_queued=600) == []  # another sweeper gets nothing
    record = store.get("a")
    assert record is not None
    assert record.state is JobState.QUEUED and "worker lost" in (record.reason or "")
    assert store.start("a", "new-worker", T0 + 7, 5) is StartOutcome.STARTED
    assert not store.finish("a", "dead-worker", T0 + 8, failed=False, reason=None)
    assert store.finish("a", "new-worker", T0 + 8, failed=False, reason=None)
    # b sat untouched for longer than stale_queued: enqueued again, once
    assert store.reclaim(T0 + 700, stale_queued=600) == ["b"]
    store.touch("b", T0 + 1000)
    assert store.reclaim(T0 + 1100, stale_queued=600) == []
    store.checkpoint()  # housekeeping keeps every record
    assert [r.job_id for r in store.records()] == ["a", "b"]


def test_a_job_id_is_never_recorded_twice_even_under_another_delivery_id(store: JobStore) -> None:
    assert claim(store, "d1")
    assert not store.claim_delivery("d-other", [("d1", build_job("d1"))], T0)
    assert [r.job_id for r in store.records()] == ["d1"]


def test_old_delivery_ids_are_pruned_from_sqlite(tmp_path: Path) -> None:
    store = open_store(parse_queue_url(f"sqlite:///{tmp_path / 'q.sqlite3'}"), delivery_ttl=10)
    assert store.claim_delivery("d1", [], T0)
    store.prune(T0 + 5, delivery_ttl=10, job_retention=10)
    assert not store.claim_delivery("d1", [], T0 + 5)
    store.prune(T0 + 11, delivery_ttl=10, job_retention=10)
    assert store.claim_delivery("d1", [], T0 + 11)
    store.close()


def test_finished_jobs_are_pruned_after_their_retention_and_active_ones_never(
    store: JobStore,
) -> None:
    for d in ("old", "new", "waiting"):
        claim(store, d, issue={"old": 1, "new": 2, "waiting": 1}[d])
    for d, t in (("old", T0 + 10), ("new", T0 + 100)):
        store.start(d, "w", T0, 1000)
        store.finish(d, "w", t, failed=False, reason=None)
    store.prune(T0 + 150, delivery_ttl=3600, job_retention=100)
    assert [r.job_id for r in store.records()] == ["new", "waiting"]
    assert store.head("o/r#1") == "waiting"


def test_two_sqlite_stores_on_one_file_share_deliveries(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    first = open_store(parse_queue_url(f"sqlite:///{path}"), delivery_ttl=10)
    second = open_store(parse_queue_url(f"sqlite:///{path}"), delivery_ttl=10)
    assert claim(first, "d1")
    assert not claim(second, "d1")
    assert second.start("d1", "w", T0, 5) is StartOutcome.STARTED
    assert first.start("d1", "w2", T0, 5) is StartOutcome.DUPLICATE
    first.close()
    second.close()


def test_a_build_waits_for_its_acknowledgement_which_does_nothing_once_it_started(
    store: JobStore,
) -> None:
    claim(store, "a")
    record = store.get("a")
    assert record is not None and record.ack is AckState.PENDING
    assert store.start("a", "w1", T0 + 1, 10, ack_wait=5) is StartOutcome.BUSY  # not acked yet
    assert store.start_ack("a", T0 + 1, 10) is StartOutcome.STARTED
    assert store.start_ack("a", T0 + 2, 10) is StartOutcome.DUPLICATE
    assert store.start("a", "w1", T0 + 2, 10, ack_wait=5) is StartOutcome.BUSY  # acking
    store.finish_ack("a")
    assert store.start("a", "w1", T0 + 2, 10, ack_wait=5) is StartOutcome.STARTED
    assert store.start_ack("a", T0 + 3, 10) is StartOutcome.GONE
    record = store.get("a")
    assert record is not None and record.ack is AckState.DONE


def test_a_lost_acknowledgement_is_skipped_after_ack_wait(store: JobStore) -> None:
    claim(store, "a")
    assert store.start("a", "w1", T0 + 4, 10, ack_wait=5) is StartOutcome.BUSY
    assert store.start("a", "w1", T0 + 5, 10, ack_wait=5) is StartOutcome.STARTED
    assert store.start_ack("a", T0 + 6, 10) is StartOutcome.GONE  # late: the job has it
    record = store.get("a")
    assert record is not None and record.ack is AckState.SKIPPED


def test_acknowledgements_of_one_key_run_one_at_a_time_and_hold_off_its_job(
    store: JobStore,
) -> None:
    for d in ("a", "b"):
        claim(store, d, issue=1)
    claim(store, "other", issue=2)
    assert store.start_ack("b", T0, 10) is StartOutcome.STARTED  # not behind the key's turn
    assert store.start_ack("a", T0, 10) is StartOutcome.BUSY  # one status writer per issue
    assert store.start_ack("other", T0, 10) is StartOutcome.STARTED  # other issues go on
    assert store.start("a", "w1", T0 + 9, 10, ack_wait=5) is StartOutcome.BUSY  # b's runs
    store.finish_ack("b")
    assert store.start_ack("a", T0 + 9, 10) is StartOutcome.STARTED
    assert store.start("b", "w2", T0 + 9, 10) is StartOutcome.BUSY  # still a's turn
    # an acknowledgement whose worker died holds nothing once its lease has run out
    assert store.start("a", "w1", T0 + 20, 10, ack_wait=5) is StartOutcome.STARTED


def test_follow_ups_have_no_acknowledgement(store: JobStore) -> None:
    follow_up = FollowUpJob(
        **build_job("f").model_dump(include=set(FollowUpJob.model_fields) - {"kind"}),
        trigger="review",
        pr_number=5,
        head_branch="backendbot/issue-1",
        body="please",
    )
    assert store.claim_delivery("f", [("f", follow_up)], T0)
    record = store.get("f")
    assert record is not None and record.ack is AckState.NONE
    assert store.start_ack("f", T0, 10) is StartOutcome.GONE
    assert store.start("f", "w1", T0, 10, ack_wait=5) is StartOutcome.STARTED


def test_a_sqlite_store_from_before_acknowledgements_gets_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "create table backendbot_jobs (seq integer primary key autoincrement, "
            "id text not null unique, key text not null, state text not null, job text not null, "
            "attempts integer not null default 0, created_at real not null, "
            "updated_at real not null, started_at real, finished_at real, lease_until real, "
            "worker text, reason text)"
        )
        db.execute(
            "insert into backendbot_jobs (id, key, state, job, created_at, updated_at) "
            "values ('old', 'o/r#1', 'queued', ?, 1, 1)",
            (job_to_json(build_job("old")),),
        )
    db.close()
    store = open_store(parse_queue_url(f"sqlite:///{path}"), delivery_ttl=3600)
    try:
        record = store.get("old")
        assert record is not None and record.ack is AckState.NONE
        assert store.start("old", "w1", T0, 10, ack_wait=5) is StartOutcome.STARTED
        assert claim(store, "new")
        new = store.get("new")
        assert new is not None and new.ack is AckState.PENDING
    finally:
        store.close()


def test_a_requeued_job_does_not_start_before_its_backoff_ends(store: JobStore) -> None:
    # A second message for the job (a wake-up, an older delayed retry) must not cut the wait short.
    claim(store, "a")
    assert store.start("a", "w1", T0, 10) is StartOutcome.STARTED
    assert store.requeue("a", "w1", T0 + 1, "retrying in 2.0s: GitHub answered 502", T0 + 3)
    assert store.start("a", "w2", T0 + 1.5, 10) is StartOutcome.BUSY
    assert store.start("a", "w2", T0 + 2.9, 10) is StartOutcome.BUSY
    assert store.start("a", "w2", T0 + 3.1, 10) is StartOutcome.STARTED
    record = store.get("a")
    assert record is not None and (record.attempts, record.worker) == (2, "w2")
