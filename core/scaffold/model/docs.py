"""An operation's description in the OpenAPI document: what it does and who may call it."""

from __future__ import annotations

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.spec.model import Operation


def describe(
    p: ProjectPlan, r: ResourcePlan, op: Operation, upload: str = "", download: str = ""
) -> str:
    """``upload``/``download``: the file field whose upload or download this is."""
    text = {
        "list": f"A page of {r.plural_label}. Filter by equality on "
        f"{', '.join(f'`{name}`' for name in r.filter_names) or 'no field'}; "
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
    return text
