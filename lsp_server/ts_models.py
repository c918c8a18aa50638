"""TypeScript declarations that describe a model, and their properties.

``ts_model`` (listing, on every cursor move) finds the ``interface X {``, ``class X {``,
``type X = {`` or zod ``const X = z.object({`` whose header, decorators or body holds a line;
``ts_properties`` (resolve) lists that declaration's data properties. Both look at most
``SCAN_LINES`` lines from the cursor or the header, never the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from backendbot.core.errors import InputError
from backendbot.lsp_server import ts_scan

TsKind = Literal["interface", "class", "type", "zod"]
SCAN_LINES = 300

_HEADER = re.compile(
    r"\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?"
    r"(?P<kind>interface|class|type)\s+(?P<name>[A-Za-z_$][\w$]*)\b"
)
_ZOD = re.compile(
    r"\s*(?:export\s+)?(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=]*)?="
    r"\s*z\s*\.\s*(?:strictObject|object)\s*\("
)
_KEYWORDS = ("interface", "class", "type", "z.object", "strictObject")
_DECORATOR_LINE = re.compile(r"\s*@[\w$.]+")


@dataclass(frozen=True)
class TsModel:
    name: str
    line: int  # the header's line
    kind: TsKind


@dataclass(frozen=True)
class Decorator:
    name: str
    arguments: str  # the text between its parentheses, comments blanked


@dataclass(frozen=True)
class TsProperty:
    """A data property: ``name?: type = initializer`` (a zod entry: ``name: expression``)."""

    name: str
    type: str | None  # None: no annotation (``name = 1``)
    optional: bool
    initializer: str | None
    decorators: tuple[Decorator, ...]
    line: int
    column: int


def ts_model(lines: Sequence[str], line: int) -> TsModel | None:
    """The model declaration holding ``line`` (its decorators, header or body), if any."""
    if not 0 <= line < len(lines):
        return None
    number = line
    while number < len(lines) and number < line + 20 and _DECORATOR_LINE.match(lines[number]):
        number += 1
    if number != line and (found := _header(lines, number)) is not None:
        return found
    first = max(0, line - SCAN_LINES + 1)
    above = "\n".join(lines[first:line])  # the lines above the cursor's, in the scan
    closing = above.rfind("\n}")  # the last top-level block that ended above the cursor
    ended = closing + 1 if closing >= 0 else 0 if above.startswith("}") else -1
    window = f"{above}\n{lines[line]}" if line > first else lines[line]
    found = _last_header(lines, window, first, max(ended, 0))
    if found is None or (ended >= 0 and found.line - first <= above.count("\n", 0, ended)):
        return None
    return found if _holds(lines, found, line) else None


def _last_header(lines: Sequence[str], window: str, first: int, floor: int) -> TsModel | None:
    """The last header in ``window`` (lines from ``first``) after offset ``floor``: found by
    searching for the keywords (C-speed ``rfind``), then checking only the lines they are on."""
    limit = len(window)
    while True:
        at = max(window.rfind(k, floor, limit) for k in _KEYWORDS)
        if at < 0:
            return None
        start = window.rfind("\n", 0, at) + 1
        found = _header(lines, first + window.count("\n", 0, start))
        if found is not None:
            return found
        limit = start


def _header(lines: Sequence[str], number: int) -> TsModel | None:
    if not 0 <= number < len(lines):
        return None
    text = lines[number]
    if not any(k in text for k in _KEYWORDS):
        return None
    if (zod := _ZOD.match(text)) is not None:
        return TsModel(zod.group("name"), number, "zod")
    match = _HEADER.match(text)
    if match is None:
        return None
    kind: TsKind = match.group("kind")  # type: ignore[assignment]
    return TsModel(match.group("name"), number, kind)


def _holds(lines: Sequence[str], model: TsModel, line: int) -> bool:
    """Is ``line`` inside the model's braces (or its header)? Scans header..line only."""
    masked, brace = _opening(lines, model, max(line + 1, model.line + 2))
    if brace < 0:
        return False
    if line == model.line:
        return True
    end = ts_scan.closing_brace(masked, brace)
    return end < 0 or masked.count("\n", 0, end) >= line - model.line


def _opening(lines: Sequence[str], model: TsModel, stop: int) -> tuple[str, int]:
    """The masked text from the header to line ``stop`` (exclusive) and its body's ``{`` (or -1)."""
    masked = ts_scan.mask("\n".join(lines[model.line : min(stop, model.line + SCAN_LINES)]))
    if model.kind == "zod":
        match = _ZOD.match(masked)
        start = match.end() if match else 0
        found = re.compile(r"\s*\{").match(masked, start)
        return masked, (found.end() - 1 if found else -1)
    if model.kind == "type":
        found = re.compile(r"[^=]*=\s*\{").match(masked)
        return masked, (found.end() - 1 if found else -1)
    return masked, masked.find("{")


def declaration_source(lines: Sequence[str], header: int) -> str:
    """The declaration from its decorators to its closing brace (at most SCAN_LINES lines)."""
    first = header
    while first > 0 and header - first < 20 and _DECORATOR_LINE.match(lines[first - 1]):
        first -= 1
    end = min(len(lines), header + SCAN_LINES)
    model = _header(lines, header)
    if model is not None:
        masked, brace = _opening(lines, model, end)
        close = ts_scan.matching(masked, brace) if brace >= 0 else -1
        if close >= 0:
            end = header + masked.count("\n", 0, close) + 1
    return "\n".join(lines[first:end])


def ts_properties(lines: Sequence[str], model: TsModel, file: str) -> list[TsProperty]:
    """The model's data properties (methods, getters, static members left out). An
    ``InputError`` located in ``file`` when its body does not close within SCAN_LINES lines."""
    end_line = min(len(lines), model.line + SCAN_LINES)
    text = "\n".join(lines[model.line : end_line])
    masked = ts_scan.mask(text)
    _, brace = _opening(lines, model, end_line)
    if brace < 0:
        raise _error(f"{model.kind} {model.name}: no '{{' opens its body", file, model.line, 0)
    close = ts_scan.matching(masked, brace)
    if close < 0:
        raise _error(
            f"{model.kind} {model.name}: its '{{' is not closed within {SCAN_LINES} lines "
            "(unbalanced braces, or a brace inside a regular expression)",
            file,
            model.line,
            0,
        )
    cleaned = ts_scan.clean(text)
    body_clean, body_masked = cleaned[brace + 1 : close], masked[brace + 1 : close]
    out: list[TsProperty] = []
    for member in ts_scan.members(body_clean, body_masked):
        offset = brace + 1 + member.offset
        line = model.line + text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1)
        prop = _property(member, model.kind, line, column, file)
        if prop is not None:
            out.append(prop)
    return out


_MODIFIERS = re.compile(
    r"(?:(?:public|private|protected|readonly|declare|abstract|override|accessor)\s+(?=[\w$\"'#]))*"
)
_STATIC = re.compile(r"static\s+(?=[\w$\"'#\[{])")
_NAME = re.compile(r"[A-Za-z_$][\w$]*|\"[^\"]*\"|'[^']*'")
_METHOD_WORDS = re.compile(
    r"(?:get|set|async|constructor)\b(?!\s*[?!:=;,(]|\s*$)|\*|constructor\s*\("
)
_DECORATOR = re.compile(r"@(?P<name>[\w$.]+)\s*")


def _property(
    member: ts_scan.Member, kind: TsKind, line: int, column: int, file: str
) -> TsProperty | None:
    masked, text = member.masked, member.text
    decorators: list[Decorator] = []
    at = 0
    while (match := _DECORATOR.match(masked, at)) is not None:
        at, arguments = match.end(), ""
        if masked.startswith("(", at):
            close = ts_scan.matching(masked, at)
            close = len(masked) if close < 0 else close
            arguments, at = text[at + 1 : close], close + 1
        decorators.append(Decorator(match.group("name"), arguments.strip()))
        at = len(masked) - len(masked[at:].lstrip())
    if _STATIC.match(masked, at):
        return None
    at = _MODIFIERS.match(masked, at).end()  # type: ignore[union-attr]
    if masked.startswith("[", at):
        close = ts_scan.matching(masked, at)
        shown = text[at : close + 1] if close > 0 else text[at:]
        raise _error(f"index signature '{shown}' is not a model property", file, line, column)
    if _METHOD_WORDS.match(masked, at) or masked.startswith("#", at):
        return None
    name_match = _NAME.match(text, at)
    if name_match is None:
        return None
    name = name_match.group().strip("\"'")
    rest = masked[name_match.end() :].lstrip()
    start = len(masked) - len(rest)
    optional = rest.startswith("?")
    if rest.startswith(("?", "!")):
        rest, start = rest[1:].lstrip(), len(masked) - len(rest[1:].lstrip())
    if rest.startswith(("(", "<")):
        return None  # a method
    type_text: str | None = None
    initializer: str | None = None
    if rest.startswith(":"):
        body = text[start + 1 :]
        equals = _top_level_equals(masked[start + 1 :])
        if kind == "zod" or equals < 0:
            type_text = body.strip()
        else:
            type_text, initializer = body[:equals].strip(), body[equals + 1 :].strip()
    elif rest.startswith("="):
        initializer = text[start + 1 :].strip()
    elif rest:
        return None  # not a property (a stray statement)
    if _is_function(type_text, initializer):
        return None
    return TsProperty(name, type_text, optional, initializer, tuple(decorators), line, column)


def _top_level_equals(masked: str) -> int:
    depth = 0
    for index, char in enumerate(masked):
        if char in "({[<":
            depth += 1
        elif char in ")}]" or (char == ">" and masked[index - 1] != "="):
            depth -= 1
        elif char == "=" and depth <= 0 and masked[index + 1 : index + 2] not in ("=", ">"):
            return index
    return -1


_FUNCTION = re.compile(r"(?:async\s+)?(?:function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)")


def _is_function(type_text: str | None, initializer: str | None) -> bool:
    if type_text is not None and re.match(r"\(.*\)\s*=>", type_text, re.S):
        return True
    return initializer is not None and _FUNCTION.match(initializer) is not None


def _error(message: str, file: str, line: int, column: int) -> InputError:
    return InputError(message, file=file, line=line + 1, column=column + 1)
