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
    from backendbot import build_command, github_command, lsp_command

    parser = argparse.ArgumentParser(
        prog="backendbot",
        description="A backend-developer agent whose every written file is persisted and verified.",
    )
    parser.add_argument("--version", action="version", version=f"backendbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build_command.add_parser(sub)
    lsp_command.add_parser(sub)
    github_command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from backendbot.core.errors import BackendbotError

    args = build_parser().parse_args(argv)
    as_json = bool(getattr(args, "json", False))
    try:
        code: int = args.run(args)
    except BackendbotError as exc:
        for line in str(exc).splitlines() or [""]:
            print(f"backendbot: error: {line}", file=sys.stderr)
        if as_json:
            _print_json_error(exc, exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:
        print("backendbot: interrupted; nothing was written", file=sys.stderr)
        if as_json:
            _print_json_error(KeyboardInterrupt("interrupted; nothing was written"), 130)
        return 130
    return code


def _print_json_error(exc: BaseException, exit_code: int) -> None:
    """``{"error": {"message", "file", "line", "column", ...}, "exit_code": N}`` on stdout."""
    import json

    from backendbot.core.errors import InputError

    if isinstance(exc, InputError):
        error = exc.as_json()
    else:
        error = {"message": str(exc), "file": None, "line": None, "column": None}
    print(json.dumps({"error": error, "exit_code": exit_code}, indent=2))
