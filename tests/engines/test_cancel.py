"""cancel() from another thread abandons an in-flight call (a stalled stream, a retry wait), both engines."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from backendbot.core.engines.base import AssistantTurn, Engine
from backendbot.core.engines.registry import make_engine
from backendbot.core.errors import Cancelled
from backendbot.core.layout import Layout
from tests.engines.conftest import MODEL, TOOLS
from tests.fakes.engine_wires import RateLimited, StallingAPI, Step, Wire

TASK = "Add a health endpoint."
STALL = 300.0  # far longer than any test may take: only cancel() can end the wait
LIVENESS = 30.0  # generous bound so a hang fails the test instead of blocking the run


@pytest.fixture
def engine(wire: Wire, tmp_path: Path) -> Iterator[Engine]:
    """The engine as the registry builds it for a run, pointed at the wire's fake."""
    model = wire.request().get("model", MODEL)
    built = make_engine(
        wire.engine, model=model, env=wire.env(), spec=None, layout=Layout(), repo=tmp_path
    )
    yield built
    getattr(built, "close", lambda: None)()


def test_cancel_stops_a_stalled_stream(wire: Wire, engine: Engine) -> None:
    wire.script(
        Step("I will now write a long file", options={"stall_at": 3, "stall_seconds": STALL})
    )
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        assert wire.api.stalled.wait(LIVENESS)  # the stream has begun and now hangs
        engine.cancel()
        with pytest.raises(Cancelled, match="cancelled"):
            turn.result(timeout=LIVENESS)
    assert wire.api.hung_up.wait(LIVENESS)  # the client closed the stream
    assert len(wire.api.requests) == 1


def test_cancel_during_a_retry_wait(wire: Wire, engine: Engine) -> None:
    wire.script(RateLimited("0.2"), Step("too late"))
    with ThreadPoolExecutor(1) as pool:
        engine.begin("system", TOOLS, TASK)
        turn = pool.submit(engine.next_turn, TASK)
        _wait_for_requests(wire.api, 1)
        engine.cancel()
        with pytest.raises(Cancelled):
            turn.result(timeout=LIVENESS)
    time.sleep(1.0)  # past the retry-after: the abandoned worker finds its client closed
    assert wire.api.remaining == 1  # so the retry never went out


def test_a_cancelled_engine_makes_no_more_calls(wire: Wire, engine: Engine) -> None:
    wire.script(Step("never sent"))
    engine.begin("system", TOOLS, TASK)
    engine.cancel()
    with pytest.raises(Cancelled):
        engine.next_turn(TASK)
    assert wire.api.requests == []


def test_cancel_after_a_finished_turn_leaves_that_turn_intact(wire: Wire, engine: Engine) -> None:
    wire.script(Step("Done."))
    engine.begin("system", TOOLS, TASK)
    turn = engine.next_turn(TASK)
    engine.cancel()
    assert isinstance(turn, AssistantTurn)
    assert turn.text == "Done."


def _wait_for_requests(api: StallingAPI, count: int) -> None:
    deadline = time.monotonic() + LIVENESS
    while len(api.requests) < count:
        assert time.monotonic() < deadline, "the request never arrived"
        time.sleep(0.01)
