"""A Chat Completions answer, whole: assembled from streamed chunks, or read from one JSON body.

Servers split a tool call across chunks: the first delta of a call carries its ``index``,
``id`` and ``function.name``, later ones only ``index`` and a piece of
``function.arguments``. Pieces are joined by index, so calls may even interleave. Some
OpenAI-compatible servers leave the index out; a delta without one continues the last
call unless it brings a new id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openai.types import CompletionUsage
    from openai.types.chat import ChatCompletion, ChatCompletionChunk


@dataclass
class RawCall:
    """A tool call as the server sent it: ``arguments`` is the JSON text, still undecoded."""

    id: str
    name: str
    arguments: str


@dataclass
class Completion:
    text: str = ""
    refusal: str = ""
    calls: list[RawCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: CompletionUsage | None = None


def assemble(chunks: Iterable[ChatCompletionChunk]) -> Completion:
    """Join the chunks of one streamed answer (only choice 0 is read)."""
    done = Completion()
    text: list[str] = []
    refusal: list[str] = []
    slots: dict[int, RawCall] = {}
    pieces: dict[int, list[str]] = {}
    for chunk in chunks:
        if chunk.usage is not None:  # the last chunk with include_usage; some servers: every one
            done.usage = chunk.usage
        for choice in chunk.choices or ():
            if choice.index not in (0, None):
                continue
            delta = choice.delta
            if delta is not None:
                text.append(delta.content or "")
                refusal.append(getattr(delta, "refusal", None) or "")
                for part in delta.tool_calls or ():
                    slot = _slot_of(part.index, part.id, slots)
                    call = slots.setdefault(slot, RawCall("", "", ""))
                    call.id = call.id or (part.id or "")
                    function = part.function
                    if function is not None:
                        call.name += function.name or ""
                        pieces.setdefault(slot, []).append(_text(function.arguments))
            if choice.finish_reason:
                done.finish_reason = choice.finish_reason
    for slot in sorted(slots):
        slots[slot].arguments = "".join(pieces.get(slot, []))
        done.calls.append(slots[slot])
    done.text = "".join(text)
    done.refusal = "".join(refusal)
    return done


def from_completion(completion: ChatCompletion) -> Completion:
    """The same from a non-streamed answer."""
    done = Completion(usage=completion.usage)
    if not completion.choices:
        return done
    choice = completion.choices[0]
    message = choice.message
    done.finish_reason = choice.finish_reason
    done.text = message.content or ""
    done.refusal = getattr(message, "refusal", None) or ""
    for call in message.tool_calls or ():
        function = getattr(call, "function", None)
        if function is not None:
            done.calls.append(
                RawCall(call.id or "", function.name or "", _text(function.arguments))
            )
    return done


def _slot_of(index: int | None, call_id: str | None, slots: dict[int, RawCall]) -> int:
    if index is not None:
        return index
    if not slots:
        return 0
    last = max(slots)
    if call_id and slots[last].id and call_id != slots[last].id:
        return last + 1
    return last


def _text(arguments: Any) -> str:
    """Arguments are JSON text; a server that sends an object instead gets it encoded."""
    if arguments is None:
        return ""
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments)
