"""``backendbot.generate``: a model-backed generation run through ``workspace/executeCommand``.

The run goes to a worker thread with cancellable work-done progress; cancelling (the progress'
cancel button or ``$/cancelRequest``) aborts the model call through the run's CancelScope and
applies nothing. A finished run's files reach the editor with ``workspace/applyEdit``. Every
failure is answered with ``window/showMessage`` carrying the reason.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pydantic import BaseModel, ConfigDict, ValidationError
from pygls.lsp.server import LanguageServer

from backendbot.core.errors import BackendbotError, Cancelled
from backendbot.lsp_server.client_edit import edit_for_client, refused, tell_to_save
from backendbot.lsp_server.jobs import Job
from backendbot.lsp_server.progress import ProgressEvents
from backendbot.lsp_server.state import (
    ServerState,
    repository_root,
    supports_progress,
)
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
        _show(
            ls,
            types.MessageType.Error,
            f"backendbot.generate: bad arguments: {exc.errors()[0]['msg']}",
        )
        return
    if state.settings.engine == "scaffold":
        _show(
            ls,
            types.MessageType.Warning,
            f"{args.title}: the engine setting is 'scaffold', which cannot generate this "
            "without a model; set backendbot.engine to 'anthropic'",
        )
        return
    root = repository_root(ls, args.uri)
    if root is None:
        _show(ls, types.MessageType.Error, f"{args.title}: {args.uri} is not a file")
        return
    token = await _create_progress(ls, args.title)
    job = state.jobs.start(args.title, ls.protocol.msg_id, token)
    try:
        await _run(ls, state, job, args, root)
    finally:
        state.jobs.finish(job)


async def _run(
    ls: LanguageServer, state: ServerState, job: Job, args: GenerateArguments, root: Path
) -> None:
    from backendbot.core.run.build import BuildRequest, run_build

    request = BuildRequest(
        repo=root,
        prompt=args.prompt,
        engine=state.settings.engine,
        stack=args.stack or state.settings.stack,
        model=state.settings.model,
        layout=state.settings.layout,
    )
    events = None
    if job.token is not None:
        events = ProgressEvents(ls.work_done_progress, job.token, asyncio.get_running_loop())
    try:
        result = await asyncio.to_thread(
            run_build,
            request,
            events=events,
            cancel=job.scope,
            env=state.settings.run_env(state.env),
        )
    except Cancelled:
        _end(ls, job, "cancelled: nothing was changed")
        return
    except BackendbotError as exc:
        _end(ls, job, "failed")
        _show(ls, types.MessageType.Error, f"{args.title} failed: {exc}")
        return
    if job.scope.cancelled:
        _end(ls, job, "cancelled: nothing was changed")
        return
    await _apply(ls, job, args, result, root)


async def _apply(
    ls: LanguageServer, job: Job, args: GenerateArguments, result: RunResult, root: Path
) -> None:
    try:
        prepared = edit_for_client(ls, result.changeset, root)
    except BackendbotError as exc:
        _end(ls, job, "failed")
        _show(ls, types.MessageType.Error, f"{args.title} failed: {exc}")
        return
    edit = prepared.edit
    if is_empty(edit):
        _end(ls, job, "no files")
        _show(
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
        _end(ls, job, "not applied")
        _show(ls, types.MessageType.Error, f"{args.title}: {reason}")
        return
    _end(ls, job, f"{len(result.changeset)} file(s) written")
    tell_to_save(ls, args.title, prepared)


async def _create_progress(ls: LanguageServer, title: str) -> types.ProgressToken | None:
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


def _end(ls: LanguageServer, job: Job, message: str) -> None:
    if job.token is not None:
        ls.work_done_progress.end(job.token, types.WorkDoneProgressEnd(message=message))


def _show(ls: LanguageServer, kind: types.MessageType, message: str) -> None:
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
