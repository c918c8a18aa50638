"""make_openai_engine: configured from the mapping it is given, never from os.environ."""

from __future__ import annotations

import sys

import pytest

from backendbot.core.engines.openai_config import PLACEHOLDER_KEY, make_openai_engine
from backendbot.core.errors import InputError
from tests.engines.conftest import OPENAI_MODEL, TOOLS
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import completion, text
from tests.fakes.fixtures import FAKE_OPENAI_KEY


def test_neither_base_url_nor_key_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-process-environment")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    with pytest.raises(InputError, match=r"needs OPENAI_BASE_URL .* or OPENAI_API_KEY") as error:
        make_openai_engine(OPENAI_MODEL, {"OPENAI_API_KEY": " "})
    assert error.value.exit_code == 2


@pytest.mark.parametrize("model", [None, "", "  "])
def test_no_model_is_bad_input(model: str | None) -> None:
    with pytest.raises(InputError, match="needs a model name: give --model NAME"):
        make_openai_engine(model, {"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"})


@pytest.mark.parametrize("url", ["127.0.0.1:11434/v1", "ftp://host/v1", "http://"])
def test_a_base_url_that_is_not_http_is_bad_input(url: str) -> None:
    with pytest.raises(InputError, match="OPENAI_BASE_URL must be an http"):
        make_openai_engine(OPENAI_MODEL, {"OPENAI_BASE_URL": url})


def test_a_local_server_needs_no_key(chat_api: FakeChatAPI) -> None:
    chat_api.api_key = None  # like Ollama: any bearer token, or none
    chat_api.script(completion(text("Hello from the local model.")))
    engine = make_openai_engine(OPENAI_MODEL, {"OPENAI_BASE_URL": chat_api.base_url})
    engine.begin("system", TOOLS, "task")
    assert engine.next_turn("task").text == "Hello from the local model."
    assert chat_api.requests[0].headers["authorization"] == f"Bearer {PLACEHOLDER_KEY}"
    assert chat_api.requests[0].body["max_tokens"] == 8192
    engine.close()


def test_key_and_base_url_come_from_the_given_mapping(
    chat_api: FakeChatAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # must not be used
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    chat_api.script(completion(text("ok")))
    env = {"OPENAI_API_KEY": FAKE_OPENAI_KEY, "OPENAI_BASE_URL": chat_api.base_url}
    engine = make_openai_engine(f"  {OPENAI_MODEL} ", env, max_tokens_per_turn=1234, max_retries=0)
    assert (engine.name, engine.model) == ("openai", OPENAI_MODEL)
    engine.begin("system", TOOLS, "task")
    assert engine.next_turn("task").text == "ok"
    assert chat_api.requests[0].body["max_tokens"] == 1234
    assert chat_api.requests[0].body["model"] == OPENAI_MODEL
    engine.close()


def test_api_openai_com_gets_max_completion_tokens() -> None:
    engine = make_openai_engine("gpt-x", {"OPENAI_API_KEY": FAKE_OPENAI_KEY})
    engine.begin("system", TOOLS, "task")
    options = engine._options()
    assert "max_completion_tokens" in options and "max_tokens" not in options
    assert str(engine._client.base_url).startswith("https://api.openai.com/v1")
    engine.close()


def test_without_the_openai_package_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "openai", None)  # import openai now fails as if not installed
    monkeypatch.delitem(sys.modules, "backendbot.core.engines.openai_engine", raising=False)
    with pytest.raises(
        InputError, match=r"needs the openai package: pip install 'backendbot\[openai\]'"
    ):
        make_openai_engine(OPENAI_MODEL, {"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"})
