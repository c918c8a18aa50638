"""One OpenAPI property → a backend.yaml field (as a located tree), or a located problem."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.spec.openapi_schemas import Schemas, scalar
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

STRING_FORMATS = {
    "email": "email",
    "uri": "url",
    "url": "url",
    "uuid": "uuid",
    "date": "date",
    "date-time": "datetime",
    "binary": "file",
}
PLAIN_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean"}
CONSTRAINTS = {
    "minimum": "min",
    "maximum": "max",
    "maxLength": "max_length",
    "maxItems": "max_items",
    "pattern": "pattern",
    "default": "default",
}


@dataclass(frozen=True)
class FieldSource:
    """What a property converts into: its type expression and the nodes that carry options."""

    type_name: str
    type_span: Span
    schema: YMap
    values: YEntry | None = None


def property_field(
    name: str,
    entry: YEntry,
    required: bool,
    schemas: Schemas,
    resources: dict[str, str],
    problems: list[Problem],
) -> YEntry | None:
    """The backend field for property ``entry`` named ``name`` (snake_case already applied)."""
    source = _source(entry.value, entry.key_span, schemas, resources, problems)
    if source is None:
        return None
    entries: dict[str, YEntry] = {}

    def put(key: str, value: object, span: Span) -> None:
        entries[key] = YEntry(key, span, YScalar(value, span))

    put("type", source.type_name, source.type_span)
    if required:
        put("required", True, entry.key_span)
    if source.values is not None:
        entries["values"] = YEntry("values", source.values.key_span, source.values.value)
    for key, option in CONSTRAINTS.items():
        found = source.schema.get(key)
        if found is not None:
            entries[option] = YEntry(option, found.key_span, found.value)
    _exclusive(source, entries)
    return YEntry(name, entry.key_span, YMap(entries, entry.value.span))


def _source(
    node: YNode,
    key_span: Span,
    schemas: Schemas,
    resources: dict[str, str],
    problems: list[Problem],
) -> FieldSource | None:
    target = schemas.ref_target(node, problems)
    if target is not None and target in resources:
        return FieldSource(f"ref[{resources[target]}]", head_span(node), YMap({}, node.span))
    if target is None and isinstance(node, YMap) and "$ref" in node.entries:
        return None  # a bad $ref, already reported
    schema = schemas.resolve(node)
    if not isinstance(schema, YMap):
        problems.append(Problem(key_span, "property: expected a schema mapping"))
        return None
    kind, kind_span = _kind(schema, key_span)
    enum = schema.get("enum")
    if enum is not None and kind != "string":
        problems.append(
            Problem(
                enum.key_span, f"property: only string enums are supported (this one is {kind!r})"
            )
        )
        return None
    if kind == "array":
        return _array(schema, key_span, schemas, problems)
    simple = _simple(schema, kind, kind_span)
    if simple is None:
        if kind == "object" or "properties" in schema.entries:
            what = "nested objects are not supported (make it a component schema and $ref it)"
        else:
            what = f"type {kind!r} is not supported" if kind is not None else "no type given"
        problems.append(Problem(key_span, f"property: {what}"))
    return simple


def _kind(schema: YMap, fallback: Span) -> tuple[object, Span]:
    entry = schema.get("type")
    if entry is None:
        return ("string" if "enum" in schema.entries else None), fallback
    value = entry.value
    if isinstance(value, YSeq):  # 3.1: type: [string, "null"]
        kinds = [i.value for i in value.items if isinstance(i, YScalar) and i.value != "null"]
        return (kinds[0] if len(kinds) == 1 else None), head_span(value)
    return (value.value if isinstance(value, YScalar) else None), value.span


def _simple(schema: YMap, kind: object, span: Span) -> FieldSource | None:
    if kind in PLAIN_TYPES:
        return FieldSource(PLAIN_TYPES[str(kind)], span, schema)
    if kind != "string":
        return None
    enum = schema.get("enum")
    if enum is not None:
        return FieldSource("enum", span, schema, YEntry("values", enum.key_span, enum.value))
    fmt = scalar(schema, "format")
    media = scalar(schema, "contentMediaType")
    if fmt in STRING_FORMATS:
        fmt_entry = schema.get("format")
        return FieldSource(
            STRING_FORMATS[str(fmt)], fmt_entry.value.span if fmt_entry else span, schema
        )
    if isinstance(media, str) and not media.startswith("text/"):
        return FieldSource("file", span, schema)
    return FieldSource("string", span, schema)


def _array(
    schema: YMap, key_span: Span, schemas: Schemas, problems: list[Problem]
) -> FieldSource | None:
    items = schema.get("items")
    if items is None:
        problems.append(Problem(key_span, "property: an array needs 'items'"))
        return None
    item = schemas.resolve(items.value, problems)
    if not isinstance(item, YMap) or schemas.is_object(item):
        problems.append(
            Problem(
                key_span,
                "property: arrays of objects are not supported (use a ref field on the item's resource)",
            )
        )
        return None
    kind, span = _kind(item, items.key_span)
    simple = _simple(item, kind, span)
    if simple is None or simple.type_name == "file":
        problems.append(Problem(items.key_span, f"property: arrays of {kind!r} are not supported"))
        return None
    return FieldSource(f"list[{simple.type_name}]", simple.type_span, schema, simple.values)


def _exclusive(source: FieldSource, entries: dict[str, YEntry]) -> None:
    """3.1 numeric exclusiveMinimum/Maximum: exact for integers (±1), kept as the bound for numbers."""
    for key, option, step in (("exclusiveMinimum", "min", 1), ("exclusiveMaximum", "max", -1)):
        found = source.schema.get(key)
        if found is None or not isinstance(found.value, YScalar):
            continue
        bound = found.value.value
        if isinstance(bound, bool):  # 3.0: a flag on minimum/maximum
            base = entries.get(option)
            if bound and base is not None and isinstance(base.value, YScalar):
                bound = base.value.value
            else:
                continue
        if isinstance(bound, int | float):
            value = (
                bound + step if source.type_name == "integer" and isinstance(bound, int) else bound
            )
            entries[option] = YEntry(option, found.key_span, YScalar(value, found.value.span))
