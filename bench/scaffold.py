"""The scaffold engine's speed and the generated app's latency.

    python bench/scaffold.py [--resources 20] [--rows 10000] [--concurrency 50] [--requests 4000]

1. Whole-CLI time (``python -m backendbot build SPEC --repo DIR``, a fresh process each run) for
   a generated ``--resources``-resource spec; median and best of 3 runs (goal < 1 s).
2. The generated recipes app (examples/recipes.yaml) served by uvicorn (``--workers``, default 1;
   access log off, LOG_LEVEL=WARNING) with ``--rows`` recipes, loaded from a second process over
   loopback with ``--concurrency`` connections (closed loop): p50/p99 of ``GET /recipes?limit=20``
   (list, with the total count) and ``GET /recipes/{id}`` (random ids), plus requests per second.
   The load comes from wrk when it is installed (``apt-get install wrk``), else from httpx on
   asyncio (a Python client saturates first: its figures are an upper bound on latency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RECIPES = ROOT / "examples" / "recipes.yaml"

SEED = """
import sys
from config.settings import Settings
from src.main import create_app
from src.models.recipe import Recipe
from src.models.user import User
from sqlalchemy import insert
app = create_app(Settings(database_url=sys.argv[1]))
rows = int(sys.argv[2])
with app.state.database.session() as session:
    session.execute(insert(User), [{"email": "owner@example.com", "password_hash": "x", "role": "user"}])
    session.execute(insert(Recipe), [
        {"title": f"recipe {i}", "servings": 1 + i % 8, "difficulty": "easy", "vegetarian": i % 2 == 0,
         "tags": ["a", "b"], "owner_id": 1, "author_id": 1}
        for i in range(rows)
    ])
    session.commit()
"""


def spec_yaml(resources: int) -> str:
    lines = [
        "name: bench",
        "stack: fastapi",
        "auth: {jwt: true, roles: [admin, user]}",
        "resources:",
    ]
    for i in range(resources):
        lines += [
            f"  Thing{i}:",
            "    fields:",
            "      title: {type: string, required: true, max_length: 100}",
            "      body: text",
            "      count: {type: integer, min: 0, default: 0}",
            "      price: {type: number, min: 0}",
            "      active: {type: boolean, default: true}",
            "      kind: {type: enum, values: [a, b, c], default: a}",
            "      tags: list[string]",
        ]
        if i:
            lines.append(f"      parent: {{type: ref, to: Thing{i - 1}}}")
        lines.append("    permissions: {update: owner, delete: [owner, admin]}")
    return "\n".join(lines) + "\n"


def cli_time(resources: int) -> tuple[float, float, int]:
    times = []
    files = 0
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "bench.yaml"
        spec.write_text(spec_yaml(resources))
        for run in range(3):
            repo = Path(tmp) / f"repo{run}"
            repo.mkdir()
            started = time.perf_counter()
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "backendbot",
                    "build",
                    str(spec),
                    "--repo",
                    str(repo),
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(time.perf_counter() - started)
            files = len(json.loads(out.stdout)["files"])
    return statistics.median(times), min(times), files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_generated_app(tmp: Path, rows: int, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    project = tmp / "recipes"
    project.mkdir()
    subprocess.run(
        [sys.executable, "-m", "backendbot", "build", str(RECIPES), "--repo", str(project)],
        capture_output=True,
        check=True,
    )
    database = f"sqlite:///{tmp / 'bench.db'}"
    subprocess.run([sys.executable, "-c", SEED, database, str(rows)], cwd=project, check=True)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING", "UPLOAD_DIR": str(tmp)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "src.main:create_app",
            "--factory",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        cwd=project,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{url}/healthz", timeout=1)
            return server, url
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the generated app did not start")


async def load(url: str, path: str, rows: int, concurrency: int, requests: int) -> dict[str, float]:
    """Closed loop: ``concurrency`` clients, each sending its next request when one answers."""
    latencies: list[float] = []
    remaining = requests
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(rng: random.Random) -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                target = path.replace("{id}", str(rng.randint(1, rows)))
                started = time.perf_counter()
                response = await client.get(target)
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()

        for warm in range(concurrency):  # open the connections first
            await client.get(path.replace("{id}", str(warm + 1)))
        started = time.perf_counter()
        await asyncio.gather(*(worker(random.Random(i)) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "rps": len(latencies) / elapsed,
    }


WRK_SCRIPT = """
math.randomseed(42)
request = function()
  return wrk.format("GET", (string.gsub(wrk.path, "{id}", math.random(1, ROWS))))
end
"""
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load_with_wrk(
    url: str, path: str, rows: int, concurrency: int, seconds: int
) -> dict[str, float]:
    """wrk in its own process; ``{id}`` in ``path`` becomes a random id per request."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.replace("ROWS", str(rows)))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                url + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)

    def percentile(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert match, out
        return float(match.group(1)) * _UNITS[match.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{errors.group(1)} failed requests:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert rps, out
    return {"p50_ms": percentile("50"), "p99_ms": percentile("99"), "rps": float(rps.group(1))}


def load_in_child(
    url: str, path: str, rows: int, concurrency: int, requests: int
) -> dict[str, float]:
    """Runs ``load`` in a second process, as the bench asks."""
    out = subprocess.run(
        [sys.executable, __file__, "--load", url, path, str(rows), str(concurrency), str(requests)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4000, help="per endpoint (httpx load)")
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint (wrk load)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--load", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        url, path, rows, concurrency, requests = args.load
        print(json.dumps(asyncio.run(load(url, path, int(rows), int(concurrency), int(requests)))))
        return

    median, best, files = cli_time(args.resources)
    print(
        f"cli build, {args.resources}-resource spec ({files} files): median {median:.3f} s, best {best:.3f} s (goal < 1 s)"
    )
    tmp = Path(tempfile.mkdtemp(prefix="scaffold-bench-"))
    server, url = serve_generated_app(tmp, args.rows, args.workers)
    tool = "wrk" if shutil.which("wrk") else "httpx"
    try:
        for name, path in (("list", "/recipes?limit=20"), ("get-by-id", "/recipes/{id}")):
            if tool == "wrk":
                r = load_with_wrk(url, path, args.rows, args.concurrency, args.seconds)
            else:
                r = load_in_child(url, path, args.rows, args.concurrency, args.requests)
            print(
                f"generated app, {name} ({args.rows} rows, {args.workers} worker(s), "
                f"{args.concurrency} connections, load by {tool}): p50 {r['p50_ms']:.1f} ms, "
                f"p99 {r['p99_ms']:.1f} ms, {r['rps']:.0f} req/s"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
