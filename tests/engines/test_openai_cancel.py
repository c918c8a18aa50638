"""openai engine: cancel() from another thread abandons an in-flight call (stalled stream, retry wait)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from backendbot.core.engines.base import AssistantTurn
from backendbot.core.errors import Cancelled
from tests.engines.conftest import TOOLS, OpenAIFactory
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import completion, rate_limited, text

TASK = "Add a health endpoint."
STALL = 300.0  # far longer than any test may take: only cancel() can end the wait
LIVENESS = 30.0  # generous bound so a hang fails the test instead of blocking the run


def test_cancel_stops_a_stalled_stream(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(
        completion(text("I will now write a long file"), stall_at=3, stall_seconds=STALL)
    )
    engine = make_openai()
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        assert chat_api.stalled.wait(LIVENESS)  # the stream has begun and now hangs
        engine.cancel()
        with pytest.raises(Cancelled, match="cancelled"):
            turn.result(timeout=LIVENESS)
    assert chat_api.hung_up.wait(LIVENESS)  # the client closed the stream
    assert len(chat_api.requests) == 1


def test_cancel_during_a_retry_wait(chat_api: FakeChatAPI, make_openai: OpenAIFactory) -> None:
    chat_api.script(rate_limited(retry_after="0.2"), completion(text("too late")))
    engine = make_openai()
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        _wait_for_requests(chat_api, 1)
        engine.cancel()
        with pytest.raises(Cancelled):
            turn.result(timeout=LIVENESS)
    time.sleep(1.0)  # past the retry-after: the abandoned worker finds its client closed
    assert chat_api.remaining == 1  # so the retry never went out


def test_a_cancelled_engine_makes_no_more_calls(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("never sent")))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    engine.cancel()
    with pytest.raises(Cancelled):
        engine.next_turn(TASK)
    assert chat_api.requests == []


def test_cancel_after_a_finished_turn_leaves_that_turn_intact(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory
) -> None:
    chat_api.script(completion(text("Done.")))
    engine = make_openai()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    engine.cancel()
    assert isinstance(turn, AssistantTurn)
    assert turn.text == "Done."


def _wait_for_requests(api: FakeChatAPI, count: int) -> None:
    deadline = time.monotonic() + LIVENESS
    while len(api.requests) < count:
        assert time.monotonic() < deadline, "the request never arrived"
        time.sleep(0.01)
