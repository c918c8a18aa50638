"""Issue and comment text as data: cleaned of hidden content, and the fenced blocks in it.

GitHub renders neither HTML comments nor zero-width, bidi-control or tag characters, so
instructions hidden in them would reach a model unseen by any reviewer; they are removed
before any text is used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_KEPT_CONTROLS = {"\n", "\t"}


def clean_text(text: str) -> str:
    """``text`` without HTML comments and without hidden, bidi-control or control characters."""
    text = _HTML_COMMENT.sub("", text.replace("\r\n", "\n"))
    return "".join(ch for ch in text if _visible(ch))


def _visible(ch: str) -> bool:
    if ch in _KEPT_CONTROLS:
        return True
    return unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cn")


@dataclass(frozen=True)
class FencedBlock:
    info: str  # the word after the opening fence, lower-cased ("yaml", "suggestion", ...)
    content: str  # the lines between the fences, each ending in "\n"


def fenced_blocks(text: str) -> list[FencedBlock]:
    """Every fenced code block, in order (an unclosed one runs to the end, as GitHub renders it)."""
    blocks: list[FencedBlock] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i])
        i += 1
        if not opened:
            continue
        fence = opened.group("fence")
        info = opened.group("info").strip().split(" ")[0].lower()
        body: list[str] = []
        while i < len(lines) and not _closes(lines[i], fence):
            body.append(lines[i] + "\n")
            i += 1
        i += 1
        blocks.append(FencedBlock(info, "".join(body)))
    return blocks


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def yaml_block(text: str) -> str | None:
    """The first fenced ``yaml`` (or ``yml``) block's content, if any."""
    for block in fenced_blocks(text):
        if block.info in ("yaml", "yml") and block.content.strip():
            return block.content
    return None


def suggestion_block(text: str) -> str | None:
    """The first GitHub ``suggestion`` block's content ("" is a valid one: delete the lines)."""
    for block in fenced_blocks(text):
        if block.info == "suggestion":
            return block.content
    return None


def command_text(comment: str, command: str) -> str:
    """What follows ``command`` in a comment: the rest of its line and the lines after it."""
    body = comment.strip()
    if body.lower().startswith(command):
        body = body[len(command) :]
    return body.strip()
