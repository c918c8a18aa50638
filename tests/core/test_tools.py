"""The four workspace tools: staged writes verified by sha256, bounded reads, searches and edits."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Limits, Workspace
from tests.core.conftest import snapshot


@pytest.fixture
def workspace(repo: Path) -> Workspace:
    ws = Workspace(Jail(repo), Limits(page_lines=5, search_results=3))
    yield ws  # type: ignore[misc]
    ws.close()


def test_write_is_staged_verified_and_listed(workspace: Workspace, repo: Path) -> None:
    before = snapshot(repo)
    content = "from fastapi import APIRouter\n\nrouter = APIRouter()\n"
    result = workspace.call("write_file", {"path": "src/routes/users.py", "content": content})
    digest = hashlib.sha256(content.encode()).hexdigest()
    assert not result.is_error
    assert f"src/routes/users.py (created, {len(content)} bytes, sha256 {digest})" in result.content
    assert snapshot(repo) == before  # nothing touches the repository until the ChangeSet is applied
    read = workspace.call("read_file", {"path": "src/routes/users.py"})
    assert "router = APIRouter()" in read.content
    cs = workspace.staging.changeset()
    assert [(c.path, c.status, c.sha256) for c in cs.changes] == [
        ("src/routes/users.py", "created", digest)
    ]


def test_rewrite_of_existing_file_is_modified(workspace: Workspace) -> None:
    workspace.call("write_file", {"path": "README.md", "content": "# new\n"})
    change = workspace.staging.changeset().get("README.md")
    assert change is not None and change.status == "modified" and change.before == b"# demo\n"


def test_writing_same_content_is_no_change(workspace: Workspace) -> None:
    workspace.call("write_file", {"path": "README.md", "content": "# demo\n"})
    assert not workspace.staging.changeset()


def test_read_pages(workspace: Workspace, repo: Path) -> None:
    (repo / "long.txt").write_text("".join(f"line {i}\n" for i in range(1, 13)))
    first = workspace.call("read_file", {"path": "long.txt"})
    assert first.content.startswith("long.txt (lines 1-5 of 12)")
    assert "[more: read_file offset=6]" in first.content
    middle = workspace.call("read_file", {"path": "long.txt", "offset": 11, "limit": 100})
    assert "line 11\nline 12\n" in middle.content and "[more" not in middle.content
    past = workspace.call("read_file", {"path": "long.txt", "offset": 40})
    assert past.is_error and "past the end" in past.content
    bad = workspace.call("read_file", {"path": "long.txt", "offset": "x"})
    assert bad.is_error and "offset must be an integer" in bad.content


def test_read_missing_and_directory(workspace: Workspace) -> None:
    assert "no such file" in workspace.call("read_file", {"path": "nope.py"}).content
    assert "is a directory" in workspace.call("read_file", {"path": "src"}).content


def test_edit_block_exact_replacement(workspace: Workspace) -> None:
    result = workspace.call(
        "edit_block",
        {"path": "src/app.py", "old_text": "return 'hi'", "new_text": "return 'hello'"},
    )
    assert not result.is_error and "replaced 1 occurrence" in result.content
    assert workspace.staging.read("src/app.py") == b"def hello():\n    return 'hello'\n"


def test_edit_block_no_match_shows_closest_lines(workspace: Workspace) -> None:
    result = workspace.call(
        "edit_block", {"path": "src/app.py", "old_text": "    return 'hey'", "new_text": "x"}
    )
    assert result.is_error
    assert "old_text not found" in result.content
    assert "Closest lines are 2-2:\n    return 'hi'" in result.content


def test_edit_block_counts_occurrences(workspace: Workspace) -> None:
    workspace.call("write_file", {"path": "x.py", "content": "a = 1\na = 1\n"})
    wrong = workspace.call("edit_block", {"path": "x.py", "old_text": "a = 1", "new_text": "b"})
    assert wrong.is_error and "occurs 2 times, expected 1" in wrong.content
    ok = workspace.call(
        "edit_block",
        {"path": "x.py", "old_text": "a = 1", "new_text": "b = 2", "expected_replacements": 2},
    )
    assert not ok.is_error
    assert workspace.staging.read("x.py") == b"b = 2\nb = 2\n"


def test_search_names_and_contents_honours_gitignore(workspace: Workspace) -> None:
    workspace.call("write_file", {"path": "src/staged.py", "content": "def hello_again():\n"})
    result = workspace.call("search_files", {"pattern": "hello", "glob": "*.py"})
    assert "src/app.py:1: def hello():" in result.content
    assert "src/staged.py:1: def hello_again():" in result.content
    assert "ignored/" not in workspace.call("search_files", {"pattern": "TOKEN"}).content
    names = workspace.call("search_files", {"pattern": r"app\.py$"})
    assert "src/app.py (name matches)" in names.content


def test_search_is_bounded_and_validates(workspace: Workspace) -> None:
    workspace.call("write_file", {"path": "many.txt", "content": "x\n" * 20})
    result = workspace.call("search_files", {"pattern": "x", "path": "."})
    assert "[stopped at 3 results" in result.content
    assert "invalid regular expression" in workspace.call("search_files", {"pattern": "("}).content
    assert "no matches" in workspace.call("search_files", {"pattern": "zzz", "path": "src"}).content


def test_unknown_tool_and_bad_arguments(workspace: Workspace) -> None:
    assert "unknown tool 'rm'" in workspace.call("rm", {}).content
    assert workspace.call("write_file", ["not", "a", "dict"]).is_error
    assert "content must be a string" in workspace.call("write_file", {"path": "a"}).content


def test_search_outside_git_walks_the_tree_skipping_vendored_folders(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("def needle():\n    pass\n")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "index.js").write_text("needle()\n")
    ws = Workspace(Jail(tmp_path))
    try:
        everywhere = ws.call("search_files", {"pattern": "needle"}).content
        under_app = ws.call("search_files", {"pattern": "needle", "path": "app"}).content
    finally:
        ws.close()
    assert everywhere == "app/main.py:1: def needle():"
    assert under_app == "app/main.py:1: def needle():"
