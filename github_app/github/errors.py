"""GitHub failures sorted into "may pass if asked again" and "will not work"."""

from __future__ import annotations

from dataclasses import dataclass

from githubkit.exception import GitHubException, RateLimitExceeded, RequestError, RequestFailed

from backendbot.core.errors import RunFailed

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})  # 501 "Not Implemented" stays permanent
SECONDARY_LIMIT_WAIT = 60.0  # GitHub: without retry-after or a reset, wait at least a minute


class GitHubError(RunFailed):
    """GitHub refused a call for good, or kept failing until the retries ran out.

    ``status`` is GitHub's last HTTP status (0 when no answer came back at all);
    ``transient``: the failure was one worth retrying, and the tries ran out.
    """

    def __init__(self, message: str, *, status: int, transient: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient


@dataclass(frozen=True)
class Transient:
    """A failure worth another try: ``wait`` is GitHub's own delay (retry-after, rate reset)."""

    reason: str
    status: int
    wait: float | None = None


def classify(what: str, exc: GitHubException) -> Transient | GitHubError:
    """Rate limits, 429, 500/502/503/504 and dropped connections are transient; the rest not."""
    if isinstance(exc, RateLimitExceeded):  # githubkit read retry-after / x-ratelimit-reset
        status = exc.response.status_code
        return Transient("GitHub rate limit", status, exc.retry_after.total_seconds())
    if isinstance(exc, RequestFailed):
        status = exc.response.status_code
        message = _message(exc)
        if status in TRANSIENT_STATUSES:
            return Transient(f"GitHub answered {status}", status)
        if status == 403 and "rate limit" in message.lower():  # a secondary limit, no headers
            return Transient("GitHub rate limit", status, SECONDARY_LIMIT_WAIT)
        return GitHubError(f"{what}: GitHub answered {status}{message}", status=status)
    if isinstance(exc, RequestError):
        return Transient(f"{type(exc.exc).__name__} talking to GitHub", 0)
    return GitHubError(f"{what}: {type(exc).__name__}", status=0)


def _message(exc: RequestFailed) -> str:
    """GitHub's own one-line reason (``{"message": ...}``), when it sent one."""
    try:
        data = exc.response.json()
    except ValueError:  # a body that is not JSON has no message
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str) or not message.strip():
        return ""
    return f" ({message.strip().splitlines()[0][:200]})"
