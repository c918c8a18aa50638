"""``textDocument/codeAction`` (listing) and ``codeAction/resolve`` (the edit, or a command).

Listing turns the analysis' offers into CodeActions that carry only ``data``. Resolve runs the
scaffold engine for what maps onto a backend.yaml and returns its WorkspaceEdit; anything
else gets the ``backendbot.generate`` command, so no model call ever hides behind a resolve.
Nor does a verification: a resolved edit's checks run afterwards, in the background
(``verify_job``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pydantic import ValidationError
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from backendbot.core.errors import BackendbotError
from backendbot.core.spec.yamltree import gc_paused
from backendbot.lsp_server import source_triggers, ts_models
from backendbot.lsp_server.analysis import ActionData, Span, offers_at
from backendbot.lsp_server.client_edit import ClientEdit, edit_for_client, tell_to_save
from backendbot.lsp_server.documents import DocumentView, file_name
from backendbot.lsp_server.prompts import generation_prompt
from backendbot.lsp_server.settings import Settings
from backendbot.lsp_server.state import (
    ServerState,
    encoding_of,
    repository_root,
    supports_literals,
    supports_resolve,
)
from backendbot.lsp_server.verify_job import start_verification
from backendbot.lsp_server.workspace_edit import is_empty

if TYPE_CHECKING:
    from backendbot.core.run.build import BuildRequest, RunResult

KIND = "refactor.backendbot"
GENERATE_COMMAND = "backendbot.generate"
APPLY_COMMAND = "backendbot.apply"  # for clients that cannot resolve code actions


def list_actions(
    ls: LanguageServer, state: ServerState, params: types.CodeActionParams
) -> list[types.CodeAction] | list[types.Command] | None:
    """CodeActions carrying ``data`` for resolve; for a client that cannot resolve, each also
    carries the ``backendbot.apply`` command; one without CodeAction literals gets only that."""
    only = params.context.only
    if only and not any(o == KIND or KIND.startswith(f"{o}.") for o in only):
        return None
    view = state.view(ls, params.text_document.uri)
    if view is None:
        return None
    start, end = sorted(
        [
            (params.range.start.line, params.range.start.character),
            (params.range.end.line, params.range.end.character),
        ]
    )
    offers = offers_at(view, Span(*start, *end), encoding_of(ls))
    if not offers:
        return None
    if not supports_literals(ls):
        return [_apply_command(o.title, o.data) for o in offers]
    resolvable = supports_resolve(ls)
    return [
        types.CodeAction(
            title=o.title,
            kind=KIND,
            data=o.data.model_dump(exclude_none=True),
            command=None if resolvable else _apply_command(o.title, o.data),
        )
        for o in offers
    ]


def _apply_command(title: str, data: ActionData) -> types.Command:
    return types.Command(
        title=title, command=APPLY_COMMAND, arguments=[title, data.model_dump(exclude_none=True)]
    )


async def resolve_action(
    ls: LanguageServer, state: ServerState, action: types.CodeAction
) -> types.CodeAction:
    resolved, prepared, request = await resolve_for_apply(ls, state, action)
    if prepared is not None:
        tell_to_save(ls, action.title, prepared)  # the client applies the edit next
        if request is not None and not is_empty(prepared.edit):
            start_verification(ls, state, action.title, request)  # after this answer
    return resolved


async def resolve_for_apply(
    ls: LanguageServer, state: ServerState, action: types.CodeAction
) -> tuple[types.CodeAction, ClientEdit | None, BuildRequest | None]:
    """The resolved action and, when it carries an edit, what was made ready on disk for it and
    the build that made it (to be verified once the edit is out)."""
    try:
        data = ActionData.model_validate(action.data)
    except ValidationError:
        return action, None, None
    root = repository_root(ls, data.uri)
    view = state.view(ls, data.uri)
    if root is None or view is None:
        return action, None, None
    async with state.warmup.priority():  # the imports, done in the background from initialize
        return await _resolve(ls, state, action, data, root, view)


async def _resolve(
    ls: LanguageServer,
    state: ServerState,
    action: types.CodeAction,
    data: ActionData,
    root: Path,
    view: DocumentView,
) -> tuple[types.CodeAction, ClientEdit | None, BuildRequest | None]:
    from backendbot.lsp_server.offline import Source, offline_request
    from backendbot.lsp_server.stack_choice import explained

    spec_text = view.text if view.kind == "spec" else None
    parsed = await view.spec()  # ready when the analysis after the last edit has run
    action.command = None
    source = Source(view.kind, view.lines)
    try:
        build = offline_request(
            data, root, state.settings, spec_text, file_name(data.uri), parsed, source
        )
    except BackendbotError as exc:  # a TypeScript model without field types, scaffold engine
        _show_error(ls, action.title, str(exc))
        return action, None, None
    if build is None:
        action.command = _command(action.title, data, root, view, state.settings)
        return action, None, None
    try:
        result = await asyncio.to_thread(_build, build.request, state.env)
        prepared = edit_for_client(ls, result.changeset, root)
    except BackendbotError as exc:
        _show_error(ls, action.title, explained(str(exc), build.stack))
        return action, None, None
    if not result.changeset:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"{action.title}: nothing to change, the generated files are up to date",
            )
        )
    action.edit = prepared.edit
    return action, prepared, build.request


def _show_error(ls: LanguageServer, title: str, message: str) -> None:
    ls.window_show_message(
        types.ShowMessageParams(type=types.MessageType.Error, message=f"{title}: {message}")
    )


def _build(request: BuildRequest, env: Mapping[str, str]) -> RunResult:
    """A build allocates a tree of long-lived objects; a full collection of the cyclic collector
    in the middle of it re-scans the whole heap (~60 ms on a 2,000-line spec): paused meanwhile."""
    from backendbot.core.run.build import run_build

    with gc_paused():
        return run_build(request, env=env)


def _command(
    title: str, data: ActionData, root: Path, view: DocumentView, settings: Settings
) -> types.Command:
    from backendbot.lsp_server.stack_choice import choose_stack, repo_spec_text

    lines, language = view.lines, "typescript" if view.kind == "typescript" else "python"
    context = None
    if data.action == "model-class" and 0 <= data.line < len(lines):
        if view.kind == "typescript":
            context = ts_models.declaration_source(lines, data.line)
        else:
            context = source_triggers.class_source(lines, data.line)
    relative = _relative(data.uri, root)
    prompt = generation_prompt(data, relative, context, language)
    arguments: dict[str, str] = {"uri": data.uri, "title": title, "prompt": prompt}
    stack = choose_stack(settings, root, view.kind, repo_spec_text(root)).stack
    if stack is not None:
        arguments["stack"] = stack  # a model is told the stack; one it cannot refuse
    return types.Command(title=title, command=GENERATE_COMMAND, arguments=[arguments])


def _relative(uri: str, root: Path) -> str:
    path = to_fs_path(uri)
    if path is None:
        return uri
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name
