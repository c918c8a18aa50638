"""Generated projects on a real PostgreSQL server (a throwaway cluster on 127.0.0.1): their own
suites pass there (TEST_DATABASE_URL, a schema per test), and the tables they create use the
server's native types and the spec's ON DELETE rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import render_files
from backendbot.core.spec.model import BackendSpec, Field, Resource
from tests.scaffold.conftest import events_spec, gallery_spec, notes_spec, shop_spec, write_tree
from tests.scaffold.postgres_cluster import postgres_cluster, server_binaries

psycopg = pytest.importorskip("psycopg")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL is not installed"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _new_database(server: str, name: str) -> str:
    with psycopg.connect(_libpq(server) + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _query(url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(_libpq(url)) as connection:
        return list(connection.execute(sql, params or None).fetchall())


def _env() -> dict[str, str]:
    from tests.scaffold.test_generated_projects import _env as generated_env

    return generated_env()


@pytest.mark.parametrize("name", ["events", "gallery", "shop", "notes_roles"])
def test_the_generated_suite_passes_on_postgresql(name: str, server: str, tmp_path: Path) -> None:
    spec = {
        "events": events_spec(),
        "gallery": gallery_spec(),
        "shop": shop_spec(),
        "notes_roles": notes_spec(jwt=True, roles=("admin", "member")),
    }[name]
    project = tmp_path / name
    write_tree(project, render_files(spec, Layout()))
    url = _new_database(server, f"suite_{name}")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pytest_cov", "-p", "no:cacheprovider", "-q"],
        cwd=project,
        env=_env() | {"TEST_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
    # every test ran in a schema of its own, and none is left behind
    schemas = _query(url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test\\_%'")
    assert schemas == []
    assert _query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == []


def _typed_spec() -> BackendSpec:
    return BackendSpec(
        name="typed",
        resources=(
            Resource(
                name="Album",
                fields=(Field(name="title", type="string", required=True, unique=True),),
            ),
            Resource(
                name="Photo",
                fields=(
                    Field(name="key", type="uuid"),
                    Field(name="taken", type="datetime"),
                    Field(name="kind", type="enum", values=("raw", "jpeg")),
                    Field(name="labels", type="list", item_type="string"),
                    Field(name="album", type="ref", to="Album", required=True, on_delete="cascade"),
                    Field(name="cover_of", type="ref", to="Album", on_delete="set_null"),
                    Field(name="shelf", type="ref", to="Album"),  # restrict: no ON DELETE
                ),
            ),
        ),
    )


_START = """
import sys
from fastapi.testclient import TestClient
from config.settings import Settings
from src.main import create_app

from alembic import command
from alembic.config import Config

config = Config("alembic.ini")
config.set_main_option("sqlalchemy.url", sys.argv[1])
command.upgrade(config, "head")  # the tables come from the migrations on PostgreSQL
app = create_app(Settings(database_url=sys.argv[1], database_pool_size=3, database_max_overflow=2))
pool = app.state.database.engine.pool
print(pool.size(), pool.overflow())
with TestClient(app) as client:
    album = client.post("/albums", json={"title": "trip"}).json()
    photo = {"album_id": album["id"], "shelf_id": album["id"], "taken": "2024-05-01T12:00:00+02:00"}
    created = client.post("/photos", json=photo)
    print(created.status_code, created.json()["taken"])
    refused = client.delete(f"/albums/{album['id']}")
    print(refused.status_code, refused.json()["message"])
"""


def test_tables_on_postgresql_have_native_types_and_the_specs_delete_rules(
    server: str, tmp_path: Path
) -> None:
    project = tmp_path / "typed"
    write_tree(project, render_files(_typed_spec(), Layout()))
    url = _new_database(server, "typed")
    run = subprocess.run(
        [sys.executable, "-c", _START, url],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    pool, created, refused = run.stdout.splitlines()
    assert pool == "3 -3"  # DATABASE_POOL_SIZE: 3 connections, none overflowing yet
    # a time with an offset is stored as timestamptz and read back in UTC
    assert created == "201 2024-05-01T10:00:00Z"
    # the restricting ref names the referring table and column, as on SQLite
    assert refused.startswith("409 ") and "photos (shelf_id)" in refused

    columns = dict(
        _query(
            url,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'photos'",
        )
    )
    assert columns["key"] == "uuid"
    assert columns["taken"] == "timestamp with time zone"
    assert columns["created_at"] == "timestamp with time zone"
    assert columns["kind"] == "character varying"
    assert columns["labels"] == "json"
    assert columns["id"] == "bigint"
    rules = dict(
        _query(
            url,
            "SELECT k.column_name, r.delete_rule FROM information_schema.referential_constraints r "
            "JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name "
            "WHERE k.table_name = 'photos'",
        )
    )
    assert rules == {"album_id": "CASCADE", "cover_of_id": "SET NULL", "shelf_id": "NO ACTION"}
    unique = _query(
        url,
        "SELECT k.column_name FROM information_schema.table_constraints c "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
        "WHERE c.table_name = 'albums' AND c.constraint_type = 'UNIQUE'",
    )
    assert unique == [("title",)]
