"""A throw-away copy of the repository with a run's ChangeSet applied: what verification runs on.

The user's repository is only read; every check runs in this copy, which the caller removes.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from backendbot.core.changeset.model import ChangeSet

# Folders never copied: version control, environments and caches (big, and not the project).
SKIPPED = (
    ".git",
    ".hg",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
)


def make_checkout(repo: Path, changeset: ChangeSet, dest: Path) -> Path:
    """Copy ``repo`` to ``dest`` (which must not exist) and apply ``changeset`` there."""
    shutil.copytree(repo, dest, symlinks=True, ignore=shutil.ignore_patterns(*SKIPPED))
    for change in changeset.changes:
        parts = PurePosixPath(change.path).parts
        if not parts or parts[0] in ("/", "..") or ".." in parts:
            continue  # the jail refused such paths already; never write outside the copy
        target = dest.joinpath(*parts)
        if change.after is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_bytes(change.after)
    return dest
