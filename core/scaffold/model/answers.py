"""The HTTP statuses an operation answers besides success (every stack documents the same)."""

from __future__ import annotations

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.spec.model import Operation


def statuses(
    p: ProjectPlan, r: ResourcePlan, op: Operation, upload: bool = False, accepts: bool = False
) -> list[int]:
    """Sorted; ``upload``: the file upload of an update, ``accepts``: it checks media types."""
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
    if r.needs_user(op) or r.viewer(op):
        codes.add(401)
    if r.needs_authorize(op):
        codes.add(403)
    if r.is_user and op in ("create", "update") and p.guards_role(r):
        codes.add(403)
    if r.is_user and op == "update" and not upload:
        codes.add(403)  # an email or password change without the current password
    return sorted(codes)
