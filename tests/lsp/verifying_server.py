"""The language server with tests/fakes/verifier.py's verifier, on stdio.

python -m tests.lsp.verifying_server passing|failing
"""

from __future__ import annotations

import sys

from backendbot.lsp_server.server import create_server
from tests.fakes.verifier import FAILING, PASSING, hanging, reporting

BUILDERS = {"passing": reporting(PASSING), "failing": reporting(FAILING), "hanging": hanging()}


def main() -> None:
    create_server(builder=BUILDERS[sys.argv[1]]).start_io()


if __name__ == "__main__":
    main()
