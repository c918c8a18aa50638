"""Webhook acknowledgement latency under load, from a second process over loopback.

    python bench/webhook_load.py [--count 2000] [--rate 200] [--queue sqlite|redis]
                                 [--workers-in-process 1] [--redeliveries 200]

Starts ``serve`` (the real Starlette app on uvicorn, the real huey queue, in-process workers
running a job function that only records the job id) in a child process, then posts ``count``
signed ``issue_comment`` deliveries at ``rate`` per second (open loop: a slow answer never delays
the next send), plus ``redeliveries`` repeats of earlier delivery ids. Prints p50/p90/p99/max of
the time from sending a request to its answer, and checks that every delivery was enqueued and
run exactly once and that every redelivery was answered "duplicate".

``--issue-to-pr N`` also times N signed ``/backend build`` deliveries (5-resource spec, scaffold
engine) from the POST to the pull request (bench/issue_to_pr_service.py).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import redis

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/github_app/service/fixtures/issue_comment.created.json"
SECRET = "bench-webhook-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# ---------------------------------------------------------------- the service (child process)


def child_serve(queue_url: str, data_dir: str, port: int, record: str, workers: int) -> None:
    from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
    from backendbot.github_app.service import run_worker, serve
    from backendbot.github_app.settings import AppSettings

    def record_job(job: BuildJob | FollowUpJob, settings: AppSettings) -> None:
        with open(record, "a") as f:
            f.write(job.delivery_id + "\n")

    settings = AppSettings(webhook_secret=SECRET, queue_url=queue_url, data_dir=Path(data_dir))
    if port == 0:  # a worker process, no webhook
        run_worker(settings, workers, job_fn=record_job)
    else:
        serve(settings, "127.0.0.1", port, workers_in_process=workers, job_fn=record_job)


# ---------------------------------------------------------------- the load (this process)


def deliveries(count: int) -> list[tuple[str, bytes]]:
    base = json.loads(FIXTURE.read_text())
    out = []
    for i in range(count):
        payload = copy.deepcopy(base)
        payload["issue"]["number"] = 1 + i % 50  # 50 issues: later triggers queue behind earlier
        payload["comment"]["id"] = 10_000 + i
        payload["comment"]["body"] = f"/backend build bench request {i}"
        out.append((f"bench-{i:05d}", json.dumps(payload).encode()))
    return out


async def post_all(
    url: str, plan: list[tuple[str, bytes]], rate: float
) -> list[tuple[str, int, str, float, float]]:
    """Send each (delivery id, body) at its slot; return (id, HTTP status, answer, seconds at
    the client, milliseconds inside the app from its Server-Timing header)."""
    from backendbot.github_app.webhook.signature import sign

    results: list[tuple[str, int, str, float, float]] = []
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:

        async def send(delivery_id: str, body: bytes) -> None:
            headers = {
                "X-GitHub-Event": "issue_comment",
                "X-GitHub-Delivery": delivery_id,
                "X-Hub-Signature-256": sign(SECRET, body),
                "Content-Type": "application/json",
                "User-Agent": "GitHub-Hookshot/bench",
            }
            start = time.perf_counter()
            response = await client.post(url, content=body, headers=headers)
            elapsed = time.perf_counter() - start
            timing = response.headers.get("server-timing", "app;dur=nan")
            server_ms = float(timing.partition("dur=")[2])
            answer = response.json()["status"]
            results.append((delivery_id, response.status_code, answer, elapsed, server_ms))

        tasks = []
        t0 = time.perf_counter()
        for i, (delivery_id, body) in enumerate(plan):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(delivery_id, body)))
        await asyncio.gather(*tasks)
    return results


def run_async(coro: Any) -> Any:
    """The load generator on uvloop when installed (less client overhead in each figure)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = shutil.which("redis-server") or "redis-server"
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return proc, f"redis://127.0.0.1:{port}/0"


def wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(400):
        if proc.poll() is not None:
            raise SystemExit("the service exited before it was ready")
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise SystemExit("the service did not become healthy")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--redeliveries", type=int, default=200)
    ap.add_argument("--queue", choices=["sqlite", "redis"], default="sqlite")
    ap.add_argument("--workers-in-process", type=int, default=1, help="worker threads in serve")
    ap.add_argument("--worker-processes", type=int, default=0, help="extra run_worker processes")
    ap.add_argument(
        "--issue-to-pr",
        type=int,
        default=0,
        metavar="RUNS",
        help="also time signed delivery -> PR through the service (GitHub half's fakes)",
    )
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        queue_url, data_dir, port, record, workers = args.child
        child_serve(queue_url, data_dir, int(port), record, int(workers))
        return 0

    from backendbot.github_app.queue.records import JobState
    from backendbot.github_app.queue.store import open_store
    from backendbot.github_app.queue.url import parse_queue_url

    tmp = Path(tempfile.mkdtemp(prefix="webhook-load-"))
    redis_proc = None
    if args.queue == "redis":
        redis_proc, queue_url = start_redis(tmp)
    else:
        queue_url = f"sqlite:///{tmp / 'queue.sqlite3'}"
    record = tmp / "ran.txt"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    service = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            queue_url,
            str(tmp),
            str(port),
            str(record),
            str(args.workers_in_process),
        ],
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "service.log").open("wb"),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", queue_url, str(tmp), "0", str(record), "1"],
            stdout=subprocess.DEVNULL,
            stderr=(tmp / f"worker-{n}.log").open("wb"),
        )
        for n in range(args.worker_processes)
    ]
    try:
        wait_healthy(base, service)
        plan = deliveries(args.count)
        redelivered = [
            plan[i * len(plan) // max(args.redeliveries, 1)] for i in range(args.redeliveries)
        ]
        mixed = list(plan)
        for n, item in enumerate(redelivered):  # each repeat goes out well after its original
            mixed.insert(
                min(len(mixed), (n * len(plan) // max(args.redeliveries, 1)) + n + 50), item
            )
        t0 = time.perf_counter()
        results = run_async(post_all(f"{base}/webhook", mixed, args.rate))
        send_seconds = time.perf_counter() - t0
        store = open_store(parse_queue_url(queue_url), delivery_ttl=3600)
        any_workers = args.workers_in_process + args.worker_processes > 0
        deadline = time.monotonic() + (120 if any_workers else 0)
        while time.monotonic() < deadline:
            records = store.records()
            if len(records) >= args.count and all(r.state is JobState.DONE for r in records):
                break
            time.sleep(0.2)
        drain_seconds = time.perf_counter() - t0
        records = store.records()
        store.close()
    finally:
        for proc in [service, *workers]:
            proc.terminate()
            proc.wait(timeout=30)
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait()

    latencies_ms = [r[3] * 1000 for r in results]
    server_ms = [r[4] for r in results]
    answers = Counter((r[1], r[2]) for r in results)
    ran = Counter(record.read_text().split()) if record.exists() else Counter()
    unique_ids = {d for d, _ in plan}
    queued_ids = {r[0] for r in results if r[2] == "queued"}
    states = Counter(r.state.value for r in records)
    report: dict[str, Any] = {
        "queue": args.queue,
        "deliveries": args.count,
        "redeliveries": args.redeliveries,
        "rate_per_s": args.rate,
        "send_seconds": round(send_seconds, 2),
        "achieved_rate_per_s": round(len(results) / send_seconds, 1),
        "ack_ms": {
            "p50": round(percentile(latencies_ms, 50), 2),
            "p90": round(percentile(latencies_ms, 90), 2),
            "p99": round(percentile(latencies_ms, 99), 2),
            "max": round(max(latencies_ms), 2),
            "mean": round(statistics.fmean(latencies_ms), 2),
        },
        "in_app_ms": {
            "p50": round(percentile(server_ms, 50), 2),
            "p99": round(percentile(server_ms, 99), 2),
            "max": round(max(server_ms), 2),
        },
        "answers": {f"{code} {status}": n for (code, status), n in sorted(answers.items())},
        "job_records": len(records),
        "job_states": dict(states),
        "ran_once": sum(1 for d in unique_ids if ran[d] == 1),
        "ran_twice_or_more": sum(1 for d in unique_ids if ran[d] > 1),
        "never_ran": sum(1 for d in unique_ids if ran[d] == 0),
        "drain_seconds": round(drain_seconds, 2),
    }
    ok = (
        queued_ids == unique_ids
        and answers.get((200, "duplicate"), 0) == args.redeliveries
        and len(records) == args.count
        and (report["ran_once"] == args.count or not any_workers)
    )
    report["every_delivery_enqueued_and_run_exactly_once"] = ok
    report["load_average_1m"] = round(os.getloadavg()[0], 2)
    if args.issue_to_pr:
        from issue_to_pr_service import issue_to_pr_through_service

        report["issue_to_pr_through_service"] = issue_to_pr_through_service(args.issue_to_pr)
    print(json.dumps(report, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
