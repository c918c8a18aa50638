"""Rows for the migration tests and CI: a few valid rows put straight into one table of a
generated project's database (the columns from its ``.backendbot/schema.json``), and what is
there afterwards.

``python -m tests.scaffold.migration_rows insert URL PROJECT TABLE`` and
``python -m tests.scaffold.migration_rows check URL TABLE COLUMN VALUE`` (exit 1 with the
reason when the rows or the column are not as expected).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from backendbot.core.scaffold.migrations.history import STATE_PATH
from backendbot.core.scaffold.migrations.schema import Column, Schema

ROWS = 3


def _value(column: Column, n: int) -> object:
    if column.values:
        return column.values[0]
    if column.type in {"string", "text"}:
        return f"{column.name[:8]}{n}@example.com"[: column.length or 100]
    values: dict[str, object] = {
        "bigint": n,
        "int": 0,
        "float": 1.5,
        "boolean": False,
        "date": dt.date(2024, 1, n),
        "datetime": dt.datetime(2024, 1, n, tzinfo=dt.UTC),
        "uuid": uuid.UUID(int=n),
        "json": [],
    }
    return values[column.type]


def _type(column: Column) -> sa.types.TypeEngine[object]:
    types: dict[str, sa.types.TypeEngine[object]] = {
        "json": sa.JSON(),
        "date": sa.Date(),
        "datetime": sa.DateTime(timezone=True),
        "uuid": sa.Uuid(),
        "boolean": sa.Boolean(),
    }
    return types.get(column.type, sa.types.NullType())


def insert_rows(url: str, project: Path, table: str) -> None:
    """ROWS rows with a value in every required column (a required reference is refused)."""
    state = json.loads((project / STATE_PATH).read_text(encoding="utf-8"))
    found = Schema.from_data(state["schema"]).table(table)
    assert found is not None, f"no table {table!r} in {STATE_PATH}"
    wanted = [c for c in found.columns if c.type != "id" and not c.nullable]
    assert not [c for c in wanted if c.references], f"{table} has a required reference"
    target = sa.table(table, *(sa.column(c.name, _type(c)) for c in wanted))
    rows = [{c.name: _value(c, n) for c in wanted} for n in range(1, ROWS + 1)]
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(target.insert(), rows)
    engine.dispose()


def check_rows(url: str, table: str, column: str, value: str | None) -> str | None:
    """None when the table still holds ROWS rows and ``column`` is present (holding ``value``
    in each, unless None) or absent (``value`` "absent"); else what is wrong."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        names = [c["name"] for c in sa.inspect(engine).get_columns(table)]
        with engine.connect() as connection:
            count = connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            if count != ROWS:
                return f"{table} holds {count} rows, not the {ROWS} inserted"
            if value == "absent":
                return f"{table}.{column} is still there" if column in names else None
            if column not in names:
                return f"{table} has no column {column} (columns: {', '.join(names)})"
            got = connection.execute(sa.text(f'SELECT "{column}" FROM "{table}"')).scalars()
            values = list(got)
            if value is not None and [str(v) for v in values] != [value] * ROWS:
                return f"{table}.{column} holds {values}, not {value!r} in every row"
    finally:
        engine.dispose()
    return None


def main() -> None:
    if sys.argv[1] == "insert":
        insert_rows(sys.argv[2], Path(sys.argv[3]), sys.argv[4])
        return
    problem = check_rows(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    if problem:
        raise SystemExit(problem)


if __name__ == "__main__":
    main()
