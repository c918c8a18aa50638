"""What a build into a repository does with the migrations: reads the last build's state,
keeps the revisions already written, and says what the new revision does (and loses).

A full build writes the revision for everything that changed; a selection with the model part
writes one for the selected resources' tables alone (the next full build covers the rest).
"""

from __future__ import annotations

from pathlib import Path

from backendbot.core.layout import Layout
from backendbot.core.scaffold.manifest import read_manifest
from backendbot.core.scaffold.migrations.history import (
    STATE_PATH,
    MigrationState,
    RevisionNote,
    find_head,
    plan_migrations,
    read_state,
    versions_folder,
)
from backendbot.core.scaffold.model import ProjectPlan


def previous_migrations(repo: Path, layout: Layout) -> tuple[MigrationState | None, str | None]:
    """The state of the last build and the head revision the next one follows."""
    state = read_state(repo)
    return state, find_head(repo, layout, state)


def migration_files(
    files: dict[str, str],
    repo: Path,
    view: ProjectPlan,
    previous: MigrationState | None,
    head: str | None,
    selection: tuple[frozenset[str] | None, frozenset[str]] | None = None,
) -> tuple[dict[str, str], tuple[str, ...]]:
    """``files`` with the revisions as they are in the repository, and the build's notes.

    ``selection`` (resources, parts) for a partial build: its rendering's migrations are
    dropped; with the model part, the revision covers the selected resources' tables alone.
    """
    versions = versions_folder(view.layout)
    out = {p: t for p, t in files.items() if not _migration(p, versions)}
    if selection is not None:
        resources, parts = selection
        if "model" not in parts or previous is None:
            return out, ()
        planned = plan_migrations(view, previous, head, only=resources)
        out.update(planned.files)
        return out, _notes(versions, planned.written)
    out.update({p: t for p, t in files.items() if _migration(p, versions)})
    for note in previous.revisions if previous else ():
        on_disk = repo / versions / note.file
        if on_disk.is_file():  # as it is: never rewritten, even when edited
            out[versions + note.file] = on_disk.read_text(encoding="utf-8")
    state = MigrationState.from_json(files[STATE_PATH], repo / STATE_PATH)
    known = {r.file for r in previous.revisions} if previous else set()
    written = (
        state.revisions[-1] if state.revisions and state.revisions[-1].file not in known else None
    )
    notes = _notes(versions, written)
    if written is not None and previous is None and read_manifest(repo):
        notes += (
            f"migrations start with {versions}{written.file}: a database this project made "
            f"before already has its tables; mark it as migrated once with "
            f"`alembic stamp {written.revision}`",
        )
    return out, notes


def _notes(versions: str, note: RevisionNote | None) -> tuple[str, ...]:
    if note is None:
        return ()
    path = versions + note.file
    if not note.loses:
        return (f"new migration {path} ({note.message}): run `alembic upgrade head`",)
    return (
        f"new migration {path} LOSES DATA ({'; '.join(note.loses)}): read it before "
        "`alembic upgrade head`",
    )


def _migration(path: str, versions: str) -> bool:
    return path == STATE_PATH or path.startswith(versions)
