"""Who may call an operation, as the routes and controllers say it: the user parameters,
the role guard, the answers an operation documents and its description."""

from __future__ import annotations

from backendbot.core.scaffold.model import answers, docs
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.spec.model import Operation


def uses_optional_user(p: ProjectPlan) -> bool:
    return any(r.viewer(op) for r in p.resources for op in r.operations)


def user_args(r: ResourcePlan, op: Operation) -> list[str]:
    if r.viewer(op):
        return ["user: OptionalUser"]
    return ["user: CurrentUser"] if r.needs_user(op) else []


def user_params(r: ResourcePlan, op: Operation) -> list[str]:
    if r.viewer(op):
        return ["user: User | None"]
    return ["user: User"] if r.needs_user(op) else []


def user_pass(r: ResourcePlan, op: Operation) -> str:
    return ", user" if r.needs_user(op) or r.viewer(op) else ""


def role_guard(p: ProjectPlan, r: ResourcePlan, fields: str) -> str:
    """The controller lines refusing a ``role`` in ``fields`` from anyone but the admin role."""
    if not p.guards_role(r):
        return ""
    return (
        f'        if "role" in {fields} and user.role != "{p.admin_role}":\n'
        f'            raise Forbidden("only {p.admin_role} may assign roles")\n'
    )


def statuses(
    p: ProjectPlan, r: ResourcePlan, op: Operation, upload: bool = False, accepts: bool = False
) -> str:
    """The error answers of a route, as ``error_responses(...)`` arguments."""
    return ", ".join(str(c) for c in answers.statuses(p, r, op, upload, accepts))


def describe(
    p: ProjectPlan, r: ResourcePlan, op: Operation, upload: str = "", download: str = ""
) -> str:
    """The operation's description, inside a double-quoted Python string."""
    return docs.describe(p, r, op, upload, download).replace('"', '\\"')


def needs_user(r: ResourcePlan, op: Operation) -> bool:
    return r.needs_user(op)


def needs_authorize(r: ResourcePlan, op: Operation) -> bool:
    return r.needs_authorize(op)


def viewer(r: ResourcePlan, op: Operation) -> bool:
    return r.viewer(op)
