"""Which CRUD operations an OpenAPI document's paths give each schema.

``/pets`` GET → list, POST → create; ``/pets/{id}`` GET → get, PUT or PATCH → update, DELETE →
delete. The schema is the one the success response returns (directly, as array items, or as the
items of a page wrapper), else the one whose name matches the path's last plain segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backendbot.core.spec.model import Operation
from backendbot.core.spec.openapi_schemas import Schemas, scalar
from backendbot.core.spec.yamltree import Span, YMap, YNode

_COLLECTION: dict[str, Operation] = {"get": "list", "post": "create"}
_ITEM: dict[str, Operation] = {"get": "get", "put": "update", "patch": "update", "delete": "delete"}
_PAGE_KEYS = ("items", "data", "results", "content", "records")
Found = dict[str, dict[Operation, Span]]  # schema name -> operation -> where it was found


def infer_endpoints(paths: YMap, schemas: Schemas) -> Found:
    found: Found = {}
    for path_entry in paths.entries.values():
        segments = [s for s in path_entry.key.split("/") if s]
        is_item = bool(segments) and segments[-1].startswith("{")
        plain = (
            segments[-2] if is_item and len(segments) > 1 else (segments[-1] if segments else "")
        )
        if not plain or plain.startswith("{") or not isinstance(path_entry.value, YMap):
            continue
        table = _ITEM if is_item else _COLLECTION
        for method, op_entry in path_entry.value.entries.items():
            op = table.get(method.lower())
            if op is None:
                continue
            schema = _returned_schema(op_entry.value, schemas) or _by_segment(plain, schemas.nodes)
            if schema is not None:
                found.setdefault(schema, {}).setdefault(op, op_entry.key_span)
    return found


def _returned_schema(operation: YNode, schemas: Schemas) -> str | None:
    responses = operation.get("responses") if isinstance(operation, YMap) else None
    if responses is None or not isinstance(responses.value, YMap):
        return None
    for code, response in responses.value.entries.items():
        if not code.startswith("2"):
            continue
        for schema in _json_schemas(response.value):
            name = _object_ref(schema, schemas)
            if name is not None:
                return name
    return None


def _json_schemas(response: YNode) -> Iterable[YNode]:
    content = response.get("content") if isinstance(response, YMap) else None
    if content is None or not isinstance(content.value, YMap):
        return
    for media, body in content.value.entries.items():
        schema = body.value.get("schema") if isinstance(body.value, YMap) else None
        if schema is not None and "json" in media:
            yield schema.value


def _object_ref(node: YNode, schemas: Schemas) -> str | None:
    """The schema named by a $ref, by array items, or by the array property of a page wrapper."""
    name = schemas.ref_target(node)
    if name is not None and schemas.is_object(node):
        target = schemas.resolve(node)
        return (_wrapped(target, schemas) if isinstance(target, YMap) else None) or name
    if isinstance(node, YMap) and scalar(node, "type") == "array" and (items := node.get("items")):
        return _object_ref(items.value, schemas)
    return _wrapped(node, schemas) if isinstance(node, YMap) else None


def _wrapped(node: YMap, schemas: Schemas) -> str | None:
    """``{items: [X], total: ...}``-style pages: the schema of the list."""
    props = node.get("properties")
    if props is None or not isinstance(props.value, YMap):
        return None
    for key in _PAGE_KEYS:
        listed = props.value.get(key)
        if (
            listed is not None
            and isinstance(listed.value, YMap)
            and scalar(listed.value, "type") == "array"
        ):
            items = listed.value.get("items")
            return schemas.ref_target(items.value) if items is not None else None
    return None


def _by_segment(segment: str, names: Iterable[str]) -> str | None:
    wanted = {_squash(segment), _squash(_singular(segment))}
    return next((n for n in names if _squash(n) in wanted), None)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word
