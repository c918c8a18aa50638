"""The agent loop with a scripted engine: tools run, budgets stop, failures leave nothing behind."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from backendbot.core.engines.base import AssistantTurn, ToolCall, TurnInput, Usage
from backendbot.core.errors import Cancelled, LimitsExceeded, RunFailed
from backendbot.core.run.cancel import CancelScope
from backendbot.core.run.loop import Budget, run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import ToolSpec, Workspace
from tests.core.conftest import snapshot

TOOLS = ["read_file", "write_file", "search_files", "edit_block"]


class ScriptedEngine:
    """Plays back assistant turns and records what the loop handed it."""

    name = "scripted"
    model = "scripted-1"

    def __init__(self, turns: list[AssistantTurn]) -> None:
        self.turns = list(turns)
        self.given: list[TurnInput] = []
        self.cancelled = threading.Event()

    def begin(self, system: str, tools: Sequence[ToolSpec], task: str) -> None:
        self.tool_names = [t.name for t in tools]

    def next_turn(self, given: TurnInput) -> AssistantTurn:
        self.given.append(given)
        return self.turns.pop(0)

    def cancel(self) -> None:
        self.cancelled.set()


def write(path: str, content: str, n: int = 0) -> ToolCall:
    return ToolCall(f"call-{n}-{path}", "write_file", {"path": path, "content": content})


def tools_turn(*calls: ToolCall, out: int = 10) -> AssistantTurn:
    return AssistantTurn("", calls, "tool_use", Usage(input_tokens=5, output_tokens=out))


def done(text: str = "Done.") -> AssistantTurn:
    return AssistantTurn(text, (), "end_turn", Usage(output_tokens=3))


@pytest.fixture
def workspace(repo: Path) -> Workspace:
    ws = Workspace(Jail(repo))
    yield ws  # type: ignore[misc]
    ws.close()


def test_happy_path_collects_changes_and_feeds_back_errors(
    workspace: Workspace, repo: Path
) -> None:
    engine = ScriptedEngine(
        [
            tools_turn(write("src/a.py", "a = 1\n"), write("/etc/x", "no")),
            tools_turn(write("src/b.py", "b = 2\n", 1)),
            done(),
        ]
    )
    before = snapshot(repo)
    result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
    assert result.changeset.paths == ["src/a.py", "src/b.py"]
    assert (
        result.stats.turns == 3 and result.stats.tool_calls == 3 and result.stats.tool_errors == 1
    )
    assert result.stats.usage.output_tokens == 23
    second = engine.given[1]
    assert not isinstance(second, str)
    assert [o.is_error for o in second] == [False, True]
    assert engine.tool_names == TOOLS
    assert snapshot(repo) == before


def test_turn_budget(workspace: Workspace) -> None:
    engine = ScriptedEngine([tools_turn(write(f"f{i}.py", "x\n", i)) for i in range(5)])
    with pytest.raises(LimitsExceeded, match="turn budget exhausted after 3 turns"):
        run_agent(
            engine, workspace, system="s", task="t", tool_names=TOOLS, budget=Budget(max_turns=3)
        )


def test_output_token_budget(workspace: Workspace) -> None:
    engine = ScriptedEngine([tools_turn(write(f"f{i}.py", "x\n", i), out=600) for i in range(5)])
    with pytest.raises(LimitsExceeded, match="output-token budget exhausted"):
        run_agent(
            engine,
            workspace,
            system="s",
            task="t",
            tool_names=TOOLS,
            budget=Budget(max_output_tokens=1000),
        )


def test_time_budget(workspace: Workspace) -> None:
    engine = ScriptedEngine([done()])
    with pytest.raises(LimitsExceeded, match="time budget exhausted"):
        run_agent(
            engine, workspace, system="s", task="t", tool_names=TOOLS, budget=Budget(max_seconds=0)
        )


@pytest.mark.parametrize(
    ("stop", "message"), [("max_tokens", "cut off at the token limit"), ("refusal", "declined")]
)
def test_bad_stop_reasons_fail_the_run(workspace: Workspace, stop: str, message: str) -> None:
    engine = ScriptedEngine(
        [tools_turn(write("src/a.py", "a\n")), AssistantTurn("partial", (), stop)]  # type: ignore[arg-type]
    )
    with pytest.raises(RunFailed, match=message):
        run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)


def test_unpersisted_code_gets_one_request(workspace: Workspace) -> None:
    code = "```python\ndef f():\n    return 1\n\nprint(f())\n```"
    engine = ScriptedEngine(
        [
            done(f"Here it is:\n{code}\nand a command:\n```bash\npip install x\nrun\nmore\n```"),
            tools_turn(write("src/f.py", "def f():\n    return 1\n\nprint(f())\n")),
            done(f"Saved:\n{code}"),
        ]
    )
    result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
    request = engine.given[1]
    assert isinstance(request, str) and "```python block of 4 lines starting 'def f():'" in request
    assert "bash" not in request
    assert result.changeset.paths == ["src/f.py"]
    assert result.changeset.unpersisted == ()


def test_still_unpersisted_code_is_reported(workspace: Workspace) -> None:
    code = "```python\nx = 1\ny = 2\nz = 3\n```"
    engine = ScriptedEngine([done(code), done(code)])
    result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
    assert result.changeset.unpersisted == ("```python block of 3 lines starting 'x = 1'",)


def test_cancel_before_next_turn(workspace: Workspace) -> None:
    scope = CancelScope()
    engine = ScriptedEngine([tools_turn(write("a.py", "a\n")), done()])

    original = engine.next_turn

    def cancelling(given: TurnInput) -> AssistantTurn:
        turn = original(given)
        scope.cancel()
        return turn

    engine.next_turn = cancelling  # type: ignore[method-assign]
    with pytest.raises(Cancelled):
        run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS, cancel=scope)
    assert engine.cancelled.is_set()


def test_pause_turn_continues_without_input(workspace: Workspace) -> None:
    engine = ScriptedEngine([AssistantTurn("thinking", (), "pause_turn"), done()])
    result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
    assert result.final_text == "Done."
    assert list(engine.given[1]) == []
