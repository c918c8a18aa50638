"""OpenAPI 3.0/3.1 (YAML or JSON) → the same located tree a backend.yaml gives, then the same checks.

Object component schemas become resources (those the paths return, plus what they reference; all
of them when there are no paths), properties become fields, paths give each resource's endpoints
and a bearer security scheme turns on JWT auth. Every problem points into the OpenAPI document.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from backendbot.core.spec.model import ALL_OPERATIONS
from backendbot.core.spec.names import RESERVED_FIELDS
from backendbot.core.spec.openapi_fields import property_field
from backendbot.core.spec.openapi_paths import Found, infer_endpoints
from backendbot.core.spec.openapi_schemas import Schemas, pascal_case, scalar, snake_case
from backendbot.core.spec.yamltree import (
    Problem,
    Span,
    YEntry,
    YMap,
    YNode,
    YScalar,
    YSeq,
    head_span,
)

_VERSION = re.compile(r"3\.[01](\.\d+)?")
_SERVER_SET = RESERVED_FIELDS & {"id", "created_at", "updated_at", "owner_id"}


def is_openapi(root: YNode | None) -> TypeGuard[YMap]:
    """A top-level ``openapi:`` (or Swagger 2's ``swagger:``) key marks an API description."""
    return isinstance(root, YMap) and ("openapi" in root.entries or "swagger" in root.entries)


def openapi_tree(root: YMap, problems: list[Problem]) -> YMap | None:
    """A backend.yaml-shaped tree whose spans point into the OpenAPI document."""
    version = root.entries.get("openapi") or root.entries["swagger"]
    found_version = version.value.value if isinstance(version.value, YScalar) else None
    if not isinstance(found_version, str) or _VERSION.fullmatch(found_version) is None:
        problems.append(
            Problem(
                head_span(version.value),
                f"only OpenAPI 3.0 and 3.1 are supported (found {found_version!r})",
            )
        )
        return None
    components = root.get("components")
    schemas_entry = (
        components.value.get("schemas")
        if components and isinstance(components.value, YMap)
        else None
    )
    if schemas_entry is None or not isinstance(schemas_entry.value, YMap):
        problems.append(
            Problem(version.key_span, "no components.schemas: nothing to turn into resources")
        )
        return None
    schemas = Schemas(schemas_entry.value.entries)
    paths = root.get("paths")
    has_paths = paths is not None and isinstance(paths.value, YMap) and bool(paths.value.entries)
    found = infer_endpoints(paths.value, schemas) if paths and isinstance(paths.value, YMap) else {}
    selected = _select(schemas, found)
    names = {schema: pascal_case(schema) for schema in selected}
    resources: dict[str, YEntry] = {}
    for schema in selected:
        name, key_span = names[schema], schemas.nodes[schema].key_span
        if name in resources:
            problems.append(Problem(key_span, f"schema '{schema}' becomes resource '{name}' twice"))
            continue
        body = _resource(schema, schemas, names, found, has_paths, problems)
        resources[name] = YEntry(name, key_span, body)
    entries = {
        "name": _scalar_entry("name", *_project_name(root)),
        "resources": YEntry(
            "resources", schemas_entry.key_span, YMap(resources, schemas_entry.value.span)
        ),
    }
    if (bearer := _bearer_span(components)) is not None:
        entries["auth"] = YEntry(
            "auth", bearer, YMap({"jwt": _scalar_entry("jwt", True, bearer)}, bearer)
        )
    return YMap(entries, root.span)


def _select(schemas: Schemas, found: Found) -> list[str]:
    """Schema names to turn into resources, in document order."""
    objects = [name for name, entry in schemas.nodes.items() if schemas.is_object(entry.value)]
    if not found:
        return objects
    chosen = set(found)
    pending = list(found)
    while pending:
        props, _ = schemas.properties(schemas.nodes[pending.pop()].value, [])
        for prop in props:
            target = schemas.ref_target(prop.value)
            if target is not None and target not in chosen and schemas.is_object(prop.value):
                chosen.add(target)
                pending.append(target)
    return [name for name in objects if name in chosen]


def _resource(
    schema: str,
    schemas: Schemas,
    names: dict[str, str],
    found: Found,
    has_paths: bool,
    problems: list[Problem],
) -> YMap:
    props, required = schemas.properties(schemas.nodes[schema].value, problems)
    fields: dict[str, YEntry] = {}
    for prop in props:
        name = snake_case(prop.key)
        if name in _SERVER_SET or (
            isinstance(prop.value, YMap) and scalar(prop.value, "readOnly") is True
        ):
            continue
        if name in fields:
            problems.append(
                Problem(prop.key_span, f"property '{prop.key}' becomes field '{name}' twice")
            )
            continue
        field = property_field(name, prop, prop.key in required, schemas, names, problems)
        # a property that could not be converted (already reported) stands in as a plain string,
        # so the resource is not also reported as having no fields
        fields[name] = field or YEntry(name, prop.key_span, YScalar("string", prop.key_span))
    node = schemas.nodes[schema]
    entries = {"fields": YEntry("fields", node.key_span, YMap(fields, node.value.span))}
    if has_paths:
        ops = found.get(schema, {})
        items = tuple(YScalar(op, ops[op]) for op in ALL_OPERATIONS if op in ops)
        entries["endpoints"] = YEntry("endpoints", node.key_span, YSeq(items, node.key_span))
    return YMap(entries, node.value.span)


def _project_name(root: YMap) -> tuple[str, Span]:
    info = root.get("info")
    title = info.value.get("title") if info and isinstance(info.value, YMap) else None
    if title is None or not isinstance(title.value, YScalar):
        return "api", root.span
    slug = "-".join(re.findall(r"[a-z0-9]+", str(title.value.value).lower())) or "api"
    return (slug if slug[0].isalpha() else f"api-{slug}"), title.value.span


def _bearer_span(components: YEntry | None) -> Span | None:
    schemes = (
        components.value.get("securitySchemes")
        if components and isinstance(components.value, YMap)
        else None
    )
    if schemes is None or not isinstance(schemes.value, YMap):
        return None
    for entry in schemes.value.entries.values():
        if isinstance(entry.value, YMap) and str(scalar(entry.value, "scheme")).lower() == "bearer":
            return entry.key_span
    return None


def _scalar_entry(key: str, value: object, span: Span) -> YEntry:
    return YEntry(key, span, YScalar(value, span))
