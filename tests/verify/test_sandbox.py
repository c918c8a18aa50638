"""The sandbox: time limit, cancel and group kill, memory limit, no network beyond loopback (fast)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.sandbox import (
    NAMESPACE,
    PROXY_CLEARED,
    closed_env,
    isolation,
    run_sandboxed,
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_the_time_limit_kills_the_whole_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    script = f"sleep 300 & echo $! > {pidfile}; wait"
    outcome = run_sandboxed(
        ["/bin/sh", "-c", script], cwd=tmp_path, env=dict(os.environ), timeout=1.5
    )
    assert outcome.timed_out and outcome.returncode is None
    assert not _alive(int(pidfile.read_text()))


def test_a_background_process_left_behind_is_killed_at_the_end(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    outcome = run_sandboxed(
        ["/bin/sh", "-c", f"sleep 300 > /dev/null 2>&1 & echo $! > {pidfile}; echo started"],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=30,
    )
    assert outcome.ok and "started" in outcome.output
    assert not _alive(int(pidfile.read_text()))


def _cancel_once_written(path: Path, scope: CancelScope) -> threading.Thread:
    """A thread that cancels ``scope`` once ``path`` holds a line (the command has started)."""

    def watch() -> None:
        while not (path.exists() and path.read_text().endswith("\n")):
            time.sleep(0.02)
        scope.cancel()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_cancel_from_another_thread_kills_the_whole_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    scope = CancelScope()
    watcher = _cancel_once_written(pidfile, scope)
    outcome = run_sandboxed(
        ["/bin/sh", "-c", f"sleep 300 & echo $$ $! > {pidfile}; wait"],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=120,  # far beyond: only the cancel ends it before
        cancel=scope,
    )
    watcher.join()
    assert outcome.cancelled and not outcome.timed_out and outcome.returncode is None
    shell, sleeper = (int(p) for p in pidfile.read_text().split())
    assert not _alive(shell) and not _alive(sleeper)


def test_a_cancelled_scope_starts_nothing(tmp_path: Path) -> None:
    scope = CancelScope()
    scope.cancel()
    outcome = run_sandboxed(
        ["/bin/sh", "-c", f"touch {tmp_path / 'ran'}"],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=30,
        cancel=scope,
    )
    assert outcome.cancelled and outcome.returncode is None
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize("isolate", [True, False])
def test_the_memory_limit_stops_a_greedy_command(tmp_path: Path, isolate: bool) -> None:
    outcome = run_sandboxed(
        [sys.executable, "-c", "x = bytearray(1024 * 1024 * 1024)"],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=30,
        memory_bytes=256 * 1024 * 1024,
        isolate=isolate,
    )
    assert outcome.returncode not in (0, None)
    assert "MemoryError" in outcome.output


def test_the_limits_hold_for_the_command_and_what_it_starts(tmp_path: Path) -> None:
    """Set in the child before it becomes the command (no preexec_fn), so inherited by its children."""
    show = "import resource; print(resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CORE))"
    outcome = run_sandboxed(
        ["/bin/sh", "-c", f"{sys.executable} -c '{show}'"],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=30,
        memory_bytes=300 * 1024 * 1024,
    )
    assert outcome.ok, outcome.output
    limit = 300 * 1024 * 1024
    assert outcome.output.split() == [f"({limit},", f"{limit})", "(0,", "0)"]


def test_a_relative_program_is_found_in_the_working_folder(tmp_path: Path) -> None:
    script = tmp_path / "check.sh"
    script.write_text("#!/bin/sh\necho checked in $(pwd)\n")
    script.chmod(0o755)
    outcome = run_sandboxed(["./check.sh"], cwd=tmp_path, env=dict(os.environ), timeout=30)
    assert outcome.ok and f"checked in {tmp_path}" in outcome.output


def test_loopback_works_and_the_internet_does_not(tmp_path: Path) -> None:
    if isolation() != NAMESPACE:
        pytest.skip("no user namespaces on this machine")
    code = (
        "import socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
        "socket.create_connection(s.getsockname(), timeout=5).close(); print('loopback ok')\n"
        "socket.create_connection(('151.101.0.223', 443), timeout=5)\n"
    )
    outcome = run_sandboxed(
        [sys.executable, "-c", code], cwd=tmp_path, env=dict(os.environ), timeout=30
    )
    assert "loopback ok" in outcome.output
    assert outcome.returncode != 0
    assert "Network is unreachable" in outcome.output


def test_proxies_are_cleared_and_loopback_never_proxied(monkeypatch: pytest.MonkeyPatch) -> None:
    env = closed_env({"HTTPS_PROXY": "http://proxy:3128", "http_proxy": "x", "PATH": "/bin"})
    assert "HTTPS_PROXY" not in env and "http_proxy" not in env
    assert env["NO_PROXY"] == "127.0.0.1,localhost,::1"
    monkeypatch.setenv("BACKENDBOT_VERIFY_ISOLATION", "proxy")
    assert isolation() == PROXY_CLEARED


@pytest.mark.parametrize("isolate", [True, False])
def test_a_command_that_cannot_start_is_an_outcome(tmp_path: Path, isolate: bool) -> None:
    outcome = run_sandboxed(["/no/such/tool"], cwd=tmp_path, env={}, timeout=5, isolate=isolate)
    assert outcome.returncode is None and "cannot start /no/such/tool" in outcome.error
    missing = run_sandboxed(["no-such-tool-here"], cwd=tmp_path, env={"PATH": "/bin"}, timeout=5)
    assert missing.returncode is None and "cannot start no-such-tool-here" in missing.error
