"""The search tool's regular expressions: RE2, which runs in time linear in the text.

A model's pattern never backtracks, so no pattern can hang a run; RE2 has no
backreferences or look-around, and such a pattern is refused with the reason.
"""

from __future__ import annotations

from typing import Protocol

import re2

from backendbot.core.workspace.jail import ToolRefused

MAX_PROGRAM_BYTES = 8 * 1024 * 1024  # memory RE2 may use for one compiled pattern


class Pattern(Protocol):
    def search(self, text: str) -> object | None: ...


def compile_pattern(pattern: str) -> Pattern:
    """``pattern`` compiled by RE2, or ToolRefused naming what RE2 did not accept."""
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_PROGRAM_BYTES
    try:
        compiled: Pattern = re2.compile(pattern, options)
    except re2.error as exc:
        raise ToolRefused(f"invalid regular expression: {_reason(exc)}") from exc
    return compiled


def _reason(exc: Exception) -> str:
    detail = exc.args[0] if exc.args else exc
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if "invalid escape sequence" in text or "invalid perl operator: (?" in text:
        text += " (RE2 syntax: no backreferences or look-around)"
    return text.splitlines()[0][:300] if text else "not accepted"
