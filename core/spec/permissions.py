"""A resource's ``permissions``: operation → roles, checked against its endpoints and auth.roles."""

from __future__ import annotations

from backendbot.core.spec.model import ALL_OPERATIONS, Auth, Operation
from backendbot.core.spec.raw import close_match
from backendbot.core.spec.yamltree import Problem, YEntry, YMap, YNode, YScalar, YSeq, head_span

SPECIAL_ROLES = ("owner", "user")
OWNER_OPERATIONS: tuple[Operation, ...] = ("get", "update", "delete")


def check_permissions(
    entry: YEntry | None,
    endpoints: tuple[Operation, ...],
    auth: Auth | None,
    where: str,
    problems: list[Problem],
) -> dict[Operation, tuple[str, ...]] | None:
    """The permissions mapping (empty when absent), or None after adding its problems.

    ``auth`` is None when auth itself was invalid: then role names are not checked.
    """
    if entry is None or not isinstance(entry.value, YMap):
        return {}  # absent, or its type was reported by RawResource
    if auth is not None and not auth.jwt:
        problems.append(Problem(entry.key_span, f"{where}: permissions need auth: {{jwt: true}}"))
        return None
    before = len(problems)
    result: dict[Operation, tuple[str, ...]] = {}
    for op_entry in entry.value.entries.values():
        op = _operation(op_entry, endpoints, where, problems)
        roles = _roles(op_entry.value, op, auth, where, problems)
        if op is not None and roles is not None:
            result[op] = roles
    return result if len(problems) == before else None


def _operation(
    entry: YEntry, endpoints: tuple[Operation, ...], where: str, problems: list[Problem]
) -> Operation | None:
    op = next((o for o in ALL_OPERATIONS if o == entry.key), None)
    if op is None:
        guess = close_match(entry.key, ALL_OPERATIONS)
        hint = (
            f"did you mean '{guess}'?" if guess else f"expected one of {', '.join(ALL_OPERATIONS)}"
        )
        problems.append(
            Problem(
                entry.key_span, f"{where}: permission for unknown operation '{entry.key}' ({hint})"
            )
        )
    elif op not in endpoints:
        problems.append(
            Problem(
                entry.key_span,
                f"{where}: permission for '{op}' but the resource has no {op} endpoint",
            )
        )
        return None
    return op


def _roles(
    node: YNode, op: Operation | None, auth: Auth | None, where: str, problems: list[Problem]
) -> tuple[str, ...] | None:
    items: tuple[YNode, ...] = node.items if isinstance(node, YSeq) else (node,)
    if not items:
        problems.append(
            Problem(
                head_span(node), f"{where}: no roles for '{op}' (leave it out to use the default)"
            )
        )
        return None
    roles: list[str] = []
    known = (*auth.roles, *(r for r in SPECIAL_ROLES if r not in auth.roles)) if auth else None
    for item in items:
        role = item.value if isinstance(item, YScalar) else None
        if not isinstance(role, str):
            return None  # RawResource reported the type
        if known is not None and role not in known:
            problems.append(
                Problem(
                    item.span,
                    f"{where}: unknown role '{role}' (expected one of {', '.join(known)})",
                )
            )
        elif role == "owner" and op is not None and op not in OWNER_OPERATIONS:
            problems.append(
                Problem(
                    item.span,
                    f"{where}: 'owner' applies only to {', '.join(OWNER_OPERATIONS)}, not {op}",
                )
            )
        elif role in roles:
            problems.append(Problem(item.span, f"{where}: role '{role}' is listed twice"))
        else:
            roles.append(role)
    return tuple(roles)
