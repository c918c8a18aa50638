"""make_anthropic_engine: configured from the mapping it is given, never from os.environ."""

from __future__ import annotations

import pytest

from backendbot.core.engines.anthropic_engine import make_anthropic_engine
from backendbot.core.errors import InputError
from tests.engines.conftest import MODEL, TOOLS
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import reply, text


@pytest.mark.parametrize("env", [{}, {"ANTHROPIC_API_KEY": ""}, {"ANTHROPIC_API_KEY": "  "}])
def test_no_api_key_is_bad_input(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-from-the-process-environment")
    with pytest.raises(InputError, match="needs an API key: set ANTHROPIC_API_KEY") as error:
        make_anthropic_engine(MODEL, env)
    assert error.value.exit_code == 2


def test_a_base_url_that_is_not_http_is_bad_input() -> None:
    env = {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": "localhost:8080"}
    with pytest.raises(InputError, match="ANTHROPIC_BASE_URL must be an http"):
        make_anthropic_engine(MODEL, env)


def test_an_empty_model_is_bad_input() -> None:
    with pytest.raises(InputError, match="no model id"):
        make_anthropic_engine(" ", {"ANTHROPIC_API_KEY": FAKE_API_KEY})


def test_key_and_base_url_come_from_the_given_mapping(
    messages_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")  # must not be used
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-wrong")
    messages_api.script(reply(text("Hello from the fake.")))
    env = {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": messages_api.base_url}
    engine = make_anthropic_engine(MODEL, env, max_tokens_per_turn=1234, max_retries=0)
    assert engine.name == "anthropic"
    assert engine.model == MODEL
    engine.begin("system", TOOLS, "task")
    assert engine.next_turn("task").text == "Hello from the fake."
    assert messages_api.requests[0].body["max_tokens"] == 1234
    engine.close()


def test_an_auth_token_is_enough(messages_api: FakeMessagesAPI) -> None:
    messages_api.script(reply(text("ok")))
    env = {"ANTHROPIC_AUTH_TOKEN": FAKE_API_KEY, "ANTHROPIC_BASE_URL": messages_api.base_url}
    engine = make_anthropic_engine(MODEL, env, max_retries=0)
    engine.begin("system", TOOLS, "task")
    assert engine.next_turn("task").text == "ok"
    assert messages_api.requests[0].headers["authorization"] == f"Bearer {FAKE_API_KEY}"
    engine.close()
