"""The scripted Chat Completions API itself: wire shapes and the refusals a real server gives."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import call, completion, text
from tests.fakes.fixtures import FAKE_OPENAI_KEY

HEADERS = {"authorization": f"Bearer {FAKE_OPENAI_KEY}"}
USER = [{"role": "user", "content": "hi"}]


def _post(api: FakeChatAPI, body: Any, headers: dict[str, str] = HEADERS) -> httpx.Response:
    return httpx.post(f"{api.base_url}/chat/completions", json=body, headers=headers)


def _events(response: httpx.Response) -> list[str]:
    return [line.removeprefix("data: ") for line in response.text.splitlines() if line]


def test_a_stream_is_openai_shaped_and_ends_with_done(chat_api: FakeChatAPI) -> None:
    chat_api.script(completion(text("Hi"), call("read_file", {"path": "a.py"}, id="call_1")))
    body = {
        "model": "m",
        "messages": USER,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    response = _post(chat_api, body)
    assert response.headers["content-type"].startswith("text/event-stream")
    *chunks, done = _events(response)
    assert done == "[DONE]"
    parsed = [json.loads(c) for c in chunks]
    assert all(p["object"] == "chat.completion.chunk" for p in parsed)
    assert parsed[0]["choices"][0]["delta"]["role"] == "assistant"
    opening = next(p for p in parsed if p["choices"] and "tool_calls" in p["choices"][0]["delta"])
    first = opening["choices"][0]["delta"]["tool_calls"][0]
    assert (first["index"], first["id"], first["function"]["name"]) == (0, "call_1", "read_file")
    assert parsed[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert parsed[-1]["choices"] == [] and parsed[-1]["usage"]["total_tokens"] == 120


def test_without_include_usage_there_is_no_usage_chunk(chat_api: FakeChatAPI) -> None:
    chat_api.script(completion(text("Hi")))
    *chunks, _ = _events(_post(chat_api, {"model": "m", "messages": USER, "stream": True}))
    assert all(json.loads(c)["choices"] for c in chunks)


def test_a_tool_call_left_unanswered_is_refused(chat_api: FakeChatAPI) -> None:
    asked = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}},
            {"id": "c2", "type": "function", "function": {"name": "f", "arguments": "{}"}},
        ],
    }
    answered = {"role": "tool", "tool_call_id": "c1", "content": "ok"}
    response = _post(chat_api, {"model": "m", "messages": [*USER, asked, answered, *USER]})
    assert response.status_code == 400
    assert "did not have response messages: c2" in response.json()["error"]["message"]


def test_a_tool_message_without_a_call_is_refused(chat_api: FakeChatAPI) -> None:
    stray = {"role": "tool", "tool_call_id": "c9", "content": "ok"}
    response = _post(chat_api, {"model": "m", "messages": [*USER, stray]})
    assert response.status_code == 400
    assert "must be a response to a preceeding message with 'tool_calls'" in response.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"messages": USER}, "you must provide a model parameter"),
        ({"model": "m", "messages": []}, "'messages' must be a non-empty array"),
        ({"model": "m", "messages": USER, "stream_options": {}}, "only allowed when 'stream'"),
        ({"model": "m", "messages": USER, "tools": [{"type": "web"}]}, "expected a function tool"),
    ],
)
def test_malformed_requests_are_refused(chat_api: FakeChatAPI, body: Any, message: str) -> None:
    response = _post(chat_api, body)
    assert response.status_code == 400 and message in response.json()["error"]["message"]


def test_a_wrong_key_and_no_reply_left(chat_api: FakeChatAPI) -> None:
    wrong = _post(chat_api, {"model": "m", "messages": USER}, {"authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    empty = _post(chat_api, {"model": "m", "messages": USER})
    assert empty.status_code == 400 and "no scripted reply left" in empty.text


def test_the_real_sdk_reads_a_json_reply(chat_api: FakeChatAPI) -> None:
    chat_api.script(completion(text("Hello"), call("read_file", {"path": "a.py"}, id="c1")))
    client = openai.OpenAI(api_key=FAKE_OPENAI_KEY, base_url=chat_api.base_url, max_retries=0)
    answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    choice = answer.choices[0]
    assert choice.message.content == "Hello" and choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    assert choice.message.tool_calls[0].id == "c1"
    assert answer.usage is not None and answer.usage.prompt_tokens == 100
    client.close()
