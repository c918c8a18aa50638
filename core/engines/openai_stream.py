"""A Chat Completions answer, whole: assembled from streamed chunks, or read from one JSON body.

Servers split a tool call across chunks: the first delta of a call carries its ``index``,
``id`` and ``function.name``, later ones only ``index`` and a piece of
``function.arguments``. Pieces are joined by index, so calls may even interleave. Some
OpenAI-compatible servers leave the index out or give every call index 0: a delta that
brings a new id for an index already in use starts a new call there.
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
    current: dict[int | None, int] = {}  # the server's index -> the slot it now fills
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
                    slot = _slot_of(getattr(part, "index", None), part.id, slots, current)
                    call = slots[slot]
                    call.id = call.id or (part.id or "")
                    function = part.function
                    if function is not None:
                        name = function.name or ""
                        if name != call.name:  # some servers repeat the whole name each time
                            call.name += name
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


def _slot_of(
    index: int | None,
    call_id: str | None,
    slots: dict[int, RawCall],
    current: dict[int | None, int],
) -> int:
    slot = current.get(index)
    if slot is None or (call_id and slots[slot].id and call_id != slots[slot].id):
        slot = len(slots)
        slots[slot] = RawCall("", "", "")
        current[index] = slot
    return slot


def _text(arguments: Any) -> str:
    """Arguments are JSON text; a server that sends an object instead gets it encoded."""
    if arguments is None:
        return ""
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments)
