"""Hang up an HTTP response's socket so a read blocked on it in another thread returns now."""

from __future__ import annotations

import contextlib
import socket


def shut_down(response: object | None) -> None:
    """Shut the response's socket down (both directions); nothing if there is none.

    Closing the HTTP client alone does not do that on Linux: a socket closed while another
    thread is blocked reading it stays open until that read ends (no FIN is sent).
    """
    extensions = getattr(response, "extensions", None)
    stream = extensions.get("network_stream") if isinstance(extensions, dict) else None
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
