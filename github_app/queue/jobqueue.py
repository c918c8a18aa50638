"""``JobQueue``: huey (transport) + the job store (dedup, order, states) behind one object.

The huey message carries only the job id; the job itself lives in the store, so a message
that is lost, duplicated or re-sent by the sweeper can never run a job twice. A build job's
acknowledgement travels on a second huey queue (``<name>-ack``) with its own consumer, so that
it is not stuck behind long jobs.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

import huey
from huey.storage import SqliteStorage

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.queue.acknowledge import AckContext, AckFn, execute_ack
from backendbot.github_app.queue.execution import JobContext, JobFn, execute_job
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.queue.records import Submitted, job_ids
from backendbot.github_app.queue.sqlite_store import WAL_AUTOCHECKPOINT_PAGES
from backendbot.github_app.queue.store import JobStore, open_store
from backendbot.github_app.queue.sweeper import Periodic, sweep
from backendbot.github_app.queue.url import QueueUrl, RedisQueueUrl, parse_queue_url
from backendbot.github_app.settings import AppSettings

TASK_NAME = "run_job"
ACK_TASK_NAME = "acknowledge"
ACK_WORKERS = 2  # threads per process for acknowledgements (a few quick REST calls each)
CHECKPOINT_INTERVAL = 1.0  # seconds
log = logging.getLogger(__name__)


class _WalNormalSqliteStorage(SqliteStorage):  # type: ignore[misc]
    """huey's SQLite storage with ``synchronous=NORMAL``: WAL commits without an fsync each.

    A process crash loses nothing; power loss may drop the last commits (GitHub keeps the
    deliveries for redelivery). Full fsync made every enqueue ~4 ms and queued the webhook's
    writes behind each other under load. Checkpoints run in ``JobQueue.checkpointer()``, not
    inside a commit that holds the write lock.
    """

    def _create_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = super()._create_connection()
        conn.execute("pragma synchronous=normal")
        conn.execute(f"pragma wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        return conn


def make_huey(url: QueueUrl, name: str = "backendbot") -> Any:
    """SqliteHuey for ``sqlite:///`` URLs, RedisHuey for ``redis://`` ones; no result store."""
    if isinstance(url, RedisQueueUrl):
        return huey.RedisHuey(name, url=url.url, results=False, utc=True)
    url.path.parent.mkdir(parents=True, exist_ok=True)
    return huey.SqliteHuey(
        name,
        filename=str(url.path),
        results=False,
        utc=True,
        storage_class=_WalNormalSqliteStorage,
    )


class JobQueue:
    """Submit jobs (the webhook), run them (workers), recover lost ones (the sweeper)."""

    def __init__(
        self,
        settings: AppSettings,
        options: QueueOptions | None = None,
        job_fn: JobFn | None = None,
        ack_fn: AckFn | None = None,
    ) -> None:
        url = parse_queue_url(settings.resolved_queue_url)
        self.settings = settings
        self.options = options or QueueOptions()
        self.huey = make_huey(url)
        self.ack_huey = make_huey(url, name="backendbot-ack")
        huey_lock = getattr(self.huey.storage, "lock", None)  # SqliteStorage's; None on Redis
        if huey_lock is not None:  # both queues and the store share one write lock per process
            self.ack_huey.storage.lock = huey_lock
        self.store: JobStore = open_store(url, self.options.delivery_ttl_seconds, huey_lock)
        self._job_fn = job_fn
        self._ack_fn = ack_fn
        self._task = self.huey.task(name=TASK_NAME)(self._run)
        self._ack_task = self.ack_huey.task(name=ACK_TASK_NAME)(self._acknowledge)

    def _run(self, job_id: str) -> None:
        if self._job_fn is None:
            raise RuntimeError("this JobQueue was built without a job function; it only submits")
        ctx = JobContext(self.store, self.options, self.settings, self._job_fn, self.enqueue)
        execute_job(job_id, ctx)

    def _acknowledge(self, job_id: str) -> None:
        ctx = AckContext(self.store, self.options, self.settings, self._ack_fn, self.enqueue)
        execute_ack(job_id, ctx)

    def submit(self, delivery_id: str, jobs: Sequence[BuildJob | FollowUpJob]) -> Submitted:
        """Record the delivery and its jobs; enqueue them. A seen delivery queues nothing."""
        ids = job_ids(delivery_id, len(jobs))
        if not self.store.claim_delivery(
            delivery_id, list(zip(ids, jobs, strict=True)), time.time()
        ):
            return Submitted(accepted=False, job_ids=())
        for job_id, job in zip(ids, jobs, strict=True):
            try:
                if isinstance(job, BuildJob):
                    self._ack_task(job_id)
                self.enqueue(job_id)
            except Exception:  # recorded as queued: the sweeper enqueues it again later
                log.exception("job %s recorded but not enqueued; the sweeper will retry", job_id)
        return Submitted(accepted=True, job_ids=tuple(ids))

    def enqueue(self, job_id: str) -> None:
        self._task(job_id)

    def sweep(self) -> list[str]:
        return sweep(self.store, self.options, self.enqueue, time.time())

    def sweeper(self) -> Periodic:
        """Re-enqueues lost jobs; run one in every process that runs workers."""
        return Periodic("sweeper", self.options.sweep_interval_seconds, self.sweep)

    def checkpointer(self) -> Periodic:
        """Folds SQLite's write-ahead log into the database off the request path (no-op on
        Redis); run one in every process that uses the queue."""
        return Periodic("checkpoint", CHECKPOINT_INTERVAL, self.store.checkpoint)

    def consumer(self, workers: int) -> Any:
        """A huey consumer with ``workers`` threads in this process (call ``.run()`` or ``.start()``)."""
        return self._consumer(self.huey, workers)

    def ack_consumer(self, workers: int = ACK_WORKERS) -> Any:
        """The consumer of acknowledgements; start it before ``consumer()`` (whose signal
        handlers then win) and stop it after."""
        return self._consumer(self.ack_huey, workers)

    @staticmethod
    def _consumer(instance: Any, workers: int) -> Any:
        return instance.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.05,
            max_delay=0.5,
            scheduler_interval=1,
        )

    def close(self) -> None:
        self.store.close()
        self.huey.storage.close()
        self.ack_huey.storage.close()
