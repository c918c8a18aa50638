"""Exceptions a job function raises to tell the worker what to do next."""

from __future__ import annotations

from collections.abc import Callable


class RetryableJobError(Exception):
    """A transient failure (GitHub 5xx, secondary rate limit): run the job again later.

    ``retry_after`` (seconds) is a lower bound for the delay, e.g. from a ``Retry-After``
    header; the worker otherwise backs off exponentially (``QueueOptions``). ``on_give_up``,
    when the job sets it, is called with the reason if this was the last attempt, so that the
    job can say "failed" where its user looks (its status comment).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        on_give_up: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.on_give_up = on_give_up


class JobFailed(Exception):
    """The job failed for good and has already said so on GitHub: record it as failed
    with this reason (no retry, no traceback in the log) and run the key's next job."""
