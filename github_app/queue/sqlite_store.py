"""``JobStore`` on SQLite: tables next to huey's in the same file, WAL, one connection a thread."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob, job_to_json
from backendbot.github_app.queue.records import (
    AckState,
    JobRecord,
    JobState,
    StartOutcome,
    initial_ack,
)

_SCHEMA = """
create table if not exists backendbot_deliveries (
    id text primary key, received_at real not null);
create index if not exists backendbot_deliveries_received on backendbot_deliveries (received_at);
create table if not exists backendbot_jobs (
    seq integer primary key autoincrement, id text not null unique, key text not null,
    state text not null, job text not null, attempts integer not null default 0,
    created_at real not null, updated_at real not null, started_at real, finished_at real,
    lease_until real, worker text, reason text, ack text not null default 'none', ack_until real);
create index if not exists backendbot_jobs_key_state on backendbot_jobs (key, state, seq);
create index if not exists backendbot_jobs_state on backendbot_jobs (state);
"""
_ACTIVE = ("queued", "running")
_ACK_COLUMNS = {"ack": "text not null default 'none'", "ack_until": "real"}
WAL_AUTOCHECKPOINT_PAGES = 20_000  # a fallback: JobQueue.checkpointer() folds the log in
_COLUMNS = (
    "id, key, state, job, attempts, created_at, updated_at, started_at, finished_at, "
    "lease_until, worker, reason, ack"
)
_OTHER_ACK_RUNNING = (
    "select 1 from backendbot_jobs where key = ? and id != ? and state in ('queued', 'running') "
    "and ack = 'running' and ack_until > ? limit 1"
)


def _record(row: tuple[object, ...]) -> JobRecord:
    (
        job_id,
        key,
        state,
        job,
        attempts,
        created,
        updated,
        started,
        finished,
        lease,
        worker,
        reason,
        ack,
    ) = row
    return JobRecord(
        job_id=str(job_id),
        key=str(key),
        state=JobState(str(state)),
        job_json=str(job),
        attempts=int(str(attempts)),
        created_at=float(str(created)),
        updated_at=float(str(updated)),
        started_at=None if started is None else float(str(started)),
        finished_at=None if finished is None else float(str(finished)),
        lease_until=None if lease is None else float(str(lease)),
        worker=None if worker is None else str(worker),
        reason=None if reason is None else str(reason),
        ack=AckState(str(ack)),
    )


class SqliteJobStore:
    """``write_lock`` serialises this process's writes; pass huey's storage lock so that the
    store and huey never wait on each other inside SQLite (whose busy handler sleeps in
    steps of milliseconds) but on a Python lock that hands over at once."""

    def __init__(
        self, path: Path, timeout: float = 30.0, write_lock: threading.Lock | None = None
    ) -> None:
        self._path = path
        self._timeout = timeout
        self._write_lock = write_lock or threading.Lock()
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn().executescript(_SCHEMA)
        self._add_ack_columns()

    def _add_ack_columns(self) -> None:
        """Stores made before acknowledgements existed get their columns."""
        with self._tx() as db:
            have = {row[1] for row in db.execute("pragma table_info(backendbot_jobs)")}
            for name, decl in _ACK_COLUMNS.items():
                if name not in have:
                    db.execute(f"alter table backendbot_jobs add column {name} {decl}")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=self._timeout, isolation_level=None)
            conn.execute("pragma journal_mode=wal")
            conn.execute("pragma synchronous=normal")
            conn.execute(f"pragma wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so that read-then-write cannot race."""
        db = self._conn()
        with self._write_lock:
            db.execute("begin immediate")
            try:
                yield db
            except BaseException:
                db.execute("rollback")
                raise
            db.execute("commit")

    def claim_delivery(
        self, delivery_id: str, jobs: Sequence[tuple[str, BuildJob | FollowUpJob]], now: float
    ) -> bool:
        with self._tx() as db:
            try:
                db.execute(
                    "insert into backendbot_deliveries (id, received_at) values (?, ?)",
                    (delivery_id, now),
                )
            except sqlite3.IntegrityError:
                return False
            ids = [job_id for job_id, _ in jobs]
            marks = ",".join("?" * len(ids))
            if (
                ids
                and db.execute(
                    f"select 1 from backendbot_jobs where id in ({marks})",  # noqa: S608
                    ids,
                ).fetchone()
            ):
                return False  # the delivery id was pruned but its jobs are remembered
            db.executemany(
                "insert into backendbot_jobs (id, key, state, job, created_at, updated_at, ack) "
                "values (?, ?, 'queued', ?, ?, ?, ?)",
                [
                    (job_id, job.key, job_to_json(job), now, now, initial_ack(job).value)
                    for job_id, job in jobs
                ],
            )
        return True

    def get(self, job_id: str) -> JobRecord | None:
        row = (
            self._conn()
            .execute(f"select {_COLUMNS} from backendbot_jobs where id = ?", (job_id,))  # noqa: S608
            .fetchone()
        )
        return None if row is None else _record(row)

    def records(self) -> list[JobRecord]:
        rows = self._conn().execute(f"select {_COLUMNS} from backendbot_jobs order by seq")  # noqa: S608
        return [_record(row) for row in rows]

    def start(
        self, job_id: str, worker: str, now: float, lease: float, ack_wait: float = 0.0
    ) -> StartOutcome:
        with self._tx() as db:
            row = db.execute(
                "select key, state, lease_until, ack, ack_until, created_at "
                "from backendbot_jobs where id = ?",
                (job_id,),
            ).fetchone()
            if row is None or row[1] not in _ACTIVE:
                return StartOutcome.GONE
            key, state, lease_until, ack, ack_until, created_at = row
            if state == "running" and lease_until is not None and lease_until > now:
                return StartOutcome.DUPLICATE
            if state == "queued" and lease_until is not None and lease_until > now:
                return StartOutcome.BUSY  # a retry's backoff has not run out yet
            head = db.execute(
                "select id from backendbot_jobs where key = ? and state in ('queued', 'running') "
                "order by seq limit 1",
                (key,),
            ).fetchone()
            if head is None or head[0] != job_id:
                return StartOutcome.BUSY
            acking = ack == "running" and ack_until is not None and ack_until > now
            if acking or (ack == "pending" and now - created_at < ack_wait):
                return StartOutcome.BUSY
            if db.execute(_OTHER_ACK_RUNNING, (key, job_id, now)).fetchone():
                return StartOutcome.BUSY
            db.execute(
                "update backendbot_jobs set state = 'running', attempts = attempts + 1, "
                "started_at = ?, updated_at = ?, lease_until = ?, worker = ?, reason = null, "
                "ack = case when ack in ('pending', 'running') then 'skipped' else ack end "
                "where id = ?",
                (now, now, now + lease, worker, job_id),
            )
        return StartOutcome.STARTED

    def start_ack(self, job_id: str, now: float, lease: float) -> StartOutcome:
        with self._tx() as db:
            row = db.execute(
                "select key, state, ack, ack_until from backendbot_jobs where id = ?", (job_id,)
            ).fetchone()
            if row is None or row[1] != "queued" or row[2] not in ("pending", "running"):
                return StartOutcome.GONE
            key, _state, ack, ack_until = row
            if ack == "running" and ack_until is not None and ack_until > now:
                return StartOutcome.DUPLICATE
            if db.execute(_OTHER_ACK_RUNNING, (key, job_id, now)).fetchone():
                return StartOutcome.BUSY
            db.execute(
                "update backendbot_jobs set ack = 'running', ack_until = ? where id = ?",
                (now + lease, job_id),
            )
        return StartOutcome.STARTED

    def finish_ack(self, job_id: str) -> None:
        with self._tx() as db:
            db.execute(
                "update backendbot_jobs set ack = 'done', ack_until = null "
                "where id = ? and ack = 'running'",
                (job_id,),
            )

    def head(self, key: str) -> str | None:
        row = (
            self._conn()
            .execute(
                "select id from backendbot_jobs where key = ? and state in ('queued', 'running') "
                "order by seq limit 1",
                (key,),
            )
            .fetchone()
        )
        return None if row is None else str(row[0])

    def touch(self, job_id: str, now: float) -> None:
        with self._tx() as db:
            db.execute(
                "update backendbot_jobs set updated_at = ? where id = ? and state = 'queued'",
                (now, job_id),
            )

    def renew(self, job_id: str, worker: str, lease_until: float) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "update backendbot_jobs set lease_until = ? "
                "where id = ? and state = 'running' and worker = ?",
                (lease_until, job_id, worker),
            )
            return cur.rowcount == 1

    def requeue(
        self, job_id: str, worker: str, now: float, reason: str, not_before: float | None = None
    ) -> bool:
        # A queued job's lease_until is its not-before time (null: now).
        with self._tx() as db:
            cur = db.execute(
                "update backendbot_jobs set state = 'queued', updated_at = ?, lease_until = ?, "
                "reason = ? where id = ? and state = 'running' and worker = ?",
                (now, not_before, reason, job_id, worker),
            )
            return cur.rowcount == 1

    def finish(
        self, job_id: str, worker: str, now: float, failed: bool, reason: str | None
    ) -> bool:
        state = JobState.FAILED if failed else JobState.DONE
        with self._tx() as db:
            cur = db.execute(
                "update backendbot_jobs set state = ?, updated_at = ?, finished_at = ?, "
                "lease_until = null, reason = ? where id = ? and state = 'running' and worker = ?",
                (state.value, now, now, reason, job_id, worker),
            )
            return cur.rowcount == 1

    def reclaim(self, now: float, stale_queued: float) -> list[str]:
        with self._tx() as db:
            lost = [
                r[0]
                for r in db.execute(
                    "select id from backendbot_jobs where state = 'running' and lease_until < ?",
                    (now,),
                )
            ]
            stale = [
                r[0]
                for r in db.execute(
                    "select id from backendbot_jobs where state = 'queued' and updated_at < ?",
                    (now - stale_queued,),
                )
            ]
            db.executemany(
                "update backendbot_jobs set state = 'queued', updated_at = ?, lease_until = null, "
                "reason = 'worker lost (lease expired); queued again' where id = ?",
                [(now, job_id) for job_id in lost],
            )
            db.executemany(
                "update backendbot_jobs set updated_at = ? where id = ?",
                [(now, job_id) for job_id in stale],
            )
        return lost + stale

    def prune(self, now: float, delivery_ttl: float, job_retention: float) -> None:
        with self._tx() as db:
            db.execute(
                "delete from backendbot_deliveries where received_at < ?", (now - delivery_ttl,)
            )
            db.execute(
                "delete from backendbot_jobs where state in ('done', 'failed') and finished_at < ?",
                (now - job_retention,),
            )

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database without blocking readers or writers."""
        self._conn().execute("pragma wal_checkpoint(passive)")

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
