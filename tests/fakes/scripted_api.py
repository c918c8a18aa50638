"""What the scripted model API fakes share: a threaded server on a free 127.0.0.1 port, a
queue of scripted replies, every request recorded, and stalls that notice a client hanging up.
Each fake adds its handler (the wire format) and its base URL's path."""

from __future__ import annotations

import select
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

S = TypeVar("S")


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body,
        }


class ScriptedAPI(Generic[S]):
    """The server; ``api_key`` set means requests must carry it (each fake says how)."""

    handler: ClassVar[type[BaseHTTPRequestHandler]]
    url_path: ClassVar[str] = ""  # what base_url ends with, e.g. "/v1"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        on_request: Callable[[RecordedRequest], None] | None = None,
    ) -> None:
        self.api_key = api_key
        self._on_request = on_request
        self._lock = threading.Lock()
        self._script: deque[S] = deque()
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self.stalled = threading.Event()  # a reply has begun to stall
        self.hung_up = threading.Event()  # a client closed a stream while it stalled
        self._server: ApiServer | None = None
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------------------
    def start(self) -> Self:
        self._server = ApiServer(self, self.handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.url_path}"

    def script(self, *items: S) -> None:
        with self._lock:
            self._script.extend(items)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._script)

    # -- used by the handler -------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self._requests.append(request)
            number = len(self._requests)
        if self._on_request is not None:
            self._on_request(request)
        return number

    def _next(self) -> S | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def _stall(self, seconds: float, connection: socket.socket) -> bool:
        """Wait; False as soon as the client hangs up (then stop writing)."""
        self.stalled.set()
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.05)
            if readable and _closed_by_peer(connection):
                self.hung_up.set()
                return False
        return True


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: Any, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.fake = fake  # the ScriptedAPI subclass the handler belongs to

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | OSError):
            super().handle_error(request, client_address)


def _closed_by_peer(connection: socket.socket) -> bool:
    """A FIN reads as b""; a close with unread data in the client's buffer arrives as RST."""
    try:
        return not connection.recv(1, socket.MSG_PEEK)
    except ConnectionError:
        return True
