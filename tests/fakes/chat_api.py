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
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.chat_checks import request_problem
from tests.fakes.chat_script import (
    Completion,
    HttpError,
    Scripted,
    completion_json,
    sse_chunks,
)
from tests.fakes.scripted_api import ApiServer, RecordedRequest, ScriptedAPI

PATH = "/v1/chat/completions"


class FakeChatAPI(ScriptedAPI[Scripted]):
    """The server; ``api_key`` set means requests must carry ``Authorization: Bearer <key>``."""

    url_path = "/v1"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ApiServer

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        fake: FakeChatAPI = self.server.fake
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


FakeChatAPI.handler = _Handler
