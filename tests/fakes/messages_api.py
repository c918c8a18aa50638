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
import signal
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import FrameType
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
from tests.fakes.scripted_api import ApiServer, RecordedRequest, ScriptedAPI


class FakeMessagesAPI(ScriptedAPI[Scripted]):
    """The server; ``api_key`` set means requests must carry it (x-api-key or Bearer)."""

    def _authorised(self, headers: Mapping[str, str]) -> bool:
        if self.api_key is None:
            return True
        bearer = headers.get("authorization", "").removeprefix("Bearer ")
        return self.api_key in (headers.get("x-api-key"), bearer)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ApiServer

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        fake: FakeMessagesAPI = self.server.fake
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


FakeMessagesAPI.handler = _Handler


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
