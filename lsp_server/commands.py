"""``backendbot.generate``: a model-backed generation run through ``workspace/executeCommand``.

The run goes to a worker thread with cancellable work-done progress; cancelling (the progress'
cancel button or ``$/cancelRequest``) aborts the model call through the run's CancelScope and
applies nothing. A finished run's files reach the editor with ``workspace/applyEdit``. Every
failure is answered with ``window/showMessage`` carrying the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pydantic import BaseModel, ConfigDict, ValidationError
from pygls.lsp.server import LanguageServer

from backendbot.core.errors import BackendbotError, Cancelled
from backendbot.lsp_server.client_edit import edit_for_client, refused, tell_to_save
from backendbot.lsp_server.jobs import Job
from backendbot.lsp_server.progress import ProgressEvents
from backendbot.lsp_server.reporting import create_progress, end_progress, report_message, show
from backendbot.lsp_server.state import ServerState, repository_root
from backendbot.lsp_server.workspace_edit import is_empty

if TYPE_CHECKING:
    from backendbot.core.run.build import RunResult


class GenerateArguments(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    uri: str
    title: str
    prompt: str
    stack: str | None = None  # chosen by the editor's context (stack_choice.py)


async def generate(ls: LanguageServer, state: ServerState, arguments: list[Any]) -> None:
    try:
        args = GenerateArguments.model_validate(arguments[0] if arguments else None)
    except ValidationError as exc:
        show(
            ls,
            types.MessageType.Error,
            f"backendbot.generate: bad arguments: {exc.errors()[0]['msg']}",
        )
        return
    if state.settings.engine == "scaffold":
        show(
            ls,
            types.MessageType.Warning,
            f"{args.title}: the engine setting is 'scaffold', which cannot generate this "
            "without a model; set backendbot.engine to 'anthropic'",
        )
        return
    root = repository_root(ls, args.uri)
    if root is None:
        show(ls, types.MessageType.Error, f"{args.title}: {args.uri} is not a file")
        return
    token = await create_progress(ls, args.title)
    job = state.jobs.start(args.title, ls.protocol.msg_id, token)
    try:
        await _run(ls, state, job, args, root)
    finally:
        state.jobs.finish(job)


async def _run(
    ls: LanguageServer, state: ServerState, job: Job, args: GenerateArguments, root: Path
) -> None:
    from backendbot.core.run.build import BuildRequest

    request = BuildRequest(
        repo=root,
        prompt=args.prompt,
        engine=state.settings.engine,
        stack=args.stack or state.settings.stack,
        model=state.settings.model,
        layout=state.settings.layout,
        verify=state.settings.verify,
    )
    events = None
    if job.token is not None:
        events = ProgressEvents(ls.work_done_progress, job.token, asyncio.get_running_loop())
    try:
        result = await asyncio.to_thread(
            state.build,
            request,
            events=events,
            cancel=job.scope,
            env=state.settings.run_env(state.env),
        )
    except Cancelled:
        end_progress(ls, job, "cancelled: nothing was changed")
        return
    except BackendbotError as exc:
        end_progress(ls, job, "failed")
        show(ls, types.MessageType.Error, f"{args.title} failed: {exc}")
        return
    if job.scope.cancelled:
        end_progress(ls, job, "cancelled: nothing was changed")
        return
    await _apply(ls, job, args, result, root, state.env)


async def _apply(
    ls: LanguageServer,
    job: Job,
    args: GenerateArguments,
    result: RunResult,
    root: Path,
    env: Mapping[str, str],
) -> None:
    try:
        prepared = edit_for_client(ls, result.changeset, root)
    except BackendbotError as exc:
        end_progress(ls, job, "failed")
        show(ls, types.MessageType.Error, f"{args.title} failed: {exc}")
        return
    edit = prepared.edit
    if is_empty(edit):
        end_progress(ls, job, "no files")
        show(
            ls,
            types.MessageType.Warning,
            f"{args.title}: the model wrote no file. {result.final_text[:300]}",
        )
        return
    response = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=f"backendbot: {args.title}")
    )
    if not response.applied:
        refused(prepared)
        reason = response.failure_reason or "the editor refused the edit"
        end_progress(ls, job, "not applied")
        show(ls, types.MessageType.Error, f"{args.title}: {reason}")
        return
    report = result.verification
    written = f"{len(result.changeset)} file(s) written"
    end_progress(ls, job, f"{written} · {report.summary_line()}" if report is not None else written)
    tell_to_save(ls, args.title, prepared)
    if report is not None and not report.passed:
        kind, message = report_message(args.title, report, env)
        show(ls, kind, message)
