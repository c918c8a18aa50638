"""Lexical helpers for TypeScript source: comments and strings masked, brackets matched, members split.

Regular expressions do the scanning (no per-character Python loop over a whole window), and
every function takes a bounded slice of the document, never the file. This is not a parser:
regular-expression literals and ``${...}`` inside template strings are not understood (a brace
in one may end a block early); what it gets wrong it gets wrong cheaply, and resolve says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LEXEME = re.compile(
    r"//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    r"|\"(?:[^\"\\\n]|\\.)*(?:\"|$)"
    r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
    r"|`(?:[^`\\]|\\.)*(?:`|\Z)",
    re.S | re.M,
)
_BRACKET = re.compile(r"[{}()\[\]]")
_PAIRS = {"{": "}", "(": ")", "[": "]"}
_MEMBER_TOKEN = re.compile(r"[{(\[})\];,\n]|=>|[<>]")
_CONTINUES_AFTER = ("|", "&", ":", "=", ",", "(", "<", "?", "@", ".", "=>")
_CONTINUES_BEFORE = ("|", "&", ".", "?", ":", "=", ")", ">", "]", "}", "extends")


def clean(text: str) -> str:
    """``text`` with comments blanked (newlines kept): same length, same offsets."""
    return _LEXEME.sub(lambda m: _blank(m.group()) if m.group()[0] == "/" else m.group(), text)


def mask(text: str) -> str:
    """``clean(text)`` with the insides of strings blanked too (quotes kept)."""
    return _LEXEME.sub(_mask_one, text)


def _mask_one(match: re.Match[str]) -> str:
    lexeme = match.group()
    if lexeme[0] == "/":
        return _blank(lexeme)
    return lexeme[0] + _blank(lexeme[1:-1], "_") + lexeme[-1] if len(lexeme) > 1 else lexeme


def _blank(text: str, fill: str = " ") -> str:
    if "\n" not in text:
        return fill * len(text)
    return "\n".join(fill * len(part) for part in text.split("\n"))


def matching(masked: str, start: int) -> int:
    """The index of the bracket closing the one at ``masked[start]``, or -1 (unbalanced)."""
    stack = [_PAIRS[masked[start]]]
    for match in _BRACKET.finditer(masked, start + 1):
        token = match.group()
        if token in _PAIRS:
            stack.append(_PAIRS[token])
        elif token != stack.pop():
            return -1
        elif not stack:
            return match.start()
    return -1


def closing_brace(masked: str, start: int) -> int:
    """Like ``matching`` for the ``{`` at ``start``, counting braces only (faster: listing)."""
    depth, at, opening = 0, start, start
    while True:
        if 0 <= opening < at:
            opening = masked.find("{", at)
        closing = masked.find("}", at)
        if closing < 0:
            return -1
        if 0 <= opening < closing:
            depth, at = depth + 1, opening + 1
            continue
        depth, at = depth - 1, closing + 1
        if depth == 0:
            return closing


def _generic(masked: str, index: int) -> bool:
    """Is the ``<`` at ``index`` a type argument list (``Array<``), not a comparison?"""
    return index > 0 and (masked[index - 1].isalnum() or masked[index - 1] in "_$")


@dataclass(frozen=True)
class Member:
    """One member of a body: its text (comments blanked), the same masked, its offset."""

    text: str
    masked: str
    offset: int


def members(cleaned: str, masked: str) -> Iterator[Member]:
    """The top-level members of a body (the text between its braces): split at ``;`` and ``,``
    and at line ends where the member is complete; decorators stay with what they decorate."""
    start = 0
    stack: list[str] = []
    for match in _MEMBER_TOKEN.finditer(masked):
        lexeme, at = match.group(), match.start()
        if lexeme in _PAIRS or (lexeme == "<" and _generic(masked, at)):
            stack.append(lexeme)
        elif lexeme in "})]":
            while stack and stack[-1] == "<":  # a '<' that was a comparison after all
                stack.pop()
            if stack:
                stack.pop()
        elif lexeme == ">":
            if stack and stack[-1] == "<":
                stack.pop()
        elif not stack and lexeme != "=>" and (lexeme in ";," or _complete(masked, start, match)):
            yield from _member(cleaned, masked, start, at)
            start = match.end()
    yield from _member(cleaned, masked, start, len(masked))


def _complete(masked: str, start: int, newline: re.Match[str]) -> bool:
    before = masked[start : newline.start()].strip()
    if not before or before.endswith(_CONTINUES_AFTER) or _decorators_only(before):
        return False
    after = masked[newline.end() : newline.end() + 200].lstrip()
    return not after.startswith(_CONTINUES_BEFORE)


_DECORATOR = re.compile(r"@[\w$.]+\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*")


def _decorators_only(text: str) -> bool:
    return bool(text) and not _DECORATOR.sub("", text).strip() and text.startswith("@")


def _member(cleaned: str, masked: str, start: int, end: int) -> Iterator[Member]:
    text = masked[start:end]
    if not text.strip():
        return
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    yield Member(cleaned[start + lead : start + trail], text[lead:trail], start + lead)
