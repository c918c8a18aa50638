"""A field as Pydantic sees it: its type, constraints and annotations in the Create, Update
and Read schemas and the list query."""

from __future__ import annotations

import re

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.limits import (
    DEFAULT_LIST_ITEMS,
    DEFAULT_STRING_LENGTH,
    DEFAULT_TEXT_LENGTH,
    INT64_MAX,
    INT64_MIN,
    URL_LENGTH,
)
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal
from backendbot.core.spec.model import Field

# Names models/types.py defines (Text: no control characters, said as a pattern, for fields
# without a pattern of their own, which the schemas check with ``no_control_characters``; the
# items of list[string] and list[url]); responses and plain code use ``str`` for each.
PLAIN_TYPES = {
    "Boolean": "bool",
    "Email": "str",
    "Text": "str",
    "StringItem": "str",
    "UrlItem": "str",
}
TYPE_CONSTANTS = ("URL_PATTERN",)
_PLAIN = re.compile(r"\b(" + "|".join(PLAIN_TYPES) + r")\b")


def schema_type(f: FieldPlan) -> str:
    """The Pydantic annotation of the non-null value in request bodies."""
    field = f.spec
    if field.type == "list":
        item = Field(name=field.name, type=field.item_type or "string")
        named = {"string": "StringItem", "url": "UrlItem"}
        return f"list[{named.get(item.type) or _scalar_type(item)}]"
    return _scalar_type(field)


def read_type(f: FieldPlan) -> str:
    """The same in responses: plain types, no constraints."""
    return plain(schema_type(f))


def plain(annotation: str) -> str:
    return _PLAIN.sub(lambda m: PLAIN_TYPES[m.group(1)], annotation)


def constraints(f: FieldPlan) -> str:
    """Keyword arguments for ``pydantic.Field``, may be empty."""
    field = f.spec
    kind = field.type
    out: list[str] = []
    if kind == "string":
        out.append(f"max_length={field.max_length or DEFAULT_STRING_LENGTH}")
    elif kind == "text":
        out.append(f"max_length={field.max_length or DEFAULT_TEXT_LENGTH}")
    elif kind == "url":
        out.extend([f"max_length={URL_LENGTH}", "pattern=URL_PATTERN"])
    elif kind == "list":
        out.append(f"max_length={field.max_items or DEFAULT_LIST_ITEMS}")
    if field.pattern and kind in {"string", "text"}:
        out.append(f"pattern={py_literal(field.pattern)}")
    if kind in {"integer", "ref"}:
        low = INT64_MIN if field.min is None else int(field.min)
        high = INT64_MAX if field.max is None else int(field.max)
        out.extend([f"ge={1 if kind == 'ref' else low}", f"le={high}"])
    if kind == "number":
        if field.min is not None:
            out.append(f"ge={field.min!r}")
        if field.max is not None:
            out.append(f"le={field.max!r}")
        out.append("allow_inf_nan=False")
    return ", ".join(out)


def filter_type(f: FieldPlan) -> str:
    """The annotation of the list query parameter (non-null part)."""
    if f.kind in {"string", "email", "url"}:
        return "Text"  # compared as given: no control characters, no pattern
    return plain(_scalar_type(f.spec))


def filter_constraints(f: FieldPlan) -> str:
    if f.kind in {"integer", "ref"}:
        return f"ge={INT64_MIN}, le={INT64_MAX}"
    if f.kind == "number":
        return "allow_inf_nan=False"
    if f.kind in {"string", "email", "url"}:
        return f"max_length={f.filter_length}"
    return ""


def default_literal(f: FieldPlan) -> str | None:
    """The spec default as a Python literal."""
    return None if f.spec.default is None else py_literal(f.spec.default)


def create_annotation(f: FieldPlan) -> str:
    c = constraints(f)
    t = schema_type(f)
    if f.spec.required:
        return f"{t} = Field({c})" if c else t
    more = f", {c}" if c else ""
    if f.kind == "list":
        return f"{t} = Field(default_factory=list{more})"
    default = default_literal(f)
    if default is not None:
        return f"{t} = Field(default={default}{more})"
    return f"{optional(f)} = None"


def update_annotation(f: FieldPlan) -> str:
    """Absent means unchanged; ``null`` only where the field may be empty."""
    if f.nullable:
        return f"{optional(f)} = None"
    c = constraints(f)
    more = f", {c}" if c else ""
    return f"{schema_type(f)} = Field(default=absent(){more})"


def read_annotation(f: FieldPlan) -> str:
    return f"{read_type(f)} | None" if f.nullable else read_type(f)


def optional(f: FieldPlan) -> str:
    """``T | None`` with the constraints on ``T`` (pydantic drops them from a union otherwise)."""
    c = constraints(f)
    if not c:
        return f"{schema_type(f)} | None"
    return f"Annotated[{schema_type(f)}, Field({c})] | None"


def _scalar_type(field: Field) -> str:
    kind = field.type
    if kind == "enum" and field.values:
        return "Literal[" + ", ".join(py_literal(v) for v in field.values) + "]"
    if kind in {"string", "text"}:
        return "str" if field.pattern else "Text"
    return {
        "integer": "int",
        "number": "float",
        "boolean": "Boolean",
        "date": "dt.date",
        "datetime": "dt.datetime",
        "email": "Email",
        "uuid": "UUID",
        "ref": "int",
    }.get(kind, "str")
