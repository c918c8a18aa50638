"""The contract between the agent loop and whatever produces the agent's turns.

An engine is stateful for one run: ``begin`` gives it the system prompt, the tools and
the task; each ``next_turn`` gives it what the previous turn's tool calls answered (or a
follow-up instruction) and returns the next assistant turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from backendbot.core.workspace.tools import ToolSpec

StopReason = Literal["end_turn", "tool_use", "max_tokens", "refusal", "stop_sequence", "pause_turn"]


@dataclass(frozen=True)
class ToolCall:
    """A call the model made; ``problem`` set means it could not be read (bad arguments,
    unknown tool): the loop answers it as a tool error without running anything."""

    id: str
    name: str
    input: dict[str, Any]
    problem: str | None = None


@dataclass(frozen=True)
class ToolOutcome:
    """A tool call's answer as it goes back to the engine."""

    call_id: str
    content: str
    is_error: bool = False


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.cache_read_tokens += other.cache_read_tokens
        self.cache_creation_tokens += other.cache_creation_tokens


@dataclass(frozen=True)
class AssistantTurn:
    text: str
    tool_calls: tuple[ToolCall, ...]
    stop_reason: StopReason
    usage: Usage = field(default_factory=Usage)


# What the loop hands the engine for the next turn: the tool outcomes of the last turn,
# or a plain instruction (used once, to ask for unpersisted code to be written).
TurnInput = Sequence[ToolOutcome] | str


class Engine(Protocol):
    name: str
    model: str | None

    def begin(self, system: str, tools: Sequence[ToolSpec], task: str) -> None: ...

    def next_turn(self, given: TurnInput) -> AssistantTurn: ...

    def cancel(self) -> None:
        """Stop an in-flight model call as soon as possible (called from another thread)."""
        ...
