"""What the fake Messages API answers, written as plain Python data, and its wire rendering.

    reply(text("Writing it."), tool_use("write_file", {"path": "a.py", "content": "x = 1\\n"}))
    rate_limited(retry_after="0.01")
    overloaded()

``message_json`` renders a reply as the API's non-streaming JSON body, ``sse_events``
as the streamed events (message_start, ping, content_block_start/delta/stop with
text_delta and input_json_delta split into several chunks, message_delta, message_stop).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Block = dict[str, Any]
Event = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 100
    output_tokens: int = 20
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
        }


@dataclass(frozen=True)
class Reply:
    """One assistant message.

    ``stall_at``: before streaming event number ``stall_at`` (0 = message_start), wait
    ``stall_seconds`` (or until the server stops). ``error_at``: instead of that event,
    send an SSE ``error`` event with ``mid_stream_error`` and end the stream.
    ``chunk_chars``: the size of each input_json_delta / text_delta piece.
    """

    content: tuple[Block, ...]
    stop_reason: str = "end_turn"
    usage: Usage = field(default_factory=Usage)
    stall_at: int | None = None
    stall_seconds: float = 0.0
    error_at: int | None = None
    mid_stream_error: tuple[str, str] = ("overloaded_error", "Overloaded")
    chunk_chars: int = 7


@dataclass(frozen=True)
class HttpError:
    """An error response shaped like the API's: {"type": "error", "error": {...}}."""

    status: int
    error_type: str
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"type": "error", "error": {"type": self.error_type, "message": self.message}}


Scripted = Reply | HttpError


def text(value: str) -> Block:
    return {"type": "text", "text": value}


def tool_use(name: str, input: Mapping[str, Any], id: str | None = None) -> Block:
    return {
        "type": "tool_use",
        "id": id or f"toolu_{uuid.uuid4().hex[:24]}",
        "name": name,
        "input": dict(input),
    }


def reply(
    *blocks: Block,
    stop_reason: str | None = None,
    usage: Usage | None = None,
    **options: Any,
) -> Reply:
    """An assistant message; the stop reason defaults to tool_use when a block calls a tool."""
    if stop_reason is None:
        stop_reason = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
    return Reply(tuple(blocks), stop_reason, usage or Usage(), **options)


def rate_limited(retry_after: str | None = "0", retry_after_ms: str | None = None) -> HttpError:
    headers = {}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return HttpError(
        429, "rate_limit_error", "Number of request tokens has exceeded your rate limit.", headers
    )


def overloaded(retry_after_ms: str = "1") -> HttpError:
    return HttpError(529, "overloaded_error", "Overloaded", {"retry-after-ms": retry_after_ms})


def server_error(retry_after_ms: str = "1") -> HttpError:
    return HttpError(500, "api_error", "Internal server error", {"retry-after-ms": retry_after_ms})


def api_error(status: int, error_type: str, message: str) -> HttpError:
    return HttpError(status, error_type, message)


def from_data(data: Mapping[str, Any]) -> Scripted:
    """A scripted reply from JSON data (for the server run as a process with --script)."""
    if "error" in data:
        err = data["error"]
        return HttpError(
            int(err["status"]), err["type"], err["message"], dict(err.get("headers", {}))
        )
    usage = Usage(**data.get("usage", {}))
    return reply(*data["content"], stop_reason=data.get("stop_reason"), usage=usage)


def message_json(item: Reply, message_id: str, model: str) -> dict[str, Any]:
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [dict(b) for b in item.content],
        "stop_reason": item.stop_reason,
        "stop_sequence": None,
        "usage": item.usage.as_json(),
    }


def sse_events(item: Reply, message_id: str, model: str) -> list[Event]:
    start = message_json(item, message_id, model)
    start.update(content=[], stop_reason=None)
    start["usage"] = {**item.usage.as_json(), "output_tokens": 1}
    events: list[Event] = [("message_start", {"type": "message_start", "message": start})]
    events.append(("ping", {"type": "ping"}))
    for index, block in enumerate(item.content):
        events.extend(_block_events(index, block, item.chunk_chars))
    delta = {"stop_reason": item.stop_reason, "stop_sequence": None}
    events.append(
        ("message_delta", {"type": "message_delta", "delta": delta, "usage": item.usage.as_json()})
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def _block_events(index: int, block: Block, size: int) -> list[Event]:
    if block["type"] == "text":
        opening: Block = {"type": "text", "text": ""}
        deltas = [{"type": "text_delta", "text": piece} for piece in _pieces(block["text"], size)]
    elif block["type"] == "tool_use":
        opening = {**block, "input": {}}
        encoded = json.dumps(block["input"])
        deltas = [{"type": "input_json_delta", "partial_json": p} for p in _pieces(encoded, size)]
    else:
        raise ValueError(f"the fake Messages API cannot stream a {block['type']!r} block")
    events: list[Event] = [
        (
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": opening},
        )
    ]
    events += [
        ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": d})
        for d in deltas
    ]
    events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    return events


def _pieces(value: str, size: int) -> list[str]:
    return [value[i : i + size] for i in range(0, len(value), size)] or [""]
