"""Slow, end to end with real Alembic: a generated project's database, holding rows, follows a
spec change — rebuild, ``alembic upgrade head``, the rows are kept and the new column and table
are there, the generated tests pass, and ``alembic downgrade -1`` / ``upgrade head`` round-trip.
On SQLite and, when it is installed, on a throwaway PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from backendbot.core.layout import Layout
from backendbot.core.scaffold.names import plural, snake
from backendbot.core.scaffold.plan import plan_scaffold
from backendbot.core.spec.model import BackendSpec
from tests.scaffold.conftest import shop_spec, write_tree
from tests.scaffold.migration_rows import check_rows, insert_rows
from tests.scaffold.postgres_cluster import postgres_cluster, server_binaries
from tests.scaffold.spec_change import NEW_DEFAULT, NEW_FIELD, grown

pytestmark = pytest.mark.slow
VERSIONS = "src/database/migrations/versions/"


def _env() -> dict[str, str]:
    from tests.scaffold.test_generated_projects import _env as generated_env

    return generated_env()


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    if server_binaries() is None:
        pytest.skip("PostgreSQL is not installed")
    pytest.importorskip("psycopg")
    with postgres_cluster() as url:
        yield url


def _database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    """The app's database URL and a URL the generated tests may make schemas in."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'app.db'}", ""
    server: str = request.getfixturevalue("postgres")
    name = tmp_path.name.lower().replace("-", "_")[:40]
    engine = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}_test"'))
    engine.dispose()
    return f"{server}/{name}", f"{server}/{name}_test"


def _alembic(project: Path, url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=project,
        env=_env() | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stderr


def _build(project: Path, spec: BackendSpec) -> list[str]:
    plan = plan_scaffold(spec, Layout(), project)
    write_tree(project, plan.writes)
    return [p for p in plan.writes if p.startswith(VERSIONS)]


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("name", ["recipes", "shop"])
def test_a_database_with_rows_follows_a_spec_change(
    kind: str, name: str, tmp_path: Path, recipes: BackendSpec, request: pytest.FixtureRequest
) -> None:
    spec = {"recipes": recipes, "shop": shop_spec()}[name]
    project = tmp_path / "project"
    url, test_url = _database(kind, tmp_path, request)
    _build(project, spec)
    _alembic(project, url, "upgrade", "head")
    tables = _tables(url)
    first = plural(snake(spec.resources[0].name))  # the table the new field goes to
    insert_rows(url, project, first)

    (revision,) = _build(project, grown(spec))
    assert "creates_migration_probes" in revision and "adds_" in revision
    log = _alembic(project, url, "upgrade", "head")
    assert Path(revision).name.split("_")[0] in log  # Alembic ran the new revision
    assert check_rows(url, first, NEW_FIELD, NEW_DEFAULT) is None
    assert _tables(url) == tables | {"migration_probes"}

    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pytest_cov", "-p", "no:cacheprovider", "-q"],
        cwd=project,
        env=_env() | ({"TEST_DATABASE_URL": test_url} if test_url else {}),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
    assert "test_migrations.py" not in suite.stdout.split("short test summary")[-1]

    _alembic(project, url, "downgrade", "-1")
    assert check_rows(url, first, NEW_FIELD, "absent") is None
    assert _tables(url) == tables
    _alembic(project, url, "upgrade", "head")
    assert check_rows(url, first, NEW_FIELD, NEW_DEFAULT) is None
    assert _tables(url) == tables | {"migration_probes"}


_COMPARE = """
import sys
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from src.database.base import Base
from src.models import load_all

load_all()
engine = create_engine(sys.argv[1])
with engine.connect() as connection:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    print(compare_metadata(context, Base.metadata))
"""


def _alter(spec: BackendSpec, resource: str, name: str, **update: object) -> BackendSpec:
    out = []
    for r in spec.resources:
        if r.name == resource:
            fields = tuple(
                f.model_copy(update=update) if f.name == name else f
                for f in r.fields
                if not (f.name == name and update.get("drop"))
            )
            r = r.model_copy(update={"fields": fields})
        out.append(r)
    return spec.model_copy(update={"resources": tuple(out)})


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_alterations_rebuild_a_table_that_holds_rows(
    kind: str, tmp_path: Path, recipes: BackendSpec, request: pytest.FixtureRequest
) -> None:
    project = tmp_path / "project"
    url, _ = _database(kind, tmp_path, request)
    _build(project, recipes)
    _alembic(project, url, "upgrade", "head")
    insert_rows(url, project, "recipes")
    changed = _alter(recipes, "Recipe", "prep_minutes", default=10)  # NULL rows get 10
    changed = _alter(changed, "Recipe", "title", max_length=300, unique=True)
    changed = _alter(changed, "Recipe", "main_tag", on_delete="cascade")
    changed = _alter(changed, "Recipe", "difficulty", values=("easy", "medium", "challenging"))
    changed = _alter(changed, "Recipe", "description", drop=True)
    changed = _alter(changed, "Tag", "name", unique=False)
    (revision,) = _build(project, changed)
    assert "drops_recipe_description" in revision
    _alembic(project, url, "upgrade", "head")
    assert check_rows(url, "recipes", "prep_minutes", "10") is None
    assert check_rows(url, "recipes", "description", "absent") is None
    compare = subprocess.run(
        [sys.executable, "-c", _COMPARE, url],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert compare.stdout.strip() == "[]", compare.stdout + compare.stderr[-3000:]
    _alembic(project, url, "downgrade", "-1")
    assert check_rows(url, "recipes", "description", None) is None  # back, its values gone
    _alembic(project, url, "upgrade", "head")
    assert check_rows(url, "recipes", "prep_minutes", "10") is None
