"""A run's ChangeSet as the WorkspaceEdit this client can apply, with the disk made ready for it.

The one place resolve, ``backendbot.apply`` and ``backendbot.generate`` turn files into an edit.
A client with resource operations creates new files itself (``CreateFile``). One without them
gets plain ``changes``: the missing parent folders are created first (``folders``), so that
saving the new buffers writes every file, and the user is told to save them. When the editor
refuses an edit sent with ``workspace/applyEdit``, the folders made for it are removed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.core.changeset.model import ChangeSet
from backendbot.lsp_server.folders import PreparedFolders, prepare_parent_folders, remove_folders
from backendbot.lsp_server.state import encoding_of, root_uri, supports_create
from backendbot.lsp_server.workspace_edit import changeset_to_workspace_edit


@dataclass(frozen=True)
class ClientEdit:
    edit: types.WorkspaceEdit
    root: Path
    unsaved: int = 0  # new files the editor opens as buffers for the user to save
    folders: PreparedFolders = field(default_factory=PreparedFolders)


def edit_for_client(ls: LanguageServer, changeset: ChangeSet, root: Path) -> ClientEdit:
    """Raises FolderRefused (a BackendbotError) when a folder cannot be made; nothing is left."""
    create = supports_create(ls)
    edit = changeset_to_workspace_edit(changeset, root_uri(root), create, encoding_of(ls))
    new_files = sum(c.status == "created" for c in changeset.changes)
    if create or not new_files:
        return ClientEdit(edit, root)
    return ClientEdit(edit, root, new_files, prepare_parent_folders(root, changeset))


def tell_to_save(ls: LanguageServer, title: str, prepared: ClientEdit) -> None:
    """For an editor that opens new files as buffers: they reach the disk when saved."""
    if not prepared.unsaved:
        return
    message = (
        f"{title}: {prepared.unsaved} new file(s) open as unsaved buffers; save them to write "
        "them to disk (Neovim: :wa)"
    )
    if prepared.folders.created:
        message += ". Created the folder(s) " + ", ".join(f + "/" for f in prepared.folders.created)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))


def refused(prepared: ClientEdit) -> None:
    """The editor did not apply the edit: the folders made for it go (those still empty)."""
    remove_folders(prepared.root, prepared.folders)
