"""Pure conversions between backendbot's engine types and the Messages API's wire shapes.

Prompt caching: the system block and the last tool carry ``cache_control`` (tools and
system form a stable prefix), and each request marks the newest user message too, so
the conversation so far is read from the cache on the next turn. That is three of the
API's four breakpoints; the history itself is kept unmarked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from backendbot.core.engines.base import AssistantTurn, StopReason, ToolCall, ToolOutcome, Usage
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.tools import ToolSpec

if TYPE_CHECKING:
    from anthropic.types import (
        Message,
        MessageParam,
        TextBlockParam,
        ToolParam,
        ToolResultBlockParam,
    )

EPHEMERAL = {"type": "ephemeral"}
NOT_RUN = "This tool call was not run."

_SAME_NAME: dict[str, StopReason] = {
    "end_turn": "end_turn",
    "tool_use": "tool_use",
    "max_tokens": "max_tokens",
    "refusal": "refusal",
    "stop_sequence": "stop_sequence",
    "pause_turn": "pause_turn",
    # The answer was cut off by the context window rather than max_tokens: same outcome.
    "model_context_window_exceeded": "max_tokens",
}


def system_blocks(system: str) -> list[TextBlockParam]:
    """The system prompt as one cached text block (none if empty: the API refuses empty text)."""
    if not system.strip():
        return []
    return [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]


def tool_params(tools: Sequence[ToolSpec]) -> list[ToolParam]:
    """Tool definitions; the last one carries the cache breakpoint for the whole list."""
    params: list[ToolParam] = [
        {"name": t.name, "description": t.description, "input_schema": t.input_schema}
        for t in tools
    ]
    if params:
        params[-1]["cache_control"] = {"type": "ephemeral"}
    return params


def tool_results(
    outcomes: Iterable[ToolOutcome], pending: Sequence[str]
) -> list[ToolResultBlockParam]:
    """One tool_result block per pending call, in the calls' order.

    A call the caller did not answer is answered ``is_error`` ("not run"), since the
    API refuses a tool_use without its tool_result; an answer to an unknown call id is
    a programming error.
    """
    by_id = {o.call_id: o for o in outcomes}
    unknown = set(by_id) - set(pending)
    if unknown:
        raise ValueError(f"tool outcomes for calls that were not made: {sorted(unknown)}")
    blocks: list[ToolResultBlockParam] = []
    for call_id in pending:
        outcome = by_id.get(call_id, ToolOutcome(call_id, NOT_RUN, is_error=True))
        blocks.append(
            {
                "type": "tool_result",
                "tool_use_id": call_id,
                "content": outcome.content or "(no output)",
                "is_error": outcome.is_error,
            }
        )
    return blocks


def text_block(text: str) -> TextBlockParam:
    return {"type": "text", "text": text}


def with_cache_breakpoint(messages: Sequence[MessageParam]) -> list[MessageParam]:
    """A copy of ``messages`` whose last user message's last block carries cache_control."""
    out = list(messages)
    if not out or out[-1]["role"] != "user":
        return out
    last = out[-1]
    content = last["content"]
    blocks: list[Any] = (
        [text_block(content)] if isinstance(content, str) else [dict(b) for b in content]
    )
    if not blocks:
        return out
    blocks[-1] = {**blocks[-1], "cache_control": dict(EPHEMERAL)}
    out[-1] = {"role": "user", "content": blocks}
    return out


def to_turn(message: Message) -> AssistantTurn:
    """The assistant turn the loop sees: text, tool calls, stop reason, usage."""
    texts = [b.text for b in message.content if b.type == "text" and b.text]
    calls = tuple(
        ToolCall(b.id, b.name, _as_object(b.input)) for b in message.content if b.type == "tool_use"
    )
    return AssistantTurn("\n".join(texts), calls, stop_reason(message.stop_reason), usage(message))


def stop_reason(reason: str | None) -> StopReason:
    if reason is None:
        raise RunFailed("the model's answer ended before it was complete (no stop reason)")
    mapped = _SAME_NAME.get(reason)
    if mapped is None:
        raise RunFailed(f"the model stopped for a reason backendbot does not know: {reason!r}")
    return mapped


def usage(message: Message) -> Usage:
    u = message.usage
    return Usage(
        input_tokens=u.input_tokens or 0,
        output_tokens=u.output_tokens or 0,
        cache_read_tokens=u.cache_read_input_tokens or 0,
        cache_creation_tokens=u.cache_creation_input_tokens or 0,
    )


def _as_object(value: object) -> dict[str, Any]:
    return dict(cast("dict[str, Any]", value)) if isinstance(value, dict) else {}
