"""A spec's database schema as a typed, stack-neutral snapshot: tables, columns, constraints.

The snapshot is what the migration revisions produce, so it is also what the next build diffs
against (kept in ``.backendbot/schema.json``). Types are named here, not in SQLAlchemy terms:
``revision.py`` maps them to column types.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from backendbot.core.errors import InputError
from backendbot.core.scaffold.model import FieldPlan, ProjectPlan, ResourcePlan
from backendbot.core.scaffold.model.limits import DEFAULT_STRING_LENGTH, EMAIL_LENGTH, URL_LENGTH

Value = str | int | float | bool
# column types: an auto-incremented key, integers (64 and 32 bits), text of a bounded or
# unbounded length, and the rest as their names say
COLUMN_TYPES = frozenset(
    {
        "id",
        "bigint",
        "int",
        "float",
        "string",
        "text",
        "boolean",
        "date",
        "datetime",
        "uuid",
        "json",
    }
)
ON_DELETE = {"cascade": "CASCADE", "set_null": "SET NULL"}  # restrict: no rule (NO ACTION)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    field: str = ""  # the spec field it stores ("" for the columns every record has)
    length: int | None = None  # string: the most characters
    default: Value | None = None  # what rows that exist before the column is added get
    unique: bool = False
    index: bool = False
    references: str | None = None  # a foreign key to this table's id
    on_delete: str | None = None  # "CASCADE" | "SET NULL" | None
    values: tuple[str, ...] = ()  # an enum's values

    @property
    def fill(self) -> Value | None:
        """The value existing rows get when the column arrives or becomes required."""
        if self.default is not None:
            return self.default
        return "[]" if self.type == "json" else None


@dataclass(frozen=True)
class Table:
    name: str
    resource: str  # the spec resource, for messages
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def references(self) -> frozenset[str]:
        return frozenset(c.references for c in self.columns if c.references)


@dataclass(frozen=True)
class Schema:
    tables: tuple[Table, ...] = field(default=())

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_data(cls, data: Any) -> Schema:
        """The snapshot of ``to_json``'s data; a malformed one is an InputError."""
        try:
            tables = tuple(
                Table(
                    name=str(t["name"]),
                    resource=str(t["resource"]),
                    columns=tuple(_column(c) for c in t["columns"]),
                )
                for t in data["tables"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"unreadable schema snapshot: {exc!r}") from exc
        return cls(tables=tables)


def _column(data: dict[str, Any]) -> Column:
    values = dict(data)
    values["values"] = tuple(values.get("values", ()))
    column = Column(**values)
    if column.type not in COLUMN_TYPES:
        raise ValueError(f"column {column.name!r}: unknown type {column.type!r}")
    return column


def snapshot(view: ProjectPlan) -> Schema:
    """The tables the generated models declare, sorted by name."""
    tables = [_table(view, r) for r in view.resources]
    return Schema(tables=tuple(sorted(tables, key=lambda t: t.name)))


def _table(view: ProjectPlan, r: ResourcePlan) -> Table:
    columns = [Column("id", "id", nullable=False)]
    columns += [_field_column(view, f) for f in r.fields]
    if r.is_user:
        columns.append(Column("password_hash", "string", nullable=False, length=255))
        columns.append(Column("token_version", "int", nullable=False, default=0))
    if r.owned and view.user is not None:
        columns.append(
            Column("owner_id", "bigint", nullable=True, index=True, references=view.user.table)
        )
    columns.append(Column("created_at", "datetime", nullable=False))
    columns.append(Column("updated_at", "datetime", nullable=False))
    return Table(name=r.table, resource=r.name, columns=tuple(columns))


def _field_column(view: ProjectPlan, f: FieldPlan) -> Column:
    spec = f.spec
    kind = spec.type
    type_, length = _type(f)
    return Column(
        name=f.name,
        type=type_,
        nullable=f.nullable,
        field=spec.name,
        length=length,
        default=None if kind == "list" else spec.default,
        unique=spec.unique,
        index=kind in {"ref", "enum"},
        references=view.resource(spec.to).table if kind == "ref" and spec.to else None,
        on_delete=ON_DELETE.get(spec.on_delete or "") if kind == "ref" else None,
        values=tuple(spec.values) if kind == "enum" else (),
    )


def _type(f: FieldPlan) -> tuple[str, int | None]:
    spec = f.spec
    lengths = {
        "string": spec.max_length or DEFAULT_STRING_LENGTH,
        "email": EMAIL_LENGTH,
        "url": URL_LENGTH,
        "file": 255,
        "enum": max((len(v) for v in spec.values), default=1),
    }
    if spec.type in lengths:
        return "string", lengths[spec.type]
    named = {"integer": "bigint", "number": "float", "ref": "bigint", "list": "json"}
    return named.get(spec.type, spec.type), None
