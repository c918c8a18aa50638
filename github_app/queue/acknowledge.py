"""Run a build's acknowledgement (👀 and the queued status) as soon as a worker is free.

It runs on its own huey queue with its own consumer thread, so it waits neither for the
issue's per-key turn nor behind long jobs. The store orders it against the job: the job waits
for its own acknowledgement (up to ``ack_wait_seconds``, then skips it), acknowledgements of
one key run one at a time, and a job never starts while one of its key runs, so the status
comment is only ever created by one of them at a time. An acknowledgement whose job already
started does nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from huey.exceptions import RetryTask

from backendbot.github_app.jobs.model import BuildJob
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.queue.records import StartOutcome
from backendbot.github_app.queue.store import JobStore
from backendbot.github_app.redact import redact
from backendbot.github_app.settings import AppSettings

log = logging.getLogger(__name__)

# (job, settings, behind): ``behind`` is True when an earlier job of the same key is unfinished.
AckFn = Callable[[BuildJob, AppSettings, bool], None]


@dataclass(frozen=True)
class AckContext:
    store: JobStore
    options: QueueOptions
    settings: AppSettings = field(repr=False)
    ack_fn: AckFn | None  # None: only the ordering is kept (tests without GitHub)
    wake: Callable[[str], None]  # enqueue the job, which may be waiting for this
    clock: Callable[[], float] = time.time


def execute_ack(job_id: str, ctx: AckContext) -> None:
    """Acknowledge the job ``job_id`` once, unless it has started or been acknowledged."""
    outcome = ctx.store.start_ack(job_id, ctx.clock(), ctx.options.lease_seconds)
    if outcome is StartOutcome.BUSY:
        raise RetryTask(f"ack {job_id} waits for another", delay=ctx.options.ack_retry_seconds)
    if outcome is not StartOutcome.STARTED:
        return
    record = ctx.store.get(job_id)
    try:
        job = record.job() if record is not None else None
        if ctx.ack_fn is not None and isinstance(job, BuildJob) and record is not None:
            ctx.ack_fn(job, ctx.settings, ctx.store.head(record.key) != job_id)
    except Exception as exc:  # the job itself reacts and posts its status: only log it
        reason = redact(f"{type(exc).__name__}: {exc}", (ctx.settings.webhook_secret,))
        log.warning("job %s: acknowledgement failed: %s", job_id, reason)
    finally:
        ctx.store.finish_ack(job_id)
    if record is not None and ctx.store.head(record.key) == job_id:
        ctx.wake(job_id)
