"""Keeps every tool result short enough for a model's context, and every failure one line."""

from __future__ import annotations

MAX_RESULT_BYTES = 64 * 1024
CUT_MARKER = "\n[result cut at {limit} bytes]"


def cap_bytes(text: str, limit: int = MAX_RESULT_BYTES) -> str:
    """``text`` if it fits in ``limit`` UTF-8 bytes, else its head and a marker that says so."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) < limit:
        return text
    marker = CUT_MARKER.format(limit=limit)
    head = data[: limit - len(marker.encode()) - 1].decode("utf-8", "ignore")
    return head + marker


def one_line(reason: str, max_chars: int = 500) -> str:
    """A failure's reason as one printable line."""
    flat = " ".join(reason.split())
    return flat if len(flat) <= max_chars else flat[: max_chars - 3] + "..."


def describe_exception(exc: BaseException) -> str:
    """What went wrong, without the absolute paths an OSError carries."""
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
