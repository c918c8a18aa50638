"""The bridge from a core ChangeSet to an LSP WorkspaceEdit. Pure: no server, no disk.

With resource operations (the client announced ``create`` in
``workspace.workspaceEdit.resourceOperations``) a created file is a ``CreateFile`` that fails
when the file exists (``overwrite=false, ignoreIfExists=false``: never a silent overwrite),
followed by a ``TextDocumentEdit`` that fills it. Without them the edit uses plain
``changes``, and a created file becomes one edit of a URI that does not exist yet, which such
a client opens as an empty buffer (``client_edit`` makes its folder first). That edit replaces
the range from (0, 0) to (1, 0), one line past the end of the empty document: clients clamp
it to the end, and Neovim then drops the empty last line its new buffer starts with, where an
insertion at (0, 0) would leave the file ending in a blank line.

A modified file gets one TextEdit per changed block of lines (a line diff of before/after),
positions counted in the agreed encoding's code units (UTF-16, the LSP's default, unless
the client chose another).
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import quote

from lsprotocol import types

from backendbot.core.changeset.model import ChangeSet
from backendbot.lsp_server.positions import UTF16, units

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def changeset_to_workspace_edit(
    changeset: ChangeSet, root_uri: str, supports_resource_ops: bool, encoding: str = UTF16
) -> types.WorkspaceEdit:
    """``encoding``: the position encoding agreed with the client (UTF-16 by default)."""
    if supports_resource_ops:
        return types.WorkspaceEdit(
            document_changes=_document_changes(changeset, root_uri, encoding)
        )
    changes = {
        file_uri(root_uri, c.path): edits
        for c in changeset.changes
        if (edits := _plain_edits(c.before, c.after, encoding))
    }
    return types.WorkspaceEdit(changes=changes)


def _plain_edits(before: bytes | None, after: bytes | None, encoding: str) -> list[types.TextEdit]:
    if before is not None or not after:
        return text_edits(before, after, encoding)
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=1, character=0)
    )
    return [types.TextEdit(range=whole, new_text=_decode(after))]


def file_uri(root_uri: str, path: str) -> str:
    return root_uri.rstrip("/") + "/" + quote(path, safe="/")


def is_empty(edit: types.WorkspaceEdit) -> bool:
    return not edit.changes and not edit.document_changes


def _document_changes(
    changeset: ChangeSet, root_uri: str, encoding: str
) -> list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile]:
    out: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    for change in changeset.changes:
        uri = file_uri(root_uri, change.path)
        if change.after is None:
            out.append(
                types.DeleteFile(
                    uri=uri, options=types.DeleteFileOptions(ignore_if_not_exists=False)
                )
            )
            continue
        if change.before is None:
            out.append(
                types.CreateFile(
                    uri=uri,
                    options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False),
                )
            )
        edits = text_edits(change.before, change.after, encoding)
        if edits:
            document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
            out.append(types.TextDocumentEdit(text_document=document, edits=list(edits)))
    return out


def text_edits(
    before: bytes | None, after: bytes | None, encoding: str = UTF16
) -> list[types.TextEdit]:
    """The edits that turn ``before`` into ``after`` (both UTF-8); none when they are equal."""
    old = _decode(before)
    new = _decode(after)
    if old == new:
        return []
    old_lines = split_lines(old)
    new_lines = split_lines(new)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.append(
            types.TextEdit(
                range=types.Range(
                    start=_line_start(old_lines, i1, encoding),
                    end=_line_start(old_lines, i2, encoding),
                ),
                new_text="".join(new_lines[j1:j2]),
            )
        )
    return edits


def _line_start(lines: list[str], index: int, encoding: str) -> types.Position:
    """Where line ``index`` starts; past the last line, the end of the text."""
    if index < len(lines) or not lines:
        return types.Position(line=index, character=0)
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return types.Position(line=len(lines), character=0)
    return types.Position(line=len(lines) - 1, character=units(last, encoding))


def split_lines(text: str) -> list[str]:
    """Lines with their breaks, broken only where the LSP breaks them (not at U+2028 etc.)."""
    return _LINE.findall(text)


def _decode(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", errors="replace")
