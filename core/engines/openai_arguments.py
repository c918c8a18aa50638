"""Tool calls from models that are weak at function calling, decoded without ever crashing.

A call's ``arguments`` must be the JSON text of an object. What local models send instead
(text that is not JSON, a JSON string holding the object's JSON, a list, a tool name that
does not exist) becomes a call with a ``problem``: the loop answers it as a tool error,
so the model learns what was wrong and can try again.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from backendbot.core.engines.base import ToolCall
from backendbot.core.engines.openai_stream import RawCall

_SHOWN_CHARS = 80
_JSON_KINDS = {
    list: "an array",
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}


def decode_call(raw: RawCall, call_id: str, tools: Collection[str]) -> ToolCall:
    """``raw`` as a ToolCall; ``problem`` says what is wrong with it, if anything."""
    name = raw.name.strip()
    if name not in tools:
        known = ", ".join(sorted(tools))
        shown = repr(name) if name else "no tool name"
        return ToolCall(call_id, name, {}, f"unknown tool {shown}; available: {known}")
    arguments, problem = decode_arguments(raw.arguments)
    return ToolCall(call_id, name, arguments, f"{name}: {problem}" if problem else None)


def decode_arguments(text: str) -> tuple[dict[str, Any], str | None]:
    """The arguments object, or ``{}`` and the reason it cannot be read."""
    if not text.strip():
        return {}, None  # some servers send "" for a call without arguments
    try:
        value: object = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, (
            f"the arguments are not valid JSON ({exc.msg} at character {exc.pos}): "
            f"{_shown(text)}; send one JSON object"
        )
    except (ValueError, RecursionError) as exc:  # a huge number, nesting too deep
        return {}, f"the arguments cannot be read ({type(exc).__name__}): {_shown(text)}"
    if isinstance(value, str):
        return {}, (
            "the arguments are a JSON string, not an object (JSON encoded twice?): "
            f"{_shown(text)}; send the object itself"
        )
    if not isinstance(value, dict):
        kind = _JSON_KINDS.get(type(value), type(value).__name__)
        return {}, f"the arguments must be a JSON object, got {kind}: {_shown(text)}"
    return value, None


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= _SHOWN_CHARS else flat[: _SHOWN_CHARS - 1] + "…")
