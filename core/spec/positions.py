"""Offsets in the text → (line, column): 1-based code points for messages, 0-based UTF-16 for LSP.

Lines break at ``\\n``, ``\\r\\n`` and ``\\r`` (what editors and the LSP count), whatever YAML thinks
of other line separators, so a range always falls inside the document the editor shows.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Built once per text in linear time; each lookup is a binary search."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_of(self, offset: int) -> int:
        """0-based line holding ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, len(self._text)))
        return bisect_right(self._starts, offset) - 1

    def line_text(self, line: int) -> str:
        """The text of a 0-based line, without its line break."""
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in code points)."""
        offset = max(0, min(offset, len(self._text)))
        line = self.line_of(offset)
        return line, offset - self._starts[line]

    def lsp_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character in UTF-16 code units), the LSP's default encoding."""
        line, column = self.position(offset)
        prefix = self._text[self._starts[line] : self._starts[line] + column]
        if prefix.isascii():
            return line, column
        return line, len(prefix.encode("utf-16-le")) // 2
