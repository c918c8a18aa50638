"""Retries, stop reasons and API errors, through the real SDK against the scripted server."""

from __future__ import annotations

import socket

import pytest

from backendbot.core.engines.anthropic_engine import AnthropicEngine
from backendbot.core.errors import RunFailed
from tests.engines.conftest import MODEL, TOOLS, EngineFactory
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import (
    api_error,
    overloaded,
    rate_limited,
    reply,
    server_error,
    text,
    tool_use,
)

TASK = "Add a health endpoint."


def _first_turn(engine: AnthropicEngine) -> str:
    engine.begin("system", TOOLS, TASK)
    return engine.next_turn(TASK).text


def test_429_with_retry_after_is_retried(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(rate_limited(retry_after="0.01"), reply(text("Done.")))
    assert _first_turn(make_engine()) == "Done."
    first, second = messages_api.requests
    assert first.headers["x-stainless-retry-count"] == "0"
    assert second.headers["x-stainless-retry-count"] == "1"
    assert first.body == second.body


def test_529_overloaded_then_500_are_retried(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(overloaded(), server_error(), reply(text("Done.")))
    assert _first_turn(make_engine()) == "Done."
    assert [r.headers["x-stainless-retry-count"] for r in messages_api.requests] == ["0", "1", "2"]


def test_overloaded_after_all_retries_is_a_failed_run(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(overloaded(), overloaded(), overloaded())
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_engine(max_retries=2))
    message = str(failure.value)
    assert "529 overloaded_error: Overloaded after 2 retries" in message
    assert "try again later" in message
    assert "request-id req_fake_0003" in message
    assert len(messages_api.requests) == 3
    assert "\n" not in message


@pytest.mark.parametrize("reason", ["max_tokens", "refusal", "stop_sequence"])
def test_stop_reasons_are_reported(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory, reason: str
) -> None:
    messages_api.script(reply(text("Partial answ"), stop_reason=reason))
    engine = make_engine()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    assert turn.stop_reason == reason
    assert turn.text == "Partial answ"


def test_context_window_exceeded_counts_as_max_tokens(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("cut"), stop_reason="model_context_window_exceeded"))
    engine = make_engine()
    engine.begin("system", TOOLS, TASK)
    assert engine.next_turn(TASK).stop_reason == "max_tokens"


def test_max_tokens_inside_a_tool_call_still_reports_max_tokens(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(tool_use("write_file", {"path": "a.py", "content": "x"}), stop_reason="max_tokens")
    )
    engine = make_engine()
    engine.begin("system", TOOLS, TASK)
    assert engine.next_turn(TASK).stop_reason == "max_tokens"


def test_an_unknown_stop_reason_fails_clearly(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("?"), stop_reason="something_new"))
    with pytest.raises(RunFailed, match="does not know: 'something_new'"):
        _first_turn(make_engine())


def test_a_wrong_key_is_a_failed_run_whose_message_hides_the_key(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    wrong = "sk-ant-wrong-key-9876543210"
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_engine(api_key=wrong))
    message = str(failure.value)
    assert "401 authentication_error: invalid x-api-key" in message
    assert "check ANTHROPIC_API_KEY" in message
    assert wrong not in message
    assert len(messages_api.requests) == 1  # 401 is not retried


def test_an_error_that_echoes_the_key_is_masked(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        api_error(400, "invalid_request_error", f"bad header x-api-key: {FAKE_API_KEY}")
    )
    with pytest.raises(RunFailed) as failure:
        _first_turn(make_engine())
    message = str(failure.value)
    assert FAKE_API_KEY not in message
    assert "bad header x-api-key: [redacted]" in message
    assert FAKE_API_KEY not in repr(failure.value.__cause__)  # the SDK error is not chained


def test_a_bad_request_is_not_retried(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(api_error(400, "invalid_request_error", "max_tokens: too large"))
    with pytest.raises(RunFailed, match="400 invalid_request_error: max_tokens: too large"):
        _first_turn(make_engine())
    assert len(messages_api.requests) == 1


def test_an_error_event_in_the_middle_of_a_stream(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("Starting to write the file"), error_at=4))
    with pytest.raises(RunFailed, match="while streaming the answer: overloaded_error: Overloaded"):
        _first_turn(make_engine())


def test_an_unreachable_server_is_a_failed_run() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = AnthropicEngine(
        MODEL, api_key=FAKE_API_KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0
    )
    with pytest.raises(
        RunFailed, match=r"cannot reach the Anthropic API at 127\.0\.0\.1"
    ) as failure:
        _first_turn(engine)
    assert FAKE_API_KEY not in str(failure.value)
    engine.close()
