"""``backendbot lsp`` as a person meets it: typed in a terminal, Ctrl-C, the lsp extra missing.

The terminal is a real pseudo-terminal (``pty``): Ctrl-C is the byte the terminal turns into
SIGINT for the foreground process, as when a person presses it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

SERVER = [sys.executable, "-m", "backendbot", "lsp"]
WAIT = 60.0
NOTE = "this is a language server"
CRASH_SIGNS = ("Traceback", "Fatal Python error", "_enter_buffered_busy", "KeyboardInterrupt")


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_message(stream: Any) -> dict[str, Any]:
    length = 0
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length, "the server closed its output"
    result: dict[str, Any] = json.loads(stream.read(length))
    return result


def _initialize(process: subprocess.Popen[bytes]) -> dict[str, Any]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(
        _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    )
    process.stdin.flush()
    while True:
        message = _read_message(process.stdout)
        if message.get("id") == 1:
            return message


def _serving() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


class Terminal:
    """The server on a pseudo-terminal: what it prints, and keys typed at it."""

    def __init__(self) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the server, with the terminal as stdin/stdout/stderr
            os.execv(sys.executable, SERVER)
        self.output = b""

    def read_until(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while text.encode() not in self.output and time.monotonic() < deadline:
            self._read(0.2)
        return self.output.decode(errors="replace")

    def type(self, data: bytes) -> None:
        os.write(self.fd, data)

    def exit_code(self) -> int:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._read(0.2)  # whatever it printed last
                return os.waitstatus_to_exitcode(status)
            self._read(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"the server did not exit: {self.output!r}")

    def close(self) -> None:
        os.close(self.fd)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # OSError: the child closed the terminal
                self.output += os.read(self.fd, 4096)


@pytest.fixture
def terminal() -> Any:
    opened = Terminal()
    yield opened
    opened.close()


def test_in_a_terminal_it_says_what_it_is_and_ctrl_c_ends_it_with_130(terminal: Terminal) -> None:
    shown = terminal.read_until("Ctrl-C quits.")
    [line] = [t for t in shown.splitlines() if "backendbot lsp:" in t]  # one line says it all
    assert NOTE in line and "an editor starts it" in line
    assert "run `backendbot lsp`" in line and "Neovim" in line
    terminal.type(b"\x03")  # Ctrl-C
    assert terminal.exit_code() == 130
    assert not any(sign in terminal.output.decode(errors="replace") for sign in CRASH_SIGNS)


def test_in_a_pipe_it_serves_and_says_nothing() -> None:
    process = _serving()
    try:
        answer = _initialize(process)
        assert answer["result"]["serverInfo"]["name"] == "backendbot"
        assert process.stdin is not None
        process.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        process.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        process.stdin.close()
        assert process.wait(WAIT) == 0
        assert process.stderr is not None
        assert process.stderr.read() == b""
    finally:
        process.kill()
        process.wait()


def test_sigint_ends_a_serving_server_with_130_and_no_traceback() -> None:
    process = _serving()
    try:
        _initialize(process)  # serving, its stdin reader thread blocked on the pipe
        process.send_signal(signal.SIGINT)
        assert process.wait(WAIT) == 130
        assert process.stderr is not None
        assert not any(sign in process.stderr.read().decode() for sign in CRASH_SIGNS)
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize("module", ["pygls", "lsprotocol"])
def test_without_the_lsp_extra_it_names_the_install_command(module: str) -> None:
    """The module is made unimportable (None in sys.modules) as if pip never installed it."""
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from backendbot.app import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=WAIT,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"backendbot lsp: the language server needs the lsp extra (No module named {module!r}): "
        "pip install 'backendbot[lsp]'\n"
    )
