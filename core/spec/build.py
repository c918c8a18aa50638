"""The backend.yaml tree → a checked ``BackendSpec`` plus every problem found on the way.

Problems are independent where they can be: a broken field does not hide the next one, a broken
``auth`` only skips the role checks that depend on it.
"""

from __future__ import annotations

from backendbot.core.spec.fields import check_field
from backendbot.core.spec.model import (
    ALL_OPERATIONS,
    Auth,
    BackendSpec,
    Field,
    Operation,
    Resource,
    Stack,
)
from backendbot.core.spec.names import (
    RESERVED_FIELDS,
    project_name_problem,
    resource_name_problem,
    role_name_problem,
)
from backendbot.core.spec.permissions import check_permissions
from backendbot.core.spec.raw import (
    RawAuth,
    RawResource,
    RawSpec,
    close_match,
    validate_node,
    validate_raw,
)
from backendbot.core.spec.yamltree import (
    Path,
    Problem,
    Span,
    YEntry,
    YMap,
    YNode,
    YScalar,
    YSeq,
    data_of,
    head_span,
)

STACKS = ("fastapi", "express")
TOP_KEYS = "name, stack, auth, resources"


def duplicate_message(path: Path, key: str, first_line: int) -> str:
    """Names what is repeated: a resource, a field, or just a key."""
    if path == ("resources",):
        return f"duplicate resource '{key}' (first on line {first_line})"
    if len(path) == 3 and path[0] == "resources" and path[2] == "fields":
        return f"duplicate field '{key}' in resource '{path[1]}' (first on line {first_line})"
    return f"duplicate key '{key}' (first on line {first_line})"


def build_spec(root: YNode | None, problems: list[Problem]) -> BackendSpec | None:
    """Check the whole document; the spec when no problem was found (``problems`` is appended to)."""
    if root is None:
        problems.append(
            Problem(Span(0, 0), f"the spec is empty (expected a mapping with {TOP_KEYS})")
        )
        return None
    if not isinstance(root, YMap):
        problems.append(Problem(head_span(root), f"the spec must be a mapping with {TOP_KEYS}"))
        return None
    before = len(problems)
    top, auth = check_top(root, problems)
    resources = _resources(root.get("resources"), auth, problems)
    if len(problems) > before or top is None or auth is None or resources is None:
        return None
    chosen: Stack = "express" if top.stack == "express" else "fastapi"  # checked above
    return BackendSpec(name=top.name, stack=chosen, auth=auth, resources=resources)


def check_top(
    root: YMap, problems: list[Problem], *, resources_apart: bool = False
) -> tuple[RawSpec | None, Auth | None]:
    """The top-level keys and ``auth``; ``resources_apart``: the resources are checked elsewhere."""
    data = data_of(root, RawSpec.data_depth)
    if resources_apart:
        data["resources"] = {}
    top = validate_raw(RawSpec, data, root, "", Span(0, 0), problems)
    name, stack = _value_of(root, "name"), _value_of(root, "stack")
    if isinstance(name, str) and (message := project_name_problem(name)):
        problems.append(Problem(_span(root, "name"), message))
    if isinstance(stack, str) and stack not in STACKS:
        message = f"stack '{stack}' is not supported (expected fastapi or express)"
        problems.append(Problem(_span(root, "stack"), message))
    return top, _auth(root.get("auth"), problems)


def case_clash(name: str, by_lower: dict[str, str]) -> str | None:
    """A message when ``name`` differs from an earlier resource name only in case."""
    clash = by_lower.setdefault(name.lower(), name)
    return f"resource '{name}' differs from '{clash}' only in case" if clash != name else None


def check_resource(
    entry: YEntry, names: set[str], auth: Auth | None, problems: list[Problem]
) -> Resource | None:
    """One resource (``auth`` None: auth was invalid, roles are not checked)."""
    if message := resource_name_problem(entry.key):
        problems.append(Problem(entry.key_span, message))
    return _resource(entry, names, auth, problems)


def _value_of(node: YMap, key: str) -> object:
    entry = node.get(key)
    return entry.value.value if entry is not None and isinstance(entry.value, YScalar) else None


def _span(node: YMap, key: str) -> Span:
    entry = node.get(key)
    return head_span(entry.value) if entry else Span(0, 0)


def _auth(entry: YEntry | None, problems: list[Problem]) -> Auth | None:
    if entry is None or (isinstance(entry.value, YScalar) and entry.value.value is None):
        return Auth()  # no auth, or an empty "auth:"
    if not isinstance(entry.value, YMap):
        return None  # RawSpec reported the type
    raw = validate_node(RawAuth, entry.value, "auth", entry.key_span, problems)
    if raw is None:
        return None
    ok = True
    roles_span = _span(entry.value, "roles")
    for role in raw.roles:
        if message := role_name_problem(role):
            problems.append(Problem(roles_span, f"auth: {message}"))
            ok = False
    if len(set(raw.roles)) != len(raw.roles):
        problems.append(Problem(roles_span, "auth: a role is listed twice"))
        ok = False
    if raw.roles and not raw.jwt:
        problems.append(Problem(roles_span, "auth: roles need jwt: true"))
        ok = False
    return Auth(jwt=raw.jwt, roles=tuple(raw.roles)) if ok else None


def _resources(
    entry: YEntry | None, auth: Auth | None, problems: list[Problem]
) -> tuple[Resource, ...] | None:
    if entry is None:
        return None  # RawSpec reported the missing key
    node = entry.value
    if not isinstance(node, YMap):
        return None  # RawSpec reported the type
    if not node.entries:
        problems.append(
            Problem(entry.key_span, "resources must be a non-empty mapping of Name: {fields: ...}")
        )
        return None
    names = set(node.entries)
    by_lower: dict[str, str] = {}
    built: list[Resource] = []
    for res_entry in node.entries.values():
        resource = check_resource(res_entry, names, auth, problems)
        if message := case_clash(res_entry.key, by_lower):
            problems.append(Problem(res_entry.key_span, message))
        if resource is not None:
            built.append(resource)
    return tuple(built) if len(built) == len(node.entries) else None


def _resource(
    entry: YEntry, names: set[str], auth: Auth | None, problems: list[Problem]
) -> Resource | None:
    where = f"resource '{entry.key}'"
    raw = validate_node(RawResource, entry.value, where, entry.key_span, problems)
    node = entry.value
    fields_entry = node.get("fields") if isinstance(node, YMap) else None
    fields = _fields(fields_entry, where, names, problems) if fields_entry else None
    if fields is not None and fields_entry is not None and auth is not None:
        _check_user_role(entry.key, fields, fields_entry, auth, problems)
    if raw is None or not isinstance(node, YMap):
        return None
    before = len(problems)
    endpoints = _endpoints(node.get("endpoints"), where, problems)
    permissions = check_permissions(node.get("permissions"), endpoints, auth, where, problems)
    if len(problems) > before or permissions is None or fields is None:
        return None
    return Resource(name=entry.key, fields=fields, endpoints=endpoints, permissions=permissions)


def _fields(
    entry: YEntry, where: str, names: set[str], problems: list[Problem]
) -> tuple[Field, ...] | None:
    node = entry.value
    if not isinstance(node, YMap):
        return None  # RawResource reported the type
    if not node.entries:
        problems.append(Problem(entry.key_span, f"{where}: no fields"))
        return None
    built = [check_field(field_entry, names, problems) for field_entry in node.entries.values()]
    fields = tuple(f for f in built if f is not None)
    _check_ref_columns(node, fields, where, problems)
    return fields if len(fields) == len(built) else None


def _endpoints(entry: YEntry | None, where: str, problems: list[Problem]) -> tuple[Operation, ...]:
    if entry is None or not isinstance(entry.value, YSeq):
        return ALL_OPERATIONS
    chosen: list[Operation] = []
    for item in entry.value.items:
        op = next((o for o in ALL_OPERATIONS if o == getattr(item, "value", None)), None)
        if op is None:
            problems.append(Problem(head_span(item), _unknown_endpoint(item, where)))
        elif op in chosen:
            problems.append(Problem(head_span(item), f"{where}: endpoint '{op}' is listed twice"))
        else:
            chosen.append(op)
    return tuple(o for o in ALL_OPERATIONS if o in chosen)


def _unknown_endpoint(item: YNode, where: str) -> str:
    value = getattr(item, "value", "?")
    guess = close_match(value, ALL_OPERATIONS) if isinstance(value, str) else None
    hint = f"; did you mean '{guess}'?" if guess else ""
    expected = ", ".join(ALL_OPERATIONS)
    return f"{where}: unknown endpoint {value!r} (expected one of {expected}){hint}"


def _check_user_role(
    name: str, fields: tuple[Field, ...], fields_entry: YEntry, auth: Auth, problems: list[Problem]
) -> None:
    """With JWT roles, the User resource's ``role`` (the generator adds one if absent) must list them."""
    role = next((f for f in fields if f.name == "role"), None)
    if not auth.jwt or not auth.roles or name.lower() != "user" or role is None:
        return
    if role.type != "enum" or set(role.values) != set(auth.roles):
        assert isinstance(fields_entry.value, YMap)  # fields were built from this mapping
        span = fields_entry.value.entries["role"].key_span
        roles = ", ".join(auth.roles)
        problems.append(
            Problem(
                span, f"resource '{name}': field 'role' must be an enum of auth.roles ({roles})"
            )
        )


def _check_ref_columns(
    node: YMap, fields: tuple[Field, ...], where: str, problems: list[Problem]
) -> None:
    """A ref ``x`` is stored in the column ``x_id``: no reserved name, no other field of that name."""
    for field in fields:
        column = f"{field.name}_id"
        if field.type != "ref":
            continue
        if column in RESERVED_FIELDS:
            message = (
                f"{where}: ref '{field.name}' would need the reserved column '{column}'; rename it"
            )
            problems.append(Problem(node.entries[field.name].key_span, message))
        elif column in node.entries:
            message = f"{where}: field '{column}' clashes with the column of ref '{field.name}'"
            problems.append(Problem(node.entries[column].key_span, message))
