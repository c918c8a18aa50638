"""Bare repositories served over smart HTTP by ``git http-backend`` on 127.0.0.1.

    server = GitHttpServer(tmp_path / "remote", token="ghs_test").start()
    server.create_repo("octo-org/demo", {"README.md": "# demo\n"})
    url = server.clone_url("octo-org/demo")     # http://127.0.0.1:PORT/octo-org/demo.git
    ...
    server.branches("octo-org/demo")            # {"main": sha, ...}
    server.stop()

Every request must carry ``Authorization: Basic x-access-token:<token>`` (GitHub's form
for installation tokens); anything else gets 401. ``reject_pushes`` installs a real
pre-receive hook, so git itself reports the refusal.
"""

from __future__ import annotations

import base64
import os
import subprocess
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from tests.fakes.loopback import LoopbackServer

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.com",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass(frozen=True)
class GitRequest:
    method: str
    path: str
    authorized: bool
    authorization: str


def git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


class GitHttpServer:
    def __init__(self, root: Path, token: str) -> None:
        self.root = root
        self.token = token
        self.requests: list[GitRequest] = []
        self._http: LoopbackServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> GitHttpServer:
        self.root.mkdir(parents=True, exist_ok=True)
        self._http = LoopbackServer(_handler_for(self))
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()

    @property
    def base_url(self) -> str:
        assert self._http is not None
        return self._http.base_url

    # -- repositories ----------------------------------------------------------------------
    def bare_path(self, full_name: str) -> Path:
        return self.root / f"{full_name}.git"

    def clone_url(self, full_name: str) -> str:
        return f"{self.base_url}/{full_name}.git"

    def create_repo(
        self, full_name: str, files: dict[str, str], default_branch: str = "main"
    ) -> Path:
        bare = self.bare_path(full_name)
        bare.parent.mkdir(parents=True, exist_ok=True)
        git("init", "--bare", "-q", "-b", default_branch, str(bare))
        seed = self.root / ".seed" / full_name
        git("init", "-q", "-b", default_branch, str(seed))
        for path, text in files.items():
            target = seed / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git("add", "-A", cwd=seed)
        git("commit", "-q", "-m", "initial commit", cwd=seed)
        git("push", "-q", str(bare), f"{default_branch}:{default_branch}", cwd=seed)
        return bare

    def reject_pushes(self, full_name: str, reason: str) -> None:
        hook = self.bare_path(full_name) / "hooks" / "pre-receive"
        hook.write_text(f"#!/bin/sh\necho '{reason}' >&2\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)

    def branches(self, full_name: str) -> dict[str, str]:
        out = git(
            "for-each-ref",
            "--format=%(refname:short) %(objectname)",
            "refs/heads",
            cwd=self.bare_path(full_name),
        )
        return dict(line.split(" ", 1) for line in out.splitlines())

    def log(
        self, full_name: str, ref: str, fmt: str = "%H%x00%an%x00%ae%x00%B%x01"
    ) -> list[list[str]]:
        out = git("log", f"--format={fmt}", ref, cwd=self.bare_path(full_name))
        return [entry.strip("\n").split("\x00") for entry in out.split("\x01") if entry.strip()]

    def show(self, full_name: str, ref: str, path: str) -> str:
        return git("show", f"{ref}:{path}", cwd=self.bare_path(full_name))

    def add_commit(
        self, full_name: str, branch: str, files: dict[str, str], start: str = "main"
    ) -> str:
        """A commit someone else pushes (on ``branch``, made from ``start`` if it is new)."""
        work = self.root / ".work" / full_name
        if work.exists():
            git("fetch", "-q", str(self.bare_path(full_name)), cwd=work)
        else:
            git("clone", "-q", str(self.bare_path(full_name)), str(work))
        exists = branch in self.branches(full_name)
        git("checkout", "-q", "-B", branch, f"origin/{branch if exists else start}", cwd=work)
        for path, text in files.items():
            (work / path).parent.mkdir(parents=True, exist_ok=True)
            (work / path).write_text(text, encoding="utf-8")
        git("add", "-A", cwd=work)
        git("commit", "-q", "-m", "someone else's commit", cwd=work)
        git("push", "-q", "origin", f"{branch}:{branch}", cwd=work)
        return self.branches(full_name)[branch]

    # -- HTTP --------------------------------------------------------------------------------
    def authorized(self, header: str) -> bool:
        expected = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        return header == f"Basic {expected}"


def _handler_for(server: GitHttpServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            auth = self.headers.get("Authorization", "")
            ok = server.authorized(auth)
            parts = urlsplit(self.path)
            server.requests.append(GitRequest(self.command, parts.path, ok, auth))
            body = self._body()
            if not ok:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._cgi(parts.path, parts.query, body)

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().strip().split(b";")[0], 16)
                    if size == 0:
                        self.rfile.readline()
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _cgi(self, path: str, query: str, body: bytes) -> None:
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "GIT_PROJECT_ROOT": str(server.root),
                "GIT_HTTP_EXPORT_ALL": "1",
                "GIT_CONFIG_NOSYSTEM": "1",
                "REQUEST_METHOD": self.command,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "REMOTE_USER": "x-access-token",
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                "HTTP_GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            }
            proc = subprocess.run(
                ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
            )
            head, _, payload = proc.stdout.partition(b"\r\n\r\n")
            if not _:
                head, _, payload = proc.stdout.partition(b"\n\n")
            status = 200
            headers: list[tuple[str, str]] = []
            for line in head.decode("latin-1").splitlines():
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = int(value.strip().split(" ")[0])
                elif name:
                    headers.append((name, value.strip()))
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
