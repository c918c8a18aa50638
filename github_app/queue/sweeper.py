"""Putting lost jobs back on the queue (``sweep``), and ``Periodic``, the thread that runs it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.queue.store import JobStore

log = logging.getLogger(__name__)


def sweep(
    store: JobStore, options: QueueOptions, enqueue: Callable[[str], None], now: float
) -> list[str]:
    """One pass: re-enqueue every job whose lease ran out or that sat untouched too long."""
    job_ids = store.reclaim(now, options.stale_queued_seconds)
    for job_id in job_ids:
        log.warning("job %s was lost (worker died or message dropped); queued again", job_id)
        enqueue(job_id)
    store.prune(now, options.delivery_ttl_seconds, options.job_retention_seconds)
    return job_ids


class Periodic:
    """Calls ``fn`` at start and then every ``interval`` seconds in a daemon thread until stopped;
    an exception is logged and the next round comes as usual."""

    def __init__(self, name: str, interval: float, fn: Callable[[], object]) -> None:
        self._name, self._interval, self._fn = name, interval, fn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def _loop(self) -> None:
        while True:
            try:
                self._fn()
            except Exception:
                log.exception("%s failed; trying again later", self._name)
            if self._stop.wait(self._interval):
                return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
