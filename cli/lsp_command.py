"""``backendbot lsp``: the language server, on stdio by default."""

from __future__ import annotations

import argparse
from typing import Any

from backendbot.arguments import host_port


def add_parser(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "lsp",
        help="run the language server (stdio by default)",
        description="Language server offering 'Generate endpoint' and 'Generate model' code actions.",
    )
    p.add_argument(
        "--tcp", type=host_port, metavar="HOST:PORT", help="listen on TCP instead of stdio"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from backendbot.lsp_server.main import serve

    return serve(tcp=args.tcp)
