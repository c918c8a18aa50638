"""Readies a server for its first resolve, once, off the request path.

Resolve imports the scaffold engine on first use (starting up and listing never wait for it);
this does that import in the background once a spec has been analysed.
"""

from __future__ import annotations

import importlib

RESOLVE_MODULES = ("backendbot.core.run.build", "backendbot.lsp_server.offline")


def warm_up_resolve() -> None:
    """Blocking (imports): call it in a worker thread."""
    for name in RESOLVE_MODULES:
        importlib.import_module(name)
