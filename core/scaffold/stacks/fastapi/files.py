"""Which FastAPI template becomes which file, and for which part of a Selection."""

from __future__ import annotations

from backendbot.core.errors import InputError
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.render import Job, Part
from backendbot.core.scaffold.stacks.fastapi.packages import modules

FOLDER_DOCS = {
    "api_routes": None,  # routes_init.py.j2
    "models": None,  # models_init.py.j2
    "controllers": "Controllers: HTTP ↔ service, one module per resource.",
    "services": "Services: business logic and queries, one module per resource.",
    "middleware": "Middleware: auth, error handling, request ids and logging.",
    "database": "Database: engine, sessions and table creation.",
    "config": "Settings from the environment.",
    "tests": "The test suite.",
}


def jobs(plan: ProjectPlan) -> list[Job]:
    layout = plan.layout
    app = modules(layout).app  # each folder a package name, else an input error
    _check_distinct(plan, app)
    out = [
        Job("README.md", "project/README.md.j2", "project"),
        Job("pyproject.toml", "project/pyproject.toml.j2", "project"),
        Job(".env.example", "project/env.example.j2", "project"),
        Job(".gitignore", "project/gitignore.j2", "project"),
        Job(f"{layout.config}settings.py", "project/settings.py.j2", "project"),
        Job(_app_folder(app) + "main.py", "project/main.py.j2", "project"),
        Job(f"{layout.database}base.py", "project/db_base.py.j2", "project"),
        Job(f"{layout.database}session.py", "project/db_session.py.j2", "project"),
        Job(f"{layout.middleware}errors.py", "project/middleware_errors.py.j2", "project"),
        Job(f"{layout.middleware}request_id.py", "project/request_id.py.j2", "project"),
        Job(f"{layout.middleware}security_headers.py", "project/security_headers.py.j2", "project"),
        Job(f"{layout.middleware}cors.py", "project/cors.py.j2", "project"),
        Job(f"{layout.middleware}body_limit.py", "project/body_limit.py.j2", "project"),
        Job(f"{layout.services}errors.py", "project/service_errors.py.j2", "project"),
        Job(f"{layout.services}crud.py", "project/crud.py.j2", "project"),
        Job(f"{layout.api_routes}__init__.py", "project/routes_init.py.j2", "project"),
        Job(f"{layout.api_routes}health.py", "project/health.py.j2", "project"),
        Job(f"{layout.api_routes}docs.py", "project/docs.py.j2", "project"),
        Job(f"{layout.models}__init__.py", "project/models_init.py.j2", "project"),
        Job(f"{layout.models}types.py", "project/model_types.py.j2", "project"),
        Job(f"{layout.tests}test_app.py", "tests/test_app.py.j2", "project"),
        # test factories for every resource: rewritten with the endpoints too
        Job(f"{layout.tests}conftest.py", "tests/conftest.py.j2", "project", wiring=True),
    ]
    if plan.has_files:
        out.append(Job(f"{layout.services}storage.py", "project/storage.py.j2", "project"))
        out.append(Job(f"{layout.services}uploads.py", "project/uploads.py.j2", "project"))
    if plan.auth:
        out += [
            Job(f"{layout.services}auth.py", "project/service_auth.py.j2", "project"),
            Job(f"{layout.services}login_limits.py", "project/login_limits.py.j2", "project"),
            Job(_app_folder(app) + "cli.py", "project/cli.py.j2", "project"),
            Job(f"{layout.middleware}auth.py", "project/middleware_auth.py.j2", "project"),
            Job(f"{layout.middleware}auth_gate.py", "project/auth_gate.py.j2", "project"),
            Job(f"{layout.controllers}auth.py", "project/controller_auth.py.j2", "project"),
            Job(f"{layout.api_routes}auth.py", "project/routes_auth.py.j2", "project"),
            Job(f"{layout.tests}test_auth.py", "tests/test_auth.py.j2", "project"),
            # it names every route that needs a signed-in user: rewritten with the endpoints too
            Job(
                f"{layout.tests}test_auth_gate.py",
                "tests/test_auth_gate.py.j2",
                "project",
                wiring=True,
            ),
            Job(f"{layout.tests}test_cli.py", "tests/test_cli.py.j2", "project"),
        ]
    out += _package_inits(plan)
    for r in plan.resources:
        out += _resource_jobs(plan, r)
    return out


def _resource_jobs(plan: ProjectPlan, r: ResourcePlan) -> list[Job]:
    layout = plan.layout
    model: Part = "model" if r.in_spec else "project"
    endpoints: Part = "endpoints" if r.in_spec else "project"
    out = [
        Job(f"{layout.models}{r.snake}.py", "model/orm.py.j2", model, r),
        Job(f"{layout.models}{r.snake}_schemas.py", "model/schemas.py.j2", model, r),
        Job(f"{layout.services}{r.snake}.py", "endpoints/service.py.j2", endpoints, r),
    ]
    if r.endpoints or r.files:
        out += [
            Job(f"{layout.api_routes}{r.snake}.py", "endpoints/routes.py.j2", endpoints, r),
            Job(f"{layout.controllers}{r.snake}.py", "endpoints/controller.py.j2", endpoints, r),
            Job(f"{layout.tests}test_{r.snake}.py", "tests/test_resource.py.j2", endpoints, r),
        ]
    return out


def _app_folder(app: str) -> str:
    return app.replace(".", "/") + "/"


def _package_inits(plan: ProjectPlan) -> list[Job]:
    """An ``__init__.py`` in every folder that holds code, and in every folder above it."""
    layout = plan.layout.as_mapping()
    special = {layout["api_routes"], layout["models"]}
    docs = {folder: FOLDER_DOCS[key] for key, folder in layout.items() if FOLDER_DOCS[key]}
    folders: set[str] = set()
    for folder in layout.values():
        parts = folder.rstrip("/").split("/")
        folders |= {"/".join(parts[: i + 1]) + "/" for i in range(len(parts))}
    out = []
    for folder in sorted(folders - special):
        doc = docs.get(folder, f"The {plan.name} application.")
        out.append(Job(f"{folder}__init__.py", "", "project", text=f'"""{doc}"""\n'))
    return out


def _check_distinct(plan: ProjectPlan, app: str) -> None:
    seen: dict[str, str] = {}
    for key, folder in plan.layout.as_mapping().items():
        if folder in seen:
            raise InputError(
                f"layout: {key} and {seen[folder]} are both {folder!r}; they must differ"
            )
        seen[folder] = key
    if not app:
        raise InputError(
            f"layout: api_routes {plan.layout.api_routes!r} must sit inside a package folder "
            "(such as src/routes/), which holds main.py"
        )
