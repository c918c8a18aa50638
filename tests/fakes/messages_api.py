"""A scripted Messages API on 127.0.0.1: real HTTP, the real wire format, streaming too.

    api = FakeMessagesAPI(api_key="sk-test").start()
    api.script(rate_limited(), reply(tool_use("write_file", {...})), reply(text("Done.")))
    client = anthropic.Anthropic(base_url=api.base_url, api_key="sk-test")
    ...
    api.requests[1].headers["x-stainless-retry-count"] == "1"
    api.stop()

Replies are consumed in order, one per POST /v1/messages; every request is recorded
(headers with lower-case names, the JSON body) before it is answered. Requests the real
API would refuse (see messages_checks) get its kind of 400. With no reply left the
server answers 400, which the SDK does not retry, so a test fails loudly.

Run as a process: ``python -m tests.fakes.messages_api --script replies.json`` prints
its base URL on the first line and serves until stdin closes or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import select
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from tests.fakes.messages_checks import request_problem
from tests.fakes.messages_script import (
    HttpError,
    Reply,
    Scripted,
    from_data,
    message_json,
    sse_events,
)


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


class FakeMessagesAPI:
    """The server; ``api_key`` set means requests must carry it (x-api-key or Bearer)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        on_request: Callable[[RecordedRequest], None] | None = None,
    ) -> None:
        self.api_key = api_key
        self._on_request = on_request
        self._lock = threading.Lock()
        self._script: deque[Scripted] = deque()
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self.stalled = threading.Event()  # a reply has begun to stall
        self.hung_up = threading.Event()  # a client closed a stream while it stalled
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------------------
    def start(self) -> FakeMessagesAPI:
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

    def __enter__(self) -> FakeMessagesAPI:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

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

    # -- used by the handler -------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self._requests.append(request)
            number = len(self._requests)
        if self._on_request is not None:
            self._on_request(request)
        return number

    def _next(self) -> Scripted | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def _authorised(self, headers: Mapping[str, str]) -> bool:
        if self.api_key is None:
            return True
        bearer = headers.get("authorization", "").removeprefix("Bearer ")
        return self.api_key in (headers.get("x-api-key"), bearer)

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
    """A FIN reads as b""; a close with unread data in the client's buffer arrives as RST."""
    try:
        return not connection.recv(1, socket.MSG_PEEK)
    except ConnectionError:
        return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeMessagesAPI) -> None:
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
        if item is None:
            message = f"fake Messages API: no scripted reply left for request {number}"
            self._send_error(HttpError(400, "invalid_request_error", message), request_id)
        elif isinstance(item, HttpError):
            self._send_error(item, request_id)
        elif body.get("stream"):
            self._send_stream(item, number, request_id, body["model"])
        else:
            self._send_json(
                200, message_json(item, f"msg_fake_{number:04d}", body["model"]), request_id
            )

    def _refusal(
        self, fake: FakeMessagesAPI, headers: Mapping[str, str], body: Any
    ) -> HttpError | None:
        if self.path.split("?")[0] != "/v1/messages":
            return HttpError(404, "not_found_error", f"Not found: {self.path}")
        if not fake._authorised(headers):
            return HttpError(401, "authentication_error", "invalid x-api-key")
        if "anthropic-version" not in headers:
            return HttpError(400, "invalid_request_error", "anthropic-version: header is required")
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
        self.send_header("request-id", request_id)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_stream(self, item: Reply, number: int, request_id: str, model: str) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.send_header("request-id", request_id)
        self.end_headers()
        for index, (name, data) in enumerate(sse_events(item, f"msg_fake_{number:04d}", model)):
            if index == item.stall_at and not self.server.fake._stall(
                item.stall_seconds, self.connection
            ):
                self.close_connection = True
                return
            if index == item.error_at:
                kind, message = item.mid_stream_error
                error = {"type": "error", "error": {"type": kind, "message": message}}
                self._chunk(f"event: error\ndata: {json.dumps(error)}\n\n".encode())
                break
            self._chunk(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.messages_api")
    parser.add_argument("--script", type=Path, required=True, help="JSON list of replies")
    parser.add_argument("--api-key", help="require this key")
    parser.add_argument("--record", type=Path, help="append each request here as a JSON line")
    args = parser.parse_args(argv)
    items = [from_data(d) for d in json.loads(args.script.read_text())]

    def record(request: RecordedRequest) -> None:
        if args.record is not None:
            with args.record.open("a") as out:
                out.write(json.dumps(request.as_json()) + "\n")

    api = FakeMessagesAPI(api_key=args.api_key, on_request=record).start()
    api.script(*items)
    done = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_term)

    def until_stdin_closes() -> None:
        sys.stdin.read()
        done.set()

    threading.Thread(target=until_stdin_closes, daemon=True).start()
    print(api.base_url, flush=True)
    done.wait()
    api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
