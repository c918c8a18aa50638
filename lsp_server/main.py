"""``backendbot lsp``: build the server and serve it on stdio or TCP."""

from __future__ import annotations

import logging
import os

from backendbot.lsp_server.server import create_server


def serve(tcp: tuple[str, int] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="backendbot-lsp %(levelname)s %(message)s")
    server = create_server(dict(os.environ))
    if tcp is None:
        server.start_io()
    else:
        host, port = tcp
        server.start_tcp(host, port)
