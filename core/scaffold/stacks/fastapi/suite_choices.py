"""What the generated tests exercise: who acts, what is refused, which fields and records."""

from __future__ import annotations

from backendbot.core.scaffold.context import ProjectView, ResourceView
from backendbot.core.scaffold.fields import FieldView, py_literal
from backendbot.core.scaffold.stacks.fastapi.permissions import operations
from backendbot.core.spec.model import Operation


def reaches(p: ProjectView, start: ResourceView, goal: str, seen: set[str]) -> bool:
    """Whether following refs from ``start`` comes back to ``goal`` (a cycle)."""
    if start.name in seen:
        return False
    seen.add(start.name)
    for f in start.refs:
        target = p.resource(f.spec.to or "")
        if target.name == goal or reaches(p, target, goal, seen):
            return True
    return False


def _satisfies(r: ResourceView, op: Operation, role: str | None) -> bool:
    roles = r.roles(op)
    return (
        roles is None or "user" in roles or "owner" in roles or (role is not None and role in roles)
    )


def actor_role(p: ProjectView, r: ResourceView) -> str:
    """The role the tests' actor signs up with (a literal; empty: the default role)."""
    for role in [p.default_role, *p.roles]:
        if all(_satisfies(r, op, role) for op in operations(r)):
            return "" if role == p.default_role else py_literal(role)
    return ""


def forbids_other(p: ProjectView, r: ResourceView, op: Operation) -> bool:
    """Whether a signed-in user with the default role, not the owner, is refused ``op``."""
    roles = r.roles(op)
    if roles is None or "user" in roles:
        return False
    return p.default_role not in roles


def admin_reads(p: ProjectView, r: ResourceView) -> bool:
    """Whether the admin role may read any record of ``r`` (not only its own)."""
    roles = r.roles("get")
    return roles is None or "user" in roles or p.admin_role in roles


def forbids_default(p: ProjectView, r: ResourceView, op: Operation) -> bool:
    return p.auth and forbids_other(p, r, op)


def deletes_self(p: ProjectView, r: ResourceView) -> bool:
    role = actor_role(p, r).strip('"') or p.default_role
    roles = r.roles("delete") or ()
    return "user" not in roles and role not in roles


def token_ops(p: ProjectView, r: ResourceView) -> list[tuple[str, str]]:
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


def text_field(r: ResourceView) -> FieldView | None:
    """The first string or text field a create accepts, to send control characters in."""
    return next((f for f in r.writable if f.kind in {"string", "text"}), None)


def update_field(r: ResourceView) -> FieldView | None:
    """A field an update test may change freely (an email change needs more: see the user)."""
    fields = [f for f in r.writable if f.comparable and f.kind != "ref"]
    return next((f for f in fields if not (r.is_user and f.name == "email")), None)


def plain_refs(r: ResourceView) -> tuple[FieldView, ...]:
    """Refs the request body sets (owner refs come from the token)."""
    return tuple(f for f in r.refs if f.writable)


def non_nullable(r: ResourceView) -> FieldView | None:
    return next((f for f in r.writable if not f.nullable), None)


def referrer_of(p: ProjectView, r: ResourceView) -> tuple[ResourceView, str] | None:
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


def deleted_with(p: ProjectView, r: ResourceView) -> list[tuple[ResourceView, FieldView]]:
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
