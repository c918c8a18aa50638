"""What the generated conftest and each resource's test module import."""

from __future__ import annotations

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.model.suite import deleted_with, token_routes
from backendbot.core.scaffold.stacks.fastapi.imports import Modules, block
from backendbot.core.scaffold.stacks.fastapi.packages import modules as module_paths
from backendbot.core.scaffold.stacks.fastapi.packages import tests_module


def conftest_imports(p: ProjectPlan) -> list[str]:
    m = module_paths(p.layout)
    modules: Modules = {
        "collections.abc": {"Iterator"},
        "pathlib": {"Path"},
        "typing": {"Any"},
        "fastapi": {"FastAPI"},
        "fastapi.testclient": {"TestClient"},
        "sqlalchemy": {"create_engine", "make_url", "text"},
        "sqlalchemy.orm": {"Session"},
        "sqlalchemy.pool": {"NullPool"},
        f"{m.config}.settings": {"Settings"},
        f"{m.database}.session": {"Database"},
        m.main(): {"create_app"},
    }
    for r in p.resources:
        names = {f"{r.name}Read"} if r.is_user else {f"{r.name}Create", f"{r.name}Read"}
        modules[f"{m.models}.{r.snake}_schemas"] = names
        if not r.is_user:
            modules[f"{m.services}.{r.snake}"] = {f"{r.name}Service"}
    if p.auth:
        modules[f"{m.models}.user"] = {"User"}
        modules["dataclasses"] = {"dataclass"}
        modules["pydantic"] = {"SecretStr"}
    return block(p, modules, ("itertools", "os", "pytest", "uuid"))


def test_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    conftest = f"{tests_module(p)}.conftest"
    modules: Modules = {
        "fastapi.testclient": {"TestClient"},
        f"{m.models}.{r.snake}_schemas": {"MAX_PAGE_SIZE"},
        conftest: {"Api"},
    }
    plain: tuple[str, ...] = ("pytest",) if token_routes(p, r) else ()
    if r.is_user and r.has("update") and r.unique:
        modules[conftest].add("PASSWORD")
    if r.files:
        modules[f"{m.config}.settings"] = {"Settings"}
        if p.auth and r.roles("update") is not None:
            modules["fastapi"] = {"FastAPI"}
            modules["starlette.types"] = {"Message", "Scope"}
            plain = (*plain, "asyncio")
    if r.has("delete"):
        for other, _ in deleted_with(p, r):
            modules[f"{m.models}.{other.snake}"] = {other.name}
    return block(p, modules, plain)
