"""Timing knobs of the queue, with production defaults; tests pass shorter ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueOptions:
    lease_seconds: float = 30.0  # a running job's lease; renewed every third of it
    busy_retry_seconds: float = 1.0  # first delay before a job that waits for its key looks again
    busy_retry_max_seconds: float = 15.0  # (the finishing job also wakes the next one at once)
    max_attempts: int = 5  # runs of one job, counting retries after RetryableJobError
    backoff_base_seconds: float = 2.0  # first retry delay; doubles per attempt
    backoff_max_seconds: float = 300.0
    ack_wait_seconds: float = 10.0  # a build waits this long at most for its acknowledgement
    ack_retry_seconds: float = 0.2  # delay before an acknowledgement waiting for another one
    stale_queued_seconds: float = 600.0  # a queued job untouched this long is re-enqueued
    sweep_interval_seconds: float = 10.0  # how often a worker process looks for lost jobs
    delivery_ttl_seconds: float = 14 * 24 * 3600.0  # how long a delivery id is remembered
    job_retention_seconds: float = 30 * 24 * 3600.0  # how long a done/failed job's record is kept

    def busy_delay(self, waited: float) -> float:
        """Delay before a job that has waited ``waited`` seconds for its key looks again."""
        return min(max(self.busy_retry_seconds, waited / 4), self.busy_retry_max_seconds)

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Delay before the run after ``attempt`` (1-based), at least ``retry_after``."""
        delay = min(
            self.backoff_base_seconds * 2.0 ** max(attempt - 1, 0), self.backoff_max_seconds
        )
        return max(delay, retry_after or 0.0)
