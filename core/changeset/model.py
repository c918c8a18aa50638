"""The ChangeSet data model: ordered file changes with before/after contents and hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

FileStatus = Literal["created", "modified", "deleted"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileChange:
    """One file's change. ``before`` is None for a created file, ``after`` None for a deleted one."""

    path: str
    before: bytes | None
    after: bytes | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError(f"{self.path}: a change needs a before or an after")

    @property
    def status(self) -> FileStatus:
        if self.before is None:
            return "created"
        if self.after is None:
            return "deleted"
        return "modified"

    @property
    def bytes(self) -> int:
        return len(self.after) if self.after is not None else 0

    @property
    def sha256(self) -> str | None:
        return sha256_hex(self.after) if self.after is not None else None

    @property
    def before_sha256(self) -> str | None:
        return sha256_hex(self.before) if self.before is not None else None

    def after_text(self) -> str:
        return (self.after or b"").decode("utf-8")

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ChangeSet:
    """What a run produced, in the order the files were first written.

    ``unpersisted`` lists code blocks the model showed in its final answer but never
    wrote to a file (the File Persistence Protocol's complete listing reports them).
    ``notes`` are one-line remarks for the listing, e.g. scaffold conflicts.
    """

    changes: tuple[FileChange, ...] = ()
    unpersisted: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        paths = [c.path for c in self.changes]
        if len(paths) != len(set(paths)):
            raise ValueError("a ChangeSet lists each path once")

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @property
    def paths(self) -> list[str]:
        return [c.path for c in self.changes]

    def get(self, path: str) -> FileChange | None:
        return next((c for c in self.changes if c.path == path), None)

    @property
    def total_bytes(self) -> int:
        return sum(c.bytes for c in self.changes)

    def counts(self) -> dict[FileStatus, int]:
        out: dict[FileStatus, int] = {"created": 0, "modified": 0, "deleted": 0}
        for c in self.changes:
            out[c.status] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [c.to_json() for c in self.changes],
            "counts": self.counts(),
            "total_bytes": self.total_bytes,
            "unpersisted": list(self.unpersisted),
            "notes": list(self.notes),
        }
