"""The shape of backend.yaml as written (before cross-checks), as strict pydantic models.

Each mapping of the spec is validated on its own (the top level, ``auth``, each resource, each
field), so one bad field does not hide the problems of the others; pydantic's error locations are
mapped back onto the YAML tree to get the span of the offending key or value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from backendbot.core.spec.yamltree import (
    Problem,
    Span,
    YMap,
    YNode,
    YScalar,
    YSeq,
    data_of,
    head_span,
)


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


RoleList = Annotated[list[str], BeforeValidator(_one_or_many)]


class _Raw(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    # how many levels of the YAML subtree pydantic needs to see (deeper ones are checked apart)
    data_depth: ClassVar[int] = 1


class RawField(_Raw):
    data_depth = 2
    type: str
    to: str | None = None
    values: list[str] | None = None
    required: bool = False
    unique: bool = False
    default: Any = None
    min: Any = None  # a number; checked with the field's type in fields.py
    max: Any = None
    max_length: int | None = None
    pattern: str | None = None
    max_items: int | None = None
    on_delete: str | None = None
    accept: list[str] | None = None
    max_bytes: int | None = None


class RawResource(_Raw):
    data_depth = 3
    fields: dict[str, Any]
    endpoints: list[str] | None = None
    permissions: dict[str, RoleList] | None = None


class RawAuth(_Raw):
    data_depth = 2
    jwt: bool = False
    roles: list[str] = []


class RawSpec(_Raw):
    name: str
    stack: str = "fastapi"
    auth: dict[str, Any] | None = None
    resources: dict[str, Any]


M = TypeVar("M", bound=_Raw)

_KIND = {
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "int_type": "must be an integer",
    "float_type": "must be a number",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
}


def validate_raw(
    model: type[M], data: Any, node: YNode, where: str, anchor: Span, problems: list[Problem]
) -> M | None:
    """Validate ``data`` (the plain form of ``node``); on failure add located problems, return None.

    ``anchor`` is where a missing key is reported (usually the key naming this mapping).
    """
    if not isinstance(data, dict):
        problems.append(Problem(head_span(node), _prefix(where) + "must be a mapping"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=True)
        guesses = _guesses(model, data, errors)
        for error in errors:
            loc = error["loc"]
            if error["type"] == "missing" and len(loc) == 1 and loc[0] in guesses.values():
                continue  # reported as the misspelt key that was probably meant
            span, message = _translate(model, error, node, anchor, guesses)
            problems.append(Problem(span, _prefix(where) + message))
        return None


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely misspells, if one is close enough (difflib's ratio)."""
    from difflib import get_close_matches  # only when a key is unknown: keeps start-up short

    found = get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def _guesses(model: type[_Raw], data: dict[Any, Any], errors: list[ErrorDetails]) -> dict[str, str]:
    """Each unknown top-level key → the known key it probably misspells (one not written yet)."""
    unused = [name for name in model.model_fields if name not in data]
    guesses: dict[str, str] = {}
    for error in errors:
        loc = error["loc"]
        if error["type"] != "extra_forbidden" or len(loc) != 1 or not isinstance(loc[0], str):
            continue
        guess = close_match(loc[0], (name for name in unused if name not in guesses.values()))
        if guess is not None:
            guesses[loc[0]] = guess
    return guesses


def validate_node(
    model: type[M], node: YNode, where: str, anchor: Span, problems: list[Problem]
) -> M | None:
    return validate_raw(model, data_of(node, model.data_depth), node, where, anchor, problems)


def _prefix(where: str) -> str:
    return f"{where}: " if where else ""


def _translate(
    model: type[_Raw], error: ErrorDetails, node: YNode, anchor: Span, guesses: dict[str, str]
) -> tuple[Span, str]:
    loc = error["loc"]
    label = _label(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        expected = ", ".join(model.model_fields) if len(loc) == 1 else ""
        hint = f" (expected one of {expected})" if expected else ""
        if guess := guesses.get(label):
            hint = f" (did you mean '{guess}'?)"
        return _locate(node, loc, key=True, anchor=anchor), f"unknown key '{label}'{hint}"
    if kind == "missing":
        return _locate(node, loc[:-1], key=False, anchor=anchor), f"missing key '{label}'"
    detail = _KIND.get(kind, error["msg"][:1].lower() + error["msg"][1:])
    return _locate(node, loc, key=False, anchor=anchor), f"'{label}' {detail}"


def _label(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _locate(node: YNode, loc: tuple[int | str, ...], *, key: bool, anchor: Span) -> Span:
    """Span of the value at ``loc`` (or of its key), as deep as the tree goes."""
    current: YNode = node
    key_span = anchor
    for i, part in enumerate(loc):
        if isinstance(current, YMap) and isinstance(part, str) and part in current.entries:
            entry = current.entries[part]
            if key and i == len(loc) - 1:
                return entry.key_span
            key_span, current = entry.key_span, entry.value
        elif isinstance(current, YSeq) and isinstance(part, int) and part < len(current.items):
            current = current.items[part]
            key_span = head_span(current)
        else:
            break
    return current.span if isinstance(current, YScalar) else key_span
