"""What a build into a repository does with the migrations: reads the last build's state,
keeps the revisions already written, and says what the new revision does (and loses).

Only a full build writes migrations: a selection (one resource's model, say) leaves them as
they are, and the next full build writes the revision for everything that changed.
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
    read_state,
    versions_folder,
)


def previous_migrations(
    repo: Path, layout: Layout, *, full: bool
) -> tuple[MigrationState | None, str | None]:
    """The state of the last build and the head revision the next one follows."""
    if not full:
        return None, None
    state = read_state(repo)
    return state, find_head(repo, layout, state)


def migration_notes(
    files: dict[str, str],
    repo: Path,
    layout: Layout,
    previous: MigrationState | None,
    *,
    full: bool,
) -> tuple[dict[str, str], tuple[str, ...]]:
    """``files`` with the revisions as they are in the repository, and the build's notes."""
    versions = versions_folder(layout)
    if not full:
        kept = {p: t for p, t in files.items() if not _migration(p, versions)}
        return kept, ()
    out = dict(files)
    known = {r.file for r in previous.revisions} if previous else set()
    for note in previous.revisions if previous else ():
        on_disk = repo / versions / note.file
        if on_disk.is_file():  # as it is: never rewritten, even when edited
            out[versions + note.file] = on_disk.read_text(encoding="utf-8")
    new = [p for p in files if p.startswith(versions) and p[len(versions) :] not in known]
    notes: list[str] = []
    for path in new:
        note = MigrationState.from_json(files[STATE_PATH], repo / STATE_PATH).revisions[-1]
        notes += _notes(path, note)
        if previous is None and read_manifest(repo):
            notes.append(
                f"migrations start with {path}: a database this project made before already "
                f"has its tables; mark it as migrated once with `alembic stamp {note.revision}`"
            )
    return out, tuple(notes)


def _notes(path: str, note: RevisionNote) -> list[str]:
    if not note.loses:
        return [f"new migration {path} ({note.message}): run `alembic upgrade head`"]
    return [
        f"new migration {path} LOSES DATA ({'; '.join(note.loses)}): read it before "
        "`alembic upgrade head`"
    ]


def _migration(path: str, versions: str) -> bool:
    return path == STATE_PATH or path.startswith(versions)
