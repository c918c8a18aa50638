"""A block-style spec cut at its resources: the ``resources:`` line and one block of lines per resource.

Used where re-parsing the whole document would be too slow while the user types: the language
server's outline and ``SpecChecker``. Returns None for anything that is not plainly block style
(anchors or aliases, tabs, flow-style resources, several documents, odd line breaks), so callers
fall back to the YAML parser and never see a different answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_UNSAFE_CHARS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_ANCHOR_OR_ALIAS = re.compile(r"[&*]")
_DOCUMENT_MARKS = ("---", "...", "%")
_RESOURCES = re.compile(r"resources[ ]*:[ ]*(?:#.*)?\r?")


@dataclass(frozen=True)
class Blocks:
    resources_line: int  # 0-based line of the ``resources:`` key
    lines: tuple[tuple[int, int], ...]  # each resource's (first line, line after its block)
    chunks: tuple[tuple[int, str], ...]  # each resource's (offset, text)
    head: str  # the whole text with the resource blocks blanked (every offset unchanged)


def split_blocks(text: str) -> Blocks | None:
    """The resource blocks of a block-style spec, or None when the text is not that simple."""
    if _unsafe(text):
        return None
    lines = text.split("\n")
    if any(line.startswith(_DOCUMENT_MARKS) for line in lines):
        return None
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    starts = [i for i, line in enumerate(lines) if _RESOURCES.fullmatch(line)]
    if len(starts) != 1:
        return None
    chunk_lines: list[int] = []
    child = end = None
    for number in range(starts[0] + 1, len(lines)):
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[number]) - len(lines[number].lstrip(" "))
        if indent == 0:
            end = number
            break
        child = child or indent
        if indent < child:
            return None
        if indent == child:
            chunk_lines.append(number)
    if not chunk_lines:
        return None
    last = end if end is not None else len(lines)
    bounds = [*chunk_lines, last]
    chunks = tuple(
        (offsets[first], text[offsets[first] : min(offsets[after], len(text))])
        for first, after in itertools.pairwise(bounds)
    )
    blank = "\n".join(_blank(line) for line in lines[chunk_lines[0] : last])
    block_start = offsets[chunk_lines[0]]
    head = text[:block_start] + blank + text[block_start + len(blank) :]
    spans = tuple(itertools.pairwise(bounds))
    return Blocks(starts[0], spans, chunks, head)


def _unsafe(text: str) -> bool:
    """Anchors or aliases, tabs, unusual line breaks, a BOM: leave those to the full check."""
    if any(char in text for char in _UNSAFE_CHARS) or "\r" in text.replace("\r\n", ""):
        return True
    for match in _ANCHOR_OR_ALIAS.finditer(text):
        before = text[match.start() - 1] if match.start() else "\n"
        if before in " \n[{,":
            return True
    return False


def _blank(line: str) -> str:
    """The line as spaces (its ``\\r`` kept), so offsets in the rest of the text do not move."""
    return " " * (len(line) - 1) + "\r" if line.endswith("\r") else " " * len(line)
