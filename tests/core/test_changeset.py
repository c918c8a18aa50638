"""ChangeSets: a diff that unidiff parses back, and application that is all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from unidiff.patch import PatchSet

from backendbot.core.changeset.apply import apply_changeset
from backendbot.core.changeset.diff import unified_diff
from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.jail import Jail
from tests.core.conftest import snapshot


def test_diff_lists_every_file_with_status() -> None:
    cs = ChangeSet(
        (
            FileChange("src/new.py", None, b"x = 1\n"),
            FileChange("README.md", b"# demo\n", b"# demo\n\nmore\n"),
            FileChange("old.txt", b"bye\n", None),
            FileChange("notrail.txt", None, b"no newline"),
        )
    )
    diff = unified_diff(cs)
    patch = PatchSet(diff)
    assert [(f.path, f.is_added_file, f.is_removed_file) for f in patch] == [
        ("src/new.py", True, False),
        ("README.md", False, False),
        ("old.txt", False, True),
        ("notrail.txt", True, False),
    ]
    assert cs.counts() == {"created": 2, "modified": 1, "deleted": 1}
    assert cs.to_json()["files"][0]["sha256"] == FileChange("a", None, b"x = 1\n").sha256


def test_changeset_rejects_duplicate_paths() -> None:
    with pytest.raises(ValueError, match="each path once"):
        ChangeSet((FileChange("a", None, b"1"), FileChange("a", None, b"2")))


def test_apply_creates_parents_and_verifies(repo: Path) -> None:
    cs = ChangeSet(
        (
            FileChange("src/routes/deep/users.py", None, b"router = 1\n"),
            FileChange("README.md", b"# demo\n", b"# changed\n"),
        )
    )
    verified = apply_changeset(cs, Jail(repo))
    assert [(v.path, v.status, v.bytes) for v in verified] == [
        ("src/routes/deep/users.py", "created", 11),
        ("README.md", "modified", 10),
    ]
    assert (repo / "src/routes/deep/users.py").read_bytes() == b"router = 1\n"
    assert (repo / "README.md").read_bytes() == b"# changed\n"


def test_apply_refuses_when_file_changed_meanwhile(repo: Path) -> None:
    cs = ChangeSet(
        (FileChange("new.py", None, b"a\n"), FileChange("README.md", b"# old\n", b"# x\n"))
    )
    before = snapshot(repo)
    with pytest.raises(RunFailed, match=r"README\.md changed on disk"):
        apply_changeset(cs, Jail(repo))
    assert snapshot(repo) == before


def test_apply_refuses_symlink_planted_after_the_run(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (repo / "out").symlink_to(outside)
    cs = ChangeSet((FileChange("out/x.py", None, b"a\n"),))
    with pytest.raises(RunFailed, match="outside the repository"):
        apply_changeset(cs, Jail(repo))
    assert list(outside.iterdir()) == []


def test_failure_midway_rolls_everything_back(repo: Path) -> None:
    # The third change cannot be written (its parent is a file), after two that were.
    cs = ChangeSet(
        (
            FileChange("README.md", b"# demo\n", b"# rewritten\n"),
            FileChange("brand/new/file.py", None, b"x\n"),
            FileChange("src/app.py/child.py", None, b"y\n"),
        )
    )
    before = snapshot(repo)
    with pytest.raises(NotADirectoryError):
        apply_changeset(cs, Jail(repo))
    assert snapshot(repo) == before
    assert not (repo / "brand").exists()


def test_many_files_are_synced_and_renamed_leaving_no_temporary_file(repo: Path) -> None:
    script = repo / "run.sh"
    script.write_text("echo old\n")
    script.chmod(0o755)
    new = [FileChange(f"pkg/m{i}/f{i}.py", None, f"N = {i}\n".encode()) for i in range(40)]
    cs = ChangeSet((*new, FileChange("run.sh", b"echo old\n", b"echo new\n")))
    verified = apply_changeset(cs, Jail(repo))
    assert len(verified) == 41
    assert all((repo / c.path).read_bytes() == c.after for c in cs.changes)
    assert script.stat().st_mode & 0o777 == 0o755
    assert list(repo.rglob(".backendbot-*.tmp")) == []
