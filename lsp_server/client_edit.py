"""A run's ChangeSet as the WorkspaceEdit this client can apply, with the disk made ready for it.

The one place both resolve and ``backendbot.generate`` turn files into an edit. A client with
resource operations creates new files itself (``CreateFile``). One without them gets plain
``changes``: the missing parent folders are created first (``folders``), so that saving the
new buffers writes every file, and the user is told to save them.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.core.changeset.model import ChangeSet
from backendbot.lsp_server.folders import prepare_parent_folders
from backendbot.lsp_server.state import encoding_of, root_uri, supports_create
from backendbot.lsp_server.workspace_edit import changeset_to_workspace_edit


def edit_for_client(
    ls: LanguageServer, changeset: ChangeSet, root: Path, title: str
) -> types.WorkspaceEdit:
    """Raises FolderRefused (a BackendbotError) when a folder cannot be made; nothing is left."""
    create = supports_create(ls)
    edit = changeset_to_workspace_edit(changeset, root_uri(root), create, encoding_of(ls))
    new_files = sum(c.status == "created" for c in changeset.changes)
    if create or not new_files:
        return edit
    folders = prepare_parent_folders(root, changeset)
    message = (
        f"{title}: {new_files} new file(s) open as unsaved buffers; save them to write them "
        "to disk (Neovim: :wa)"
    )
    if folders.created:
        message += ". Created the folder(s) " + ", ".join(f + "/" for f in folders.created)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))
    return edit
