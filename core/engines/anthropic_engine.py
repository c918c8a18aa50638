"""The ``anthropic`` engine: Claude tool use over the Messages API, through the official SDK.

Each turn is one streamed request (``client.messages.stream``) run by an Interruptible,
so ``cancel()`` from another thread returns the waiting caller at once; it also closes
the engine's HTTP client, which drops an open stream (the API stops generating) and
keeps a retry the SDK was sleeping on from going out. The SDK retries 429, 5xx and 529 with backoff, honouring
retry-after. The conversation is kept in the API's own shapes: the assistant's content
goes back as it came, tool results as ``tool_result`` blocks with ``is_error``. Only the
system prompt, the tools, the task and tool results are sent: never the environment.

This module imports the SDK; the CLI imports this module only when the engine is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import anthropic

from backendbot.core.engines import anthropic_messages as wire
from backendbot.core.engines.anthropic_errors import describe
from backendbot.core.engines.base import AssistantTurn, ToolOutcome, TurnInput
from backendbot.core.engines.hangup import shut_down
from backendbot.core.engines.interruptible import Interruptible
from backendbot.core.errors import InputError, RunFailed
from backendbot.core.workspace.tools import ToolSpec

if TYPE_CHECKING:
    from anthropic.types import (
        ContentBlockParam,
        Message,
        MessageParam,
        TextBlockParam,
        ToolParam,
    )

DEFAULT_BASE_URL = "https://api.anthropic.com"


class AnthropicEngine:
    """One run's conversation with Claude.

    ``api_key``/``auth_token``/``base_url`` left as None are read by the SDK as usual
    (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL). ``max_retries`` is the
    SDK's retry count for 408/409/429/5xx/529 and connection errors; ``timeout`` is the
    SDK's per-request timeout in seconds (for a stream: between reads).
    """

    name = "anthropic"

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        auth_token: str | None = None,
        base_url: str | None = None,
        max_retries: int = 4,
        timeout: float = 600.0,
        max_tokens_per_turn: int = 8192,
    ) -> None:
        self.model: str | None = model
        self._model = model
        self._max_tokens = max_tokens_per_turn
        self._client = anthropic.Anthropic(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            max_retries=max_retries,
            timeout=timeout,
        )
        self._calls = Interruptible("model call")
        self._system: list[TextBlockParam] = []
        self._tools: list[ToolParam] = []
        self._task = ""
        self._messages: list[MessageParam] = []
        self._pending: tuple[str, ...] = ()
        self._paused = False
        self._live: object | None = None  # the open stream's HTTP response, for cancel()

    def begin(self, system: str, tools: Sequence[ToolSpec], task: str) -> None:
        self._system = wire.system_blocks(system)
        self._tools = wire.tool_params(tools)
        self._task = task
        self._messages = []
        self._pending = ()
        self._paused = False

    def next_turn(self, given: TurnInput) -> AssistantTurn:
        """Send what the loop gives and return the model's next turn.

        The first call opens the conversation with the task (a ``given`` equal to the task
        is not repeated). Tool outcomes answer the last turn's calls (an unanswered call
        goes back as "not run", ``is_error``); a string is an instruction. After a
        ``pause_turn``, ``next_turn(())`` lets the paused answer continue.
        """
        self._append_user(given)
        message = self._calls.run(self._request)
        self._messages.append({"role": "assistant", "content": message.content})
        turn = wire.to_turn(message)
        self._pending = tuple(call.id for call in turn.tool_calls)
        self._paused = turn.stop_reason == "pause_turn"
        return turn

    def cancel(self) -> None:
        self._calls.cancel()
        shut_down(self._live)
        self._client.close()

    def close(self) -> None:
        """Release the HTTP connections (not part of the Engine protocol; optional)."""
        self._client.close()

    def _append_user(self, given: TurnInput) -> None:
        """Add what the loop gives to the conversation (nothing, to resume a paused turn)."""
        if not self._messages:
            first: list[ContentBlockParam] = [wire.text_block(self._task)]
            if isinstance(given, str) and given.strip() and given != self._task:
                first.append(wire.text_block(given))
            self._messages.append({"role": "user", "content": first})
            return
        outcomes: Sequence[ToolOutcome] = () if isinstance(given, str) else given
        content: list[ContentBlockParam] = [*wire.tool_results(outcomes, self._pending)]
        if isinstance(given, str) and given.strip():
            content.append(wire.text_block(given))
        if content:
            self._messages.append({"role": "user", "content": content})
        elif not self._paused:  # after pause_turn the paused answer goes back as it is
            raise ValueError("next_turn needs tool outcomes or an instruction after a final answer")

    def _request(self) -> Message:
        """One streamed request; runs in the Interruptible's worker thread."""
        try:
            with self._client.messages.stream(**self._request_options()) as stream:
                self._live = stream.response
                if self._calls.cancelled:
                    shut_down(self._live)
                return stream.get_final_message()
        except Exception as exc:
            if self._calls.cancelled:
                raise RunFailed("the model call was cancelled") from None
            raise RunFailed(describe(exc, secrets=self._secrets(), host=self._host())) from None
        finally:
            self._live = None

    def _request_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "model": self._model,
            "max_tokens": self._max_tokens,
            "messages": wire.with_cache_breakpoint(self._messages),
        }
        if self._system:
            options["system"] = self._system
        if self._tools:
            options["tools"] = self._tools
        return options

    def _secrets(self) -> tuple[str | None, ...]:
        return (self._client.api_key, self._client.auth_token)

    def _host(self) -> str:
        return str(self._client.base_url.host) or str(self._client.base_url)


def make_anthropic_engine(
    model: str,
    env: Mapping[str, str],
    *,
    max_tokens_per_turn: int = 8192,
    max_retries: int = 4,
    timeout: float = 600.0,
) -> AnthropicEngine:
    """The engine the CLI uses, configured from ``env`` (normally os.environ).

    Raises InputError when no ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) is set, or
    when ANTHROPIC_BASE_URL is not an http(s) URL.
    """
    if not model.strip():
        raise InputError("no model id for the anthropic engine (set BACKENDBOT_MODEL)")
    api_key = env.get("ANTHROPIC_API_KEY", "").strip() or None
    auth_token = None if api_key else env.get("ANTHROPIC_AUTH_TOKEN", "").strip() or None
    if api_key is None and auth_token is None:
        raise InputError(
            "the anthropic engine needs an API key: set ANTHROPIC_API_KEY "
            "(or use --engine scaffold with a backend.yaml, which needs no model)"
        )
    base_url = env.get("ANTHROPIC_BASE_URL", "").strip() or DEFAULT_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise InputError(f"ANTHROPIC_BASE_URL must be an http:// or https:// URL, got {base_url!r}")
    return AnthropicEngine(
        model,
        api_key=api_key,
        auth_token=auth_token,
        base_url=base_url,
        max_retries=max_retries,
        timeout=timeout,
        max_tokens_per_turn=max_tokens_per_turn,
    )
