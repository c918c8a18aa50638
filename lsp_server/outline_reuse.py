"""Can the outline of a spec's previous version stand for the next one? Pure, and conservative.

Typing inside a resource changes one line at a time. When both versions are valid specs and
the edit is confined to one line nested deeper than its resource's key, a line with nothing
that reaches past its own end (no quotes, comments, anchors, tags, block scalar headers, flow
brackets left open), no resource starts, ends or moves: the outline is the previous one. The
caller checks validity (both versions without problems); anything else is computed afresh.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from backendbot.core.spec.outline import SpecOutline

# letters, digits, spaces and the punctuation of plain scalars and one-line flow collections
_NEUTRAL = re.compile(r"( +)[\w.,:/{}\[\]+=()-][\w.,:/{}\[\] +=()-]*")


def outline_still_holds(outline: SpecOutline, old: Sequence[str], new: Sequence[str]) -> bool:
    """True when ``outline`` (of ``old``) is also the outline of ``new``, both valid specs."""
    if len(old) != len(new):
        return False
    changed = _first_changed_line(old, new)
    if changed is None:
        return True
    if old[changed + 1 :] != new[changed + 1 :]:
        return False  # more than one line changed
    block = outline.resource_at(changed)
    if block is None or changed == block.lines.start:
        return False
    key_indent = _indent(old[block.lines.start])
    before, after = _neutral_indent(old[changed]), _neutral_indent(new[changed])
    return before is not None and before == after and before > key_indent


def _first_changed_line(old: Sequence[str], new: Sequence[str]) -> int | None:
    return next((i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b), None)


def _neutral_indent(line: str) -> int | None:
    """The indentation of a line whose syntax ends with it, else None."""
    match = _NEUTRAL.fullmatch(line)
    if match is None or not _balanced(line):
        return None
    return len(match.group(1))


def _balanced(line: str) -> bool:
    """Every flow bracket the line opens, it closes (in order)."""
    stack: list[str] = []
    for char in line:
        if char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]" and (not stack or stack.pop() != char):
            return False
    return not stack


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
