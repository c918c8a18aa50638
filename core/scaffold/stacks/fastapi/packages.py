"""The generated project's Python packages: where its tests live, what is first party."""

from __future__ import annotations

from backendbot.core.scaffold.context import ProjectView

APP_FOLDERS = ("routes", "controllers", "models", "middleware", "services", "database", "config")


def tests_module(p: ProjectView) -> str:
    return p.layout.tests.rstrip("/").replace("/", ".")


def packages(p: ProjectView) -> list[str]:
    """Top-level packages of the application code (not the tests)."""
    return sorted({getattr(p.modules, key).split(".")[0] for key in APP_FOLDERS})


def first_party(p: ProjectView) -> str:
    """The top-level packages isort counts as first party, space-separated."""
    return " ".join(sorted({*packages(p), tests_module(p).split(".")[0]}))
