"""The request checks the real Messages API makes that a client can get wrong.

Each returns the API's kind of 400 message, or None when the request is well formed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

MAX_CACHE_BREAKPOINTS = 4


def request_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "request body must be a JSON object"
    for name, kind in (("model", str), ("max_tokens", int), ("messages", list)):
        if not isinstance(body.get(name), kind):
            return f"{name}: Field required"
    if body["max_tokens"] < 1:
        return "max_tokens: must be greater than or equal to 1"
    messages = body["messages"]
    if not messages or messages[0].get("role") != "user":
        return "messages: the first message must use the user role"
    return _empty_text(body) or _tool_pairing(messages) or _too_many_breakpoints(body)


def _blocks(content: Any) -> list[Mapping[str, Any]]:
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []


def _all_blocks(body: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from _blocks(body.get("system"))
    yield from _blocks(body.get("tools"))
    for message in body["messages"]:
        yield from _blocks(message.get("content"))


def _empty_text(body: Mapping[str, Any]) -> str | None:
    for block in _all_blocks(body):
        if block.get("type") == "text" and not block.get("text"):
            return "messages: text content blocks must be non-empty"
    return None


def _tool_pairing(messages: list[Any]) -> str | None:
    for i, message in enumerate(messages):
        if message.get("role") != "assistant":
            continue
        asked = [b["id"] for b in _blocks(message.get("content")) if b.get("type") == "tool_use"]
        if not asked:
            continue
        following = messages[i + 1] if i + 1 < len(messages) else None
        if following is None:
            continue  # a trailing assistant message is a prefill or a paused turn
        answered = [
            b.get("tool_use_id")
            for b in _blocks(following.get("content"))
            if b.get("type") == "tool_result"
        ]
        missing = [a for a in asked if a not in answered]
        if following.get("role") != "user" or missing:
            return (
                f"messages.{i + 1}: `tool_use` ids were found without `tool_result` blocks "
                f"immediately after: {', '.join(missing or asked)}"
            )
        unexpected = [a for a in answered if a not in asked]
        if unexpected:
            return f"messages.{i + 1}: unexpected `tool_use_id` found in `tool_result` blocks"
        kinds = [b.get("type") for b in _blocks(following.get("content"))]
        if kinds[: len(answered)] != ["tool_result"] * len(answered):
            return f"messages.{i + 1}: `tool_result` blocks must come first in the content"
    return None


def _too_many_breakpoints(body: Mapping[str, Any]) -> str | None:
    found = sum(1 for block in _all_blocks(body) if "cache_control" in block)
    if found > MAX_CACHE_BREAKPOINTS:
        return f"A maximum of {MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found {found}."
    return None
