"""What the fake Chat Completions API answers, as plain Python data, and its wire rendering.

    completion(text("Writing it."), call("write_file", {"path": "a.py", "content": "x = 1\\n"}))
    completion(call("write_file", '{"path": "a.py", "cont'), finish_reason="length")
    rate_limited(retry_after="0")

A call's arguments are a mapping (sent as its JSON) or a string (sent as it is: how a
test sends what a weak model would). ``completion_json`` renders the non-streamed body,
``sse_chunks`` the streamed ``chat.completion.chunk`` objects as OpenAI's API sends them:
a first chunk with the role, content in pieces, each tool call opened by a delta with
its index, id, type and name and continued by deltas holding only the index and a piece
of ``function.arguments``, a last chunk with ``finish_reason``, then (with
``stream_options.include_usage``) a chunk with no choices and the usage.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Chunk = dict[str, Any]


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 100
    completion_tokens: int = 20
    cached_tokens: int | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
        }
        if self.cached_tokens is not None:
            data["prompt_tokens_details"] = {"cached_tokens": self.cached_tokens}
        return data


@dataclass(frozen=True)
class Call:
    name: str
    arguments: str
    id: str | None


@dataclass(frozen=True)
class Completion:
    """One assistant message.

    ``stall_at``: before streamed chunk number ``stall_at``, wait ``stall_seconds`` (or
    until the server stops). ``error_at``: instead of that chunk send an error object and
    end the stream. ``chunk_chars``: the size of each content / arguments piece.
    ``interleave``: send the pieces of parallel calls alternately (still by index).
    ``ids``: False leaves the call ids out (some local servers do). ``indexes``: "zero"
    gives every call index 0, "none" leaves the index out (servers that do either still
    send each call's id in its first delta).
    """

    text: str
    calls: tuple[Call, ...]
    finish_reason: str
    usage: Usage = field(default_factory=Usage)
    stall_at: int | None = None
    stall_seconds: float = 0.0
    error_at: int | None = None
    chunk_chars: int = 7
    interleave: bool = False
    ids: bool = True
    refusal: str | None = None
    indexes: Literal["ok", "zero", "none"] = "ok"


@dataclass(frozen=True)
class HttpError:
    """An error response shaped like OpenAI's: {"error": {"message", "type", "param", "code"}}."""

    status: int
    error_type: str
    message: str
    code: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": None,
                "code": self.code,
            }
        }


Scripted = Completion | HttpError


def text(value: str) -> str:
    return value


def call(name: str, arguments: Mapping[str, Any] | str, id: str | None = None) -> Call:
    encoded = arguments if isinstance(arguments, str) else json.dumps(dict(arguments))
    return Call(name, encoded, id or f"call_{uuid.uuid4().hex[:24]}")


def completion(
    *parts: str | Call, finish_reason: str | None = None, usage: Usage | None = None, **options: Any
) -> Completion:
    """An assistant message; finish_reason defaults to tool_calls when it calls a tool."""
    strange = [p for p in parts if not isinstance(p, str | Call)]
    if strange:
        raise TypeError(f"completion() takes text() and call() parts, got {strange!r}")
    texts = [p for p in parts if isinstance(p, str)]
    calls = tuple(p for p in parts if isinstance(p, Call))
    if finish_reason is None:
        finish_reason = "tool_calls" if calls else "stop"
    return Completion("".join(texts), calls, finish_reason, usage or Usage(), **options)


def rate_limited(retry_after: str | None = "0") -> HttpError:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return HttpError(
        429, "requests", "Rate limit reached for requests.", "rate_limit_exceeded", headers
    )


def server_error(retry_after: str = "0") -> HttpError:
    return HttpError(
        500, "server_error", "The server had an error.", None, {"retry-after": retry_after}
    )


def api_error(status: int, error_type: str, message: str, code: str | None = None) -> HttpError:
    return HttpError(status, error_type, message, code)


def completion_json(item: Completion, completion_id: str, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": item.text or None,
        "refusal": item.refusal,
    }
    if item.calls:
        message["tool_calls"] = [
            {
                **({"id": c.id} if item.ids else {}),
                "type": "function",
                "function": {"name": c.name, "arguments": c.arguments},
            }
            for c in item.calls
        ]
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": item.finish_reason}
        ],
        "usage": item.usage.as_json(),
    }


def sse_chunks(
    item: Completion, completion_id: str, model: str, *, include_usage: bool
) -> list[Chunk]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> Chunk:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": model,
            "choices": [choice],
        }

    chunks = [chunk({"role": "assistant", "content": "", "refusal": None})]
    chunks += [chunk({"content": piece}) for piece in _pieces(item.text, item.chunk_chars) if piece]
    if item.refusal:
        chunks += [chunk({"refusal": p}) for p in _pieces(item.refusal, item.chunk_chars) if p]
    per_call = [_call_deltas(i, c, item) for i, c in enumerate(item.calls)]
    if item.interleave:
        longest = max((len(d) for d in per_call), default=0)
        ordered = [d[n] for n in range(longest) for d in per_call if n < len(d)]
    else:
        ordered = [d for deltas in per_call for d in deltas]
    chunks += [chunk({"tool_calls": [d]}) for d in ordered]
    chunks.append(chunk({}, item.finish_reason))
    if include_usage:
        for c in chunks:
            c["usage"] = None
        chunks.append({**chunks[0], "choices": [], "usage": item.usage.as_json()})
    return chunks


def _call_deltas(index: int, c: Call, item: Completion) -> list[dict[str, Any]]:
    position: dict[str, Any] = {"ok": {"index": index}, "zero": {"index": 0}, "none": {}}[
        item.indexes
    ]
    opening: dict[str, Any] = {
        **position,
        "type": "function",
        "function": {"name": c.name, "arguments": ""},
    }
    if item.ids:
        opening["id"] = c.id
    pieces = [p for p in _pieces(c.arguments, item.chunk_chars) if p]
    return [opening] + [{**position, "function": {"arguments": p}} for p in pieces]


def _pieces(value: str, size: int) -> list[str]:
    return [value[i : i + size] for i in range(0, len(value), size)] or [""]
