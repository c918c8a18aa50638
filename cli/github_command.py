"""``backendbot github serve|worker|replay``: the GitHub App's webhook service and its workers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from backendbot.extras import needs_extra


def add_parser(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "github",
        help="run the GitHub App (webhook service, workers)",
        description="The GitHub App: `/backend build` on issues -> pull requests.",
    )
    gh = p.add_subparsers(dest="github_command", metavar="SUBCOMMAND", required=True)
    serve = gh.add_parser("serve", help="webhook receiver (+ an in-process worker by default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=1, help="in-process workers (0: only receive and enqueue)"
    )
    serve.set_defaults(run=run_serve)
    worker = gh.add_parser("worker", help="extra workers (scale out with a Redis queue)")
    worker.add_argument("--workers", type=int, default=1, help="worker threads in this process")
    worker.set_defaults(run=run_worker)
    replay = gh.add_parser("replay", help="post a saved, signed delivery to a running service")
    replay.add_argument("delivery", type=Path, metavar="DELIVERY.json")
    replay.add_argument("--url", default="http://127.0.0.1:8000/webhook")
    replay.add_argument(
        "--new-id",
        action="store_true",
        help="send under a fresh X-GitHub-Delivery (not a duplicate)",
    )
    replay.set_defaults(run=run_replay)


def run_serve(args: argparse.Namespace) -> int:
    with needs_extra("github", "backendbot github serve"):
        from backendbot.github_app.service import serve
        from backendbot.github_app.settings import AppSettings

    serve(AppSettings.from_env(), args.host, args.port, workers_in_process=args.workers)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    with needs_extra("github", "backendbot github worker"):
        from backendbot.github_app.service import run_worker as worker
        from backendbot.github_app.settings import AppSettings

    worker(AppSettings.from_env(), workers=args.workers)
    return 0


def run_replay(args: argparse.Namespace) -> int:
    with needs_extra("github", "backendbot github replay"):
        from backendbot.github_app.service import replay
        from backendbot.github_app.settings import AppSettings

    replay(
        args.delivery, args.url, AppSettings.from_env().webhook_secret, new_delivery_id=args.new_id
    )
    return 0
