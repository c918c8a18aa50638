"""Verification tests share ONE cached virtual environment for the whole session.

The cache lives in a temporary ``XDG_CACHE_HOME``; every small project here declares the
generated recipes project's dependencies, so the recipes project and the small ones all use
the environment the ``shared_venv`` fixture builds once (a cold build takes about half a
minute with PyPI reachable).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import render_files
from backendbot.core.spec.parse import load_spec
from backendbot.core.verify.config import plan_checks
from backendbot.core.verify.venv_cache import ensure_venv, venv_python

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def recipes_files() -> dict[str, str]:
    return render_files(load_spec(EXAMPLES / "recipes.yaml"), Layout())


@pytest.fixture(scope="session")
def verify_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(scope="session")
def shared_venv(
    verify_cache: Path, recipes_files: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    probe = tmp_path_factory.mktemp("deps")
    (probe / "pyproject.toml").write_text(recipes_files["pyproject.toml"], encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(verify_cache)}
    built = ensure_venv(plan_checks(probe).requirements, env=env, timeout=900)
    assert built.path is not None, built.detail
    return built.path


@pytest.fixture
def verify_env(verify_cache: Path, shared_venv: Path) -> dict[str, str]:
    """The environment a verification runs with: the session's cache, the venv in it."""
    return {**os.environ, "XDG_CACHE_HOME": str(verify_cache), "BACKENDBOT_VERIFY": "1"}


def small_project(root: Path, recipes_files: dict[str, str], files: dict[str, str]) -> Path:
    """A small Python project with the recipes dependencies (so it shares the session's venv)."""
    pyproject = recipes_files["pyproject.toml"]
    pyproject = re.sub(r"(?m)^addopts = .*$", 'addopts = ""', pyproject)
    pyproject = pyproject.replace('source = ["config", "src"]', 'source = ["app"]')
    everything = {"pyproject.toml": pyproject, "app/__init__.py": "", "tests/__init__.py": ""}
    for path, content in (everything | files).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return root


def passed_by_pytest(venv: Path, project: Path) -> int:
    """What pytest itself reports as passed in ``project`` (its summary line), counted apart from the verifier."""
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(project),
        "PYTHONPATH": str(project),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [str(venv_python(venv)), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    match = re.search(r"(\d+) passed", done.stdout)
    assert match is not None, done.stdout[-2000:]
    return int(match.group(1))
