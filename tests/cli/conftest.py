"""Run the real ``backendbot`` command in a subprocess, against real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.core.conftest import repo, snapshot

__all__ = ["Runner", "repo", "snapshot"]

Runner = Callable[..., subprocess.CompletedProcess[str]]

# Nothing from the developer's own environment may steer these runs.
_DROP = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "BACKENDBOT_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


@pytest.fixture
def backendbot(tmp_path: Path) -> Runner:
    def run(
        *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if k not in _DROP}
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "backendbot", *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or tmp_path,
            timeout=120,
            check=False,
        )

    return run
