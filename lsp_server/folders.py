"""Parent folders for the files an edit creates, when the client cannot create files itself.

Without resource operations (Neovim 0.7, simple clients) a created file reaches the editor as
an insertion into a URI that does not exist yet: the editor opens an empty buffer for it, and
saving fails (Neovim: ``E212: Can't open file for writing``) when its folder is missing. The
File Persistence Protocol creates parent folders before files are written, so the server does
that part before it hands out the edit: only the missing folders, each one checked by the core
jail (inside the repository root, no symlink leading out, nothing under ``.git/`` nor a
protected path), never a file. Saving the new buffers then puts every file on disk.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from backendbot.core.changeset.model import ChangeSet
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.jail import Jail, ToolRefused


class FolderRefused(RunFailed):
    """A folder for a new file cannot be created; nothing was left behind."""


@dataclass(frozen=True)
class PreparedFolders:
    """The folders created for an edit, project-relative, parents first (empty: none missing)."""

    created: tuple[str, ...] = ()


def prepare_parent_folders(root: Path, changeset: ChangeSet) -> PreparedFolders:
    """Creates the missing parent folders of every file ``changeset`` creates.

    All or nothing: on a refusal, the folders created here are removed again and
    FolderRefused names the folder and why.
    """
    jail = Jail(root)
    created: list[str] = []
    try:
        for folder in _folders_needed(changeset):
            if _make_folder(jail, folder):
                created.append(folder)
    except FolderRefused:
        _remove(jail, created)
        raise
    return PreparedFolders(tuple(created))


def remove_folders(root: Path, prepared: PreparedFolders) -> None:
    """Removes the folders ``prepare_parent_folders`` made, those still empty (children first)."""
    _remove(Jail(root), list(prepared.created))


def _folders_needed(changeset: ChangeSet) -> list[str]:
    """Each created file's ancestors (without the root), parents before children, once each."""
    needed: dict[str, None] = {}
    for change in changeset.changes:
        if change.before is not None or change.after is None:
            continue
        parts = PurePosixPath(change.path).parent.parts
        for depth in range(1, len(parts) + 1):
            needed.setdefault("/".join(parts[:depth]), None)
    return list(needed)


def _make_folder(jail: Jail, folder: str) -> bool:
    """True when it was created here, False when it already was a folder."""
    try:
        rel = jail.check(folder, write=True)
    except ToolRefused as exc:
        raise FolderRefused(f"cannot create the folder {folder}: {exc}") from exc
    path = jail.absolute(rel)
    if path.is_dir():  # follows a symlink, which the jail has checked stays inside
        return False
    try:
        path.mkdir()  # one level: the parent was made (or found) just before
    except FileExistsError as exc:
        if path.is_dir():
            return False  # made meanwhile by someone else: not ours to remove
        raise FolderRefused(
            f"cannot create the folder {folder}: a file of that name is in the way"
        ) from exc
    except OSError as exc:
        raise FolderRefused(f"cannot create the folder {folder}: {exc.strerror or exc}") from exc
    return True


def _remove(jail: Jail, created: list[str]) -> None:
    for folder in reversed(created):
        with contextlib.suppress(OSError):  # not empty any more (someone wrote into it): leave it
            jail.absolute(folder).rmdir()
