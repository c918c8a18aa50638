"""``BackendSpec`` → backend.yaml text (short forms where they say everything); parses back equal."""

from __future__ import annotations

from typing import Any

import yaml

from backendbot.core.spec.model import ALL_OPERATIONS, BackendSpec, Field, Resource

_OPTIONS = (
    "values",
    "required",
    "unique",
    "default",
    "min",
    "max",
    "max_length",
    "pattern",
    "max_items",
    "on_delete",
    "accept",
    "max_bytes",
    "private",
)


def dump_spec(spec: BackendSpec) -> str:
    data: dict[str, Any] = {"name": spec.name, "stack": spec.stack}
    if spec.auth.jwt:
        data["auth"] = {"jwt": True, "roles": list(spec.auth.roles)}
    data["resources"] = {r.name: _resource(r) for r in spec.resources}
    return yaml.safe_dump(
        data, sort_keys=False, default_flow_style=None, width=100, allow_unicode=True
    )


def _resource(resource: Resource) -> dict[str, Any]:
    out: dict[str, Any] = {"fields": {f.name: _field(f) for f in resource.fields}}
    if resource.endpoints != ALL_OPERATIONS:
        out["endpoints"] = list(resource.endpoints)
    if resource.permissions:
        out["permissions"] = {
            op: roles[0] if len(roles) == 1 else list(roles)
            for op, roles in resource.permissions.items()
        }
    return out


def _field(field: Field) -> str | dict[str, Any]:
    if field.type == "list":
        type_name = f"list[{field.item_type}]"
    elif field.type == "ref":
        type_name = f"ref[{field.to}]"
    else:
        type_name = field.type
    options = {
        key: list(value) if isinstance(value, tuple) else value
        for key in _OPTIONS
        if _is_set(key, value := getattr(field, key))
    }
    if not options:
        return type_name
    if field.type == "ref":
        return {"type": "ref", "to": field.to, **options}
    return {"type": type_name, **options}


def _is_set(key: str, value: object) -> bool:
    if key in ("required", "unique"):
        return value is True
    return value is not None and value != ()
