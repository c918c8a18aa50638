"""What a generated test suite exercises, in any stack: who acts, what is refused, which
fields and records the tests use, which routes need a token."""

from __future__ import annotations

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.spec.model import Operation


def reaches(p: ProjectPlan, start: ResourcePlan, goal: str, seen: set[str]) -> bool:
    """Whether following refs from ``start`` comes back to ``goal`` (a cycle)."""
    if start.name in seen:
        return False
    seen.add(start.name)
    for f in start.refs:
        target = p.resource(f.spec.to or "")
        if target.name == goal or reaches(p, target, goal, seen):
            return True
    return False


def actor_role(p: ProjectPlan, r: ResourcePlan) -> str | None:
    """The first role (the default one first) that may call every operation of ``r``."""
    for role in [p.default_role, *p.roles]:
        if all(_satisfies(r, op, role) for op in r.operations):
            return role
    return None


def _satisfies(r: ResourcePlan, op: Operation, role: str | None) -> bool:
    roles = r.roles(op)
    return (
        roles is None or "user" in roles or "owner" in roles or (role is not None and role in roles)
    )


def forbids_other(p: ProjectPlan, r: ResourcePlan, op: Operation) -> bool:
    """Whether a signed-in user with the default role, not the owner, is refused ``op``."""
    roles = r.roles(op)
    if roles is None or "user" in roles:
        return False
    return p.default_role not in roles


def forbids_default(p: ProjectPlan, r: ResourcePlan, op: Operation) -> bool:
    return p.auth and forbids_other(p, r, op)


def admin_reads(p: ProjectPlan, r: ResourcePlan) -> bool:
    """Whether the admin role may read any record of ``r`` (not only its own)."""
    roles = r.roles("get")
    return roles is None or "user" in roles or p.admin_role in roles


def deletes_self(p: ProjectPlan, r: ResourcePlan) -> bool:
    """Whether the actor may not delete its own records (so the test deletes as another)."""
    role = actor_role(p, r) or p.default_role
    roles = r.roles("delete") or ()
    return "user" not in roles and role not in roles


def token_routes(p: ProjectPlan, r: ResourcePlan) -> list[tuple[str, str]]:
    """(method, path) of every route of ``r`` that needs a signed-in user."""
    if not p.auth:
        return []
    one = f"{r.url}/1"
    paths = {
        "list": ("GET", r.url),
        "get": ("GET", one),
        "create": ("POST", r.url),
        "update": ("PATCH", one),
        "delete": ("DELETE", one),
    }
    out = [paths[op] for op in r.endpoints if r.roles(op) is not None]
    for f in r.files:
        if r.roles("update") is not None:
            out.append(("PUT", f"{one}/{f.name}"))
    return out


def text_field(r: ResourcePlan) -> FieldPlan | None:
    """The first string or text field a create accepts, to send control characters in."""
    return next((f for f in r.writable if f.kind in {"string", "text"}), None)


def update_field(r: ResourcePlan) -> FieldPlan | None:
    """A field an update test may change freely (an email change needs more: see the user)."""
    fields = [f for f in r.writable if f.comparable and f.kind != "ref"]
    return next((f for f in fields if not (r.is_user and f.name == "email")), None)


def plain_refs(r: ResourcePlan) -> tuple[FieldPlan, ...]:
    """Refs the request body sets (owner refs come from the token)."""
    return tuple(f for f in r.refs if f.writable)


def non_nullable(r: ResourcePlan) -> FieldPlan | None:
    return next((f for f in r.writable if not f.nullable), None)


def referrer_of(p: ProjectPlan, r: ResourcePlan) -> tuple[ResourcePlan, str] | None:
    """A resource whose records, while they refer to one of ``r``, forbid deleting it."""
    for other in p.resources:
        if other.is_user:
            continue
        if r.is_user and other.owned:
            return other, "owner_id"
        for f in other.refs:
            if (
                f.spec.to == r.name
                and other.name != r.name
                and f.spec.on_delete in (None, "restrict")
            ):
                return other, f.name
    return None


def deleted_with(p: ProjectPlan, r: ResourcePlan) -> list[tuple[ResourcePlan, FieldPlan]]:
    """(resource, ref) pairs whose records a delete of ``r`` removes or clears."""
    if r.is_user:
        return []
    return [
        (other, f)
        for other in p.resources
        if not other.is_user and other.name != r.name
        for f in other.refs
        if f.spec.to == r.name and f.spec.on_delete in ("cascade", "set_null")
    ]
