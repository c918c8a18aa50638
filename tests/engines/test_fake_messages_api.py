"""The scripted Messages API itself: wire shapes, refusals like the real API's, process mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import anthropic
import httpx
import pytest

from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import Usage, rate_limited, reply, text, tool_use

REPO = Path(__file__).resolve().parents[2]
HEADERS = {"x-api-key": FAKE_API_KEY, "anthropic-version": "2023-06-01"}


def _client(api: FakeMessagesAPI) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key=FAKE_API_KEY, base_url=api.base_url, max_retries=0)


def _post(api: FakeMessagesAPI, body: Any, headers: dict[str, str] = HEADERS) -> httpx.Response:
    return httpx.post(f"{api.base_url}/v1/messages", json=body, headers=headers)


def _body(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 10, "messages": list(messages), **extra}


def test_a_non_streaming_reply_through_the_sdk(messages_api: FakeMessagesAPI) -> None:
    messages_api.script(
        reply(text("Hi."), tool_use("read_file", {"path": "a"}, id="t1"), usage=Usage(5, 3, 2, 1))
    )
    with _client(messages_api) as client:
        message = client.messages.create(
            model="m", max_tokens=10, messages=[{"role": "user", "content": "hello"}]
        )
    assert message.stop_reason == "tool_use"
    assert [b.type for b in message.content] == ["text", "tool_use"]
    assert message.usage.cache_read_input_tokens == 2
    assert messages_api.requests[0].body.get("stream") is None


def test_error_responses_have_the_api_shape(messages_api: FakeMessagesAPI) -> None:
    messages_api.script(rate_limited(retry_after="7"))
    response = _post(messages_api, _body({"role": "user", "content": "hi"}))
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.headers["request-id"] == "req_fake_0001"
    assert response.json() == {
        "type": "error",
        "error": {
            "type": "rate_limit_error",
            "message": "Number of request tokens has exceeded your rate limit.",
        },
    }


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            _body(
                {"role": "user", "content": "hi"},
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "id": "t1", "name": "x", "input": {}}],
                },
                {"role": "user", "content": "no result"},
            ),
            "`tool_use` ids were found without `tool_result` blocks immediately after: t1",
        ),
        (
            _body({"role": "user", "content": [{"type": "text", "text": ""}]}),
            "text content blocks must be non-empty",
        ),
        (
            _body(
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": str(i), "cache_control": {"type": "ephemeral"}}
                        for i in range(5)
                    ],
                }
            ),
            "A maximum of 4 blocks with cache_control may be provided. Found 5.",
        ),
        ({"model": "m", "messages": []}, "max_tokens: Field required"),
    ],
)
def test_requests_the_real_api_would_refuse_get_400(
    messages_api: FakeMessagesAPI, body: dict[str, Any], problem: str
) -> None:
    messages_api.script(reply(text("unused")))
    response = _post(messages_api, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert problem in error["message"]
    assert messages_api.remaining == 1  # a refused request consumes no reply


def test_missing_version_header_and_wrong_key(messages_api: FakeMessagesAPI) -> None:
    body = _body({"role": "user", "content": "hi"})
    no_version = _post(messages_api, body, {"x-api-key": FAKE_API_KEY})
    wrong_key = _post(messages_api, body, {**HEADERS, "x-api-key": "nope"})
    assert no_version.json()["error"]["message"] == "anthropic-version: header is required"
    assert wrong_key.status_code == 401
    assert wrong_key.json()["error"]["type"] == "authentication_error"


def test_an_exhausted_script_answers_400(messages_api: FakeMessagesAPI) -> None:
    response = _post(messages_api, _body({"role": "user", "content": "hi"}))
    assert response.status_code == 400
    assert "no scripted reply left for request 1" in response.json()["error"]["message"]


def test_the_stream_is_the_api_event_sequence(messages_api: FakeMessagesAPI) -> None:
    messages_api.script(reply(tool_use("write_file", {"path": "a.py"}, id="t1"), chunk_chars=4))
    body = _body({"role": "user", "content": "hi"}, stream=True)
    with httpx.stream(
        "POST", f"{messages_api.base_url}/v1/messages", json=body, headers=HEADERS
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        names = [line[7:] for line in r.iter_lines() if line.startswith("event: ")]
    deltas = names.count("content_block_delta")
    assert deltas == 4  # '{"path": "a.py"}' in pieces of 4 characters
    assert names == [
        "message_start",
        "ping",
        "content_block_start",
        *["content_block_delta"] * deltas,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]


def test_runs_as_a_separate_process(tmp_path: Path) -> None:
    script = tmp_path / "replies.json"
    script.write_text(json.dumps([{"content": [{"type": "text", "text": "From a process."}]}]))
    record = tmp_path / "requests.jsonl"
    command = [sys.executable, "-m", "tests.fakes.messages_api", "--script", str(script)]
    command += ["--api-key", FAKE_API_KEY, "--record", str(record)]
    with subprocess.Popen(
        command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdout is not None and server.stdin is not None
        base_url = server.stdout.readline().strip()
        client = anthropic.Anthropic(api_key=FAKE_API_KEY, base_url=base_url, max_retries=0)
        with (
            client,
            client.messages.stream(
                model="m", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
            ) as stream,
        ):
            assert stream.get_final_text() == "From a process."
        server.stdin.close()
        assert server.wait(timeout=30) == 0
    (recorded,) = [json.loads(line) for line in record.read_text().splitlines()]
    assert recorded["body"]["messages"] == [{"role": "user", "content": "hi"}]
