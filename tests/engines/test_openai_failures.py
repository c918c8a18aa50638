"""Retries, finish reasons and API errors of the openai engine, through the real SDK."""

from __future__ import annotations

import socket

import pytest

from backendbot.core.engines.openai_engine import OpenAIEngine
from backendbot.core.errors import RunFailed
from tests.engines.conftest import OPENAI_MODEL, TOOLS, OpenAIFactory
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import api_error, call, completion, rate_limited, server_error, text
from tests.fakes.fixtures import FAKE_OPENAI_KEY

TASK = "Add a health endpoint."


def _first_turn(engine: OpenAIEngine) -> str:
    engine.begin("system", TOOLS, TASK)
    return engine.next_turn(TASK).text


def test_429_with_retry_after_is_retried(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(rate_limited(retry_after="0.01"), completion(text("Done.")))
    assert _first_turn(make_openai()) == "Done."
    first, second = chat_api.requests
    assert first.headers["x-stainless-retry-count"] == "0"
    assert second.headers["x-stainless-retry-count"] == "1"
    assert first.body == second.body


def test_500_then_429_are_retried(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(server_error(), rate_limited(), completion(text("Done.")))
    assert _first_turn(make_openai()) == "Done."
    assert [r.headers["x-stainless-retry-count"] for r in chat_api.requests] == ["0", "1", "2"]


def test_rate_limited_after_all_retries_is_a_failed_run(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(rate_limited(), rate_limited(), rate_limited())
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_openai(max_retries=2))
    message = str(failure.value)
    assert "429 rate_limit_exceeded: Rate limit reached for requests. after 2 retries" in message
    assert "request-id req_fake_0003" in message
    assert len(chat_api.requests) == 3


@pytest.mark.parametrize(
    ("finish_reason", "stop_reason"),
    [("stop", "end_turn"), ("length", "max_tokens"), ("content_filter", "refusal")],
)
def test_finish_reasons(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, finish_reason: str, stop_reason: str
) -> None:
    chat_api.script(completion(text("Partial answ"), finish_reason=finish_reason))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert (turn.stop_reason, turn.text) == (stop_reason, "Partial answ")


@pytest.mark.parametrize("stream", [True, False])
def test_a_refusal_field_is_a_refusal(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, stream: bool
) -> None:
    chat_api.script(completion(refusal="I can't help with that request."))
    engine = make_openai(stream=stream)
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert (turn.stop_reason, turn.text) == ("refusal", "I can't help with that request.")


def test_length_inside_a_tool_call_runs_no_call(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(
        completion(
            call("write_file", '{"path": "a.py", "content": "def half'), finish_reason="length"
        )
    )
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert turn.stop_reason == "max_tokens"
    assert turn.tool_calls == ()


def test_an_unknown_finish_reason_fails_clearly(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("?"), finish_reason="something_new"))
    with pytest.raises(RunFailed, match="does not know: 'something_new'"):
        _first_turn(make_openai())


def test_an_error_object_in_the_middle_of_a_stream(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("Starting to write the file"), error_at=3))
    with pytest.raises(
        RunFailed, match="error while streaming the answer: The server had an error"
    ):
        _first_turn(make_openai())


def test_a_wrong_key_is_a_failed_run_whose_message_hides_the_key(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    wrong = "sk-proj-wrong-key-9876543210"
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_openai(api_key=wrong))
    message = str(failure.value)
    assert "401 invalid_api_key: Incorrect API key provided." in message
    assert "check OPENAI_API_KEY" in message
    assert wrong not in message
    assert len(chat_api.requests) == 1


def test_an_error_that_echoes_the_key_is_masked(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(
        api_error(400, "invalid_request_error", f"bad header: Bearer {FAKE_OPENAI_KEY}")
    )
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_openai())
    assert FAKE_OPENAI_KEY not in str(failure.value)
    assert "bad header: Bearer [redacted]" in str(failure.value)
    assert failure.value.__cause__ is None


def test_a_model_the_server_does_not_have(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(
        api_error(404, "invalid_request_error", "model 'nope' not found", "model_not_found")
    )
    with pytest.raises(RunFailed, match="404 model_not_found: model 'nope' not found") as failure:
        _first_turn(make_openai())
    assert "check the model name and OPENAI_BASE_URL" in str(failure.value)
    assert len(chat_api.requests) == 1


def test_an_unreachable_server_is_a_failed_run() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = OpenAIEngine(
        OPENAI_MODEL, api_key=FAKE_OPENAI_KEY, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
    )
    with pytest.raises(RunFailed, match=r"cannot reach the model server at 127\.0\.0\.1"):
        _first_turn(engine)
    engine.close()
