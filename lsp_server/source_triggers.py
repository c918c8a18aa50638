"""What in a source file can start a generation: an endpoint comment, a model class, a selection.

Pure functions over the lines of the open document; each looks at a few lines around the
cursor, never the whole file, so they stay cheap on a 10,000-line module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ModelKind = Literal["pydantic", "dataclass", "sqlalchemy"]
MAX_SELECTION_CHARS = 20_000
CLASS_SCAN_LINES = 300

_ENDPOINT = re.compile(
    r"(?:#|//)\s*endpoint\s*:\s*(GET|POST|PUT|PATCH|DELETE)\s+(/\S*)\s*(.*)\Z", re.IGNORECASE
)
_CLASS = re.compile(r"class\s+([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*:")
_PYDANTIC_BASES = re.compile(r"\b(BaseModel|SQLModel|RootModel|BaseSettings)\b")
_SQLALCHEMY_BASES = re.compile(r"\bdb\.Model\b")
_SQLALCHEMY_BODY = re.compile(r"__tablename__|\bMapped\[|\bmapped_column\(|\bColumn\(")
_CODE_MARKS = re.compile(
    r"[=();]|^\s*(def|class|import|from|return|const|let|function|if|for)\b", re.M
)
_COMMENT_PREFIX = re.compile(r"^\s*(#|//|\*|/\*+|\"\"\"|''')\s?", re.M)


@dataclass(frozen=True)
class EndpointComment:
    method: str
    path: str
    description: str


@dataclass(frozen=True)
class ModelClass:
    name: str
    line: int
    kind: ModelKind


def endpoint_comment(line: str) -> EndpointComment | None:
    match = _ENDPOINT.search(line.strip())
    if match is None or not line.lstrip().startswith(("#", "//")):
        return None
    method, path, rest = match.groups()
    return EndpointComment(method.upper(), path, rest.strip())


def model_class(lines: Sequence[str], line: int) -> ModelClass | None:
    """The model class whose header, decorators or body holds ``line``, if it is one."""
    header = _class_header(lines, line)
    if header is None:
        return None
    match = _CLASS.match(lines[header].strip())
    assert match is not None
    name, bases = match.group(1), match.group(2) or ""
    kind = _model_kind(lines, header, bases)
    return ModelClass(name, header, kind) if kind else None


def class_source(lines: Sequence[str], header: int) -> str:
    """The class from its decorators to the end of its indented body."""
    first = header
    while first > 0 and lines[first - 1].lstrip().startswith("@"):
        first -= 1
    return "\n".join([*lines[first : header + 1], *_body(lines, header)])


def json_sample(text: str) -> bool:
    """A JSON object, or a list of objects: a sample a model can be inferred from."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")) or len(stripped) > MAX_SELECTION_CHARS:
        return False
    try:
        value = json.loads(stripped)
    except ValueError:
        return False
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, dict) and v for v in value)
    return isinstance(value, dict) and bool(value)


def free_text(text: str) -> str | None:
    """A prose description (comment markers stripped), or None when the text looks like code."""
    if len(text) > MAX_SELECTION_CHARS:
        return None
    prose = " ".join(_COMMENT_PREFIX.sub("", text).split())
    if len(prose.split()) < 3 or _CODE_MARKS.search(_COMMENT_PREFIX.sub("", text)):
        return None
    letters = sum(ch.isalpha() for ch in prose)
    return prose if letters >= 0.6 * len(prose.replace(" ", "")) else None


def _class_header(lines: Sequence[str], line: int) -> int | None:
    if not 0 <= line < len(lines):
        return None
    number = line
    while number < len(lines) and lines[number].lstrip().startswith("@"):
        number += 1
    if number < len(lines) and _CLASS.match(lines[number].lstrip()):
        return number
    if not lines[line].strip():
        return None
    indent = _indent(lines[line])
    for number in range(line - 1, max(-1, line - CLASS_SCAN_LINES), -1):
        text = lines[number]
        if not text.strip():
            continue
        level = _indent(text)
        if level < indent:
            if _CLASS.match(text.lstrip()):
                return number
            indent = level
            if level == 0:
                return None
    return None


def _model_kind(lines: Sequence[str], header: int, bases: str) -> ModelKind | None:
    decorators = []
    number = header - 1
    while number >= 0 and lines[number].lstrip().startswith("@"):
        decorators.append(lines[number])
        number -= 1
    if any("dataclass" in d for d in decorators):
        return "dataclass"
    if _PYDANTIC_BASES.search(bases):
        return "pydantic"
    body = _body(lines, header)[:40]
    if _SQLALCHEMY_BASES.search(bases) or any(_SQLALCHEMY_BODY.search(b) for b in body):
        return "sqlalchemy"
    return None


def _body(lines: Sequence[str], header: int) -> list[str]:
    """The class's indented body (at most CLASS_SCAN_LINES lines), trailing blank lines left out."""
    indent = _indent(lines[header])
    body: list[str] = []
    for text in lines[header + 1 : header + CLASS_SCAN_LINES]:
        if text.strip() and _indent(text) <= indent:
            break
        body.append(text)
    while body and not body[-1].strip():
        body.pop()
    return body


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
