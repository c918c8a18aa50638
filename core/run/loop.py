"""The agent loop: ask the engine for a turn, run its tool calls, repeat until it answers.

Stopping is an exception carrying its reason (LimitsExceeded, Cancelled, RunFailed); a
tool's refusal is a result with ``is_error`` that goes back to the model, never a crash.
The loop never touches the repository: writes are staged in the workspace and the
caller decides what to do with the ChangeSet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from backendbot.core.changeset.model import ChangeSet
from backendbot.core.engines.base import AssistantTurn, Engine, ToolOutcome, TurnInput, Usage
from backendbot.core.errors import Cancelled, LimitsExceeded, RunFailed
from backendbot.core.run.cancel import CancelScope
from backendbot.core.run.events import NoEvents, RunEvents
from backendbot.core.run.persistence import PERSIST_REQUEST, unpersisted_blocks
from backendbot.core.workspace.tools import ToolResult, Workspace


@dataclass(frozen=True)
class Budget:
    max_turns: int = 50
    max_output_tokens: int = 200_000
    max_seconds: float = 1800.0


@dataclass
class RunStats:
    turns: int = 0
    tool_calls: int = 0
    tool_errors: int = 0
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0


@dataclass(frozen=True)
class LoopResult:
    changeset: ChangeSet
    final_text: str
    stats: RunStats


def run_agent(
    engine: Engine,
    workspace: Workspace,
    *,
    system: str,
    task: str,
    tool_names: Sequence[str],
    budget: Budget | None = None,
    events: RunEvents | None = None,
    cancel: CancelScope | None = None,
    after_answer: Callable[[ChangeSet], str | None] | None = None,
) -> LoopResult:
    """Run the engine to its final answer; return the staged ChangeSet (nothing is applied).

    ``after_answer`` is given the staged ChangeSet at each final answer; a text it returns goes
    back to the model as a new user turn (verification's fix rounds), within the same budget.
    """
    budget = budget or Budget()
    events = events or NoEvents()
    stats = RunStats()
    started = time.monotonic()
    if cancel is not None:
        cancel.on_cancel(engine.cancel)
    engine.begin(system, workspace.tool_specs(list(tool_names)), task)
    given: TurnInput = task
    asked_to_persist = False
    while True:
        _check_limits(budget, stats, started, cancel)
        stats.turns += 1
        events.turn_started(stats.turns)
        turn = engine.next_turn(given)
        stats.usage.add(turn.usage)
        stats.seconds = time.monotonic() - started
        if cancel is not None and cancel.cancelled:
            raise Cancelled("the run was cancelled")
        _check_stop_reason(turn, stats)
        if turn.tool_calls:
            given = _run_tools(turn, workspace, events, stats)
            continue
        if turn.stop_reason == "pause_turn":  # the server paused a long turn: let it go on
            given = ()
            continue
        missing = unpersisted_blocks(turn.text, lambda: _written_texts(workspace))
        if missing and not asked_to_persist:
            asked_to_persist = True
            events.note(f"asking the model to save {len(missing)} unsaved code block(s)")
            given = PERSIST_REQUEST.format(blocks="\n".join(f"- {m}" for m in missing))
            continue
        stats.seconds = time.monotonic() - started
        changeset = workspace.staging.changeset(tuple(missing))
        follow_up = after_answer(changeset) if after_answer is not None else None
        if follow_up:
            given = follow_up
            continue
        stats.seconds = time.monotonic() - started
        return LoopResult(changeset, turn.text, stats)


def _written_texts(workspace: Workspace) -> list[str]:
    return [c.after_text() for c in workspace.staging.changeset().changes if c.after]


def _run_tools(
    turn: AssistantTurn, workspace: Workspace, events: RunEvents, stats: RunStats
) -> list[ToolOutcome]:
    outcomes = []
    for call in turn.tool_calls:
        if call.problem is not None:
            result = ToolResult(call.problem, is_error=True)
        else:
            result = workspace.call(call.name, call.input)
        stats.tool_calls += 1
        stats.tool_errors += int(result.is_error)
        events.tool_called(call.name, call.input, result)
        outcomes.append(ToolOutcome(call.id, result.content, result.is_error))
    return outcomes


def _check_limits(
    budget: Budget, stats: RunStats, started: float, cancel: CancelScope | None
) -> None:
    if cancel is not None and cancel.cancelled:
        raise Cancelled("the run was cancelled")
    if stats.turns >= budget.max_turns:
        raise LimitsExceeded(
            f"turn budget exhausted after {stats.turns} turns; nothing was written"
        )
    if stats.usage.output_tokens >= budget.max_output_tokens:
        raise LimitsExceeded(
            f"output-token budget exhausted ({stats.usage.output_tokens} of "
            f"{budget.max_output_tokens}); nothing was written"
        )
    elapsed = time.monotonic() - started
    if elapsed >= budget.max_seconds:
        raise LimitsExceeded(
            f"time budget exhausted after {elapsed:.0f}s of {budget.max_seconds:.0f}s; nothing was written"
        )


def _check_stop_reason(turn: AssistantTurn, stats: RunStats) -> None:
    if turn.stop_reason == "max_tokens":
        raise RunFailed(
            f"the model's answer was cut off at the token limit in turn {stats.turns}; nothing was written"
        )
    if turn.stop_reason == "refusal":
        raise RunFailed(f"the model declined the task in turn {stats.turns}; nothing was written")
