"""Two schema snapshots → the ordered operations that turn the old one into the new one.

A change no migration can make without guessing (a new type, a required column without a value
for the rows already there, ...) is refused: one InputError lists every such change, each with
what to do instead. Operations that lose data say so (``Operation.loses``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.errors import InputError
from backendbot.core.scaffold.migrations.schema import Column, Schema, Table
from backendbot.core.scaffold.names import snake


@dataclass(frozen=True)
class CreateTable:
    table: Table

    def describe(self) -> str:
        return f"creates {self.table.name}"

    def slug(self) -> str:
        return f"creates_{self.table.name}"

    def loses(self) -> tuple[str, ...]:
        return ()

    def inverse(self) -> Operation:
        return DropTable(self.table)


@dataclass(frozen=True)
class DropTable:
    table: Table

    def describe(self) -> str:
        return f"drops {self.table.name} and its rows"

    def slug(self) -> str:
        return f"drops_{self.table.name}"

    def loses(self) -> tuple[str, ...]:
        return (f"table {self.table.name}",)

    def inverse(self) -> Operation:
        return CreateTable(self.table)


@dataclass(frozen=True)
class AddColumn:
    table: Table  # the table as it is after the operation
    column: Column
    restore: bool = False  # a downgrade re-adding a dropped column (its values are gone)

    def describe(self) -> str:
        return f"adds {self.table.name}.{self.column.name}"

    def slug(self) -> str:
        return f"adds_{_label(self.table, self.column)}"

    def loses(self) -> tuple[str, ...]:
        return ()

    def inverse(self) -> Operation:
        return DropColumn(self.table, self.column)


@dataclass(frozen=True)
class DropColumn:
    table: Table
    column: Column

    def describe(self) -> str:
        return f"drops {self.table.name}.{self.column.name} and its values"

    def slug(self) -> str:
        return f"drops_{_label(self.table, self.column)}"

    def loses(self) -> tuple[str, ...]:
        return (f"column {self.table.name}.{self.column.name}",)

    def inverse(self) -> Operation:
        return AddColumn(self.table, self.column, restore=True)


@dataclass(frozen=True)
class AlterColumn:
    """Nullability, length, uniqueness, ON DELETE or enum values of one column."""

    table: Table
    old: Column
    new: Column

    @property
    def removed_values(self) -> tuple[str, ...]:
        if not self.old.values or not self.new.values:
            return ()  # an enum that becomes a string keeps every value
        return tuple(v for v in self.old.values if v not in self.new.values)

    def describe(self) -> str:
        changes = []
        if self.old.nullable != self.new.nullable:
            changes.append("optional" if self.new.nullable else "required")
        if self.old.length != self.new.length:
            changes.append(f"length {self.old.length} → {self.new.length}")
        if self.old.unique != self.new.unique:
            changes.append("unique" if self.new.unique else "not unique")
        if self.old.on_delete != self.new.on_delete:
            changes.append(f"ON DELETE {self.new.on_delete or 'NO ACTION'}")
        if self.removed_values:
            fill = "NULL" if self.new.fill is None else repr(self.new.fill)
            changes.append(f"values {', '.join(self.removed_values)} become {fill}")
        return f"alters {self.table.name}.{self.new.name} ({'; '.join(changes)})"

    def slug(self) -> str:
        label = _label(self.table, self.new)
        return f"drops_{label}_values" if self.removed_values else f"alters_{label}"

    def loses(self) -> tuple[str, ...]:
        if not self.removed_values:
            return ()
        return (f"values {', '.join(self.removed_values)} of {self.table.name}.{self.new.name}",)

    def inverse(self) -> Operation:
        return AlterColumn(self.table, self.new, self.old)


Operation = CreateTable | DropTable | AddColumn | DropColumn | AlterColumn


def _label(table: Table, column: Column) -> str:
    return f"{snake(table.resource)}_{column.field or column.name}"


def diff(old: Schema, new: Schema) -> tuple[Operation, ...]:
    """The operations, in the order they run: tables created, then columns of the tables both
    have (altered, added, dropped), then tables dropped. Refused changes raise InputError."""
    created = [t for t in new.tables if old.table(t.name) is None]
    dropped = [t for t in old.tables if new.table(t.name) is None]
    ops: list[Operation] = [CreateTable(t) for t in dependency_order(created)]
    problems: list[InputError] = []
    for table in new.tables:
        before = old.table(table.name)
        if before is not None:
            ops += _table_ops(before, table, problems)
    if problems:
        raise InputError.of(problems)
    ops += [DropTable(t) for t in reversed(dependency_order(dropped))]
    return tuple(ops)


def dependency_order(tables: list[Table]) -> list[Table]:
    """Tables sorted so that each comes after the tables (of the list) it refers to; by name
    otherwise. A cycle keeps the rest of its tables in name order."""
    pending = sorted(tables, key=lambda t: t.name)
    names = {t.name for t in pending}
    out: list[Table] = []
    done: set[str] = set()
    while pending:
        ready = next(
            (t for t in pending if all(r in done or r == t.name for r in t.references & names)),
            pending[0],
        )
        out.append(ready)
        done.add(ready.name)
        pending.remove(ready)
    return out


def _table_ops(old: Table, new: Table, problems: list[InputError]) -> list[Operation]:
    ops: list[Operation] = []
    for column in new.columns:
        before = old.column(column.name)
        if before is None:
            if _check_added(new, column, problems):
                ops.append(AddColumn(new, column))
        elif _changed(before, column) and _check_altered(new, before, column, problems):
            ops.append(AlterColumn(new, before, column))
    ops += [DropColumn(old, c) for c in old.columns if new.column(c.name) is None]
    return ops


def _changed(old: Column, new: Column) -> bool:
    """Whether the database must change: a new default or an added enum value that fits the
    column's length changes only the code (the snapshot still records it)."""
    same = ("type", "nullable", "length", "unique", "index", "references", "on_delete")
    if any(getattr(old, key) != getattr(new, key) for key in same):
        return True
    return bool(AlterColumn(Table("", "", ()), old, new).removed_values)


def _where(table: Table, column: Column) -> str:
    name = column.field or column.name
    return f"resource {table.resource!r}: field {name!r}"


def _check_added(table: Table, column: Column, problems: list[InputError]) -> bool:
    if column.unique and not column.nullable:
        problems.append(
            InputError(
                f"{_where(table, column)} is new, unique and never empty, and the {table.name} "
                "table may already hold rows, which would all get the same value: add it "
                "optional first, give the rows their values, then make it required with a default"
            )
        )
        return False
    if column.nullable or column.fill is not None:
        return True
    problems.append(
        InputError(
            f"{_where(table, column)} is new and required but has no default, and the "
            f"{table.name} table may already hold rows: give it a default (rows that exist "
            "get it; you may remove the default in a later build), or make it optional"
        )
    )
    return False


def _check_altered(table: Table, old: Column, new: Column, problems: list[InputError]) -> bool:
    where = _where(table, new)
    before, after = _kind(old), _kind(new)
    if before != after and (before, after) != ("an enum", "a string"):
        problems.append(
            InputError(
                f"{where} changes from {before} to {after}: a migration cannot convert the "
                f"values it holds. Add a field of the new type under another name, copy the "
                f"values in a revision of your own (alembic revision -m ...), then remove "
                f"{new.field or new.name!r}"
            )
        )
        return False
    if old.nullable and not new.nullable and new.fill is None:
        problems.append(
            InputError(
                f"{where} becomes required without a default: rows without a value would "
                "break the upgrade. Give it a default (rows without a value get it; you may "
                "remove the default in a later build)"
            )
        )
        return False
    removed = AlterColumn(table, old, new).removed_values
    if removed and new.fill is None and not new.nullable:
        problems.append(
            InputError(
                f"{where}: the values {', '.join(map(repr, removed))} are removed, and rows "
                "that hold them would have no valid value. Keep them, or give the field a "
                "default (those rows get it)"
            )
        )
        return False
    return True


def _kind(column: Column) -> str:
    """What a column holds, as a message names it; a change of kind is refused."""
    if column.references:
        return f"a reference to {column.references}"
    if column.type == "string" and column.values:
        return "an enum"
    return {"bigint": "an integer", "int": "an integer"}.get(column.type, f"a {column.type}")
