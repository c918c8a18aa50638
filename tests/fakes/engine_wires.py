"""One scenario, either model engine: neutral steps rendered for the Messages or the Chat API fake.

    wire.script(Step(calls=(("write_file", {"path": "a.py", "content": "x"}),)), Step("Done."))
    run_build(BuildRequest(repo=repo, prompt="x", **wire.request()), env=wire.env())
    wire.tool_answers(1)  # [(content, is_error), ...] the engine sent back in request 2

Shared scenarios (jail, budgets, cut-off answers, refusals, retries, cancel) are written once
against a Wire and parametrised over both engines, so the engines cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from tests.fakes import chat_script, messages_script
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.messages_api import FakeMessagesAPI, RecordedRequest

ENGINES = ("anthropic", "openai")
OPENAI_MODEL = "qwen-fake-coder"
Stop = Literal["end", "tools", "cut_off", "refused"]
CallSpec = tuple[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Step:
    """One assistant answer: text, tool calls, why it stopped (derived when None)."""

    text: str = ""
    calls: tuple[CallSpec, ...] = ()
    stop: Stop | None = None
    output_tokens: int = 20
    options: Mapping[str, Any] = field(default_factory=dict)  # stall_at, stall_seconds


@dataclass(frozen=True)
class RateLimited:
    retry_after: str = "0"


Scripted = Step | RateLimited


class StallingAPI(Protocol):
    @property
    def requests(self) -> list[RecordedRequest]: ...

    @property
    def remaining(self) -> int: ...

    @property
    def stalled(self) -> Any: ...

    @property
    def hung_up(self) -> Any: ...


class Wire(Protocol):
    engine: str
    api: StallingAPI

    def script(self, *items: Scripted) -> None: ...

    def env(self, key: str | None = None) -> dict[str, str]: ...

    def request(self) -> dict[str, Any]: ...

    def cli_args(self) -> list[str]: ...

    def tool_answers(self, request: int) -> list[tuple[str, bool]]: ...


class AnthropicWire:
    engine = "anthropic"

    def __init__(self, api: FakeMessagesAPI, key: str) -> None:
        self.api: FakeMessagesAPI = api
        self._key = key

    def script(self, *items: Scripted) -> None:
        self.api.script(*(self._render(item) for item in items))

    def env(self, key: str | None = None) -> dict[str, str]:
        return {"ANTHROPIC_BASE_URL": self.api.base_url, "ANTHROPIC_API_KEY": key or self._key}

    def request(self) -> dict[str, Any]:
        return {"engine": "anthropic"}

    def cli_args(self) -> list[str]:
        return ["--engine", "anthropic"]

    def tool_answers(self, request: int) -> list[tuple[str, bool]]:
        content = self.api.requests[request].body["messages"][-1]["content"]
        return [
            (b["content"], bool(b["is_error"])) for b in content if b.get("type") == "tool_result"
        ]

    def _render(self, item: Scripted) -> messages_script.Scripted:
        if isinstance(item, RateLimited):
            return messages_script.rate_limited(retry_after=item.retry_after)
        blocks = [messages_script.text(item.text)] if item.text else []
        blocks += [messages_script.tool_use(name, args) for name, args in item.calls]
        stop = {"cut_off": "max_tokens", "refused": "refusal"}.get(item.stop or "")
        usage = messages_script.Usage(output_tokens=item.output_tokens)
        return messages_script.reply(*blocks, stop_reason=stop, usage=usage, **item.options)


class OpenAIWire:
    engine = "openai"

    def __init__(self, api: FakeChatAPI, key: str) -> None:
        self.api: FakeChatAPI = api
        self._key = key

    def script(self, *items: Scripted) -> None:
        self.api.script(*(self._render(item) for item in items))

    def env(self, key: str | None = None) -> dict[str, str]:
        return {"OPENAI_BASE_URL": self.api.base_url, "OPENAI_API_KEY": key or self._key}

    def request(self) -> dict[str, Any]:
        return {"engine": "openai", "model": OPENAI_MODEL}

    def cli_args(self) -> list[str]:
        return ["--engine", "openai", "--model", OPENAI_MODEL]

    def tool_answers(self, request: int) -> list[tuple[str, bool]]:
        messages = self.api.requests[request].body["messages"]
        answers: list[tuple[str, bool]] = []
        for message in reversed(messages):
            if message["role"] != "tool":
                break
            content: str = message["content"]
            error = content.startswith("Error: ")
            answers.append((content.removeprefix("Error: "), error))
        return answers[::-1]

    def _render(self, item: Scripted) -> chat_script.Scripted:
        if isinstance(item, RateLimited):
            return chat_script.rate_limited(retry_after=item.retry_after)
        parts: list[str | chat_script.Call] = [item.text] if item.text else []
        parts += [chat_script.call(name, args) for name, args in item.calls]
        finish = {"cut_off": "length", "refused": "content_filter"}.get(item.stop or "")
        usage = chat_script.Usage(completion_tokens=item.output_tokens)
        return chat_script.completion(*parts, finish_reason=finish, usage=usage, **item.options)
