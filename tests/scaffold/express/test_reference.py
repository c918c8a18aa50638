"""The express stack's reference project (core/scaffold/stacks/express/reference/recipes): its own
commands pass in a clean copy, it serves the same API as the FastAPI output for recipes, and
schemathesis's default checks pass against it on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import render_files
from backendbot.core.spec.model import BackendSpec
from tests.scaffold.conftest import write_tree
from tests.scaffold.postgres_cluster import postgres_cluster, server_binaries

REPO = Path(__file__).resolve().parents[3]
REFERENCE = REPO / "core" / "scaffold" / "stacks" / "express" / "reference" / "recipes"
HARNESS = Path(__file__).parent / "data" / "schemathesis_live.py"
SECRET = "fuzz-secret-" + "x" * 32
PLUGINS = ("-p", "schemathesis.pytest.plugin", "-p", "no:cacheprovider")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed"),
]


def _npm(project: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npm", *args], cwd=project, capture_output=True, text=True, timeout=timeout, check=False
    )


def _tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "."], cwd=REFERENCE, capture_output=True, check=True
    )
    return [name for name in listed.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean copy of the committed reference, installed the README's way (`npm ci`)."""
    root = tmp_path_factory.mktemp("express") / "recipes"
    for name in _tracked_files():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REFERENCE / name, root / name)
    installed = _npm(root, "ci", "--prefer-offline", "--no-audit", "--no-fund")
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    built = _npm(root, "run", "build")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def _server(project: Path, database_url: str, upload_dir: Path) -> Iterator[str]:
    """The built app on a free loopback port, until the block ends."""
    port = _free_port()
    env = os.environ | {
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(upload_dir),
        "JWT_SECRET": SECRET,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "64",
        "LOG_LEVEL": "warn",
    }
    log = (upload_dir.parent / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        ["node", "dist/src/server.js"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                break
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert process.poll() is None, (upload_dir.parent / f"server-{port}.log").read_text()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _schemathesis(url: str, database_url: str, role: str, folder: Path) -> None:
    runner = folder / "fuzz"
    runner.mkdir(exist_ok=True)
    shutil.copy(HARNESS, runner / "test_fuzz.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "PYTEST_"))}
    env |= {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "ST_URL": url, "ST_ROLE": role}
    env["ST_DATABASE"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *PLUGINS, str(runner / "test_fuzz.py")],
        cwd=runner,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_its_own_suite_passes_with_coverage(project: Path) -> None:
    result = _npm(project, "test")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = [line for line in result.stdout.splitlines() if line.startswith("Lines")]
    assert summary, result.stdout[-3000:]
    assert float(summary[0].split(":")[1].split("%")[0]) >= 90


def test_it_type_checks_and_lints_clean(project: Path) -> None:
    for command in (["exec", "--", "tsc", "--noEmit"], ["exec", "--", "eslint", "."]):
        result = _npm(project, *command)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _fastapi_document(recipes: BackendSpec, root: Path) -> dict[str, Any]:
    write_tree(root, render_files(recipes, Layout()))
    script = "import json, src.main as m; print(json.dumps(m.create_app().openapi()))"
    env = os.environ | {"ENVIRONMENT": "development", "DATABASE_URL": f"sqlite:///{root}/a.db"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    document: dict[str, Any] = json.loads(out.stdout)
    return document


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (method, path): (op["operationId"], sorted(op["responses"]), op.get("security"))
        for path, item in document["paths"].items()
        for method, op in item.items()
    }


def _properties(document: dict[str, Any]) -> dict[str, list[str]]:
    schemas = document["components"]["schemas"]
    return {name: sorted(schema.get("properties", {})) for name, schema in schemas.items()}


def test_it_serves_the_same_api_as_the_fastapi_output(
    project: Path, recipes: BackendSpec, tmp_path: Path
) -> None:
    """Same paths, methods, operation ids, statuses, security, schema names and properties."""
    expected = _fastapi_document(recipes, tmp_path / "fastapi")
    with _server(project, f"sqlite:///{tmp_path}/api.db", tmp_path / "up") as url:
        actual = httpx.get(f"{url}/openapi.json").json()
        assert httpx.get(f"{url}/docs").status_code == 200
    assert actual["openapi"] == "3.1.0"
    assert _operations(actual) == _operations(expected)
    assert _properties(actual) == _properties(expected)
    for path, item in expected["paths"].items():
        for method, op in item.items():
            names = sorted(p["name"] for p in op.get("parameters", []))
            assert names == sorted(
                p["name"] for p in actual["paths"][path][method].get("parameters", [])
            )


@pytest.mark.parametrize("role", ["user", "admin"])
def test_schemathesis_default_checks_pass_on_sqlite(
    project: Path, role: str, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path}/st.db"
    with _server(project, database, tmp_path / "up") as url:
        _schemathesis(url, database, role, tmp_path)


@pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL is not installed")
def test_its_own_suite_passes_on_postgresql_leaving_no_schema(project: Path) -> None:
    psycopg = pytest.importorskip("psycopg")
    with postgres_cluster() as server:
        database = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
        result = subprocess.run(
            ["npm", "test"],
            cwd=project,
            env=os.environ | {"TEST_DATABASE_URL": database},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        with psycopg.connect(database) as connection:
            query = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test_%'"
            assert connection.execute(query).fetchall() == []


@pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL is not installed")
def test_schemathesis_default_checks_pass_on_postgresql(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    with postgres_cluster() as server:
        database = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
        with _server(project, database, tmp_path / "up") as url:
            _schemathesis(url, database, "admin", tmp_path)
