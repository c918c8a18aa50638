"""The scaffold engine's speed and the generated app's latency.

    python bench/scaffold.py [--resources 20] [--rows 10000] [--concurrency 50] [--workers 1 2]
                             [--rates 100 200 400] [--seconds 10]
                             [--databases sqlite postgresql] [--cli-only | --app-only]

1. Whole-CLI time for a generated ``--resources``-resource spec, the way a user runs it: a new
   virtual environment, a regular (non-editable) ``pip install .`` of this checkout, then
   ``VENV/bin/backendbot build SPEC --repo NEW_DIR`` ``--runs`` times (fresh processes, output to
   a pipe); median, and the first (cold) run apart (goal: median < 1 s). For comparison, the
   same in this environment (``python -m backendbot``, an editable install here).
   ``--cli-only`` stops after this part, ``--app-only`` skips it; ``bench/fresh_install.py
   --explain`` says where the time goes.
2. The generated recipes app (examples/recipes.yaml), installed with its ``postgres`` extra in a
   virtual environment of its own, served by uvicorn (``--workers``, default 1; access log off,
   LOG_LEVEL=WARNING) on each of ``--databases``: SQLite (a file), and PostgreSQL (a throwaway
   cluster on 127.0.0.1 from /usr/lib/postgresql/*/bin, started by
   tests/scaffold/postgres_cluster.py; skipped with a printed line when PostgreSQL is not
   installed; DATABASE_URL=postgresql+psycopg://..., pool PG_POOL). The schema comes from
   ``alembic upgrade head`` when the project has an alembic.ini, else from the app's start-up;
   then ``--rows`` recipes are inserted, and the app is loaded from a second process over
   loopback with ``--concurrency`` connections (closed loop): p50/p99 of ``GET /recipes?limit=20``
   (list, with the total count) and ``GET /recipes/{id}`` (random ids), plus requests per second.
   The load comes from wrk when it is installed (``apt-get install wrk``), else from httpx on
   asyncio (a Python client saturates first: its figures are an upper bound on latency).
   A closed loop measures queueing at saturation: p99 is about connections × service time /
   workers, whatever the app does.
3. The same endpoints at fixed request rates (open loop, ``--rates`` requests/s each, over
   ``--concurrency`` keep-alive connections, from a second process): each request is timed from
   its scheduled send time, so a slow answer that delays the next send counts against the app
   (no coordinated omission); after ``--rates``, one more rate: 80% of the closed loop's
   throughput. The lines also give the rate achieved and the client's own worst
   lag behind its schedule (if that is large, the client machine, not the app, was the limit).
   Each ``--workers`` count (uvicorn processes) and database gets its own server, a fresh
   database and both kinds of load; at the end one table lists every figure by database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import fresh_install
import httpx
from fresh_install import spec_yaml

ROOT = Path(__file__).resolve().parents[1]
RECIPES = ROOT / "examples" / "recipes.yaml"

SEED = """
import sys
from config.settings import Settings
from src.main import create_app
from src.models.recipe import Recipe
from src.models.user import User
from sqlalchemy import insert, select
app = create_app(Settings(database_url=sys.argv[1]))
rows = int(sys.argv[2])
with app.state.database.session() as session:
    owner = {"email": "owner@example.com", "password_hash": "x", "role": "user"}
    owner_id = session.execute(insert(User).values(owner).returning(User.id)).scalar_one()
    for start in range(0, rows, 2000):
        session.execute(insert(Recipe), [
            {"title": f"recipe {i}", "servings": 1 + i % 8, "difficulty": "easy",
             "vegetarian": i % 2 == 0, "tags": ["a", "b"], "owner_id": owner_id,
             "author_id": owner_id}
            for i in range(start, min(start + 2000, rows))
        ])
    session.commit()
    ids = session.scalars(select(Recipe.id).order_by(Recipe.id)).all()
    assert ids == list(range(1, rows + 1)), "the bench asks for ids 1..rows"
"""
# PostgreSQL: 50 connections share one process's pool (the generated app's defaults are 5 + 10)
PG_POOL = {"DATABASE_POOL_SIZE": "20", "DATABASE_MAX_OVERFLOW": "30"}


def cli_time(resources: int, runs: int) -> tuple[float, float, int]:
    """``python -m backendbot build`` in this environment: median, best, files listed."""
    times = []
    files = 0
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "bench.yaml"
        spec.write_text(spec_yaml(resources))
        for run in range(runs):
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


def build_project(tmp: Path) -> tuple[Path, Path]:
    """The generated recipes app in ``tmp``, installed with its ``postgres`` extra in a virtual
    environment of its own (as its README says); the project and that environment's python."""
    project = tmp / "recipes"
    project.mkdir()
    subprocess.run(
        [sys.executable, "-m", "backendbot", "build", str(RECIPES), "--repo", str(project)],
        capture_output=True,
        check=True,
    )
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    python = tmp / "venv" / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q", "-e", f"{project}[postgres]"]
    done = subprocess.run(install, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"installing the generated project failed:\n{done.stdout}{done.stderr}")
    return project, python


def app_env(tmp: Path, database: str) -> dict[str, str]:
    """The generated app's environment: ``database``, quiet logs, PG_POOL on PostgreSQL."""
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "WARNING", "UPLOAD_DIR": str(tmp)}
    env["JWT_SECRET"] = secrets.token_urlsafe(48)  # the app refuses to start without one
    if database.startswith("postgresql"):
        env.update(PG_POOL)
    return env


def prepare_database(project: Path, python: Path, env: dict[str, str], rows: int) -> str:
    """Creates the schema (``alembic upgrade head`` when the project has migrations, else the
    app's start-up does) and seeds ``rows`` recipes; says which of the two made the schema."""
    schema = "created at start-up"
    if (project / "alembic.ini").exists():
        upgrade = [str(python), "-m", "alembic", "upgrade", "head"]
        done = subprocess.run(upgrade, cwd=project, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"alembic upgrade head failed:\n{done.stdout}{done.stderr}")
        schema = "from alembic upgrade head"
    seed = [str(python), "-c", SEED, env["DATABASE_URL"], str(rows)]
    subprocess.run(seed, cwd=project, env=env, check=True)
    return schema


def serve(
    project: Path, python: Path, env: dict[str, str], workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(python),
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


async def open_loop(
    url: str, path: str, rows: int, connections: int, rate: float, seconds: float
) -> dict[str, float]:
    """Sends ``rate`` requests/s on a fixed schedule over ``connections`` keep-alive connections;
    a request waits for a free connection if none is, and its latency runs from its scheduled
    time to the end of its answer."""
    host, port = url.removeprefix("http://").split(":")
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(await asyncio.open_connection(host, int(port)))
    rng = random.Random(7)
    latencies: list[float] = []
    failures = 0

    async def one(target: str, due: float) -> None:
        nonlocal failures
        reader, writer = await idle.get()
        writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        assert length, head
        await reader.readexactly(int(length.group(1)))
        latencies.append(time.perf_counter() - due)
        failures += not head.startswith(b"HTTP/1.1 200 ")
        idle.put_nowait((reader, writer))

    def target() -> str:
        return path.replace("{id}", str(rng.randint(1, rows)))

    await asyncio.gather(*(one(target(), time.perf_counter()) for _ in range(connections)))
    latencies.clear()
    total = int(rate * seconds)
    tasks = []
    lag = 0.0
    started = time.perf_counter()
    for i in range(total):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        lag = max(lag, -delay)
        tasks.append(asyncio.create_task(one(target(), due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not idle.empty():
        idle.get_nowait()[1].close()
    if failures:
        raise SystemExit(f"{failures} requests to {path} failed")
    latencies.sort()
    return {
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
        "rps": total / elapsed,
        "lag_ms": lag * 1000,
    }


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


def open_loop_in_child(
    url: str, path: str, rows: int, connections: int, rate: float, seconds: float
) -> dict[str, float]:
    """Runs ``open_loop`` in a second process."""
    args = [url, path, str(rows), str(connections), str(rate), str(seconds)]
    out = subprocess.run(
        [sys.executable, __file__, "--open-loop", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


ENDPOINTS = (("list", "/recipes?limit=20"), ("get-by-id", "/recipes/{id}"))


class Figure(NamedTuple):
    """One line of the final table; ``max_ms`` and ``lag_ms`` only for the open loop."""

    database: str
    workers: int
    endpoint: str
    load: str
    p50_ms: float
    p99_ms: float
    rps: float
    max_ms: float | None = None
    lag_ms: float | None = None


def format_table(figures: list[Figure]) -> str:
    """The figures as one aligned text table, a header line first."""
    header = ("database", "workers", "endpoint", "load", "p50 ms", "p99 ms", "max ms", "req/s")
    lines = [(*header, "client lag ms")]
    for f in figures:
        extra = ("-", "-") if f.max_ms is None else (f"{f.max_ms:.1f}", f"{f.lag_ms or 0:.1f}")
        lines.append(
            (
                f.database,
                str(f.workers),
                f.endpoint,
                f.load,
                f"{f.p50_ms:.1f}",
                f"{f.p99_ms:.1f}",
                extra[0],
                f"{f.rps:.0f}",
                extra[1],
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) + 1)]
    left = 4  # the text columns; the figures are right-aligned
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


def pool_text(database: str) -> str:
    if database.startswith("postgresql"):
        size, overflow = PG_POOL["DATABASE_POOL_SIZE"], PG_POOL["DATABASE_MAX_OVERFLOW"]
        return f"pool {size} + overflow {overflow} per worker"
    return "SQLite's own pool"


def bench_app(
    project: Path,
    python: Path,
    tmp: Path,
    database: str,
    args: argparse.Namespace,
    workers: int,
    figures: list[Figure],
) -> None:
    """Saturation (closed loop) and fixed-rate (open loop) figures for one server on one
    database, printed and appended to ``figures``."""
    kind = "postgresql" if database.startswith("postgresql") else "sqlite"
    env = app_env(tmp, database)
    schema = prepare_database(project, python, env, args.rows)
    print(
        f"{kind}: {args.rows} rows seeded, schema {schema}, {pool_text(database)}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    server, url = serve(project, python, env, workers)
    tool = "wrk" if shutil.which("wrk") else "httpx"
    setup = f"{kind}, {args.rows} rows, {workers} worker(s), {args.concurrency} connections"
    capacity: dict[str, float] = {}
    try:
        for name, path in ENDPOINTS:
            if tool == "wrk":
                r = load_with_wrk(url, path, args.rows, args.concurrency, args.seconds)
            else:
                r = load_in_child(url, path, args.rows, args.concurrency, args.requests)
            capacity[name] = r["rps"]
            figures.append(
                Figure(kind, workers, name, f"closed ({tool})", r["p50_ms"], r["p99_ms"], r["rps"])
            )
            print(
                f"generated app, {name} ({setup}, closed loop by {tool}): "
                f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, {r['rps']:.0f} req/s"
            )
        for name, path in ENDPOINTS:
            # the fixed rates, then 80% of the saturated throughput (a busy but stable server)
            for rate in [*args.rates, round(0.8 * capacity[name], -1)]:
                r = open_loop_in_child(url, path, args.rows, args.concurrency, rate, args.seconds)
                load_name = f"open {rate:g}/s"
                figures.append(
                    Figure(
                        kind,
                        workers,
                        name,
                        load_name,
                        r["p50_ms"],
                        r["p99_ms"],
                        r["rps"],
                        r["max_ms"],
                        r["lag_ms"],
                    )
                )
                print(
                    f"generated app, {name} ({setup}, open loop at {rate:g} req/s): "
                    f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
                    f"max {r['max_ms']:.1f} ms, achieved {r['rps']:.0f} req/s "
                    f"(client lag ≤ {r['lag_ms']:.1f} ms)"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)


def cluster_helper() -> ModuleType:
    """tests/scaffold/postgres_cluster.py, the throwaway cluster the tests start too."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("tests.scaffold.postgres_cluster")


def new_postgres_database(python: Path, server: str, name: str) -> str:
    """``CREATE DATABASE name`` on ``server`` (through the project's psycopg); its URL."""
    libpq = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    create = (
        "import sys, psycopg\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as c:\n"
        "    c.execute(f'CREATE DATABASE \"{sys.argv[2]}\"')\n"
    )
    subprocess.run([str(python), "-c", create, libpq, name], check=True)
    return f"{server}/{name}"


def bench_databases(args: argparse.Namespace) -> None:
    """Part 2 and 3 for each ``--databases`` and ``--workers``, then the table of all."""
    databases: list[str] = list(dict.fromkeys(args.databases))
    cluster = cluster_helper() if "postgresql" in databases else None
    if cluster is not None and cluster.server_binaries() is None:
        print(
            "postgresql: skipped, no PostgreSQL server binaries under "
            "/usr/lib/postgresql/*/bin (apt-get install postgresql)"
        )
        databases.remove("postgresql")
        cluster = None
    if not databases:
        return
    figures: list[Figure] = []
    with contextlib.ExitStack() as stack:
        tmp = Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(prefix="scaffold-bench-", ignore_cleanup_errors=True)
            )
        )
        project, python = build_project(tmp)
        server = stack.enter_context(cluster.postgres_cluster()) if cluster else ""
        if cluster:
            version = cluster.server_binaries().parent.name
            print(f"postgresql: PostgreSQL {version} on 127.0.0.1 (a throwaway cluster, fsync off)")
        for workers in args.workers:
            for kind in databases:
                if kind == "sqlite":
                    database = f"sqlite:///{tmp / f'bench-{workers}.db'}"
                else:
                    database = new_postgres_database(python, server, f"bench_{workers}")
                bench_app(project, python, tmp, database, args, workers, figures)
    print()
    print(format_table(figures))
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) at the end; {os.cpu_count()} cores")


def bench_cli(args: argparse.Namespace) -> None:
    """Part 1: the whole-CLI build times."""
    with tempfile.TemporaryDirectory(prefix="fresh-install-bench-") as tmp:
        work = Path(tmp)
        bin_dir = fresh_install.make_venv(work / "venv")
        cpu: list[float] = []
        times, listed = fresh_install.time_builds(bin_dir, work, args.resources, args.runs, cpu)
    print(
        f"cli build, fresh non-editable install, {args.resources}-resource spec ({listed} files): "
        f"median {statistics.median(times):.3f} s of {len(times)} runs, first {times[0]:.3f} s, "
        f"best {min(times):.3f} s (goal < 1 s); processor time median "
        f"{statistics.median(cpu):.3f} s; load average {os.getloadavg()[0]:.1f}"
    )
    median, best, files = cli_time(args.resources, args.runs)
    print(
        f"cli build, this environment (python -m backendbot), {args.resources}-resource spec "
        f"({files} files): median {median:.3f} s, best {best:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4000, help="per endpoint (httpx load)")
    parser.add_argument(
        "--seconds", type=int, default=10, help="per endpoint and load (wrk, fixed rates)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="uvicorn processes")
    parser.add_argument(
        "--rates", type=float, nargs="*", default=[100, 200, 400], help="req/s, open loop"
    )
    parser.add_argument("--runs", type=int, default=5, help="CLI builds per measurement")
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
        help="what the generated app runs on (postgresql: a throwaway local cluster)",
    )
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--cli-only", action="store_true", help="only the CLI build figures")
    parts.add_argument("--app-only", action="store_true", help="only the generated app's figures")
    parser.add_argument("--load", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--open-loop", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        url, path, rows, concurrency, requests = args.load
        print(json.dumps(asyncio.run(load(url, path, int(rows), int(concurrency), int(requests)))))
        return
    if args.open_loop:
        url, path, rows, connections, rate, seconds = args.open_loop
        result = open_loop(url, path, int(rows), int(connections), float(rate), float(seconds))
        print(json.dumps(asyncio.run(result)))
        return

    if not args.app_only:
        bench_cli(args)
    if not args.cli_only:
        bench_databases(args)


if __name__ == "__main__":
    main()
