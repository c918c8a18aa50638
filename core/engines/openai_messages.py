"""Pure conversions between backendbot's engine types and the Chat Completions wire shapes.

The conversation is a list of messages: ``system``, the task as ``user``, then each
assistant message as the server sent it (its ``tool_calls`` with the arguments text
unchanged) followed by one ``tool`` message per call, in the calls' order. Chat
Completions has no error flag on a tool result, so a refused call's content starts
with ``Error:``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from backendbot.core.engines.base import StopReason, ToolOutcome, Usage
from backendbot.core.engines.openai_stream import Completion
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.tools import ToolSpec

if TYPE_CHECKING:
    from openai.types import CompletionUsage

NOT_RUN = "This tool call was not run."
ERROR_PREFIX = "Error: "

_STOP_REASONS: dict[str, StopReason] = {
    "stop": "end_turn",
    "tool_calls": "tool_use",
    "function_call": "tool_use",  # the deprecated name some servers still send
    "length": "max_tokens",
    "content_filter": "refusal",
}

Message = dict[str, Any]


def tool_params(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {
                "name": t.name,
                "description": t.description,
                "parameters": t.input_schema,
            },
        }
        for t in tools
    ]


def system_message(system: str) -> list[Message]:
    return [{"role": "system", "content": system}] if system.strip() else []


def user_message(text: str) -> Message:
    return {"role": "user", "content": text}


def assistant_message(done: Completion, call_ids: Sequence[str]) -> Message:
    """The assistant's answer as it goes back in the history (call ids as the loop saw them)."""
    message: Message = {"role": "assistant", "content": done.text or None}
    if done.calls:
        message["tool_calls"] = [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call_id, call in zip(call_ids, done.calls, strict=True)
        ]
    elif not done.text:
        message["content"] = ""
    return message


def tool_messages(outcomes: Iterable[ToolOutcome], pending: Sequence[str]) -> list[Message]:
    """One ``tool`` message per pending call, in the calls' order; unanswered ones "not run"."""
    by_id = {o.call_id: o for o in outcomes}
    unknown = set(by_id) - set(pending)
    if unknown:
        raise ValueError(f"tool outcomes for calls that were not made: {sorted(unknown)}")
    messages: list[Message] = []
    for call_id in pending:
        outcome = by_id.get(call_id, ToolOutcome(call_id, NOT_RUN, is_error=True))
        content = outcome.content or "(no output)"
        if outcome.is_error:
            content = ERROR_PREFIX + content
        messages.append({"role": "tool", "tool_call_id": call_id, "content": content})
    return messages


def stop_reason(done: Completion) -> StopReason:
    """``finish_reason`` in the loop's terms.

    A server that says ``stop`` while it sent tool calls (Ollama does) means ``tool_calls``;
    ``stop`` with only a ``refusal`` is a refusal.
    """
    reason = done.finish_reason
    if reason is None:
        raise RunFailed("the model's answer ended before it was complete (no finish_reason)")
    mapped = _STOP_REASONS.get(reason)
    if mapped is None:
        raise RunFailed(f"the model stopped for a reason backendbot does not know: {reason!r}")
    if mapped == "end_turn" and done.calls:
        return "tool_use"
    if mapped == "end_turn" and done.refusal and not done.text:
        return "refusal"  # OpenAI's refusal field: the model declined, in its own words
    return mapped


def usage(reported: CompletionUsage | None) -> Usage:
    """Token counts; ``input_tokens`` leaves out the cached part, as the Messages API counts it."""
    if reported is None:
        return Usage()
    details = getattr(reported, "prompt_tokens_details", None)
    cached = (getattr(details, "cached_tokens", None) or 0) if details is not None else 0
    prompt = reported.prompt_tokens or 0
    return Usage(
        input_tokens=max(prompt - cached, 0),
        output_tokens=reported.completion_tokens or 0,
        cache_read_tokens=cached,
    )
