"""Staged writes: the run's files live in a scratch folder until the run succeeds.

A write lands in the scratch folder, is read back and compared by sha256; reads see
staged content first. The repository itself is untouched until the ChangeSet is applied.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from backendbot.core.changeset.model import ChangeSet, FileChange, sha256_hex
from backendbot.core.errors import RunFailed


class Staging:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._scratch = tempfile.TemporaryDirectory(prefix="backendbot-staging-")
        self._originals: dict[str, bytes | None] = {}

    def close(self) -> None:
        self._scratch.cleanup()

    def read(self, rel: str) -> bytes | None:
        """Current content: staged if written during this run, else what is on disk."""
        if rel in self._originals:
            return (Path(self._scratch.name) / rel).read_bytes()
        try:
            return (self._root / rel).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def is_staged(self, rel: str) -> bool:
        return rel in self._originals

    def staged_paths(self) -> list[str]:
        return list(self._originals)

    def write(self, rel: str, data: bytes) -> str:
        """Stage ``data`` for ``rel``; return the sha256 verified by reading it back."""
        original = self._originals[rel] if rel in self._originals else self.read(rel)
        target = Path(self._scratch.name) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)  # a failure here leaves the path unstaged, as before
        self._originals.setdefault(rel, original)
        digest = sha256_hex(data)
        if sha256_hex(target.read_bytes()) != digest:
            raise RunFailed(f"{rel}: staged write did not read back intact")
        return digest

    def changeset(
        self, unpersisted: tuple[str, ...] = (), notes: tuple[str, ...] = ()
    ) -> ChangeSet:
        changes = []
        for rel, before in self._originals.items():
            after = (Path(self._scratch.name) / rel).read_bytes()
            if after != before:
                changes.append(FileChange(rel, before, after))
        return ChangeSet(tuple(changes), unpersisted, notes)
