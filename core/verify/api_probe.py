"""Runs inside the sandbox with the project's environment: the app on a loopback port, probed.

Standard library only (it runs with the checked project's Python, not backendbot's). It
starts uvicorn on a free 127.0.0.1 port, saves the app's OpenAPI document, runs a short
schemathesis pass and a latency probe of the list/get endpoints, and writes what it measured
as JSON. Progress lines (JSON, one a line) go to a file the verifier follows. Usage:
``python api_probe.py CONFIG.json`` with CONFIG naming ``app``, ``factory``, ``scratch``,
``examples``, ``requests``, ``schemathesis_seconds`` and ``startup_seconds``.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

SKIPPED_PATHS = ("/openapi.json", "/docs", "/redoc", "/auth/me", "/health", "/healthz")


def main(config_path: str) -> int:
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    scratch = Path(config["scratch"])
    progress = (scratch / "progress.jsonl").open("a", encoding="utf-8")
    result: dict[str, Any] = {}

    def say(**event: Any) -> None:
        progress.write(json.dumps(event) + "\n")
        progress.flush()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(config, port, scratch)
    try:
        schema = _wait_for_schema(base, float(config["startup_seconds"]), server)
        if schema is None:
            log = (scratch / "uvicorn.log").read_text(encoding="utf-8", errors="replace")
            lines = [ln for ln in log.splitlines() if ln.strip()]
            result["error"] = "the app did not answer /openapi.json" + (
                f": {lines[-1].strip()}" if lines else ""
            )
            return _write(scratch, result)
        (scratch / "openapi.json").write_text(json.dumps(schema), encoding="utf-8")
        token = _sign_in(base, schema)
        say(event="started", step="schemathesis")
        started = time.monotonic()
        result["schemathesis"] = _schemathesis(config, base, token, scratch)
        result["schemathesis"]["seconds"] = time.monotonic() - started
        say(event="finished", step="schemathesis", result=result["schemathesis"])
        say(event="started", step="latency")
        started = time.monotonic()
        result["latency"] = _latency(port, schema, token, int(config["requests"]))
        result["latency"]["seconds"] = time.monotonic() - started
        say(event="finished", step="latency")
        return _write(scratch, result)
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(config: dict[str, Any], port: int, scratch: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "uvicorn", config["app"], "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    if config.get("factory"):
        argv.append("--factory")
    log = (scratch / "uvicorn.log").open("wb")
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _wait_for_schema(base: str, seconds: float, server: subprocess.Popen[bytes]) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/openapi.json", timeout=5) as answer:  # noqa: S310
                return json.loads(answer.read())
        except (OSError, ValueError):
            time.sleep(0.2)
    return None


def _post(base: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{base}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read() or b"null")


def _sign_in(base: str, schema: dict[str, Any]) -> str:
    """A bearer token for a fresh account when the app has /auth/register and /auth/login."""
    paths = schema.get("paths", {})
    if "/auth/register" not in paths or "/auth/login" not in paths:
        return ""
    login = {"email": "verifier@example.com", "password": "verifier-password-1"}
    register = schema.get("components", {}).get("schemas", {}).get("UserRegister", {})
    simple = {"string": "verifier", "integer": 1, "number": 1.0, "boolean": True}
    extra = {
        name: simple.get(register.get("properties", {}).get(name, {}).get("type", "string"), "x")
        for name in register.get("required", [])
        if name not in login
    }
    try:
        _post(base, "/auth/register", login | extra)
        answer = _post(base, "/auth/login", login)
    except (OSError, ValueError):
        return ""
    return str(answer.get("access_token", "")) if isinstance(answer, dict) else ""


def _schemathesis(config: dict[str, Any], base: str, token: str, scratch: Path) -> dict[str, Any]:
    junit = scratch / "schemathesis.xml"
    argv = [
        sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()",
        "run", f"{base}/openapi.json",
        "--max-examples", str(config["examples"]),
        "--phases", "examples,fuzzing",
        "--seed", "1",
        "--no-shrink",
        "--workers", "1",
        "--request-timeout", "10",
        "--report", "junit", "--report-junit-path", str(junit),
    ]  # fmt: skip
    if token:
        argv += ["--header", f"Authorization: Bearer {token}"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": ""}
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=float(config["schemathesis_seconds"]),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"timed_out": True, "junit": str(junit)}
    tail = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.strip()][-40:]
    return {"returncode": done.returncode, "junit": str(junit), "output": tail}


def _latency(port: int, schema: dict[str, Any], token: str, requests: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    targets: list[tuple[str, str]] = []  # (label, concrete path)
    for path, ops in schema.get("paths", {}).items():
        if "get" not in ops or path in SKIPPED_PATHS or path.startswith("/auth/"):
            continue
        if "{" not in path:
            body = _get(connection, path, headers)
            if body is not None:
                targets.append((f"GET {path}", path))
                items = body.get("items") if isinstance(body, dict) else None
                child = _get_path(schema, path)
                if child and isinstance(items, list) and items and isinstance(items[0], dict):
                    concrete = child.split("{")[0] + str(items[0].get("id", ""))
                    if _get(connection, concrete, headers) is not None:
                        targets.append((f"GET {child}", concrete))
    if not targets:
        return {"timings_ms": [], "paths": []}
    timings: list[float] = []
    for i in range(requests):
        _, path = targets[i % len(targets)]
        started = time.perf_counter()
        if _get(connection, path, headers) is None:
            continue
        timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return {"timings_ms": timings, "paths": [label for label, _ in targets]}


def _get_path(schema: dict[str, Any], list_path: str) -> str | None:
    for path, ops in schema.get("paths", {}).items():
        rest = path[len(list_path) :]
        child = path.startswith(list_path + "/{") and rest.count("/") == 1 and rest.endswith("}")
        if child and "get" in ops:
            return str(path)
    return None


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> Any:
    """The JSON body of a 200 answer, else None."""
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        return None
    if answer.status != 200:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return {}


def _write(scratch: Path, result: dict[str, Any]) -> int:
    (scratch / "api.json").write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
