"""Engines against the scripted Messages API; the fixture comes from tests/fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from backendbot.core.engines.anthropic_engine import AnthropicEngine
from backendbot.core.workspace.tools import ToolSpec
from tests.fakes.fixtures import FAKE_API_KEY, messages_api  # noqa: F401 (fixture)
from tests.fakes.messages_api import FakeMessagesAPI

MODEL = "claude-fake-test"

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
