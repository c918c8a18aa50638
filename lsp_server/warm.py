"""Readies a server for its first resolve, once, in a worker thread started at ``initialize``.

A resolve's first build in a process used to cost far more than later ones: importing the
scaffold engine (about 55 ms on top of the server's own imports) and compiling its 30 templates
(about 110 ms; jinja2 then keeps them compiled for the process); a build itself takes about
10 ms. ``Warmup`` does both off the request path, so that by the time a user picks an action the
server answers at warm speed. A resolve that comes sooner waits for the imports only, and the
template compiling pauses while it runs (the resolve compiles the few it needs itself) instead
of competing with it for the GIL. A failed warm-up is logged, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import threading
from collections.abc import AsyncIterator, Callable

RESOLVE_MODULES = ("backendbot.core.run.build", "backendbot.lsp_server.offline")

log = logging.getLogger(__name__)


class Warmup:
    """Started once (at initialize); a resolve runs inside ``priority()``."""

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._imported = asyncio.Event()
        self._may_compile = threading.Event()
        self._may_compile.set()
        self._resolving = 0

    def start(self) -> None:
        if self._task is not None:
            return
        loop = asyncio.get_running_loop()

        def imported() -> None:
            loop.call_soon_threadsafe(self._imported.set)

        self._task = loop.create_task(_warm_up_in_thread(imported, self._may_compile))

    @contextlib.asynccontextmanager
    async def priority(self) -> AsyncIterator[None]:
        """Waits for the warm-up's imports (when it was started); holds its compiling off."""
        self._resolving += 1
        self._may_compile.clear()
        try:
            if self._task is not None:
                await self._imported.wait()
            yield
        finally:
            self._resolving -= 1
            if not self._resolving:
                self._may_compile.set()

    async def done(self) -> None:
        """The whole warm-up has ended (for tests and benchmarks)."""
        if self._task is not None:
            await asyncio.shield(self._task)


async def _warm_up_in_thread(imported: Callable[[], None], may_compile: threading.Event) -> None:
    try:
        await asyncio.to_thread(warm_up_resolve, imported, may_compile)
    except Exception as exc:  # a slower first resolve, nothing worse
        log.warning("warming up for the first resolve failed: %s", exc)


def warm_up_resolve(
    imported: Callable[[], None] = lambda: None, may_compile: threading.Event | None = None
) -> int:
    """Blocking: call it in a worker thread. ``imported`` is called once the imports are done
    (or failed); before each template it waits for ``may_compile``. Returns the templates compiled.
    """
    try:
        for name in RESOLVE_MODULES:
            importlib.import_module(name)
    finally:
        imported()
    from backendbot.core.scaffold.render import environment

    templates = environment()
    names = templates.list_templates(extensions=["j2"])
    for name in names:
        if may_compile is not None:
            may_compile.wait()
        templates.get_template(name)
    return len(names)
