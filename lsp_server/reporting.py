"""What the user sees of a long job: its work-done progress, messages, and a verification report."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.core.engines.error_text import mask
from backendbot.lsp_server.jobs import Job
from backendbot.lsp_server.state import supports_progress

if TYPE_CHECKING:
    from backendbot.core.verify.report import VerificationReport

MAX_FAILURE = 200  # characters of the first failure quoted in a message
SECRET_VARIABLES = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_AUTH_TOKEN")


async def create_progress(ls: LanguageServer, title: str) -> types.ProgressToken | None:
    """A cancellable work-done progress begun with ``title``; None when the client has none."""
    if not supports_progress(ls):
        return None
    token = f"backendbot-{uuid.uuid4()}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception:  # a client may refuse progress; the run goes on without it
        return None
    ls.work_done_progress.begin(
        token, types.WorkDoneProgressBegin(title=title, cancellable=True, message="starting")
    )
    return token


def end_progress(ls: LanguageServer, job: Job, message: str) -> None:
    if job.token is not None:
        ls.work_done_progress.end(job.token, types.WorkDoneProgressEnd(message=message))


def show(ls: LanguageServer, kind: types.MessageType, message: str) -> None:
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))


def report_message(
    title: str, report: VerificationReport, env: Mapping[str, str]
) -> tuple[types.MessageType, str]:
    """Info with the summary line when every check passed; else a warning naming what failed
    and quoting the first failing test (the run's API keys masked, should a test print them)."""
    summary = report.summary_line()
    if report.passed:
        return types.MessageType.Info, f"{title}: verified: {summary}"
    failed = [c.name for c in report.checks() if not c.ok]
    failed += [s.name for s in report.steps if s.status in ("failed", "error", "timeout")]
    message = f"{title}: verification failed ({', '.join(dict.fromkeys(failed))}): {summary}"
    first = report.tests.failures[0] if report.tests and report.tests.failures else None
    if first is not None:
        text = " ".join(f"{first.name}: {first.message}".split())
        message += f". First failure: {text[:MAX_FAILURE]}"
    return types.MessageType.Warning, mask(message, [env.get(v) for v in SECRET_VARIABLES])
