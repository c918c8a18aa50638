"""Virtual environments cached per user, keyed by the dependency set: a second build reuses one.

``~/.cache/backendbot/venvs/<sha256>`` (``$XDG_CACHE_HOME`` honoured). A new one is built in a
temporary folder beside it and renamed into place when complete, under a lock, so two builds
never race and a half-built one is never used. Everything is run as ``python -m ...`` from the
environment, so the rename does not break it. The project itself is never installed into it:
the checks run with the checkout on ``PYTHONPATH``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.sandbox import Outcome, run_sandboxed

# What every check needs besides the project's own dependencies.
TOOLS = ("pytest>=8", "pytest-cov>=5", "ruff>=0.5", "schemathesis>=4", "uvicorn>=0.30")
COMPLETE = ".backendbot-complete"
_SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL")


@dataclass(frozen=True)
class VenvBuild:
    path: Path | None  # None: it could not be built (see outcome)
    cached: bool
    outcome: Outcome | None = None  # the install's, when one ran
    detail: str = ""


def cache_root(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "backendbot" / "venvs"


def venv_key(requirements: Sequence[str], install_command: str | None = None) -> str:
    """sha256 of the dependency set (sorted), the install command and the Python version."""
    material = {
        "python": f"{sys.implementation.name}-{sys.version_info.major}.{sys.version_info.minor}",
        "platform": sys.platform,
        "requirements": sorted({*TOOLS, *(r.strip() for r in requirements if r.strip())}),
        "install": install_command,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(
    requirements: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float,
    install_command: str | None = None,
    project: Path | None = None,
    cancel: CancelScope | None = None,
) -> VenvBuild:
    """The cached environment for this dependency set, built first if there is none."""
    root = cache_root(env)
    key = venv_key(requirements, install_command)
    final = root / key
    if _complete(final):
        return VenvBuild(final, cached=True)
    started = time.monotonic()
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root / f"{key}.lock", timeout, cancel) as got:
            if not got:
                return VenvBuild(
                    None, False, detail="another build of this environment held the lock too long"
                )
            if _complete(final):
                return VenvBuild(final, cached=True)
            left = max(1.0, timeout - (time.monotonic() - started))
            return _build(root, final, requirements, env, left, install_command, project, cancel)
    except OSError as exc:
        return VenvBuild(None, False, detail=f"cannot build the environment in {root}: {exc}")


def _build(
    root: Path,
    final: Path,
    requirements: Sequence[str],
    env: Mapping[str, str],
    timeout: float,
    install_command: str | None,
    project: Path | None,
    cancel: CancelScope | None,
) -> VenvBuild:
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name[:12]}-", dir=root))
    try:
        started = time.monotonic()
        made = run_sandboxed(
            [sys.executable, "-m", "venv", str(tmp)],
            cwd=root,
            env=_install_env(env),
            timeout=timeout,
            isolate=False,
            cancel=cancel,
        )
        if not made.ok:
            return VenvBuild(None, False, made, _last_line(made, "python -m venv failed"))
        python = str(venv_python(tmp))
        wanted = sorted({*TOOLS, *(r.strip() for r in requirements if r.strip())})
        left = max(1.0, timeout - (time.monotonic() - started))
        pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *wanted]
        done = run_sandboxed(
            pip, cwd=root, env=_install_env(env), timeout=left, isolate=False, cancel=cancel
        )
        if done.ok and install_command:
            left = max(1.0, timeout - (time.monotonic() - started))
            venv_env = _install_env(env) | {
                "VIRTUAL_ENV": str(tmp),
                "PATH": f"{tmp / 'bin'}{os.pathsep}{env.get('PATH', os.defpath)}",
            }
            done = run_sandboxed(
                ["/bin/sh", "-c", install_command],
                cwd=project or root,
                env=venv_env,
                timeout=left,
                isolate=False,
                cancel=cancel,
            )
        if not done.ok:
            why = "timed out" if done.timed_out else _last_line(done, "pip install failed")
            return VenvBuild(None, False, done, why)
        (tmp / COMPLETE).write_text(
            json.dumps({"requirements": wanted, "install": install_command})
        )
        try:
            tmp.rename(final)
        except OSError:  # built meanwhile by someone who did not take the lock: use theirs
            if not _complete(final):
                raise
        return VenvBuild(final, cached=False, outcome=done)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _complete(venv: Path) -> bool:
    return (venv / COMPLETE).is_file() and venv_python(venv).exists()


@contextlib.contextmanager
def _locked(path: Path, timeout: float, cancel: CancelScope | None) -> Iterator[bool]:
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline or (cancel is not None and cancel.cancelled):
                    yield False
                    return
                time.sleep(0.2)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _install_env(env: Mapping[str, str]) -> dict[str, str]:
    """The user's environment for pip (its proxies and index settings), without secrets."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    return {
        k: v
        for k, v in env.items()
        if k not in drop
        and not any(word in k.upper() for word in _SECRET_WORDS)
        and not k.startswith(("PYTEST_", "COV_CORE"))
    }


def _last_line(outcome: Outcome, fallback: str) -> str:
    if outcome.error:
        return outcome.error
    lines = [ln.strip() for ln in outcome.output.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else fallback
