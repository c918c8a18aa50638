"""The generated project's Python packages: the layout's folders as dotted module paths,
where its tests live, what isort counts as first party."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.layout import Layout
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.names import module_path

APP_FOLDERS = ("routes", "controllers", "models", "middleware", "services", "database", "config")


@dataclass(frozen=True)
class Modules:
    """Dotted module paths of the layout's folders."""

    routes: str
    controllers: str
    models: str
    middleware: str
    services: str
    database: str
    config: str
    app: str  # the package holding main.py ("" = project root)

    def main(self) -> str:
        return f"{self.app}.main" if self.app else "main"


def modules(layout: Layout) -> Modules:
    """The layout's folders as packages; a folder that is no Python package name is an input error."""
    routes = module_path(layout.api_routes)
    return Modules(
        routes=routes,
        controllers=module_path(layout.controllers),
        models=module_path(layout.models),
        middleware=module_path(layout.middleware),
        services=module_path(layout.services),
        database=module_path(layout.database),
        config=module_path(layout.config),
        app=routes.rpartition(".")[0],
    )


def tests_module(p: ProjectPlan) -> str:
    return p.layout.tests.rstrip("/").replace("/", ".")


def packages(p: ProjectPlan) -> list[str]:
    """Top-level packages of the application code (not the tests)."""
    m = modules(p.layout)
    return sorted({getattr(m, key).split(".")[0] for key in APP_FOLDERS})


def first_party(p: ProjectPlan) -> str:
    """The top-level packages isort counts as first party, space-separated."""
    return " ".join(sorted({*packages(p), tests_module(p).split(".")[0]}))
