"""A scripted OpenAI Chat Completions API on 127.0.0.1: real HTTP, the real wire format, SSE too.

    api = FakeChatAPI(api_key="sk-test").start()
    api.script(rate_limited(), completion(call("write_file", {...})), completion(text("Done.")))
    client = openai.OpenAI(base_url=api.base_url, api_key="sk-test")
    ...
    api.requests[1].headers["x-stainless-retry-count"] == "1"
    api.stop()

``base_url`` ends in ``/v1`` as OpenAI-compatible servers' do. Replies are consumed in
order, one per ``POST /v1/chat/completions``; every request is recorded before it is
answered. Requests a real server would refuse (see chat_checks) get its kind of 400; with
no reply left the server answers 400, which the SDK does not retry, so a test fails loudly.
"""

from __future__ import annotations

import json
import select
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tests.fakes.chat_checks import request_problem
from tests.fakes.chat_script import (
    Completion,
    HttpError,
    Scripted,
    completion_json,
    sse_chunks,
)
from tests.fakes.messages_api import RecordedRequest

PATH = "/v1/chat/completions"


class FakeChatAPI:
    """The server; ``api_key`` set means requests must carry ``Authorization: Bearer <key>``."""

    def __init__(self, *, api_key: str | None = None) -> None:
        self.api_key = api_key
        self._lock = threading.Lock()
        self._script: deque[Scripted] = deque()
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self.stalled = threading.Event()  # a reply has begun to stall
        self.hung_up = threading.Event()  # a client closed a stream while it stalled
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeChatAPI:
        self._server = _Server(self)
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

    def __enter__(self) -> FakeChatAPI:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *items: Scripted) -> None:
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

    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self._requests.append(request)
            return len(self._requests)

    def _next(self) -> Scripted | None:
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


def _closed_by_peer(connection: socket.socket) -> bool:
    try:
        return not connection.recv(1, socket.MSG_PEEK)
    except ConnectionError:
        return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeChatAPI) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            body: Any = json.loads(raw or b"null")
        except ValueError:
            body = None
        number = fake._record(RecordedRequest("POST", self.path, headers, body, raw))
        request_id = f"req_fake_{number:04d}"
        refusal = self._refusal(fake, headers, body)
        if refusal is not None:
            self._send_error(refusal, request_id)
            return
        item = fake._next()
        completion_id = f"chatcmpl-fake{number:04d}"
        if item is None:
            message = f"fake Chat Completions API: no scripted reply left for request {number}"
            self._send_error(HttpError(400, "invalid_request_error", message), request_id)
        elif isinstance(item, HttpError):
            self._send_error(item, request_id)
        elif body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._send_stream(item, completion_id, body["model"], include_usage, request_id)
        else:
            self._send_json(200, completion_json(item, completion_id, body["model"]), request_id)

    def _refusal(
        self, fake: FakeChatAPI, headers: Mapping[str, str], body: Any
    ) -> HttpError | None:
        if self.path.split("?")[0] != PATH:
            return HttpError(404, "invalid_request_error", f"Invalid URL (POST {self.path})")
        bearer = headers.get("authorization", "")
        if fake.api_key is not None and bearer != f"Bearer {fake.api_key}":
            return HttpError(
                401, "invalid_request_error", "Incorrect API key provided.", "invalid_api_key"
            )
        problem = request_problem(body)
        return HttpError(400, "invalid_request_error", problem) if problem else None

    def _send_error(self, error: HttpError, request_id: str) -> None:
        self._send_json(error.status, error.body(), request_id, error.headers)

    def _send_json(
        self, status: int, data: Any, request_id: str, extra: Mapping[str, str] | None = None
    ) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.send_header("x-request-id", request_id)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_stream(
        self, item: Completion, completion_id: str, model: str, include_usage: bool, request_id: str
    ) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.send_header("x-request-id", request_id)
        self.end_headers()
        chunks = sse_chunks(item, completion_id, model, include_usage=include_usage)
        for index, data in enumerate(chunks):
            if index == item.stall_at and not self.server.fake._stall(
                item.stall_seconds, self.connection
            ):
                self.close_connection = True
                return
            if index == item.error_at:
                error = {
                    "error": {
                        "message": "The server had an error while streaming.",
                        "type": "server_error",
                        "param": None,
                        "code": None,
                    }
                }
                self._chunk(f"data: {json.dumps(error)}\n\n".encode())
                break
            self._chunk(f"data: {json.dumps(data)}\n\n".encode())
        else:
            self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
