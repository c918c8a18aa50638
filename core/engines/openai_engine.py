"""The ``openai`` engine: function calling over Chat Completions, through the official SDK.

Works with any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio,
LiteLLM, hosted APIs). Each turn is one request, streamed by default, run by an
Interruptible so ``cancel()`` from another thread returns the waiting caller at once; it
also shuts the open stream's socket and closes the HTTP client, so the server sees the
client hang up and a retry the SDK was sleeping on never goes out. The SDK retries 408,
409, 429, 5xx and connection errors with backoff, honouring retry-after.

Tool calls are decoded by openai_arguments: a malformed one goes back to the model as a
tool error, and after ``max_malformed_calls`` of them in a row the run stops.

This module imports the SDK; the registry imports this module only when the engine is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import openai

from backendbot.core.engines import openai_messages as wire
from backendbot.core.engines.base import AssistantTurn, ToolCall, ToolOutcome, TurnInput
from backendbot.core.engines.hangup import shut_down
from backendbot.core.engines.interruptible import Interruptible
from backendbot.core.engines.openai_arguments import decode_call
from backendbot.core.engines.openai_errors import describe
from backendbot.core.engines.openai_stream import Completion, assemble, from_completion
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.tools import ToolSpec

if TYPE_CHECKING:
    from openai import Stream
    from openai.types.chat import ChatCompletion, ChatCompletionChunk


class OpenAIEngine:
    """One run's conversation with a Chat Completions server.

    ``max_retries``/``timeout`` are the SDK's; ``limit_field`` is ``max_tokens``
    (what every compatible server knows) or ``max_completion_tokens`` (api.openai.com's
    current name, the only one its reasoning models accept).
    """

    name = "openai"

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str | None = None,
        max_retries: int = 4,
        timeout: float = 600.0,
        max_tokens_per_turn: int = 8192,
        limit_field: str = "max_tokens",
        stream: bool = True,
        max_malformed_calls: int = 3,
    ) -> None:
        self.model: str | None = model
        self._model = model
        self._max_tokens = max_tokens_per_turn
        self._limit_field = limit_field
        self._stream = stream
        self._max_malformed = max_malformed_calls
        self._client = openai.OpenAI(
            api_key=api_key, base_url=base_url, max_retries=max_retries, timeout=timeout
        )
        self._calls = Interruptible("model call")
        self._tools: list[dict[str, Any]] = []
        self._tool_names: frozenset[str] = frozenset()
        self._system: list[wire.Message] = []
        self._task = ""
        self._messages: list[wire.Message] = []
        self._pending: tuple[str, ...] = ()
        self._malformed = 0
        self._turns = 0
        self._live: object | None = None  # the open stream's HTTP response, for cancel()

    def begin(self, system: str, tools: Sequence[ToolSpec], task: str) -> None:
        self._system = wire.system_message(system)
        self._tools = wire.tool_params(tools)
        self._tool_names = frozenset(t.name for t in tools)
        self._task = task
        self._messages = []
        self._pending = ()
        self._malformed = 0
        self._turns = 0

    def next_turn(self, given: TurnInput) -> AssistantTurn:
        """Send what the loop gives and return the model's next turn.

        The first call opens the conversation with the task (a ``given`` equal to the task
        is not repeated). Tool outcomes answer the last turn's calls, one ``tool`` message
        each in the calls' order (an unanswered call goes back as "not run"); a string is
        an instruction, sent as a user message after them.
        """
        self._append_user(given)
        done = self._calls.run(self._request)
        self._turns += 1
        stop = wire.stop_reason(done)
        ids = self._call_ids(done)
        self._messages.append(wire.assistant_message(done, ids))
        calls: tuple[ToolCall, ...] = ()
        if stop == "tool_use":  # a call cut off (length) is half its arguments: never run it
            calls = tuple(
                decode_call(raw, call_id, self._tool_names)
                for raw, call_id in zip(done.calls, ids, strict=True)
            )
            self._count_malformed(calls)
        self._pending = tuple(c.id for c in calls) if calls else ()
        text = done.text or done.refusal
        return AssistantTurn(text, calls, stop, wire.usage(done.usage))

    def cancel(self) -> None:
        self._calls.cancel()
        shut_down(self._live)
        self._client.close()

    def close(self) -> None:
        """Release the HTTP connections (not part of the Engine protocol; optional)."""
        self._client.close()

    def _append_user(self, given: TurnInput) -> None:
        if not self._messages:
            self._messages.append(wire.user_message(self._task))
            if isinstance(given, str) and given.strip() and given != self._task:
                self._messages.append(wire.user_message(given))
            return
        outcomes: Sequence[ToolOutcome] = () if isinstance(given, str) else given
        added = wire.tool_messages(outcomes, self._pending)
        if isinstance(given, str) and given.strip():
            added.append(wire.user_message(given))
        if not added:
            raise ValueError("next_turn needs tool outcomes or an instruction after a final answer")
        self._messages.extend(added)
        self._pending = ()

    def _call_ids(self, done: Completion) -> list[str]:
        """The server's call ids; a missing or repeated one gets a made-up id of ours."""
        ids: list[str] = []
        for index, call in enumerate(done.calls):
            call_id = call.id.strip()
            if not call_id or call_id in ids:
                call_id = f"call_backendbot_{self._turns}_{index}"
            ids.append(call_id)
        return ids

    def _count_malformed(self, calls: Sequence[ToolCall]) -> None:
        for call in calls:
            if call.problem is None:
                self._malformed = 0
                continue
            self._malformed += 1
            if self._malformed >= self._max_malformed:
                raise RunFailed(
                    f"the model sent {self._malformed} malformed tool calls in a row "
                    f"(last: {call.problem[:200]}); it may not support function calling "
                    "well, try another model; nothing was written"
                )

    def _request(self) -> Completion:
        """One request; runs in the Interruptible's worker thread."""
        try:
            if not self._stream:
                answer = cast(
                    "ChatCompletion",
                    self._client.chat.completions.create(**self._options(), stream=False),
                )
                return from_completion(answer)
            stream = cast(
                "Stream[ChatCompletionChunk]",
                self._client.chat.completions.create(
                    **self._options(), stream=True, stream_options={"include_usage": True}
                ),
            )
            with stream:
                self._live = stream.response
                if self._calls.cancelled:
                    shut_down(self._live)
                return assemble(stream)
        except Exception as exc:
            if self._calls.cancelled:
                raise RunFailed("the model call was cancelled") from None
            raise RunFailed(describe(exc, secrets=self._secrets(), host=self._host())) from None
        finally:
            self._live = None

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "model": self._model,
            "messages": [*self._system, *self._messages],
            self._limit_field: self._max_tokens,
        }
        if self._tools:
            options["tools"] = self._tools
        return options

    def _secrets(self) -> tuple[str | None, ...]:
        return (self._client.api_key,)

    def _host(self) -> str:
        return str(self._client.base_url.host) or str(self._client.base_url)
