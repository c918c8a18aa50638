"""``backendbot.apply``: a listed action run as a command, for clients without codeAction/resolve.

Such clients (older Helix, simple plugins) execute a listed action's command and ignore its
``data``; this resolves the action as ``codeAction/resolve`` would, then applies the edit with
``workspace/applyEdit``, or goes on with the model-backed ``backendbot.generate``.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.lsp_server import actions, commands
from backendbot.lsp_server.client_edit import refused, tell_to_save
from backendbot.lsp_server.state import ServerState
from backendbot.lsp_server.verify_job import start_verification
from backendbot.lsp_server.workspace_edit import is_empty


async def apply_action(ls: LanguageServer, state: ServerState, arguments: list[Any]) -> None:
    title, data = [*arguments, None, None][:2]
    title = title if isinstance(title, str) else "Generate"
    action = types.CodeAction(title=title, data=data)
    resolved, prepared, request = await actions.resolve_for_apply(ls, state, action)
    if resolved.command is not None and resolved.command.command == actions.GENERATE_COMMAND:
        await commands.generate(ls, state, list(resolved.command.arguments or []))
        return
    if prepared is None or is_empty(prepared.edit):
        return  # resolve has said why (a bad spec, files up to date)
    response = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=prepared.edit, label=f"backendbot: {title}")
    )
    if not response.applied:
        refused(prepared)
        reason = response.failure_reason or "the editor refused the edit"
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"{title}: {reason}")
        )
        return
    tell_to_save(ls, title, prepared)
    if request is not None:
        start_verification(ls, state, title, request)
