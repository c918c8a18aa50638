"""The warm-up a server starts at initialize, in-process (speed itself is in bench/lsp_latency.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from backendbot.core.scaffold.render import environment
from backendbot.lsp_server import warm
from backendbot.lsp_server.warm import Warmup, warm_up_resolve


def test_every_template_is_compiled_once_for_the_process() -> None:
    imported = threading.Event()
    count = warm_up_resolve(imported.set)
    names = environment().list_templates(extensions=["j2"])
    assert count == len(names) > 0
    assert imported.is_set()
    compiled = {environment().get_template(name) for name in names}
    assert {environment().get_template(name) for name in names} == compiled  # cached objects


def test_compiling_waits_while_it_may_not() -> None:
    environment.cache_clear()  # a fresh environment: nothing compiled yet
    may_compile = threading.Event()
    imported = threading.Event()
    worker = threading.Thread(target=warm_up_resolve, args=(imported.set, may_compile))
    worker.start()
    try:
        assert imported.wait(60)
        worker.join(0.3)  # time enough to compile several templates, were it allowed
        assert worker.is_alive()
        assert len(environment().cache or {}) == 0
    finally:
        may_compile.set()
        worker.join(60)
    assert len(environment().cache or {}) == len(environment().list_templates(extensions=["j2"]))


async def test_a_resolve_waits_for_the_imports_and_holds_the_compiling_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The coordination alone: the warm-up's work is replaced by steps the test releases."""
    release = threading.Event()
    steps: list[str] = []

    def steps_of_a_warm_up(imported: Callable[[], None], may_compile: threading.Event) -> int:
        release.wait(60)
        steps.append("imported")
        imported()
        may_compile.wait(60)
        steps.append("compiling")
        return 0

    monkeypatch.setattr(warm, "warm_up_resolve", steps_of_a_warm_up)
    warmup = Warmup()
    warmup.start()

    async def resolve() -> None:
        async with warmup.priority():
            steps.append("resolving")

    task = asyncio.create_task(resolve())
    await asyncio.sleep(0.1)
    assert steps == [] and not task.done()  # the resolve waits for the imports
    release.set()
    await asyncio.wait_for(task, 60)
    await asyncio.wait_for(warmup.done(), 60)
    assert steps == ["imported", "resolving", "compiling"]


async def test_without_a_start_nothing_is_awaited() -> None:
    warmup = Warmup()
    async with warmup.priority():
        pass
    await warmup.done()
