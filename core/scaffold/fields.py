"""How one spec field becomes a column, schema annotations, a query filter and a test sample.

Everything here returns Python source fragments; the templates only place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backendbot.core.scaffold.regex_samples import pattern_samples
from backendbot.core.spec.model import Field

# Integers are bounded to what JSON numbers carry exactly (2**53 - 1), which also fits BIGINT.
INT64_MIN = -(2**53 - 1)
INT64_MAX = 2**53 - 1
DEFAULT_STRING_LENGTH = 255
# Caps the spec can raise (``max_length`` on text, ``max_items`` on lists): no request stores
# megabytes of text or a list of 100,000 items that every list page then serves back.
DEFAULT_TEXT_LENGTH = 10_000
DEFAULT_LIST_ITEMS = 100
EMAIL_LENGTH = 320
URL_LENGTH = 2083
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"
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
# Types a list endpoint can filter and sort on (equality filters).
FILTERABLE = frozenset(
    {
        "string",
        "integer",
        "number",
        "boolean",
        "date",
        "datetime",
        "email",
        "url",
        "uuid",
        "enum",
        "ref",
    }
)


def py_literal(value: object) -> str:
    """``repr`` with double-quoted strings, as ruff format writes them."""
    if isinstance(value, str):
        text = repr(value)
        if text.startswith("'") and '"' not in value:
            return '"' + text[1:-1].replace("\\'", "'") + '"'
        return text
    return repr(value)


@dataclass(frozen=True)
class FieldView:
    """A spec field as the templates need it."""

    spec: Field
    name: str  # attribute, column and JSON name (``author`` ref → ``author_id``)
    nullable: bool
    orm_annotation: str  # inside Mapped[...]
    column_args: str  # arguments of mapped_column(...)
    schema_type: str  # Pydantic annotation of the non-null value
    read_type: str  # the same in responses: plain types, no constraints
    constraints: str  # keyword arguments for pydantic.Field, may be empty
    filter_type: str  # annotation of the list query parameter (non-null part)
    filter_constraints: str
    sample: str  # Python expression of a valid JSON value; ``n`` is a per-call counter
    samples: tuple[str, ...]  # values matching the field's pattern, when ``sample`` uses them
    default_literal: str | None  # Python literal of the spec default
    private: bool = False  # shown only to the record's owner and admins
    owner: bool = False  # a ref to the user resource, set from the token (never from a body)

    @property
    def column_arg_list(self) -> list[str]:
        return self.column_args.split(", ")

    @property
    def kind(self) -> str:
        return self.spec.type

    @property
    def filterable(self) -> bool:
        """Private fields are not: a filter on one would tell others its value."""
        return self.kind in FILTERABLE and not self.private

    @property
    def numeric(self) -> bool:
        """Validated as a JSON number in request bodies (see models/types.py)."""
        kinds = {"integer", "number", "ref"}
        return self.kind in kinds or (self.kind == "list" and self.spec.item_type in kinds)

    @property
    def temporal(self) -> bool:
        """Validated as ISO 8601 text (see models/types.py)."""
        kinds = {"date", "datetime"}
        return self.kind in kinds or (self.kind == "list" and self.spec.item_type in kinds)

    @property
    def own_pattern(self) -> bool:
        """A string whose spec pattern replaces Text's: control characters checked apart."""
        return self.kind in {"string", "text"} and self.spec.pattern is not None

    @property
    def writable(self) -> bool:
        """In request bodies: files have their own endpoint, owner refs come from the token."""
        return self.kind != "file" and not self.owner

    @property
    def comparable(self) -> bool:
        """Round-trips through the API unchanged, so tests may compare it to what they sent."""
        return self.kind in {"string", "text", "integer", "boolean", "enum", "email", "ref"} or (
            self.kind == "list" and self.spec.item_type in {"string", "text", "integer", "boolean"}
        )


def field_view(
    field: Field, ref_table: str | None = None, *, private: bool = False, owner: bool = False
) -> FieldView:
    kind = field.type
    name = f"{field.name}_id" if kind == "ref" else field.name
    has_default = field.default is not None or kind == "list"
    nullable = not field.required and not has_default
    schema_type = _schema_type(field)
    orm_annotation = _orm_type(field)
    if nullable:
        orm_annotation = f"{orm_annotation} | None"
    return FieldView(
        spec=field,
        name=name,
        nullable=nullable,
        orm_annotation=orm_annotation,
        column_args=_column_args(field, nullable, ref_table),
        schema_type=schema_type,
        read_type=plain(schema_type),
        constraints=_constraints(field),
        filter_type=_filter_type(field),
        filter_constraints=_filter_constraints(field),
        sample=_sample(field),
        samples=tuple(pattern_samples(field.pattern, 16) or ()) if field.pattern else (),
        default_literal=None if field.default is None else py_literal(field.default),
        private=private,
        owner=owner,
    )


def _schema_type(field: Field) -> str:
    if field.type == "list":
        item = Field(name=field.name, type=field.item_type or "string")
        named = {"string": "StringItem", "url": "UrlItem"}
        return f"list[{named.get(item.type) or _scalar_schema_type(item)}]"
    return _scalar_schema_type(field)


def _scalar_schema_type(field: Field) -> str:
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


_PLAIN = re.compile(r"\b(" + "|".join(PLAIN_TYPES) + r")\b")


def plain(annotation: str) -> str:
    return _PLAIN.sub(lambda m: PLAIN_TYPES[m.group(1)], annotation)


def _orm_type(field: Field) -> str:
    kind = field.type
    if kind == "list":
        item = _orm_type(Field(name=field.name, type=field.item_type or "string"))
        return f"list[{item}]"
    return {
        "integer": "int",
        "number": "float",
        "boolean": "bool",
        "date": "dt.date",
        "datetime": "dt.datetime",
        "uuid": "UUID",
        "ref": "int",
    }.get(kind, "str")


def _sa_type(field: Field, ref_table: str | None) -> str:
    kind = field.type
    if kind == "ref":
        rule = {"cascade": ', ondelete="CASCADE"', "set_null": ', ondelete="SET NULL"'}
        return f'ForeignKey("{ref_table}.id"{rule.get(field.on_delete or "", "")})'
    if kind == "enum":
        return f"String({max((len(v) for v in field.values), default=1)})"
    return {
        "string": f"String({field.max_length or DEFAULT_STRING_LENGTH})",
        "text": "Text",
        "integer": "BigInteger",
        "number": "Float",
        "boolean": "Boolean",
        "date": "Date",
        "datetime": "UTCDateTime",
        "email": f"String({EMAIL_LENGTH})",
        "url": f"String({URL_LENGTH})",
        "uuid": "Uuid",
        "file": "String(255)",
        "list": "JSON",
    }[kind]


def _column_args(field: Field, nullable: bool, ref_table: str | None) -> str:
    args = [_sa_type(field, ref_table)]
    if field.unique:
        args.append("unique=True")
    if field.type in {"ref", "enum"}:
        args.append("index=True")
    if field.type == "list":
        args.append("default=list")
    elif field.default is not None:
        args.append(f"default={py_literal(field.default)}")
    args.append(f"nullable={nullable}")
    return ", ".join(args)


def _constraints(field: Field) -> str:
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


def _filter_type(field: Field) -> str:
    if field.type in {"string", "email", "url"}:
        return "Text"  # compared as given: no control characters, no pattern
    return plain(_scalar_schema_type(field))


def _filter_constraints(field: Field) -> str:
    if field.type in {"integer", "ref"}:
        return f"ge={INT64_MIN}, le={INT64_MAX}"
    if field.type == "number":
        return "allow_inf_nan=False"
    if field.type in {"string", "email", "url"}:
        return f"max_length={_max_length(field)}"
    return ""


def _max_length(field: Field) -> int:
    if field.type == "email":
        return EMAIL_LENGTH
    if field.type == "url":
        return URL_LENGTH
    return field.max_length or DEFAULT_STRING_LENGTH


def _sample(field: Field) -> str:
    kind = field.type
    if kind == "list":
        item = Field(name=field.name, type=field.item_type or "string", values=field.values)
        return f"[{_sample(item)}]"
    if kind in {"string", "text"}:
        return _string_sample(field)
    if kind in {"integer", "number"}:
        return _number_sample(field)
    samples = {
        "boolean": "True",
        "date": 'f"{2000 + n}-01-15"',
        "datetime": 'f"{2000 + n}-01-15T10:30:00Z"',
        "email": f'f"{field.name}{{n}}@example.com"',
        "url": f'f"https://example.com/{field.name}/{{n}}"',
        "uuid": 'f"00000000-0000-4000-8000-{n:012d}"',
        "enum": py_literal(
            field.default if field.default is not None else (field.values or ("",))[0]
        ),
    }
    return samples.get(kind, "None")


def _string_sample(field: Field) -> str:
    limit = field.max_length or 10_000
    candidates = [f"{field.name}-{{n}}", f"{field.name}{{n}}", "{n}", "A{n}", "a{n}", "x-{n}"]
    for template in candidates:
        values = [template.format(n=n) for n in (1, 12, 345)]
        if all(len(v) <= limit for v in values) and all(
            field.pattern is None or re.fullmatch(field.pattern, v) for v in values
        ):
            return 'f"' + template + '"'
    samples = pattern_samples(field.pattern, 16) if field.pattern else None
    if samples and all(len(v) <= limit for v in samples):
        return f"SAMPLES[n % {len(samples)}]"  # the caller names the samples' constant
    if field.default is not None:
        return py_literal(str(field.default))
    return 'f"{n}"'


def _number_sample(field: Field) -> str:
    base = 1.0
    if field.min is not None and base < field.min:
        base = field.min
    if field.max is not None and base > field.max:
        base = field.max
    literal = repr(int(base)) if field.type == "integer" else repr(float(base))
    return f"{literal} + n" if field.unique else literal
