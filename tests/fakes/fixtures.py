"""pytest fixtures for the fakes; a conftest registers them with
``pytest_plugins = ["tests.fakes.fixtures"]``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.engine_wires import ENGINES, AnthropicWire, OpenAIWire, Wire
from tests.fakes.messages_api import FakeMessagesAPI

FAKE_API_KEY = "sk-ant-fake-0123456789abcdef"


@pytest.fixture
def messages_api() -> Iterator[FakeMessagesAPI]:
    """A started scripted Messages API that requires FAKE_API_KEY; stopped afterwards."""
    with FakeMessagesAPI(api_key=FAKE_API_KEY) as api:
        yield api


FAKE_OPENAI_KEY = "sk-proj-fake-0123456789abcdef"


@pytest.fixture
def chat_api() -> Iterator[FakeChatAPI]:
    """A started scripted Chat Completions API that requires FAKE_OPENAI_KEY; stopped afterwards."""
    with FakeChatAPI(api_key=FAKE_OPENAI_KEY) as api:
        yield api


@pytest.fixture(params=ENGINES)
def wire(request: pytest.FixtureRequest) -> Wire:
    """Each model engine in turn, with its scripted API started (see engine_wires)."""
    if request.param == "anthropic":
        return AnthropicWire(request.getfixturevalue("messages_api"), FAKE_API_KEY)
    return OpenAIWire(request.getfixturevalue("chat_api"), FAKE_OPENAI_KEY)
