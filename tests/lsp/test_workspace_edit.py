"""The ChangeSet → WorkspaceEdit bridge, a pure function."""

from __future__ import annotations

import re

from lsprotocol import types

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.lsp_server.workspace_edit import changeset_to_workspace_edit, text_edits

ROOT = "file:///work/my%20repo"


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits the way a client does (positions in UTF-16 units, \\n/\\r\\n/\\r breaks)."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]

    def offset(p: types.Position) -> int:
        line_start = starts[p.line] if p.line < len(starts) else len(text)
        units = 0
        index = line_start
        while units < p.character and index < len(text):
            units += 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        return index

    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


CREATED = FileChange("src/routes/recipe routes.py", None, b"router = 1\n")
MODIFIED = FileChange("tests/conftest.py", b"a\nb\nc\n", b"a\nB\nc\nd\n")


def test_resource_operations_create_without_overwriting() -> None:
    edit = changeset_to_workspace_edit(ChangeSet((CREATED, MODIFIED)), ROOT, True)
    assert edit.changes is None
    create, fill, modify = edit.document_changes or []
    assert isinstance(create, types.CreateFile)
    assert create.uri == "file:///work/my%20repo/src/routes/recipe%20routes.py"
    assert create.options == types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
    assert isinstance(fill, types.TextDocumentEdit) and fill.text_document.uri == create.uri
    assert [e.new_text for e in fill.edits] == ["router = 1\n"]
    assert fill.edits[0].range == types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    assert isinstance(modify, types.TextDocumentEdit)
    assert modify.text_document.uri == f"{ROOT}/tests/conftest.py"
    assert _apply("a\nb\nc\n", list(modify.edits)) == "a\nB\nc\nd\n"


def test_plain_changes_without_resource_operations() -> None:
    edit = changeset_to_workspace_edit(ChangeSet((CREATED, MODIFIED)), ROOT, False)
    assert edit.document_changes is None
    assert edit.changes is not None
    [created] = edit.changes["file:///work/my%20repo/src/routes/recipe%20routes.py"]
    assert _apply("", [created]) == "router = 1\n"
    # one line past the empty document's end: Neovim then drops its new buffer's empty line
    assert created.range == types.Range(start=types.Position(0, 0), end=types.Position(1, 0))
    assert _apply("a\nb\nc\n", list(edit.changes[f"{ROOT}/tests/conftest.py"])) == "a\nB\nc\nd\n"


def test_an_empty_changeset_is_an_empty_edit() -> None:
    assert changeset_to_workspace_edit(ChangeSet(), ROOT, True).document_changes == []
    assert changeset_to_workspace_edit(ChangeSet(), ROOT, False).changes == {}


def test_deleted_files_use_delete_operations() -> None:
    gone = FileChange("old.py", b"x = 1\n", None)
    [delete] = changeset_to_workspace_edit(ChangeSet((gone,)), ROOT, True).document_changes or []
    assert isinstance(delete, types.DeleteFile) and delete.uri == f"{ROOT}/old.py"


def test_edits_reproduce_the_new_text() -> None:
    cases = [
        ("", "x"),
        ("x", ""),
        ("no newline", "no newline\nadded"),
        ("a\r\nb\r\n", "a\r\nc\r\n"),
        ("🍅 = 1\nz = 2", "🍅 = 1\nz = 3"),
        ("a\u2028b\nc\n", "a\u2028b\nd\n"),
        ("one\rtwo\rthree", "one\r2\rthree\rfour"),
    ]
    for before, after in cases:
        edits = text_edits(before.encode(), after.encode())
        assert _apply(before, edits) == after, (before, after)
    assert text_edits(b"same\n", b"same\n") == []
