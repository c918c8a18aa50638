"""Progress events a run reports while it goes on (a terminal display, LSP progress, a status comment)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from backendbot.core.workspace.tools import ToolResult


class RunEvents(Protocol):
    """What a run reports. A receiver may also have ``engine_chosen(name: str)``: it is then told
    which engine runs before the first turn (a display can choose its words). With verification
    on, a receiver may have ``verify_step_started(name: StepName)`` and
    ``verify_step_finished(step: StepResult)`` (core/verify/report.py): they are called as each
    check starts and ends, so a display or a check run can follow the steps."""

    def turn_started(self, turn: int) -> None: ...

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None: ...

    def note(self, message: str) -> None: ...


class NoEvents:
    """Reports nothing."""

    def turn_started(self, turn: int) -> None:
        return None

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        return None

    def note(self, message: str) -> None:
        return None
