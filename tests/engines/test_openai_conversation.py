"""The openai engine's turns over the real SDK against the scripted Chat Completions API."""

from __future__ import annotations

import json

import pytest

from backendbot.core.engines.base import ToolOutcome
from tests.engines.conftest import OPENAI_MODEL, TOOLS, OpenAIFactory
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import Usage, call, completion, text
from tests.fakes.fixtures import FAKE_OPENAI_KEY

TASK = "Add a health endpoint."
CONTENT = "def health():\n    return {'status': 'ok'}\n" * 3


@pytest.mark.parametrize("stream", [True, False])
def test_a_tool_call_split_across_chunks_is_assembled(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, stream: bool
) -> None:
    chat_api.script(
        completion(
            text("Writing it."),
            call("write_file", {"path": "health.py", "content": CONTENT}, id="call_1"),
            chunk_chars=5,
        )
    )
    engine = make_openai(stream=stream)
    engine.begin("Be careful.", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert turn.text == "Writing it."
    assert turn.stop_reason == "tool_use"
    assert [(c.id, c.name, c.input, c.problem) for c in turn.tool_calls] == [
        ("call_1", "write_file", {"path": "health.py", "content": CONTENT}, None)
    ]
    body = chat_api.requests[0].body
    assert body["model"] == OPENAI_MODEL
    assert body["stream"] is stream
    assert ("stream_options" in body) is stream
    assert body["messages"] == [
        {"role": "system", "content": "Be careful."},
        {"role": "user", "content": TASK},
    ]
    assert body["tools"][1] == {
        "type": "function",
        "function": {
            "name": "write_file",
            "description": "The write_file tool.",
            "parameters": TOOLS[1].input_schema,
        },
    }
    assert body["max_tokens"] == 8192


@pytest.mark.parametrize("interleave", [False, True])
def test_parallel_calls_are_answered_in_order_one_tool_message_each(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, interleave: bool
) -> None:
    chat_api.script(
        completion(
            call("read_file", {"path": "a.py"}, id="call_a"),
            call("read_file", {"path": "b.py"}, id="call_b"),
            call("write_file", {"path": "c.py", "content": "c = 3\n"}, id="call_c"),
            interleave=interleave,
            chunk_chars=3,
        ),
        completion(text("Done.")),
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert [(c.id, c.input.get("path")) for c in turn.tool_calls] == [
        ("call_a", "a.py"),
        ("call_b", "b.py"),
        ("call_c", "c.py"),
    ]
    # answered out of order, one refused: they go back in the calls' order
    outcomes = [
        ToolOutcome("call_c", "wrote c.py"),
        ToolOutcome("call_a", "a = 1"),
        ToolOutcome("call_b", "b.py: no such file", is_error=True),
    ]
    assert engine.next_turn(outcomes).text == "Done."
    messages = chat_api.requests[1].body["messages"]
    assistant = messages[2]
    assert assistant["role"] == "assistant"
    assert [c["id"] for c in assistant["tool_calls"]] == ["call_a", "call_b", "call_c"]
    assert json.loads(assistant["tool_calls"][2]["function"]["arguments"]) == {
        "path": "c.py",
        "content": "c = 3\n",
    }
    assert messages[3:] == [
        {"role": "tool", "tool_call_id": "call_a", "content": "a = 1"},
        {"role": "tool", "tool_call_id": "call_b", "content": "Error: b.py: no such file"},
        {"role": "tool", "tool_call_id": "call_c", "content": "wrote c.py"},
    ]


def test_an_unanswered_call_goes_back_as_not_run(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(
        completion(
            call("read_file", {"path": "a.py"}, id="c1"), call("read_file", {"path": "b"}, id="c2")
        ),
        completion(text("ok")),
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    engine.next_turn(TASK)
    engine.next_turn([ToolOutcome("c1", "a")])
    last = chat_api.requests[1].body["messages"][-1]
    assert last == {
        "role": "tool",
        "tool_call_id": "c2",
        "content": "Error: This tool call was not run.",
    }


def test_an_instruction_follows_the_tool_messages(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("Here is code.")), completion(text("Saved.")))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    engine.next_turn(TASK)
    engine.next_turn("Please save it with write_file.")
    messages = chat_api.requests[1].body["messages"]
    assert messages[-2] == {"role": "assistant", "content": "Here is code."}
    assert messages[-1] == {"role": "user", "content": "Please save it with write_file."}
    with pytest.raises(ValueError, match="needs tool outcomes or an instruction"):
        engine.next_turn(())


def test_usage_with_cached_tokens(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(
        completion(
            text("Done."), usage=Usage(prompt_tokens=1200, completion_tokens=30, cached_tokens=1024)
        )
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    usage = engine.next_turn(TASK).usage
    assert (usage.input_tokens, usage.output_tokens, usage.cache_read_tokens) == (176, 30, 1024)


def test_usage_without_cache_details(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(completion(text("Done."), usage=Usage(prompt_tokens=50, completion_tokens=7)))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    usage = engine.next_turn(TASK).usage
    assert (usage.input_tokens, usage.output_tokens, usage.cache_read_tokens) == (50, 7, 0)


def test_the_key_is_only_in_the_authorization_header(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("Done.")))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    engine.next_turn(TASK)
    request = chat_api.requests[0]
    assert request.headers["authorization"] == f"Bearer {FAKE_OPENAI_KEY}"
    assert FAKE_OPENAI_KEY.encode() not in request.raw


def test_stop_with_tool_calls_counts_as_tool_calls(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    """Ollama answers finish_reason "stop" when the message calls tools."""
    chat_api.script(completion(call("read_file", {"path": "a.py"}), finish_reason="stop"))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert turn.stop_reason == "tool_use"
    assert len(turn.tool_calls) == 1


def test_calls_without_ids_get_ids_the_answers_can_name(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(
        completion(
            call("read_file", {"path": "a.py"}), call("read_file", {"path": "b.py"}), ids=False
        ),
        completion(text("ok")),
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    ids = [c.id for c in turn.tool_calls]
    assert len(set(ids)) == 2 and all(ids)
    engine.next_turn([ToolOutcome(i, "x") for i in ids])
    messages = chat_api.requests[1].body["messages"]
    assert [c["id"] for c in messages[2]["tool_calls"]] == ids
    assert [m["tool_call_id"] for m in messages[3:]] == ids


@pytest.mark.parametrize("indexes", ["zero", "none"])
def test_calls_without_proper_indexes_are_told_apart_by_their_ids(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, indexes: str
) -> None:
    chat_api.script(
        completion(
            call("read_file", {"path": "a.py"}, id="call_a"),
            call("write_file", {"path": "b.py", "content": "b = 2\n"}, id="call_b"),
            indexes=indexes,
            chunk_chars=4,
        )
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert [(c.id, c.name, c.input, c.problem) for c in turn.tool_calls] == [
        ("call_a", "read_file", {"path": "a.py"}, None),
        ("call_b", "write_file", {"path": "b.py", "content": "b = 2\n"}, None),
    ]
