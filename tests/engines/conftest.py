"""Engines against the scripted Messages and Chat Completions APIs; the fixtures come from tests/fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from backendbot.core.engines.anthropic_engine import AnthropicEngine
from backendbot.core.engines.openai_engine import OpenAIEngine
from backendbot.core.workspace.tools import ToolSpec
from tests.core.conftest import repo  # noqa: F401 (fixture for the shared scenarios)
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.fixtures import (  # noqa: F401 (fixtures)
    FAKE_API_KEY,
    FAKE_OPENAI_KEY,
    chat_api,
    messages_api,
)
from tests.fakes.messages_api import FakeMessagesAPI

MODEL = "claude-fake-test"
OPENAI_MODEL = "qwen-fake-coder"

EngineFactory = Callable[..., AnthropicEngine]


def _no_handler(args: Any) -> str:
    raise AssertionError("the engine never runs tools itself")


def tool(name: str, **props: str) -> ToolSpec:
    schema = {
        "type": "object",
        "properties": {p: {"type": kind} for p, kind in props.items()},
        "required": list(props),
    }
    return ToolSpec(name, f"The {name} tool.", schema, _no_handler)


TOOLS = (
    tool("read_file", path="string"),
    tool("write_file", path="string", content="string"),
)


@pytest.fixture
def make_engine(messages_api: FakeMessagesAPI) -> Iterator[EngineFactory]:  # noqa: F811
    """Build engines pointed at the fake; retries are fast and few."""
    made: list[AnthropicEngine] = []

    def build(**options: Any) -> AnthropicEngine:
        settings: dict[str, Any] = {
            "api_key": FAKE_API_KEY,
            "base_url": messages_api.base_url,
            "max_retries": 2,
            "timeout": 30.0,
            **options,
        }
        engine = AnthropicEngine(MODEL, **settings)
        made.append(engine)
        return engine

    yield build
    for engine in made:
        engine.close()


OpenAIFactory = Callable[..., OpenAIEngine]


@pytest.fixture
def make_openai(chat_api: FakeChatAPI) -> Iterator[OpenAIFactory]:  # noqa: F811
    """Build openai engines pointed at the fake Chat Completions API; retries fast and few."""
    made: list[OpenAIEngine] = []

    def build(**options: Any) -> OpenAIEngine:
        settings: dict[str, Any] = {
            "api_key": FAKE_OPENAI_KEY,
            "base_url": chat_api.base_url,
            "max_retries": 2,
            "timeout": 30.0,
            **options,
        }
        engine = OpenAIEngine(OPENAI_MODEL, **settings)
        made.append(engine)
        return engine

    yield build
    for engine in made:
        engine.close()
