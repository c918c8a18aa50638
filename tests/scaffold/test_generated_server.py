"""Slow: the generated recipes app under uvicorn with two worker processes on loopback — reads
(async, on the event loop) and writes (sync, in the thread pool) at once from many connections
all succeed, and every write is seen."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import render_files
from backendbot.core.spec.model import BackendSpec
from tests.scaffold.conftest import write_tree

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, recipes: BackendSpec) -> Iterator[str]:
    project = tmp_path / "recipes"
    write_tree(project, render_files(recipes, Layout()))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "JWT_SECRET": "a-test-secret-that-is-long-enough-for-hs256",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "64",
        "LOG_LEVEL": "WARNING",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    command = [sys.executable, "-m", "uvicorn", "src.main:create_app", "--factory"]
    options = ["--port", str(port), "--workers", "2", "--log-level", "warning"]
    process = subprocess.Popen([*command, *options], cwd=project, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


async def _mixed_load(url: str, writes: int) -> tuple[Counter[int], int]:
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        account = {"email": "cook@example.com", "password": PASSWORD}
        assert (await client.post("/auth/register", json=account)).status_code == 202
        login = await client.post("/auth/login", json=account)
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        async def write(i: int) -> list[int]:
            body = {"title": f"dish {i}", "servings": 2, "difficulty": "easy"}
            created = await client.post("/recipes", json=body, headers=headers)
            if created.status_code != 201:
                return [created.status_code]
            path = f"/recipes/{created.json()['id']}"
            changed = await client.patch(path, json={"servings": 3}, headers=headers)
            read = await client.get(path)
            listed = await client.get("/recipes", params={"limit": 5, "sort": "-id"})
            return [201, changed.status_code, read.status_code, listed.status_code]

        results = await asyncio.gather(*(write(i) for i in range(writes)))
        total = (await client.get("/recipes", params={"limit": 1})).json()["total"]
    return Counter(status for statuses in results for status in statuses), total


def test_two_workers_take_concurrent_reads_and_writes_without_errors(server: str) -> None:
    statuses, total = asyncio.run(_mixed_load(server, writes=300))
    assert statuses == Counter({201: 300, 200: 900})
    assert total == 300
