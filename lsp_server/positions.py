"""Character offsets in the position encoding the client and server agreed on (utf-8/16/32).

pygls picks the first encoding the client lists (Helix lists utf-8 first); without one, the
LSP default is UTF-16. These convert within one line, which is all a listing needs.
"""

from __future__ import annotations

UTF16 = "utf-16"


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in the encoding's code units."""
    if text.isascii() or encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def index_of(text: str, offset: int, encoding: str = UTF16) -> int:
    """The code-point index at ``offset`` code units into ``text`` (clamped; mid-character
    offsets round down)."""
    if text.isascii() or encoding == "utf-32":
        return max(0, min(offset, len(text)))
    counted = 0
    for index, char in enumerate(text):
        counted += units(char, encoding)
        if counted > offset:
            return index
    return len(text)


def convert(text: str, offset: int, source: str, target: str) -> int:
    """An offset into ``text`` in ``source`` units, in ``target`` units."""
    if source == target or text.isascii():
        return offset
    return units(text[: index_of(text, offset, source)], target)
