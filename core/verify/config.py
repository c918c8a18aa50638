"""What to check in a checkout: the dependency set, the test command, the app to start.

A project backendbot generated (or any Python project with a ``pyproject.toml`` or a
``requirements.txt``) needs no configuration; other repositories name their commands under
``verify:`` in ``.backendbot.yml`` (core/layout.py, VerifyConfig).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from backendbot.core.layout import VerifyConfig, load_repo_config

EXTRAS = ("dev", "test", "tests")  # optional dependency groups the checks install
_FACTORY = re.compile(r"^def create_app\(", re.MULTILINE)
_APP = re.compile(r"^app\s*(?::[^=]+)?=\s*FastAPI\(", re.MULTILINE)


@dataclass(frozen=True)
class CheckPlan:
    requirements: tuple[str, ...]
    install_command: str | None
    test_command: str | None  # None: pytest
    app: str | None
    factory: bool
    lint: bool
    timeout_seconds: float


class NothingToCheck(Exception):
    """No Python project and no ``verify:`` commands: why, in one line."""


def plan_checks(checkout: Path) -> CheckPlan:
    """The checks for ``checkout``; InputError for a bad .backendbot.yml, NothingToCheck when none apply."""
    configured = load_repo_config(checkout).verify
    verify = configured or VerifyConfig()
    requirements = _requirements(checkout)
    if configured is None and requirements is None:
        raise NothingToCheck(
            "no Python project here (no pyproject.toml or requirements.txt) and no verify: "
            "commands in .backendbot.yml"
        )
    app, factory = (verify.app, verify.factory) if verify.app else _detect_app(checkout)
    return CheckPlan(
        requirements=tuple(requirements or ()),
        install_command=verify.install,
        test_command=verify.test,
        app=app,
        factory=factory,
        lint=verify.lint and (requirements is not None or configured is not None),
        timeout_seconds=verify.timeout_seconds,
    )


def _requirements(checkout: Path) -> list[str] | None:
    pyproject = checkout / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        found = data.get("project")
        project: dict[str, object] = found if isinstance(found, dict) else {}
        listed = project.get("dependencies", [])
        deps = [str(d) for d in listed if isinstance(d, str)] if isinstance(listed, list) else []
        optional = project.get("optional-dependencies", {})
        if isinstance(optional, dict):
            for extra in EXTRAS:
                deps += [str(d) for d in optional.get(extra, []) if isinstance(d, str)]
        return deps
    requirements = checkout / "requirements.txt"
    if requirements.is_file():
        try:
            lines = requirements.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
        return [
            ln.split("#")[0].strip()
            for ln in lines
            if ln.strip() and not ln.lstrip().startswith(("#", "-"))
        ]
    return None


def _detect_app(checkout: Path) -> tuple[str | None, bool]:
    """A FastAPI app: the scaffold's ``src/main.py:create_app`` factory, or a module-level ``app``."""
    for relative, module in (
        ("src/main.py", "src.main"),
        ("app/main.py", "app.main"),
        ("main.py", "main"),
    ):
        path = checkout / relative
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if _FACTORY.search(text):
            return f"{module}:create_app", True
        if _APP.search(text):
            return f"{module}:app", False
    return None, False
