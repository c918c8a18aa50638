"""The parent folders of new files, made for clients that cannot create files (a real folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.lsp_server.folders import FolderRefused, prepare_parent_folders, remove_folders


def _created(*paths: str) -> ChangeSet:
    return ChangeSet(tuple(FileChange(p, None, b"x = 1\n") for p in paths))


def _tree(root: Path) -> set[str]:
    """Every entry under root; folders end in "/", symlinks are shown as they are."""
    return {
        p.relative_to(root).as_posix() + ("/" if p.is_dir() and not p.is_symlink() else "")
        for p in root.rglob("*")
    }


def test_only_the_missing_folders_are_made_and_never_a_file(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("keep\n")
    changes = _created(
        "src/routes/recipe.py", "src/routes/user.py", "tests/api/test_recipe.py", "README.md"
    )
    folders = prepare_parent_folders(tmp_path, changes)
    assert folders.created == ("src/routes", "tests", "tests/api")
    assert _tree(tmp_path) == {"src/", "src/main.py", "src/routes/", "tests/", "tests/api/"}
    assert (tmp_path / "src" / "main.py").read_text() == "keep\n"


def test_modified_and_deleted_files_need_no_folder(tmp_path: Path) -> None:
    changes = ChangeSet(
        (FileChange("a/b.py", b"old\n", b"new\n"), FileChange("c/d.py", b"old\n", None))
    )
    assert prepare_parent_folders(tmp_path, changes).created == ()
    assert _tree(tmp_path) == set()


def test_nothing_missing_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "src" / "routes").mkdir(parents=True)
    assert prepare_parent_folders(tmp_path, _created("src/routes/x.py")).created == ()


def test_a_folder_under_git_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FolderRefused, match=r"\.git"):
        prepare_parent_folders(tmp_path, _created("src/ok.py", ".git/hooks/pre-commit"))
    assert _tree(tmp_path) == set()  # src/ was made first, then removed again


def test_a_symlink_leading_out_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "tests")
    with pytest.raises(FolderRefused, match="outside the repository"):
        prepare_parent_folders(root, _created("src/routes/a.py", "tests/unit/test_a.py"))
    assert list(outside.iterdir()) == []
    assert _tree(root) == {"tests"}  # the symlink itself; src/ and src/routes/ were removed


def test_a_symlink_to_a_folder_inside_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "src")
    assert prepare_parent_folders(tmp_path, _created("src/routes/a.py")).created == ("src/routes",)
    assert (tmp_path / "real" / "routes").is_dir()


def test_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    (tmp_path / "src").write_text("a file, not a folder\n")
    with pytest.raises(FolderRefused, match="cannot create the folder src: a file of that name"):
        prepare_parent_folders(tmp_path, _created("src/routes/a.py"))
    assert (tmp_path / "src").read_text() == "a file, not a folder\n"


def test_a_protected_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FolderRefused, match="protected"):
        prepare_parent_folders(tmp_path, _created(".github/workflows/ci.yml"))
    assert _tree(tmp_path) == set()


def test_removing_takes_only_the_folders_still_empty(tmp_path: Path) -> None:
    prepared = prepare_parent_folders(tmp_path, _created("src/routes/a.py", "tests/test_a.py"))
    (tmp_path / "tests" / "test_a.py").write_text("saved meanwhile\n")
    remove_folders(tmp_path, prepared)
    assert _tree(tmp_path) == {"tests/", "tests/test_a.py"}
