"""One-line details for a step's outcome (what the report, a table row or a check run shows)."""

from __future__ import annotations

from backendbot.core.verify.sandbox import Outcome

DETAIL_MAX = 300


def one_line(text: str, limit: int = DETAIL_MAX) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def last_line(outcome: Outcome, fallback: str) -> str:
    """The outcome's start error, else the last non-empty line of its output, else ``fallback``."""
    if outcome.error:
        return one_line(outcome.error)
    lines = [ln for ln in outcome.output.splitlines() if ln.strip()]
    return one_line(lines[-1]) if lines else fallback


def timeout_detail(seconds: float) -> str:
    return f"time limit of {seconds:.0f} s hit; every process it started was killed"
