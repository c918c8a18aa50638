"""cancel() from another thread abandons an in-flight call: a stalled stream, a retry wait."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from backendbot.core.engines.base import AssistantTurn
from backendbot.core.errors import Cancelled
from tests.engines.conftest import TOOLS, EngineFactory
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import rate_limited, reply, text

TASK = "Add a health endpoint."
STALL = 300.0  # far longer than any test may take: only cancel() can end the wait
LIVENESS = 30.0  # generous bound so a hang fails the test instead of blocking the run


def test_cancel_stops_a_stalled_stream(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(
        reply(text("I will now write a long file"), stall_at=3, stall_seconds=STALL)
    )
    engine = make_engine()
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        assert messages_api.stalled.wait(LIVENESS)  # the stream has begun and now hangs
        engine.cancel()
        with pytest.raises(Cancelled, match="cancelled"):
            turn.result(timeout=LIVENESS)
    assert messages_api.hung_up.wait(LIVENESS)  # the client closed the stream
    assert len(messages_api.requests) == 1


def test_cancel_during_a_retry_wait(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(rate_limited(retry_after="0.2"), reply(text("too late")))
    engine = make_engine()
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        _wait_for_requests(messages_api, 1)
        engine.cancel()
        with pytest.raises(Cancelled):
            turn.result(timeout=LIVENESS)
    time.sleep(1.0)  # past the retry-after: the abandoned worker finds its client closed
    assert messages_api.remaining == 1  # so the retry never went out


def test_a_cancelled_engine_makes_no_more_calls(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("never sent")))
    engine = make_engine()
    engine.begin("system", TOOLS, TASK)
    engine.cancel()
    with pytest.raises(Cancelled):
        engine.next_turn(TASK)
    assert messages_api.requests == []


def test_cancel_after_a_finished_turn_leaves_that_turn_intact(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory
) -> None:
    messages_api.script(reply(text("Done.")))
    engine = make_engine()
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    engine.cancel()
    assert isinstance(turn, AssistantTurn)
    assert turn.text == "Done."


def _wait_for_requests(api: FakeMessagesAPI, count: int) -> None:
    deadline = time.monotonic() + LIVENESS
    while len(api.requests) < count:
        assert time.monotonic() < deadline, "the request never arrived"
        time.sleep(0.01)
