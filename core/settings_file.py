"""A small YAML settings file (``.backendbot.yml``, ``.github/backendbot.yml``) into a pydantic model.

Every problem is an InputError naming the file and the line and column of the bad value (of the
key, for an unknown key, with the close match it probably misspells); all of them at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from backendbot.core.errors import InputError
from backendbot.core.spec.positions import LineIndex
from backendbot.core.spec.raw import close_match
from backendbot.core.spec.yamltree import Span, YMap, YNode, YSeq, compose, head_span

M = TypeVar("M", bound=BaseModel)


def parse_settings_file(text: str, model: type[M], file: str | Path) -> M:
    """``model`` validated from ``text``; an empty file gives the model's defaults."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    if raw is None:
        return model()
    root = compose(text).root
    index = LineIndex(text)
    if not isinstance(raw, dict):
        start = head_span(root).start if root is not None else 0
        raise _at(index, start, "expected a mapping of settings", file)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        located = [_located(e, model, root, index, file) for e in errors]
        located.sort(key=lambda e: (e.line or 0, e.column or 0))
        raise InputError.of(located) from None


def _located(
    error: ErrorDetails,
    model: type[BaseModel],
    root: YNode | None,
    index: LineIndex,
    file: str | Path,
) -> InputError:
    loc = error["loc"]
    where = ".".join(str(p) for p in loc) or "settings"
    unknown = error["type"] == "extra_forbidden"
    span = _span_of(root, loc, key=unknown)
    if unknown:
        known = _known_keys(model, loc[:-1])
        guess = close_match(str(loc[-1]), known) if known else None
        hint = f"did you mean '{guess}'?" if guess else f"expected one of {', '.join(known)}"
        message = f"unknown key '{where}' ({hint})" if known else f"unknown key '{where}'"
    else:
        message = f"{where}: {error['msg']}"
    return _at(index, span.start if span else 0, message, file)


def _at(index: LineIndex, offset: int, message: str, file: str | Path) -> InputError:
    line, column = index.position(offset)
    return InputError(message, file=file, line=line + 1, column=column + 1)


def _span_of(root: YNode | None, loc: tuple[int | str, ...], *, key: bool) -> Span | None:
    """Where the value at ``loc`` is written (its key, with ``key``), as deep as the file goes."""
    node, found = root, head_span(root) if root is not None else None
    for i, part in enumerate(loc):
        if isinstance(node, YMap) and isinstance(part, str) and part in node.entries:
            entry = node.entries[part]
            found = entry.key_span if key and i == len(loc) - 1 else head_span(entry.value)
            node = entry.value
        elif isinstance(node, YSeq) and isinstance(part, int) and part < len(node.items):
            node = node.items[part]
            found = head_span(node)
        else:
            break
    return found


def _known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc`` of ``model`` (nested models followed by name)."""
    current: type[BaseModel] | None = model
    for part in loc:
        info = current.model_fields.get(str(part)) if current else None
        annotation = info.annotation if info else None
        nested = [a for a in (annotation, *getattr(annotation, "__args__", ())) if _is_model(a)]
        current = nested[0] if nested else None
    return list(current.model_fields) if current else []


def _is_model(candidate: object) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)
