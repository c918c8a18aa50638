"""One unified diff for a whole ChangeSet, parsed back with unidiff as a check."""

from __future__ import annotations

import difflib

from unidiff.patch import PatchSet

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.errors import RunFailed


def unified_diff(changeset: ChangeSet) -> str:
    """The whole change as a git-style unified diff (``a/`` and ``b/`` prefixes)."""
    diff = "".join(_file_diff(c) for c in changeset.changes)
    check_diff(changeset, diff)
    return diff


def check_diff(changeset: ChangeSet, diff: str) -> None:
    """Parse ``diff`` back and make sure it names exactly the changed text files."""
    patch = PatchSet(diff)
    seen = {f.path for f in patch}
    expected = {c.path for c in changeset.changes if _is_text(c)}
    if seen != expected:
        missing = sorted(expected - seen)
        extra = sorted(seen - expected)
        raise RunFailed(f"diff check failed: missing {missing}, unexpected {extra}")
    for f in patch:
        change = changeset.get(f.path)
        if change is None:  # pragma: no cover - guarded by the set comparison above
            continue
        if f.is_added_file != (change.status == "created") or f.is_removed_file != (
            change.status == "deleted"
        ):
            raise RunFailed(f"diff check failed: {f.path} has the wrong status in the diff")


def _is_text(change: FileChange) -> bool:
    try:
        (change.before or b"").decode("utf-8")
        (change.after or b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return change.before != change.after


def _file_diff(change: FileChange) -> str:
    if not _is_text(change):
        return ""
    before = (change.before or b"").decode("utf-8").splitlines(keepends=True)
    after = (change.after or b"").decode("utf-8").splitlines(keepends=True)
    before = _terminate(before)
    after = _terminate(after)
    old = "/dev/null" if change.before is None else f"a/{change.path}"
    new = "/dev/null" if change.after is None else f"b/{change.path}"
    header = f"diff --git a/{change.path} b/{change.path}\n"
    if change.before is None:
        header += "new file mode 100644\n"
    elif change.after is None:
        header += "deleted file mode 100644\n"
    body = "".join(difflib.unified_diff(before, after, old, new, n=3))
    return header + body


def _terminate(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines
