"""Field type expressions (``string``, ``list[string]``, ``ref[User]``) and which options fit which type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from backendbot.core.spec.model import FieldType, ScalarType

SCALAR_TYPES: tuple[ScalarType, ...] = get_args(ScalarType)
LIST_ITEM_TYPES: tuple[ScalarType, ...] = tuple(
    t for t in SCALAR_TYPES if t not in ("file", "text", "enum")
)
EXPECTED_TYPES = ", ".join((*SCALAR_TYPES, "list[T]", "ref"))
STRING_TYPES = ("string", "text", "email", "url")

# option -> the base types it applies to ("list" means a list field, "ref" a reference)
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "to": ("ref",),
    "values": ("enum",),
    "unique": (
        "string",
        "integer",
        "number",
        "date",
        "datetime",
        "email",
        "url",
        "uuid",
        "enum",
        "ref",
    ),
    "default": (
        "string",
        "text",
        "integer",
        "number",
        "boolean",
        "date",
        "datetime",
        "email",
        "url",
        "uuid",
        "enum",
    ),
    "min": ("integer", "number"),
    "max": ("integer", "number"),
    "max_length": STRING_TYPES,
    "pattern": ("string", "text"),
    "max_items": ("list",),
    "on_delete": ("ref",),
    "accept": ("file",),
    "max_bytes": ("file",),
}

_HINTS = {
    "int": "integer",
    "int32": "integer",
    "int64": "integer",
    "bigint": "integer",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "bool": "boolean",
    "str": "string",
    "varchar": "string",
    "char": "string",
    "timestamp": "datetime",
    "date-time": "datetime",
    "date_time": "datetime",
    "uri": "url",
    "array": "list[T]",
    "image": "file",
    "binary": "file",
    "reference": "ref",
    "foreign_key": "ref",
}
_EXPR = re.compile(r"\s*([A-Za-z_][\w-]*)\s*(?:\[\s*(.*?)\s*\])?\s*")


@dataclass(frozen=True, slots=True)
class TypeExpr:
    base: FieldType
    item: ScalarType | None = None
    to: str | None = None


def parse_type(text: str) -> TypeExpr | str:
    """A parsed type, or the error message naming what is wrong with it."""
    match = _EXPR.fullmatch(text)
    if match is None:
        return unknown_type(text)
    base, param = match.group(1), match.group(2)
    if base == "list":
        return _list_type(param)
    if base == "ref":
        if param == "":
            return "ref[] needs a resource name, e.g. ref[User]"
        return TypeExpr("ref", to=param)
    if base not in SCALAR_TYPES:
        return unknown_type(base)
    if param is not None:
        return f"type '{base}' takes no parameter"
    return TypeExpr(_as_scalar(base))


def _list_type(param: str | None) -> TypeExpr | str:
    if not param:
        return "'list' needs an item type, e.g. list[string]"
    item = parse_type(param)
    allowed = ", ".join(LIST_ITEM_TYPES)
    if isinstance(item, str):
        return f"unknown list item type '{param}' (expected one of {allowed})"
    if item.base not in LIST_ITEM_TYPES:
        return f"list[{param}] is not supported (a list holds one of {allowed})"
    return TypeExpr("list", item=_as_scalar(item.base))


def _as_scalar(name: str) -> ScalarType:
    for scalar in SCALAR_TYPES:
        if scalar == name:
            return scalar
    raise ValueError(name)  # unreachable: callers check membership first


def unknown_type(name: str) -> str:
    hint = _HINTS.get(name.lower()) or (name.lower() if name.lower() in SCALAR_TYPES else None)
    suggestion = f"; did you mean '{hint}'?" if hint else ""
    return f"unknown type '{name}' (expected one of {EXPECTED_TYPES}){suggestion}"


def option_applies(option: str, expr: TypeExpr) -> bool:
    kinds = APPLIES_TO.get(option)
    if kinds is None:
        return True
    return expr.base in kinds
