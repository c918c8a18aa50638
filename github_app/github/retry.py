"""Each GitHub call, retried in place when the failure is transient, within fixed bounds.

githubkit finds the rate limits (``retry-after``, ``x-ratelimit-reset``) and raises them
typed; its own ``auto_retry`` is off because it retries every 5xx (501 included) and sleeps
with ``time.sleep``, where tests need their own clock. A call that runs out of tries, or
that GitHub asks to wait longer than ``max_wait``, fails with ``GitHubError``: the job says
so and ends, and the next job of the queue runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from githubkit.exception import GitHubException

from backendbot.github_app.github.errors import GitHubError, classify

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries of one call, the first one included
    base_delay: float = 1.0  # wait before the first retry; doubles for each next one
    max_wait: float = 60.0  # a longer wait asked by GitHub (a rate limit's reset) is not waited
    budget: float = 120.0  # seconds one call may spend waiting, all retries together
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.base_delay < 0 or self.max_wait < 0 or self.budget < 0:
            raise ValueError(f"RetryPolicy: attempts must be >= 1 and delays >= 0, got {self}")

    def lighter(self) -> RetryPolicy:
        """For calls that only decorate a result: one retry, and a short one."""
        return replace(self, attempts=min(self.attempts, 2), budget=min(self.budget, 5.0))

    def delay(self, retry: int, asked: float | None) -> float:
        """The wait before retry number ``retry`` (1-based); at least what GitHub asked."""
        return max(self.base_delay * 2.0 ** (retry - 1), asked or 0.0)


def call_github(what: str, fn: Callable[[], T], policy: RetryPolicy) -> T:
    """``fn()``, tried again on transient failures; ``GitHubError`` once it will not work."""
    started = policy.clock()
    attempt = 1
    while True:
        try:
            return fn()
        except GitHubException as exc:
            failure = classify(what, exc)
        if isinstance(failure, GitHubError):
            raise failure
        if failure.wait is not None and failure.wait > policy.max_wait:
            raise GitHubError(
                f"{what}: {failure.reason}; GitHub asks to wait {failure.wait:.0f}s, "
                "longer than the App waits: try again later",
                status=failure.status,
                transient=True,
            )
        wait = policy.delay(attempt, failure.wait)
        if attempt >= policy.attempts or policy.clock() - started + wait > policy.budget:
            raise GitHubError(
                f"{what}: {failure.reason}, {attempt} tries; gave up",
                status=failure.status,
                transient=True,
            )
        log.warning(
            "%s: %s; try %d of %d in %.1fs",
            what,
            failure.reason,
            attempt + 1,
            policy.attempts,
            wait,
        )
        policy.sleep(wait)
        attempt += 1
