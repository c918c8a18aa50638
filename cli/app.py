"""The ``backendbot`` command: parses the command line and hands off to one subcommand module.

Heavy modules (the anthropic SDK, pygls, starlette) are imported only by the subcommand
that needs them, so ``backendbot --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from backendbot import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backendbot",
        description="A backend-developer agent whose every written file is persisted and verified.",
    )
    parser.add_argument("--version", action="version", version=f"backendbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    print(args, file=sys.stderr)
    return 0
