"""Run one queued job: take its key's turn under a lease, call the job function, record the end.

A job that finds an earlier job of its key still unfinished, or its own acknowledgement still
to run (``acknowledge.py``), asks huey to try again shortly (``RetryTask`` with a delay), so no
worker blocks. ``RetryableJobError`` puts the job back
with exponential backoff until ``max_attempts``; ``JobFailed`` (already reported on GitHub) and
any other exception fail it with the reason, and the key's next job runs.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from huey.exceptions import RetryTask

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.queue.acknowledge import AckFn
from backendbot.github_app.queue.errors import JobFailed, RetryableJobError
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.queue.records import JobState, StartOutcome
from backendbot.github_app.queue.store import JobStore
from backendbot.github_app.redact import redact
from backendbot.github_app.settings import AppSettings

log = logging.getLogger(__name__)

JobFn = Callable[[BuildJob | FollowUpJob, AppSettings], None]


def real_job_fns(settings: AppSettings) -> tuple[JobFn, AckFn]:
    """The GitHub half's ``run_job`` and ``acknowledge`` sharing one ``AppCredentials`` for this
    worker process, so installation tokens are reused across jobs. Imported only when a worker
    starts; raises InputError when the App id or private key is missing."""
    from backendbot.github_app.github.auth import AppCredentials
    from backendbot.github_app.jobs.acknowledge import acknowledge
    from backendbot.github_app.jobs.runner import run_job

    credentials = AppCredentials(settings)

    def run(job: BuildJob | FollowUpJob, job_settings: AppSettings) -> None:
        run_job(job, job_settings, credentials=credentials)

    def ack(job: BuildJob, job_settings: AppSettings, behind: bool) -> None:
        acknowledge(job, job_settings, behind=behind, credentials=credentials)

    return run, ack


@dataclass(frozen=True)
class JobContext:
    store: JobStore
    options: QueueOptions
    settings: AppSettings = field(repr=False)
    job_fn: JobFn
    wake: Callable[[str], None]  # enqueue a job id (the next job of a key, when one finishes)
    clock: Callable[[], float] = time.time


def new_worker_token() -> str:
    """Who holds a lease: host, process and one run (a re-run never inherits a lease)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class _Lease:
    """Renews a running job's lease every third of its length until the block ends."""

    def __init__(self, ctx: JobContext, job_id: str, worker: str) -> None:
        self._ctx, self._job_id, self._worker = ctx, job_id, worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def _renew(self) -> None:
        lease = self._ctx.options.lease_seconds
        while not self._stop.wait(lease / 3):
            until = self._ctx.clock() + lease
            if not self._ctx.store.renew(self._job_id, self._worker, until):
                log.warning("job %s: lease lost; another worker may run it", self._job_id)
                return

    def __enter__(self) -> _Lease:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


def execute_job(job_id: str, ctx: JobContext) -> None:
    """Run the job ``job_id`` once if it is its key's turn; see the module docstring."""
    worker = new_worker_token()
    now = ctx.clock()
    outcome = ctx.store.start(
        job_id, worker, now, ctx.options.lease_seconds, ctx.options.ack_wait_seconds
    )
    if outcome is StartOutcome.BUSY:
        ctx.store.touch(job_id, now)
        waiting = ctx.store.get(job_id)
        waited = now - waiting.created_at if waiting else 0.0
        delay = ctx.options.busy_delay(waited)
        if waiting is not None and waiting.state is JobState.QUEUED and waiting.lease_until:
            delay = max(waiting.lease_until - now, 0.0) or delay  # until its backoff ends
        raise RetryTask(f"job {job_id} waits for its key", delay=delay)
    if outcome is not StartOutcome.STARTED:
        log.info("job %s not run: %s", job_id, outcome.value)
        return
    record = ctx.store.get(job_id)
    if record is None:  # deleted by hand between start() and now
        return
    secrets = (ctx.settings.webhook_secret,)
    log.info("job %s (%s) started, attempt %d", job_id, record.key, record.attempts)
    with _Lease(ctx, job_id, worker):
        try:
            ctx.job_fn(record.job(), ctx.settings)
        except RetryableJobError as exc:
            _retry_or_fail(ctx, job_id, record.key, worker, record.attempts, exc)
            return
        except JobFailed as exc:
            reason = redact(str(exc), secrets)
            log.warning("job %s failed: %s", job_id, reason)
            ctx.store.finish(job_id, worker, ctx.clock(), failed=True, reason=reason)
            _wake_next(ctx, record.key)
            return
        except Exception as exc:
            reason = redact(f"{type(exc).__name__}: {exc}", secrets)
            log.exception("job %s failed", job_id)
            ctx.store.finish(job_id, worker, ctx.clock(), failed=True, reason=reason)
            _wake_next(ctx, record.key)
            return
    if ctx.store.finish(job_id, worker, ctx.clock(), failed=False, reason=None):
        log.info("job %s done", job_id)
    else:
        log.warning("job %s finished after its lease was taken over", job_id)
    _wake_next(ctx, record.key)


def _wake_next(ctx: JobContext, key: str) -> None:
    """Enqueue the key's next job now rather than when its delayed retry comes round."""
    next_id = ctx.store.head(key)
    if next_id is not None:
        ctx.wake(next_id)


def _retry_or_fail(
    ctx: JobContext, job_id: str, key: str, worker: str, attempts: int, exc: RetryableJobError
) -> None:
    message = redact(str(exc), (ctx.settings.webhook_secret,))
    if attempts >= ctx.options.max_attempts:
        reason = f"gave up after {attempts} attempts: {message}"
        log.error("job %s %s", job_id, reason)
        if exc.on_give_up is not None:
            try:
                exc.on_give_up(reason)
            except Exception:  # the job is failed all the same; the log has why it is not said
                log.exception("job %s: reporting that it gave up failed", job_id)
        ctx.store.finish(job_id, worker, ctx.clock(), failed=True, reason=reason)
        _wake_next(ctx, key)
        return
    delay = ctx.options.backoff(attempts, exc.retry_after)
    log.warning("job %s attempt %d: %s; retrying in %.1fs", job_id, attempts, message, delay)
    now = ctx.clock()
    ctx.store.requeue(job_id, worker, now, f"retrying in {delay:.1f}s: {message}", now + delay)
    raise RetryTask(f"job {job_id} retries", delay=delay)
