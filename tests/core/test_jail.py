"""Every jail rule refuses with a reason, and a refused call changes nothing anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Workspace
from tests.core.conftest import snapshot

REFUSED_WRITES = [
    ("/etc/passwd", "absolute paths are not allowed"),
    ("~/notes.txt", "home-relative paths are not allowed"),
    ("../outside.txt", "'..' is not allowed"),
    ("src/../../outside.txt", "'..' is not allowed"),
    ("src/a\x00b.py", "NUL byte"),
    ("a/" * 2100 + "x.py", "longer than 4096 bytes"),
    (".git/config", "under .git/"),
    (".GIT/hooks/pre-commit", "under .git/"),
    ("vendor/lib/.git/config", "under .git/"),
    (".github/workflows/ci.yml", ".github/workflows is protected"),
    (".GitHub/Workflows/ci.yml", ".github/workflows is protected"),
    ("src\\..\\..\\x.py", "backslashes are not allowed"),
    ("C:/Windows/x.py", "absolute paths are not allowed"),
    ("./~", "home-relative paths are not allowed"),
    ("./C:/x.py", "absolute paths are not allowed"),
    ("", "path is empty"),
    (".", "names the repository root"),
]


@pytest.fixture
def workspace(repo: Path) -> Workspace:
    ws = Workspace(Jail.with_protected(repo, [".github/backendbot.yml"]))
    yield ws  # type: ignore[misc]
    ws.close()


@pytest.mark.parametrize(("path", "reason"), REFUSED_WRITES)
def test_write_refused_with_reason(
    workspace: Workspace, repo: Path, path: str, reason: str
) -> None:
    before = snapshot(repo.parent)
    result = workspace.call("write_file", {"path": path, "content": "pwned\n"})
    assert result.is_error
    assert reason in result.content
    assert snapshot(repo.parent) == before
    assert not workspace.staging.changeset()


def test_non_string_path_refused(workspace: Workspace) -> None:
    result = workspace.call("write_file", {"path": 7, "content": "x"})
    assert result.is_error and "path must be a string" in result.content


def test_symlink_to_outside_refused_for_read_and_write(
    workspace: Workspace, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("top secret\n")
    (repo / "link").symlink_to(outside)
    (repo / "filelink").symlink_to(outside / "secret.txt")
    before = snapshot(tmp_path)
    for call in (
        ("read_file", {"path": "link/secret.txt"}),
        ("read_file", {"path": "filelink"}),
        ("write_file", {"path": "link/new.txt", "content": "x"}),
        ("write_file", {"path": "filelink", "content": "x"}),
        ("edit_block", {"path": "filelink", "old_text": "top", "new_text": "no"}),
        ("search_files", {"pattern": "secret", "path": "link"}),
    ):
        result = workspace.call(*call)
        assert result.is_error, call
        assert "outside the repository" in result.content
    assert snapshot(tmp_path) == before


def test_symlink_inside_tree_to_git_refused(workspace: Workspace, repo: Path) -> None:
    (repo / "innocent").symlink_to(repo / ".git")
    result = workspace.call("write_file", {"path": "innocent/config", "content": "x"})
    assert result.is_error and ".git/" in result.content
    read = workspace.call("read_file", {"path": "innocent/config"})
    assert read.is_error


def test_reading_git_internals_refused(workspace: Workspace) -> None:
    result = workspace.call("read_file", {"path": ".git/config"})
    assert result.is_error and "under .git/" in result.content


def test_protected_config_readable_not_writable(workspace: Workspace, repo: Path) -> None:
    (repo / ".github").mkdir()
    (repo / ".github" / "backendbot.yml").write_text("engine: scaffold\n")
    assert not workspace.call("read_file", {"path": ".github/backendbot.yml"}).is_error
    result = workspace.call("write_file", {"path": ".github/backendbot.yml", "content": "x"})
    assert result.is_error and "protected" in result.content


def test_write_over_one_mebibyte_refused(workspace: Workspace, repo: Path) -> None:
    before = snapshot(repo)
    result = workspace.call("write_file", {"path": "big.txt", "content": "x" * (1024 * 1024 + 1)})
    assert result.is_error and "write limit" in result.content
    assert snapshot(repo) == before
    ok = workspace.call("write_file", {"path": "fits.txt", "content": "x" * (1024 * 1024)})
    assert not ok.is_error


def test_binary_file_not_shown(workspace: Workspace, repo: Path) -> None:
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (repo / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert "binary file" in workspace.call("read_file", {"path": "logo.png"}).content
    assert "not UTF-8" in workspace.call("read_file", {"path": "latin1.txt"}).content


def test_refusal_does_not_stop_later_calls(workspace: Workspace) -> None:
    assert workspace.call("write_file", {"path": "/abs", "content": "x"}).is_error
    assert not workspace.call("write_file", {"path": "src/ok.py", "content": "x = 1\n"}).is_error
    assert workspace.staging.changeset().paths == ["src/ok.py"]


def test_jail_root_is_resolved(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    jail = Jail(tmp_path / "alias")
    assert jail.root == Path(os.path.realpath(real))
    assert jail.check("./src/x.py", write=True) == "src/x.py"
