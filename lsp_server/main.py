"""``backendbot lsp``: build the server and serve it on stdio or TCP; returns the exit code.

Typed in a terminal it says what it is (an editor starts it) and still serves; Ctrl-C ends it
at once with 130. Without the ``lsp`` extra it names the command that installs it (exit 2).
pygls is imported here, not at module level, so that a missing extra is reported, not raised.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from types import FrameType

# A worker thread (spec parse, scaffold build) hands the event loop the GIL after this long
# rather than Python's default 5 ms, so that a listing answered meanwhile is not held up.
SWITCH_INTERVAL = 0.0005
LSP_EXTRA = frozenset({"pygls", "lsprotocol", "cattrs", "attrs"})  # what `[lsp]` installs
INTERRUPTED = 128 + signal.SIGINT
TERMINAL_NOTE = (
    "backendbot lsp: this is a language server: an editor starts it and speaks LSP on "
    "stdin/stdout. Configure yours to run `backendbot lsp` (README, 'Editors': VS Code, "
    "Neovim, Helix); Ctrl-C quits."
)
MISSING_EXTRA = (
    "backendbot lsp: the language server needs the lsp extra (No module named {name!r}): "
    "pip install 'backendbot[lsp]'"
)


def serve(tcp: tuple[str, int] | None = None) -> int:
    try:
        from backendbot.lsp_server.server import create_server
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in LSP_EXTRA:
            raise
        print(MISSING_EXTRA.format(name=missing), file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="backendbot-lsp %(levelname)s %(message)s")
    sys.setswitchinterval(SWITCH_INTERVAL)
    signal.signal(signal.SIGINT, _interrupted)
    server = create_server(dict(os.environ))
    if tcp is None:
        if sys.stdin.isatty():
            print(TERMINAL_NOTE, file=sys.stderr, flush=True)
        server.start_io()
    else:
        host, port = tcp
        server.start_tcp(host, port)
    return 0


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: end now. A graceful exit would wait forever for the worker thread blocked reading
    stdin (and a second Ctrl-C then aborts the interpreter); the server keeps no state to save:
    the files it plans reach the disk through the editor."""
    sys.stderr.flush()
    os._exit(INTERRUPTED)
