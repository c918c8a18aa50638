"""A run's events as LSP work-done progress reports, sent from the worker thread safely.

Turns and tool calls of a model run, then the verification's steps as they start and end
("verifying: test", "verified test: passed (4.2 s)")."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.progress import Progress

from backendbot.core.workspace.tools import ToolResult

if TYPE_CHECKING:
    from backendbot.core.verify.report import StepResult


class ProgressEvents:
    """Implements core.run.events.RunEvents; every report hops to the event loop's thread."""

    def __init__(
        self,
        progress: Progress,
        token: types.ProgressToken,
        loop: asyncio.AbstractEventLoop,
        *,
        turns: bool = True,
    ) -> None:
        """``turns=False``: only notes and the verification (a build run again to verify it)."""
        self._progress = progress
        self._token = token
        self._loop = loop
        self._turns = turns
        self._closed = False  # read and written on the event loop's thread only

    def close(self) -> None:
        """No more reports (the progress was ended while the run still goes on); loop thread."""
        self._closed = True

    def turn_started(self, turn: int) -> None:
        if self._turns:
            self._report(f"turn {turn}")

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        if not self._turns:
            return
        path = arguments.get("path")
        self._report(f"{name} {path}" if isinstance(path, str) else name)

    def note(self, message: str) -> None:
        self._report(message)

    def verify_step_started(self, name: str) -> None:
        self._report(f"verifying: {name}")

    def verify_step_finished(self, step: StepResult) -> None:
        detail = f": {step.detail}" if step.detail else ""
        self._report(f"verified {step.name}: {step.status}{detail} ({step.seconds:.1f} s)")

    def _report(self, message: str) -> None:
        value = types.WorkDoneProgressReport(message=message[:200], cancellable=True)
        self._loop.call_soon_threadsafe(self._send, value)

    def _send(self, value: types.WorkDoneProgressReport) -> None:
        if not self._closed:
            self._progress.report(self._token, value)
