"""assemble() on chunk shapes OpenAI-compatible servers send besides OpenAI's own."""

from __future__ import annotations

from typing import Any

from openai.types.chat import ChatCompletionChunk

from backendbot.core.engines.openai_stream import assemble


def _chunk(delta: dict[str, Any], finish: str | None = None) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    )


def test_a_name_repeated_in_every_delta_is_kept_once() -> None:
    done = assemble(
        [
            _chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "x",
                            "function": {"name": "read_file", "arguments": '{"pa'},
                        }
                    ]
                }
            ),
            _chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "x",
                            "function": {"name": "read_file", "arguments": 'th": "a"}'},
                        }
                    ]
                }
            ),
            _chunk({}, "tool_calls"),
        ]
    )
    assert [(c.id, c.name, c.arguments) for c in done.calls] == [
        ("x", "read_file", '{"path": "a"}')
    ]
    assert done.finish_reason == "tool_calls"


def test_a_name_split_across_deltas_is_joined() -> None:
    done = assemble(
        [
            _chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "x", "function": {"name": "read_", "arguments": ""}}
                    ]
                }
            ),
            _chunk({"tool_calls": [{"index": 0, "function": {"name": "file", "arguments": "{}"}}]}),
        ]
    )
    assert [(c.name, c.arguments) for c in done.calls] == [("read_file", "{}")]
    assert done.finish_reason is None  # the caller treats this as an incomplete answer


def test_usage_only_chunks_and_other_choices_are_read_right() -> None:
    usage_chunk = ChatCompletionChunk.model_validate(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        }
    )
    other = _chunk({"content": "ignored"})
    other.choices[0].index = 1
    done = assemble(
        [_chunk({"content": "Hel"}), other, _chunk({"content": "lo"}, "stop"), usage_chunk]
    )
    assert done.text == "Hello"
    assert done.usage is not None and done.usage.completion_tokens == 2
