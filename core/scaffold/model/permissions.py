"""Who may call each operation of a resource: the spec's permissions and the defaults."""

from __future__ import annotations

from backendbot.core.scaffold.model.resources import Roles
from backendbot.core.spec.model import ALL_OPERATIONS, Operation, Resource


def permissions(
    resource: Resource, auth: bool, is_user: bool, admin: str | None
) -> dict[Operation, Roles]:
    if not auth:
        return dict.fromkeys(ALL_OPERATIONS, None)
    out: dict[Operation, Roles] = {}
    for op in ALL_OPERATIONS:
        given = resource.permissions.get(op)
        if given:
            roles = tuple(given)
            if op in ("list", "create"):  # nothing is owned yet: "owner" means any signed-in user
                roles = tuple(dict.fromkeys("user" if r == "owner" else r for r in roles))
            out[op] = roles
        elif is_user:
            out[op] = _user_default(op, admin)
        else:
            out[op] = None if op in ("list", "get") else ("user",)
    return out


def _user_default(op: Operation, admin: str | None) -> Roles:
    """Reading a user is for that user and admins; listing them for any signed-in user (who
    sees each one's public view)."""
    if op == "list":
        return ("user",)
    if op == "create":
        return (admin,) if admin else ("user",)
    return ("owner", admin) if admin else ("owner",)
