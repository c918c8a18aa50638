"""A run's events as LSP work-done progress reports, sent from the worker thread safely."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from lsprotocol import types
from pygls.progress import Progress

from backendbot.core.workspace.tools import ToolResult


class ProgressEvents:
    """Implements core.run.events.RunEvents; every report hops to the event loop's thread."""

    def __init__(
        self, progress: Progress, token: types.ProgressToken, loop: asyncio.AbstractEventLoop
    ) -> None:
        self._progress = progress
        self._token = token
        self._loop = loop

    def turn_started(self, turn: int) -> None:
        self._report(f"turn {turn}")

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        path = arguments.get("path")
        self._report(f"{name} {path}" if isinstance(path, str) else name)

    def note(self, message: str) -> None:
        self._report(message)

    def _report(self, message: str) -> None:
        value = types.WorkDoneProgressReport(message=message[:200], cancellable=True)
        self._loop.call_soon_threadsafe(self._progress.report, self._token, value)
