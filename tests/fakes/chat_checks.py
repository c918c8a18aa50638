"""The request checks an OpenAI-compatible Chat Completions server makes that a client can get wrong.

Each returns the kind of 400 message the API gives, or None when the request is well formed.
"""

from __future__ import annotations

from typing import Any

ROLES = {"system", "developer", "user", "assistant", "tool"}


def request_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "We could not parse the JSON body of your request."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    if "stream_options" in body and not body.get("stream"):
        return "The 'stream_options' parameter is only allowed when 'stream' is enabled."
    return _roles(messages) or _tools(body.get("tools")) or _tool_pairing(messages)


def _roles(messages: list[Any]) -> str | None:
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            return f"Invalid value for 'messages[{i}].role'"
        if message["role"] == "tool" and not isinstance(message.get("content"), str):
            return f"messages[{i}]: a tool message needs string content"
        if message["role"] in ("system", "user") and not message.get("content"):
            return f"messages[{i}]: content must not be empty"
    return None


def _tools(tools: Any) -> str | None:
    if tools is None:
        return None
    if not isinstance(tools, list) or not tools:
        return "'tools' must be a non-empty array when given"
    for i, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if tool.get("type") != "function" or not isinstance(function, dict):
            return f"Invalid value for 'tools[{i}]': expected a function tool"
        if not isinstance(function.get("name"), str) or not function["name"]:
            return f"Missing required parameter: 'tools[{i}].function.name'."
    return None


def _tool_pairing(messages: list[Any]) -> str | None:
    """An assistant message with tool_calls must be followed by one tool message per call id."""
    for i, message in enumerate(messages):
        if message["role"] == "tool" and (
            i == 0 or messages[i - 1]["role"] not in ("assistant", "tool")
        ):
            return (
                f"Invalid parameter: messages with role 'tool' must be a response to a "
                f"preceeding message with 'tool_calls' (messages[{i}])."
            )
        calls = message.get("tool_calls") if message["role"] == "assistant" else None
        if not calls:
            continue
        asked = [c.get("id") for c in calls]
        if any(not isinstance(c.get("function", {}).get("arguments"), str) for c in calls):
            return f"messages[{i}].tool_calls: function.arguments must be a string"
        answered = []
        for following in messages[i + 1 :]:
            if following["role"] != "tool":
                break
            answered.append(following.get("tool_call_id"))
        missing = [a for a in asked if a not in answered]
        if missing:
            return (
                "An assistant message with 'tool_calls' must be followed by tool messages "
                "responding to each 'tool_call_id'. The following tool_call_ids did not have "
                f"response messages: {', '.join(str(m) for m in missing)}"
            )
        unexpected = [a for a in answered if a not in asked]
        if unexpected:
            return (
                f"Invalid parameter: messages with role 'tool' must be a response to a "
                f"preceeding message with 'tool_calls' ({', '.join(map(str, unexpected))})."
            )
    return None
