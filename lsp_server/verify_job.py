"""The verification of a scaffold action, run in the background after its edit went out.

Resolve must stay fast (tens of milliseconds), and the project's own checks take seconds to
minutes, so resolve never runs them. Once a scaffold action's edit has been handed to the
editor (resolve answered, or ``backendbot.apply`` applied it), this job runs the same build
again with ``verify=True`` in a worker thread: the scaffold is deterministic, so it plans the
files the editor got, and the verifier checks the repository with them. Its cancellable
work-done progress names the steps as they run and ends with the report's summary line, which
``window/showMessage`` repeats (a warning, with the first failure, when a check failed).
``backendbot.verify: false`` turns it off; a second action's job cancels the first one's.
A cancel ends the progress at once; the run it stopped is told through its CancelScope, which
core/verify polls: the running check's process group is killed and the run raises ``Cancelled``
(a result that still came is dropped).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.core.errors import BackendbotError, Cancelled
from backendbot.lsp_server.jobs import Job
from backendbot.lsp_server.progress import ProgressEvents
from backendbot.lsp_server.reporting import create_progress, end_progress, report_message, show
from backendbot.lsp_server.state import ServerState

if TYPE_CHECKING:
    from backendbot.core.run.build import BuildRequest, RunResult

log = logging.getLogger(__name__)
START_DELAY = 0.2  # seconds: the resolve's answer goes out and the editor applies it first
TITLE_SUFFIX = ": verifying"


def start_verification(
    ls: LanguageServer, state: ServerState, title: str, request: BuildRequest
) -> asyncio.Task[None] | None:
    """Start the background verification of ``request``'s result, unless it is turned off."""
    if not state.settings.verify:
        return None
    for job in state.jobs.named(title + TITLE_SUFFIX):
        job.scope.cancel()  # the same action again: only the newest result is worth checking
    task = asyncio.ensure_future(_verify(ls, state, title, request))
    state.background.add(task)
    task.add_done_callback(state.background.discard)
    return task


async def _verify(
    ls: LanguageServer, state: ServerState, title: str, request: BuildRequest
) -> None:
    await asyncio.sleep(START_DELAY)
    token = await create_progress(ls, title + TITLE_SUFFIX)
    job = state.jobs.start(title + TITLE_SUFFIX, None, token)
    try:
        await _run(ls, state, job, title, request)
    finally:
        state.jobs.finish(job)


async def _run(
    ls: LanguageServer, state: ServerState, job: Job, title: str, request: BuildRequest
) -> None:
    loop = asyncio.get_running_loop()
    events = None
    if job.token is not None:
        events = ProgressEvents(ls.work_done_progress, job.token, loop, turns=False)
    work = asyncio.ensure_future(
        asyncio.to_thread(
            state.build,
            replace(request, verify=True),
            events=events,
            cancel=job.scope,
            env=state.settings.run_env(state.env),
        )
    )
    cancelled = asyncio.Event()

    def wake() -> None:
        loop.call_soon_threadsafe(cancelled.set)

    job.scope.on_cancel(wake)
    stop = asyncio.ensure_future(cancelled.wait())
    await asyncio.wait({work, stop}, return_when=asyncio.FIRST_COMPLETED)
    stop.cancel()
    if not work.done():  # cancelled: the user hears so now; the run's result is dropped
        if events is not None:
            events.close()
        end_progress(ls, job, "verification cancelled")
        work.add_done_callback(_dropped)
        return
    try:
        result = work.result()
    except Cancelled:
        end_progress(ls, job, "verification cancelled")
        return
    except BackendbotError as exc:
        end_progress(ls, job, "verification failed to run")
        show(ls, types.MessageType.Error, f"{title}: verification failed to run: {exc}")
        return
    if job.scope.cancelled:
        end_progress(ls, job, "verification cancelled")
        return
    report = result.verification
    if report is None:
        end_progress(ls, job, "not verified")
        return
    end_progress(ls, job, report.summary_line())
    kind, message = report_message(title, report, state.env)
    show(ls, kind, message)


def _dropped(work: asyncio.Future[RunResult]) -> None:
    """The result of a cancelled verification that went on: logged, never raised."""
    if not work.cancelled() and work.exception() is not None:
        log.info("a cancelled verification ended with %s", work.exception())
