"""``backendbot lsp``: build the server and serve it on stdio or TCP."""

from __future__ import annotations

import logging
import os
import sys

from backendbot.lsp_server.server import create_server

# A worker thread (spec parse, scaffold build) hands the event loop the GIL after this long
# rather than Python's default 5 ms, so that a listing answered meanwhile is not held up.
SWITCH_INTERVAL = 0.0005


def serve(tcp: tuple[str, int] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="backendbot-lsp %(levelname)s %(message)s")
    sys.setswitchinterval(SWITCH_INTERVAL)
    server = create_server(dict(os.environ))
    if tcp is None:
        server.start_io()
    else:
        host, port = tcp
        server.start_tcp(host, port)
