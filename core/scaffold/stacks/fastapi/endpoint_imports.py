"""What a resource's service, controller and routes modules import."""

from __future__ import annotations

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks.fastapi.imports import Modules, block
from backendbot.core.scaffold.stacks.fastapi.packages import modules as module_paths


def service_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    modules: Modules = {f"{m.services}.crud": {"CrudService"}}
    for target in {r.name, *(f.spec.to or "" for f in r.refs)}:
        modules.setdefault(f"{m.models}.{p.resource(target).snake}", set()).add(target)
    if r.is_user:
        modules["sqlalchemy"] = {"select"}
    return block(p, modules)


def controller_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    ops = set(r.endpoints)
    schemas = {f"{r.name}Read"}
    schemas |= {
        f"{r.name}{s}" for op, s in (("create", "Create"), ("update", "Update")) if op in ops
    }
    if "list" in ops:
        schemas |= {f"{r.name}ListQuery", f"{r.name}Page"}
    modules: Modules = {
        "fastapi": {"Request"},
        f"{m.database}.session": {"SessionDep"},
        f"{m.models}.{r.snake}_schemas": schemas,
        f"{m.services}.{r.snake}": {f"{r.name}Service"},
    }
    all_ops = r.operations
    if any(r.needs_user(op) or r.viewer(op) for op in all_ops):
        modules[f"{m.models}.user"] = {"User"}
    if any(r.needs_authorize(op) for op in all_ops):
        modules[f"{m.middleware}.auth"] = {"authorize"}
    if r.private:
        modules[f"{m.models}.{r.snake}_schemas"].add(f"{r.name}Public")
        modules.setdefault(f"{m.models}.{r.snake}", set()).add(r.name)
    if r.private or ops & {"list", "get", "update"} or r.files:
        modules[f"{m.models}.{r.snake}_schemas"].add(f"{r.name}View")
    if r.files:
        modules[f"{m.services}.storage"] = {"Storage"}
        modules[f"{m.services}.errors"] = {"NotFound"}
        modules[f"{m.services}.uploads"] = {"Upload", "read_upload"}
    if r.is_user:
        modules[f"{m.services}.auth"] = {"Passwords"}
        if (p.guards_role(r) and ops & {"create", "update"}) or "update" in ops:
            modules.setdefault(f"{m.services}.errors", set()).add("Forbidden")
    return block(p, modules)


def route_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    ops = set(r.endpoints)
    schemas: set[str] = set()
    schemas |= {
        f"{r.name}{s}" for op, s in (("create", "Create"), ("update", "Update")) if op in ops
    }
    if "list" in ops:
        schemas |= {f"{r.name}ListQuery", f"{r.name}Page"}
    fastapi = {"APIRouter", "Depends", "Path"}
    if "list" in ops:
        fastapi.add("Query")
    if r.files:
        fastapi |= {"Request", "Response"}
    modules: Modules = {
        "typing": {"Annotated"},
        "fastapi": fastapi,
        f"{m.controllers}.{r.snake}": {f"{r.name}Controller", f"{r.snake}_controller"},
        f"{m.middleware}.errors": {"error_responses"},
        f"{m.models}.{r.snake}_schemas": schemas,
    }
    if r.files:
        modules["urllib.parse"] = {"quote"}
        modules["starlette.concurrency"] = {"run_in_threadpool"}
        modules[f"{m.services}.uploads"] = {"upload_body"}
        modules[f"{m.database}.session"] = {"DatabaseDep"}
    if ops & {"list", "get"}:
        # list and get are async: they read through Database.run
        modules[f"{m.database}.session"] = {"DatabaseDep"}
    all_ops = r.operations
    auth = {"CurrentUser"} if any(r.needs_user(op) for op in all_ops) else set()
    if any(r.viewer(op) for op in all_ops):
        auth |= {"OptionalUser", "OPTIONAL_SIGN_IN"}
    if auth:
        modules[f"{m.middleware}.auth"] = auth
    if ops & {"list", "get", "update"} or r.files:
        modules[f"{m.models}.{r.snake}_schemas"].add(f"{r.name}View")
    if "create" in ops:
        modules[f"{m.models}.{r.snake}_schemas"].add(f"{r.name}Read")
    return block(p, modules)
