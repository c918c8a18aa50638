"""A background thread that puts lost jobs back on the queue and forgets old deliveries."""

from __future__ import annotations

import logging
import threading
import time
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
    store.prune(now, options.delivery_ttl_seconds)
    return job_ids


class Sweeper:
    """Runs ``sweep`` at start and then every ``sweep_interval_seconds`` until stopped."""

    def __init__(
        self, store: JobStore, options: QueueOptions, enqueue: Callable[[str], None]
    ) -> None:
        self._store, self._options, self._enqueue = store, options, enqueue
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sweeper", daemon=True)

    def _loop(self) -> None:
        while True:
            try:
                sweep(self._store, self._options, self._enqueue, time.time())
            except Exception:
                log.exception("sweep failed; trying again later")
            if self._stop.wait(self._options.sweep_interval_seconds):
                return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
