"""Progress while a build runs: a live status line on a terminal, plain lines otherwise (on stderr).

Neither lists the files one by one in a pipe: the listing on stdout at the end does that, once.
The scaffold engine's progress speaks of files generated, a model's of turns and tool calls;
verification's steps (install, test, lint, schemathesis, latency) are shown as they run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from backendbot.core.verify.report import StepResult
from backendbot.core.workspace.tools import ToolResult

WRITING_TOOLS = frozenset({"write_file", "edit_block", "scaffold"})


class _Counts:
    def __init__(self) -> None:
        self.engine: str | None = None
        self.turn = 0
        self.calls = 0
        self.errors = 0
        self.files: set[str] = set()

    @property
    def offline(self) -> bool:
        return self.engine == "scaffold"

    def record(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        self.calls += 1
        self.errors += int(result.is_error)
        path = arguments.get("path")
        if name in WRITING_TOOLS and not result.is_error and isinstance(path, str):
            self.files.add(path)


class LiveProgress:
    """One status line rewritten in place: turn, tool calls, files written, last action."""

    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._n = _Counts()

    def engine_chosen(self, name: str) -> None:
        self._n.engine = name

    def turn_started(self, turn: int) -> None:
        self._n.turn = turn
        self._draw(None if self._n.offline else "waiting for the model")

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        self._n.record(name, arguments, result)
        target = arguments.get("path") or arguments.get("pattern") or ""
        self._draw(f"{name} {target}{' (refused)' if result.is_error else ''}")

    def note(self, message: str) -> None:
        self._clear()
        self._out.write(f"{message}\n")
        self._out.flush()

    def verify_step_started(self, name: str) -> None:
        self._out.write(f"\r\x1b[2Kverifying · {name}…")
        self._out.flush()

    def verify_step_finished(self, step: StepResult) -> None:
        if step.status in ("failed", "error", "timeout"):
            self.note(f"verify {step.name}: {step.status}: {step.detail}"[:200])

    def finish(self) -> None:
        self._clear()

    def _draw(self, last: str | None) -> None:
        n = self._n
        if n.offline:
            line = f"generating · {len(n.files)} files written"
        else:
            line = f"turn {n.turn} · {n.calls} tool calls · {len(n.files)} files written"
        line += f" · {last}" if last else ""
        self._out.write(f"\r\x1b[2K{line[:120]}")
        self._out.flush()

    def _clear(self) -> None:
        self._out.write("\r\x1b[2K")
        self._out.flush()


class PlainProgress:
    """Plain lines for logs and pipes: each model turn, each refused call, each note."""

    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._n = _Counts()

    def engine_chosen(self, name: str) -> None:
        self._n.engine = name

    def turn_started(self, turn: int) -> None:
        self._n.turn = turn
        if not self._n.offline:
            n = self._n
            so_far = (
                f" ({n.calls} tool calls, {len(n.files)} files written so far)" if turn > 1 else ""
            )
            self._line(f"turn {turn}{so_far}")

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        self._n.record(name, arguments, result)
        if result.is_error:
            self._line(f"refused: {result.content.splitlines()[0] if result.content else name}")

    def note(self, message: str) -> None:
        self._line(message)

    def verify_step_started(self, name: str) -> None:
        self._line(f"verifying: {name}")

    def verify_step_finished(self, step: StepResult) -> None:
        detail = f": {step.detail}" if step.detail else ""
        self._line(f"verify {step.name} {step.status} ({step.seconds:.1f} s){detail}"[:300])

    def finish(self) -> None:
        return None

    def _line(self, text: str) -> None:
        self._out.write(f"backendbot: {text}\n")
        self._out.flush()
