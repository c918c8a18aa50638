"""The migrations of a build: the schema the project was last generated with, the chain of
revisions written so far, and the new revision for the difference.

``.backendbot/schema.json`` (tracked like every generated file) keeps the snapshot the head
revision produces and the revisions backendbot wrote. The next build diffs the new spec's
snapshot against it; a revision is only ever added, never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.migrations.diff import CreateTable, Operation, diff
from backendbot.core.scaffold.migrations.revision import render_revision
from backendbot.core.scaffold.migrations.schema import Schema, snapshot
from backendbot.core.scaffold.model import ProjectPlan

STATE_PATH = ".backendbot/schema.json"
SLUG_LENGTH = 60
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


@dataclass(frozen=True)
class RevisionNote:
    """A revision backendbot wrote: its id, file (in the versions folder) and what it does."""

    revision: str
    file: str
    message: str
    loses: tuple[str, ...] = ()


@dataclass(frozen=True)
class MigrationState:
    schema: Schema
    revisions: tuple[RevisionNote, ...]

    def to_json(self) -> str:
        body = {
            "version": 1,
            "revisions": [
                {
                    "revision": r.revision,
                    "file": r.file,
                    "message": r.message,
                    "loses": list(r.loses),
                }
                for r in self.revisions
            ],
            "schema": json.loads(self.schema.to_json()),
        }
        return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path) -> MigrationState:
        try:
            data = json.loads(text)
            revisions = tuple(
                RevisionNote(
                    revision=str(r["revision"]),
                    file=str(r["file"]),
                    message=str(r["message"]),
                    loses=tuple(str(item) for item in r.get("loses", ())),
                )
                for r in data["revisions"]
            )
            schema = Schema.from_data(data["schema"])
        except InputError as exc:
            raise InputError(exc.message, file=path) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"unreadable migration state: {exc!r}", file=path) from exc
        return cls(schema=schema, revisions=revisions)


@dataclass(frozen=True)
class Migrations:
    files: dict[str, str]  # the new revision (if any) and the state
    state: MigrationState
    written: RevisionNote | None  # the new revision


def versions_folder(layout: Layout) -> str:
    return f"{layout.database}migrations/versions/"


def read_state(repo: Path) -> MigrationState | None:
    path = repo / STATE_PATH
    if not path.is_file():
        return None
    return MigrationState.from_json(path.read_text(encoding="utf-8"), path)


def find_head(repo: Path, layout: Layout, state: MigrationState | None) -> str | None:
    """The revision a new one follows: the one no other revision in the versions folder
    revises (a revision of your own counts too); several of them are an InputError."""
    folder = repo / versions_folder(layout)
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
        text = path.read_text(encoding="utf-8", errors="replace")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(text)
        if down is not None:
            parents |= set(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = sorted(revisions - parents)
    if len(heads) > 1:
        raise InputError(
            f"the migrations in {versions_folder(layout)} have several heads ({', '.join(heads)}): "
            "join them with `alembic merge heads -m merge` first, then build again"
        )
    if heads:
        return heads[0]
    return state.revisions[-1].revision if state and state.revisions else None


def plan_migrations(
    view: ProjectPlan,
    previous: MigrationState | None = None,
    head: str | None = None,
    *,
    only: frozenset[str] | None = None,
) -> Migrations:
    """The revision from ``previous`` (None: an empty database) to ``view``'s schema (with
    ``only``, to the tables of those resources, the others as they were)."""
    old = previous.schema if previous else Schema()
    new = snapshot(view)
    if only is not None:
        chosen = {t.name for t in new.tables if t.resource in only}
        tables = [t for t in old.tables if t.name not in chosen]
        tables += [t for t in new.tables if t.name in chosen]
        new = Schema(tables=tuple(sorted(tables, key=lambda t: t.name)))
    ops = diff(old, new)
    revisions = previous.revisions if previous else ()
    files: dict[str, str] = {}
    written = None
    if ops:
        seed = f"{head}\n{old.to_json()}\n{new.to_json()}".encode()
        revision = hashlib.sha256(seed).hexdigest()[:12]
        initial = not old.tables
        message = _message(ops, initial)
        file = f"{revision}_{_slug(ops, initial)}.py"
        loses = tuple(item for op in ops for item in op.loses())
        files[versions_folder(view.layout) + file] = render_revision(revision, head, message, ops)
        written = RevisionNote(revision, file, message, loses)
        revisions = (*revisions, written)
    state = MigrationState(schema=new, revisions=revisions)
    files[STATE_PATH] = state.to_json()
    return Migrations(files=files, state=state, written=written)


def _message(ops: tuple[Operation, ...], initial: bool) -> str:
    if initial and all(isinstance(op, CreateTable) for op in ops):
        return "creates the schema: " + ", ".join(op.describe()[len("creates ") :] for op in ops)
    return "; ".join(op.describe() for op in _lossy_first(ops))


def _slug(ops: tuple[Operation, ...], initial: bool) -> str:
    if initial and all(isinstance(op, CreateTable) for op in ops):
        return "creates_schema"
    parts = [op.slug() for op in _lossy_first(ops)]
    slug = parts[0]
    for part in parts[1:]:
        if len(slug) + len(part) + 1 > SLUG_LENGTH:
            return slug + "_and_more"
        slug += "_" + part
    return slug


def _lossy_first(ops: tuple[Operation, ...]) -> list[Operation]:
    """Operations that lose data first, so the name of a revision says so."""
    return sorted(ops, key=lambda op: not op.loses())
