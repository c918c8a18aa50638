"""The job store: delivery dedup, job states, and one running job per key, shared by all workers.

Jobs of one key (issue or PR) run in arrival order: a job may start only when it is the oldest
unfinished job of its key, and while it runs it holds a lease that its worker renews. A lease
that runs out (the worker died) lets the sweeper put the job back in the queue.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.queue.records import JobRecord, StartOutcome
from backendbot.github_app.queue.url import QueueUrl, RedisQueueUrl


class JobStore(Protocol):
    def claim_delivery(
        self, delivery_id: str, jobs: Sequence[tuple[str, BuildJob | FollowUpJob]], now: float
    ) -> bool:
        """Remember the delivery and record its jobs as queued, atomically; False if seen."""
        ...

    def get(self, job_id: str) -> JobRecord | None: ...

    def records(self) -> list[JobRecord]:
        """Every job record, oldest first."""
        ...

    def start(
        self, job_id: str, worker: str, now: float, lease: float, ack_wait: float = 0.0
    ) -> StartOutcome:
        """Move the job to running under ``worker``'s lease if it is its key's turn and no
        acknowledgement of its key is running; a job whose own acknowledgement is still pending
        waits for it until ``ack_wait`` seconds after it was queued, then skips it."""
        ...

    def start_ack(self, job_id: str, now: float, lease: float) -> StartOutcome:
        """Pending → running for the job's acknowledgement while the job itself is queued and
        no other acknowledgement of its key runs (BUSY); GONE when there is nothing to do."""
        ...

    def finish_ack(self, job_id: str) -> None:
        """The acknowledgement ended (done or given up): the job may start."""
        ...

    def head(self, key: str) -> str | None:
        """The oldest unfinished job of ``key``: the one whose turn it is."""
        ...

    def touch(self, job_id: str, now: float) -> None:
        """Note that a queued job is still waiting (keeps the sweeper from re-enqueuing it)."""
        ...

    def renew(self, job_id: str, worker: str, lease_until: float) -> bool:
        """Extend the lease; False when the job is no longer running under ``worker``."""
        ...

    def requeue(
        self, job_id: str, worker: str, now: float, reason: str, not_before: float | None = None
    ) -> bool:
        """Running → queued (a retry); the job keeps its place at the head of its key.

        ``not_before``: ``start`` answers BUSY until then, so a second message for the job
        (a wake-up, an earlier delayed retry) cannot cut the backoff short.
        """
        ...

    def finish(
        self, job_id: str, worker: str, now: float, failed: bool, reason: str | None
    ) -> bool:
        """Running → done or failed; the next job of the key may start."""
        ...

    def reclaim(self, now: float, stale_queued: float) -> list[str]:
        """Jobs to enqueue again: running with an expired lease (now queued again), and queued
        jobs nobody touched for ``stale_queued`` seconds. Each id is returned once per call."""
        ...

    def prune(self, now: float, delivery_ttl: float, job_retention: float) -> None:
        """Forget delivery ids older than ``delivery_ttl`` and finished jobs older than
        ``job_retention`` seconds."""
        ...

    def checkpoint(self) -> None:
        """Housekeeping the backend needs now and then (SQLite: fold the WAL in)."""
        ...

    def close(self) -> None: ...


def open_store(
    url: QueueUrl, delivery_ttl: float, sqlite_lock: threading.Lock | None = None
) -> JobStore:
    if isinstance(url, RedisQueueUrl):
        from backendbot.github_app.queue.redis_store import RedisJobStore

        return RedisJobStore(url.url, delivery_ttl)
    from backendbot.github_app.queue.sqlite_store import SqliteJobStore

    return SqliteJobStore(url.path, write_lock=sqlite_lock)
