"""Runs one command of a project's checks: a wall-time and a memory limit, no network but loopback.

The command runs in a session (process group) of its own; the whole group is killed when the
time is up, when the run's CancelScope is cancelled (the wait polls it every 0.1 s) and again
when the command ends, so nothing it started outlives it. The memory limit is set by a small
stdlib wrapper (``LIMITS``) that the child runs before it becomes the command, never by a
``preexec_fn``: the language server and the GitHub worker call this from threads, where
CPython documents ``preexec_fn`` as unsafe. The network is
closed with a user and network namespace (``unshare -rn``, loopback brought up inside) where
the machine allows it; otherwise the proxy variables are cleared and the report says so.
Failing to start is an outcome too (``error``), never an exception.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from backendbot.core.run.cancel import CancelScope

NAMESPACE = "network namespace"
PROXY_CLEARED = "proxy variables cleared"
FORCE_ENV = "BACKENDBOT_VERIFY_ISOLATION"  # "proxy": skip the namespace even where it works
OUTPUT_TAIL = 64 * 1024  # the bytes of output kept for the report's details
DEFAULT_MEMORY = 4 * 1024**3
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")

# Brings the namespace's loopback up (it starts down) and becomes the command: stdlib only.
LO_UP = """
import fcntl, os, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH22x", b"lo", 0))[:18])[1]
fcntl.ioctl(s, 0x8914, struct.pack("16sH22x", b"lo", flags | 1))
s.close()
os.execvp(sys.argv[1], sys.argv[1:])
"""

# Sets the memory limit (argv[1], bytes) and no core files, then becomes the command: stdlib only.
LIMITS = """
import os, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
try:
    os.execv(sys.argv[2], sys.argv[2:])
except OSError as exc:
    sys.stderr.write(f"cannot start {sys.argv[2]}: {exc}\\n")
    os._exit(127)
"""

# What the namespace probe runs: a loopback connection must work inside.
_PROBE = (
    "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); "
    "socket.create_connection(s.getsockname(), timeout=5).close()"
)


@dataclass(frozen=True)
class Outcome:
    returncode: int | None  # None: it did not end by itself (timed out) or did not start
    seconds: float
    output: str = ""  # the tail of stdout and stderr together
    timed_out: bool = False
    error: str = ""  # one line: why it could not start
    cancelled: bool = False  # the CancelScope was cancelled: the group was killed, or never started

    @property
    def ok(self) -> bool:
        return self.returncode == 0


_isolation_cache: dict[str, str] = {}


def isolation() -> str:
    """How commands are cut off from the network here: NAMESPACE or PROXY_CLEARED (probed once)."""
    if os.environ.get(FORCE_ENV) == "proxy":
        return PROXY_CLEARED
    if "kind" not in _isolation_cache:
        _isolation_cache["kind"] = NAMESPACE if _namespace_works() else PROXY_CLEARED
    return _isolation_cache["kind"]


def _namespace_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return False
    argv = [unshare, "-rn", sys.executable, "-I", "-c", LO_UP, sys.executable, "-I", "-c", _PROBE]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def closed_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without proxies, and with loopback never proxied."""
    out = {k: v for k, v in env.items() if k.lower() not in PROXY_VARIABLES}
    out["NO_PROXY"] = out["no_proxy"] = "127.0.0.1,localhost,::1"
    return out


def run_sandboxed(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    memory_bytes: int = DEFAULT_MEMORY,
    isolate: bool = True,
    on_poll: Callable[[], None] | None = None,
    cancel: CancelScope | None = None,
) -> Outcome:
    """Run ``argv`` to its end, its time limit or a cancel; the process group is always killed after."""
    started = time.monotonic()
    if cancel is not None and cancel.cancelled:
        return Outcome(None, 0.0, cancelled=True)
    if not argv:
        return Outcome(None, 0.0, error="cannot start: no command")
    program = _resolve(argv[0], cwd, env)
    if program is None:
        return Outcome(None, 0.0, error=f"cannot start {argv[0]}: no such executable file")
    command = [program, *argv[1:]]
    unshare = shutil.which("unshare")
    if isolate and isolation() == NAMESPACE and unshare is not None:
        command = [unshare, "-rn", sys.executable, "-I", "-c", LO_UP, *command]
    command = [sys.executable, "-I", "-S", "-c", LIMITS, str(memory_bytes), *command]
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.Popen(
                command,
                cwd=cwd,
                env=closed_env(env) if isolate else dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            return Outcome(None, time.monotonic() - started, error=f"cannot start {argv[0]}: {exc}")
        timed_out = cancelled = False
        try:
            deadline = started + timeout
            while proc.poll() is None:
                if cancel is not None and cancel.cancelled:
                    cancelled = True
                    break
                if time.monotonic() >= deadline:
                    timed_out = True
                    break
                if on_poll is not None:
                    on_poll()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=0.1)
        finally:
            kill_group(proc.pid)
            proc.wait()
        seconds = time.monotonic() - started
        output = _tail(log)
    ended = not (timed_out or cancelled)
    return Outcome(
        proc.returncode if ended else None, seconds, output, timed_out, cancelled=cancelled
    )


def _resolve(program: str, cwd: Path, env: Mapping[str, str]) -> str | None:
    """``program`` as an absolute path the way the command would find it (``PATH`` of ``env``,
    or relative to ``cwd``); None when there is no such executable file."""
    if os.sep in program:
        path = cwd / program  # an absolute program stays itself; symlinks (a venv's python) too
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    found = shutil.which(program, path=env.get("PATH", os.defpath))
    return None if found is None else str(Path(found).absolute())


def kill_group(pgid: int, wait: float = 2.0) -> None:
    """SIGKILL to every process left in the group (the session the command started), then wait
    (at most ``wait`` seconds) until none of them is running any more."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while group_running(pgid) and time.monotonic() < deadline:
        time.sleep(0.02)


def group_running(pgid: int) -> bool:
    """Whether a process of the group still runs (a zombie waiting to be reaped has ended)."""
    try:
        entries = [p for p in Path("/proc").iterdir() if p.name.isdigit()]
    except OSError:
        return False
    for entry in entries:
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            fields = stat.rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
            return True
    return False


def _tail(log: IO[bytes]) -> str:
    end = log.seek(0, os.SEEK_END)
    log.seek(max(0, end - OUTPUT_TAIL))
    return log.read().decode("utf-8", "replace")
