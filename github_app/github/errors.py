"""GitHub failures sorted into "try again later" and "this will not work"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from githubkit.exception import RateLimitExceeded, RequestError, RequestFailed

from backendbot.core.errors import RunFailed
from backendbot.github_app.queue.errors import RetryableJobError


class GitHubError(RunFailed):
    """GitHub refused a call for good (a 4xx other than a rate limit)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@contextmanager
def github_call(what: str) -> Iterator[None]:
    """Run one REST call; 5xx, rate limits and dropped connections become RetryableJobError."""
    try:
        yield
    except RateLimitExceeded as exc:
        raise RetryableJobError(
            f"{what}: GitHub rate limit", retry_after=exc.retry_after.total_seconds()
        ) from None
    except RequestFailed as exc:
        status = exc.response.status_code
        if status >= 500:
            raise RetryableJobError(f"{what}: GitHub answered {status}") from None
        raise GitHubError(f"{what}: GitHub answered {status}", status=status) from None
    except RequestError as exc:
        raise RetryableJobError(f"{what}: {type(exc.exc).__name__} talking to GitHub") from None
