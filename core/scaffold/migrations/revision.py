"""Operations → the text of an Alembic revision, formatted as ``ruff format`` leaves it.

A revision needs nothing of the app: column types are SQLAlchemy's (the app's ``UTCDateTime``
is a ``DateTime(timezone=True)`` in the database), constraint names follow the naming convention
of the app's metadata, and every change to an existing table goes through
``op.batch_alter_table`` (SQLite rebuilds the table; PostgreSQL runs plain ``ALTER``\\ s).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from backendbot.core.scaffold.migrations.diff import (
    AddColumn,
    AlterColumn,
    CreateTable,
    DropColumn,
    DropTable,
    Operation,
)
from backendbot.core.scaffold.migrations.schema import Column, Table
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal

LINE_LENGTH = 100
SET_HELPER = '''

def _set(table: str, column: str, value: object, where: object = None) -> None:
    """Sets ``column`` to ``value`` in the rows where it is NULL (or where it equals ``where``)."""
    rows = sa.table(table, sa.column(column))
    target = rows.c[column]
    condition = target.is_(None) if where is None else target == where
    op.execute(rows.update().where(condition).values({column: value}))
'''


@dataclass(frozen=True)
class Call:
    """A call expression, laid out on one line when it fits, else one argument per line."""

    func: str
    args: tuple[str | Call, ...]

    def flat(self) -> str:
        return f"{self.func}({', '.join(_flat(a) for a in self.args)})"


def _flat(expr: str | Call) -> str:
    return expr if isinstance(expr, str) else expr.flat()


def lay(expr: str | Call, indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    pad = " " * indent
    line = f"{pad}{prefix}{_flat(expr)}{suffix}"
    if len(line) <= LINE_LENGTH or isinstance(expr, str):
        return [line]
    out = [f"{pad}{prefix}{expr.func}("]
    for arg in expr.args:
        out += lay(arg, indent + 4, suffix=",")
    out.append(f"{pad}){suffix}")
    return out


def names(table: str, column: Column) -> tuple[str, str, str]:
    """The names of a column's index, unique constraint and foreign key."""
    fk = f"fk_{table}_{column.name}_{column.references}"
    return f"ix_{table}_{column.name}", f"uq_{table}_{column.name}", fk


def column_type(column: Column) -> str:
    """The column's SQLAlchemy type; a foreign key has its target's (``ID``, as the ORM has it)."""
    if column.references:
        return "ID"
    if column.type == "string":
        return f"sa.String({column.length})"
    return {
        "id": "ID",
        "bigint": "sa.BigInteger()",
        "int": "sa.Integer()",
        "float": "sa.Float()",
        "text": "sa.Text()",
        "boolean": "sa.Boolean()",
        "date": "sa.Date()",
        "datetime": "sa.DateTime(timezone=True)",
        "uuid": "sa.Uuid()",
        "json": "sa.JSON()",
    }[column.type]


def server_default(value: object) -> str:
    """The SQL default, as text both databases read into the column's type."""
    if isinstance(value, bool):
        return py_literal("1" if value else "0")
    return py_literal(str(value))


def render_revision(
    revision: str, parent: str | None, message: str, ops: tuple[Operation, ...]
) -> str:
    """The revision file: ``upgrade()`` runs ``ops``, ``downgrade()`` their inverses backwards."""
    undo = tuple(op.inverse() for op in reversed(ops))
    loses = [item for op in ops for item in op.loses()]
    doc = [*_wrap(message), "", f"Revision ID: {revision}", f"Revises: {parent or '(none)'}"]
    if loses:
        doc += _wrap("Loses data: " + "; ".join(loses))
    doc += [
        "",
        *_wrap(
            "Written by backendbot from a change to backend.yaml; a later build never rewrites "
            "it. Read it before `alembic upgrade head`; `alembic downgrade -1` reverses it."
        ),
    ]
    head = ['"""' + doc[0], *doc[1:], '"""', ""]
    head += ["from __future__ import annotations", "", "import sqlalchemy as sa"]
    head += ["from alembic import op", ""]
    head.append(f"revision = {py_literal(revision)}")
    head.append(f"down_revision: str | None = {py_literal(parent) if parent else 'None'}")
    head += ["branch_labels: str | None = None", "depends_on: str | None = None"]
    every = ops + undo
    body = "\n\ndef upgrade() -> None:\n" + _body(ops)
    body += "\n\ndef downgrade() -> None:\n" + _body(undo)
    if re.search(r"\bID\b", body):
        head.append('ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")')
    if "TABLE_OPTIONS" in body:
        head.append('TABLE_OPTIONS = {"sqlite_autoincrement": True}  # kept when SQLite rebuilds')
    text = "\n".join(head) + "\n"
    if any(_sets(op) for op in every):
        text += SET_HELPER
    return text + body


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, LINE_LENGTH - 4, break_on_hyphens=False) or [""]


def _body(ops: tuple[Operation, ...]) -> str:
    lines: list[str] = []
    index = 0
    while index < len(ops):
        op = ops[index]
        if isinstance(op, CreateTable):
            lines += _create(op.table)
            index += 1
            continue
        if isinstance(op, DropTable):
            lines += lay(Call("op.drop_table", (py_literal(op.table.name),)), 4)
            index += 1
            continue
        group: list[Operation] = [op]
        while index + len(group) < len(ops) and _same_table(ops[index + len(group)], op):
            group.append(ops[index + len(group)])
        lines += _batch(op.table.name, group)
        index += len(group)
    return "\n".join(lines or ["    pass"]) + "\n"


def _same_table(candidate: Operation, op: Operation) -> bool:
    return (
        not isinstance(candidate, CreateTable | DropTable) and candidate.table.name == op.table.name
    )


def _create(table: Table) -> list[str]:
    args: list[str | Call] = [py_literal(table.name)]
    args += [_column(table.name, c, create=True) for c in table.columns]
    args.append(Call("sa.PrimaryKeyConstraint", ('"id"', f'name="pk_{table.name}"')))
    for column in table.columns:
        if column.unique and not column.index:
            _, unique, _ = names(table.name, column)
            args.append(
                Call("sa.UniqueConstraint", (py_literal(column.name), f"name={py_literal(unique)}"))
            )
    args.append("sqlite_autoincrement=True")
    lines = lay(Call("op.create_table", tuple(args)), 4)
    for column in table.columns:
        if column.index:
            index, _, _ = names(table.name, column)
            call = Call(
                "op.create_index",
                (
                    py_literal(index),
                    py_literal(table.name),
                    f"[{py_literal(column.name)}]",
                    f"unique={column.unique}",
                ),
            )
            lines += lay(call, 4)
    return lines


def _column(table: str, column: Column, *, create: bool = False, restore: bool = False) -> Call:
    args: list[str | Call] = [py_literal(column.name), column_type(column)]
    if create and column.references:
        _, _, fk = names(table, column)
        args.append(Call("sa.ForeignKey", _fk_args(column, fk)))
    nullable = column.nullable or (restore and column.fill is None)
    args.append(f"nullable={nullable}")
    if not create and not nullable and column.fill is not None:
        args.append(f"server_default={server_default(column.fill)}")
    return Call("sa.Column", tuple(args))


def _fk_args(column: Column, name: str) -> tuple[str, ...]:
    args = [py_literal(f"{column.references}.id"), f"name={py_literal(name)}"]
    if column.on_delete:
        args.append(f"ondelete={py_literal(column.on_delete)}")
    return tuple(args)


def _sets(op: Operation) -> list[Call]:
    """The ``_set`` calls to run before the table changes: values for rows that lose theirs."""
    if not isinstance(op, AlterColumn):
        return []
    table, column = py_literal(op.table.name), py_literal(op.new.name)
    fill = "None" if op.new.fill is None else py_literal(op.new.fill)
    calls = [
        Call("_set", (table, column, fill, f"where={py_literal(value)}"))
        for value in op.removed_values
    ]
    if op.old.nullable and not op.new.nullable:
        calls.append(Call("_set", (table, column, fill)))
    return calls


def _batch(table: str, group: list[Operation]) -> list[str]:
    lines: list[str] = []
    for op in group:
        for call in _sets(op):
            lines += lay(call, 4)
    adds = [op.column.name for op in group if isinstance(op, AddColumn)]
    drops = [op.column.name for op in group if isinstance(op, DropColumn)]
    if adds and drops:
        hint = (
            f"Renamed rather than replaced ({', '.join(drops)} → {', '.join(adds)})? Then, "
            "before upgrading, put batch.alter_column(old, new_column_name=new) in place of "
            "the drop and the add, or the values are lost."
        )
        lines += ["    # " + line for line in textwrap.wrap(hint, LINE_LENGTH - 6)]
    inner: list[str] = []
    for op in group:
        for call in _batch_calls(table, op):
            inner += lay(call, 8)
    opening = Call("op.batch_alter_table", (py_literal(table), "table_kwargs=TABLE_OPTIONS"))
    return lines + lay(opening, 4, prefix="with ", suffix=" as batch:") + inner


def _batch_calls(table: str, op: Operation) -> list[Call]:
    if isinstance(op, AddColumn):
        calls = [Call("batch.add_column", (_column(table, op.column, restore=op.restore),))]
        return calls + _constraints(table, op.column, create=True)
    if isinstance(op, DropColumn):
        calls = _constraints(table, op.column, create=False)
        return [*calls, Call("batch.drop_column", (py_literal(op.column.name),))]
    assert isinstance(op, AlterColumn)
    return _alter(table, op.old, op.new)


def _constraints(table: str, column: Column, *, create: bool) -> list[Call]:
    """Creating (or dropping) the foreign key, index and unique constraint of a column."""
    index, unique, fk = names(table, column)
    name = py_literal(column.name)
    if create:
        calls = []
        if column.references:
            args = (py_literal(fk), py_literal(column.references), f"[{name}]", '["id"]')
            ondelete = (f"ondelete={py_literal(column.on_delete)}",) if column.on_delete else ()
            calls.append(Call("batch.create_foreign_key", args + ondelete))
        if column.index:
            calls.append(
                Call(
                    "batch.create_index",
                    (py_literal(index), f"[{name}]", f"unique={column.unique}"),
                )
            )
        elif column.unique:
            calls.append(Call("batch.create_unique_constraint", (py_literal(unique), f"[{name}]")))
        return calls
    drops = []
    if column.index:
        drops.append(Call("batch.drop_index", (py_literal(index),)))
    elif column.unique:
        drops.append(Call("batch.drop_constraint", (py_literal(unique), 'type_="unique"')))
    if column.references:
        drops.append(Call("batch.drop_constraint", (py_literal(fk), 'type_="foreignkey"')))
    return drops


def _alter(table: str, old: Column, new: Column) -> list[Call]:
    calls: list[Call] = []
    keyed = (old.unique, old.index, old.references, old.on_delete)
    if keyed != (new.unique, new.index, new.references, new.on_delete):
        calls += _constraints(table, old, create=False)
    args: list[str | Call] = [py_literal(new.name), f"existing_type={column_type(old)}"]
    if old.length != new.length:
        args.append(f"type_={column_type(new)}")
    if old.nullable != new.nullable:
        args.append(f"nullable={new.nullable}")
    else:
        args.append(f"existing_nullable={old.nullable}")
    if len(args) > 3 or old.length != new.length or old.nullable != new.nullable:
        calls.append(Call("batch.alter_column", tuple(args)))
    if keyed != (new.unique, new.index, new.references, new.on_delete):
        calls += _constraints(table, new, create=True)
    return calls
