"""What both model engines do to an SDK error before it reaches the user: one short line,
secrets masked, and the number of retries the SDK made."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Protocol

MAX_CHARS = 300


# The shape both SDKs' APIStatusError share (each SDK vendors its own HTTP client types).
class _Request(Protocol):
    @property
    def headers(self) -> Mapping[str, str]: ...


class _Response(Protocol):
    @property
    def request(self) -> _Request: ...


class _HasResponse(Protocol):
    @property
    def response(self) -> _Response: ...


def safe_line(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` on one line of at most MAX_CHARS characters, every secret replaced."""
    return one_line(mask(text, secrets))


def sdk_retry_count(exc: _HasResponse) -> int:
    """How many times the SDK retried before giving up (from the request's own header)."""
    try:
        return int(exc.response.request.headers.get("x-stainless-retry-count", "0"))
    except (RuntimeError, ValueError):
        return 0


def mask(text: str, secrets: Iterable[str | None]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return text


def one_line(text: str) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= MAX_CHARS else flat[: MAX_CHARS - 1] + "…"
