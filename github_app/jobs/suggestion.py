"""GitHub ```suggestion blocks applied exactly: the commented lines become the block's lines."""

from __future__ import annotations

from backendbot.core.errors import InputError


def apply_suggestion(content: bytes, start_line: int, end_line: int, replacement: str) -> bytes:
    """Replace lines ``start_line..end_line`` (1-based, inclusive) of ``content``.

    The file keeps its own line endings; a file without a final newline keeps none when
    its last line is replaced.
    """
    text = content.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if not 1 <= start_line <= end_line <= len(lines):
        raise InputError(
            f"the suggestion is on lines {start_line}-{end_line}, "
            f"but the file has {len(lines)} lines on the branch now"
        )
    new_lines = [line + newline for line in replacement.splitlines()]
    replaces_last = end_line == len(lines)
    if replaces_last and new_lines and not lines[-1].endswith(("\n", "\r")):
        new_lines[-1] = new_lines[-1][: -len(newline)]
    out = lines[: start_line - 1] + new_lines + lines[end_line:]
    return "".join(out).encode("utf-8")
