"""The anthropic engine's conversation over several turns, through the real SDK and HTTP."""

from __future__ import annotations

import json

from backendbot.core.engines.base import ToolCall, ToolOutcome, Usage
from tests.engines.conftest import MODEL, TOOLS, EngineFactory
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import Usage as WireUsage
from tests.fakes.messages_script import reply, text, tool_use

SYSTEM = "You are a careful backend developer."
TASK = "Add a health endpoint."

ROUTE = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("/health")\ndef health() -> dict[str, str]:\n    return {"status": "ök ✓"}\n'


def test_turns_with_tool_calls_and_results(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(text("Let me look first."), tool_use("read_file", {"path": "app.py"}, id="toolu_1")),
        reply(
            tool_use("write_file", {"path": "routes/health.py", "content": ROUTE}, id="toolu_2"),
            tool_use("read_file", {"path": "../etc/passwd"}, id="toolu_3"),
        ),
        reply(text("Added GET /health."), stop_reason="end_turn"),
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)

    first = engine.next_turn(TASK)
    assert first.text == "Let me look first."
    assert first.tool_calls == (ToolCall("toolu_1", "read_file", {"path": "app.py"}),)
    assert first.stop_reason == "tool_use"

    second = engine.next_turn([ToolOutcome("toolu_1", "app = FastAPI()\n")])
    assert second.tool_calls == (
        ToolCall("toolu_2", "write_file", {"path": "routes/health.py", "content": ROUTE}),
        ToolCall("toolu_3", "read_file", {"path": "../etc/passwd"}),
    )

    third = engine.next_turn(
        [
            ToolOutcome("toolu_2", "wrote routes/health.py (150 bytes, sha256 ab12)"),
            ToolOutcome("toolu_3", "refused: the path leaves the repository", is_error=True),
        ]
    )
    assert third.text == "Added GET /health."
    assert third.tool_calls == ()
    assert third.stop_reason == "end_turn"

    bodies = [r.body for r in messages_api.requests]
    assert len(bodies) == 3
    assert all(b["model"] == MODEL and b["stream"] is True for b in bodies)
    last = bodies[2]["messages"]
    assert [m["role"] for m in last] == ["user", "assistant", "user", "assistant", "user"]
    assert (
        last[0]["content"][0]["text"] == TASK
    )  # the task once, though begin and next_turn both had it
    assert len(last[0]["content"]) == 1
    # the assistant's content goes back as the API returned it
    assert last[1]["content"] == [
        {"type": "text", "text": "Let me look first."},
        {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {"path": "app.py"}},
    ]
    results = last[4]["content"]
    assert [(b["type"], b["tool_use_id"], b["is_error"]) for b in results] == [
        ("tool_result", "toolu_2", False),
        ("tool_result", "toolu_3", True),
    ]
    assert results[1]["content"] == "refused: the path leaves the repository"


def test_streamed_tool_input_is_assembled_from_many_json_chunks(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    payload = {"path": "src/app/main.py", "content": ROUTE * 20, "nested": {"a": [1, 2.5, None]}}
    messages_api.script(
        reply(tool_use("write_file", payload, id="toolu_big"), chunk_chars=5),
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert len(json.dumps(payload)) // 5 > 100  # the input really came in many deltas
    assert turn.tool_calls == (ToolCall("toolu_big", "write_file", payload),)


def test_system_tools_and_newest_message_are_marked_for_caching(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(tool_use("read_file", {"path": "a"}, id="t1")),
        reply(tool_use("read_file", {"path": "b"}, id="t2")),
        reply(text("Done.")),
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    engine.next_turn(TASK)
    engine.next_turn([ToolOutcome("t1", "A")])
    engine.next_turn([ToolOutcome("t2", "B")])

    for request in messages_api.requests:
        body = request.body
        assert body["system"] == [
            {"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}
        ]
        assert [t["name"] for t in body["tools"]] == ["read_file", "write_file"]
        assert "cache_control" not in body["tools"][0]
        assert body["tools"][-1]["cache_control"] == {"type": "ephemeral"}
        assert body["tools"][0]["input_schema"] == TOOLS[0].input_schema
        marked = [
            (i, j)
            for i, m in enumerate(body["messages"])
            for j, b in enumerate(m["content"])
            if "cache_control" in b
        ]
        # only the newest user message carries the conversation's breakpoint
        last = len(body["messages"]) - 1
        assert marked == [(last, len(body["messages"][last]["content"]) - 1)]


def test_usage_per_turn_including_cache_tokens(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(
            tool_use("read_file", {"path": "a"}, id="t1"),
            usage=WireUsage(input_tokens=1200, output_tokens=40, cache_creation_input_tokens=1100),
        ),
        reply(
            text("Done."),
            usage=WireUsage(input_tokens=30, output_tokens=7, cache_read_input_tokens=1100),
        ),
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    first = engine.next_turn(TASK)
    second = engine.next_turn([ToolOutcome("t1", "A")])
    assert first.usage == Usage(1200, 40, 0, 1100)
    assert second.usage == Usage(30, 7, 1100, 0)
    total = Usage()
    total.add(first.usage)
    total.add(second.usage)
    assert total == Usage(1230, 47, 1100, 1100)


def test_the_api_key_and_environment_never_reach_a_request_body(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(tool_use("read_file", {"path": "a"}, id="t1")), reply(text("ok")))
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    engine.next_turn(TASK)
    engine.next_turn([ToolOutcome("t1", "contents")])
    for request in messages_api.requests:
        assert FAKE_API_KEY.encode() not in request.raw
        # only in the auth header (x-api-key, or a Bearer token in newer SDKs)
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        assert FAKE_API_KEY in (request.headers.get("x-api-key"), bearer)


def test_an_instruction_after_a_final_answer_is_a_new_user_message(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("```py\nx = 1\n```")), reply(text("Saved.")))
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    engine.next_turn(TASK)
    turn = engine.next_turn("Please write those code blocks to files.")
    assert turn.text == "Saved."
    last = messages_api.requests[1].body["messages"][-1]
    assert last["role"] == "user"
    assert last["content"][0]["text"] == "Please write those code blocks to files."


def test_unanswered_tool_calls_are_answered_as_not_run(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(
            tool_use("read_file", {"path": "a"}, id="t1"),
            tool_use("read_file", {"path": "b"}, id="t2"),
        ),
        reply(text("ok")),
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    engine.next_turn(TASK)
    engine.next_turn([ToolOutcome("t2", "B")])
    content = messages_api.requests[1].body["messages"][-1]["content"]
    assert [(b["tool_use_id"], b["is_error"]) for b in content] == [("t1", True), ("t2", False)]
    assert content[0]["content"] == "This tool call was not run."


def test_pause_turn_is_resumed_by_sending_the_paused_answer_back(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(text("Working on it"), stop_reason="pause_turn"), reply(text("Done."))
    )
    engine = make_engine()
    engine.begin(SYSTEM, TOOLS, TASK)
    assert engine.next_turn(TASK).stop_reason == "pause_turn"
    assert engine.next_turn([]).text == "Done."
    resumed = messages_api.requests[1].body["messages"]
    assert [m["role"] for m in resumed] == ["user", "assistant"]
    assert resumed[-1]["content"] == [{"type": "text", "text": "Working on it"}]


def test_an_empty_system_prompt_and_no_tools_are_left_out(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("Hello.")))
    engine = make_engine()
    engine.begin("", (), TASK)
    assert engine.next_turn(TASK).text == "Hello."
    body = messages_api.requests[0].body
    assert "system" not in body
    assert "tools" not in body
