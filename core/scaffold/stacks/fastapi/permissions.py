"""Who may call an operation, as the routes and controllers say it: the user parameters,
the role guard, the answers an operation documents and its description."""

from __future__ import annotations

from backendbot.core.scaffold.context import ProjectView, ResourceView
from backendbot.core.scaffold.stacks.fastapi.list_query import filters
from backendbot.core.spec.model import Operation


def needs_user(p: ProjectView, r: ResourceView, op: Operation) -> bool:
    return p.auth and r.roles(op) is not None


def needs_authorize(p: ProjectView, r: ResourceView, op: Operation) -> bool:
    roles = r.roles(op)
    return p.auth and roles is not None and "user" not in roles


def viewer(p: ProjectView, r: ResourceView, op: Operation) -> bool:
    """A public operation on a resource with private fields: a token, when sent, shows more."""
    return p.auth and bool(r.private) and r.roles(op) is None


def operations(r: ResourceView) -> list[Operation]:
    """The endpoints' operations, plus those a file field's upload and download use."""
    file_ops: list[Operation] = ["update", "get"] if r.files else []
    return [*r.endpoints, *file_ops]


def uses_optional_user(p: ProjectView) -> bool:
    return any(viewer(p, r, op) for r in p.resources for op in operations(r))


def user_args(p: ProjectView, r: ResourceView, op: Operation) -> list[str]:
    if viewer(p, r, op):
        return ["user: OptionalUser"]
    return ["user: CurrentUser"] if needs_user(p, r, op) else []


def user_params(p: ProjectView, r: ResourceView, op: Operation) -> list[str]:
    if viewer(p, r, op):
        return ["user: User | None"]
    return ["user: User"] if needs_user(p, r, op) else []


def user_pass(p: ProjectView, r: ResourceView, op: Operation) -> str:
    return ", user" if needs_user(p, r, op) or viewer(p, r, op) else ""


def role_guard(p: ProjectView, r: ResourceView, fields: str) -> str:
    if not (p.admin_role and r.field("role")):
        return ""
    return (
        f'        if "role" in {fields} and user.role != "{p.admin_role}":\n'
        f'            raise Forbidden("only {p.admin_role} may assign roles")\n'
    )


def statuses(
    p: ProjectView, r: ResourceView, op: Operation, upload: bool = False, accepts: bool = False
) -> str:
    codes: set[int] = {422}
    if op != "list" and op != "create":
        codes.add(404)
    if op in ("create", "update", "delete") and not upload:
        codes.add(409)
    if op in ("create", "update"):
        codes.add(400)  # a body that is not JSON
    if upload:
        codes |= {400, 413}
    if accepts:
        codes.add(415)
    if needs_user(p, r, op) or viewer(p, r, op):
        codes.add(401)
    if needs_authorize(p, r, op):
        codes.add(403)
    if r.is_user and op in ("create", "update") and role_guard(p, r, "x"):
        codes.add(403)
    if r.is_user and op == "update" and not upload:
        codes.add(403)  # an email or password change without the current password
    return ", ".join(str(c) for c in sorted(codes))


def describe(
    p: ProjectView, r: ResourceView, op: Operation, upload: str = "", download: str = ""
) -> str:
    text = {
        "list": f"A page of {r.plural_label}. Filter by equality on "
        f"{', '.join(f'`{name}`' for name, _, _ in filters(r)) or 'no field'}; "
        "sort with `sort` (`-` for descending).",
        "get": f"One {r.label} by id.",
        "create": f"Creates a {r.label}.",
        "update": "Changes the fields sent; the others keep their values.",
        "delete": f"Deletes a {r.label}.",
    }[op]
    if upload:
        text = f"Stores the uploaded file (multipart field `file`) as the {r.label}'s {upload}."
    if download:
        text = f"The {r.label}'s {download} as stored."
    roles = r.roles(op)
    if p.auth:
        who = (
            "anyone"
            if roles is None
            else " or ".join(
                {"user": "any signed-in user", "owner": "its owner"}.get(x, f"role `{x}`")
                for x in roles
            )
        )
        text += f" Allowed: {who}."
    return text.replace('"', '\\"')
