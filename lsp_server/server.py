"""The server factory: a pygls LanguageServer with backendbot's features wired to one state."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from backendbot import __version__
from backendbot.lsp_server import actions, apply_command, commands
from backendbot.lsp_server.diagnostics import DiagnosticsScheduler
from backendbot.lsp_server.settings import SECTION, parse_settings
from backendbot.lsp_server.state import ServerState

if TYPE_CHECKING:
    from backendbot.core.run.build import Builder

NAME = "backendbot"
DIAGNOSTICS_DELAY = 0.25
PARSE_DELAY = 0.75  # after the diagnostics: past the listing an editor asks for once typing stops


class BackendbotProtocol(LanguageServerProtocol):
    """Also hands ``$/cancelRequest`` to running generations (pygls alone does not stop them)."""

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        state: ServerState | None = getattr(self._server, "backendbot_state", None)
        if state is not None:
            state.jobs.cancel_request(msg_id)


def create_server(
    env: Mapping[str, str] | None = None,
    *,
    diagnostics_delay: float = DIAGNOSTICS_DELAY,
    parse_delay: float = PARSE_DELAY,
    builder: Builder | None = None,
) -> LanguageServer:
    """``env`` is what runs see (API keys, base URLs); the process environment by default.
    A spec document is checked ``diagnostics_delay`` seconds after its last change, and parsed
    for resolve ``parse_delay`` seconds after that (resolve parses it itself if it comes first).
    ``builder`` runs the builds (``run_build`` by default; tests hand in a verifier of theirs)."""
    server = LanguageServer(NAME, __version__, protocol_cls=BackendbotProtocol)
    state = ServerState(
        env=dict(os.environ if env is None else env),
        diagnostics_delay=diagnostics_delay,
        parse_delay=parse_delay,
        builder=builder,
    )
    server.backendbot_state = state  # type: ignore[attr-defined]
    diagnostics = DiagnosticsScheduler(server, state)
    _register_settings(server, state)
    _register_documents(server, state, diagnostics)
    _register_actions(server, state)
    return server


def _register_settings(server: LanguageServer, state: ServerState) -> None:
    def apply(raw: object) -> None:
        if raw is None or raw == {} or raw == {SECTION: {}}:
            return  # nothing said (a pull-model client, an empty section): keep what we have
        result = parse_settings(raw)
        state.settings = result.settings
        for problem in result.problems:
            server.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"backendbot: {problem}"
                )
            )

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        apply(params.initialization_options)
        state.warmup.start()  # in a worker thread: the first resolve need not pay for it

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        apply(params.settings)


def _register_documents(
    server: LanguageServer, state: ServerState, diagnostics: DiagnosticsScheduler
) -> None:
    def check(uri: str, delay: float) -> None:
        view = state.view(server, uri)
        if view is not None and (view.kind == "spec" or uri.endswith((".yaml", ".yml"))):
            diagnostics.schedule(uri, delay)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        check(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        check(params.text_document.uri, state.diagnostics_delay)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        diagnostics.clear(params.text_document.uri)


def _register_actions(server: LanguageServer, state: ServerState) -> None:
    options = types.CodeActionOptions(code_action_kinds=[actions.KIND], resolve_provider=True)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    def code_action(
        params: types.CodeActionParams,
    ) -> list[types.CodeAction] | list[types.Command] | None:
        return actions.list_actions(server, state, params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(params: types.CodeAction) -> types.CodeAction:
        return await actions.resolve_action(server, state, params)

    @server.command(actions.GENERATE_COMMAND)
    async def generate(*arguments: Any) -> None:
        await commands.generate(server, state, list(arguments))

    @server.command(actions.APPLY_COMMAND)
    async def apply(*arguments: Any) -> None:
        await apply_command.apply_action(server, state, list(arguments))

    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def progress_cancel(params: types.WorkDoneProgressCancelParams) -> None:
        state.jobs.cancel_token(params.token)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        state.jobs.cancel_all()
