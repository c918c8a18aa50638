"""What a resource's ORM module and schemas module import."""

from __future__ import annotations

from backendbot.core.scaffold.context import ProjectView, ResourceView
from backendbot.core.scaffold.fields import PLAIN_TYPES, TYPE_CONSTANTS
from backendbot.core.scaffold.stacks.fastapi.imports import Modules, add_std, block, uses
from backendbot.core.scaffold.stacks.fastapi.schema_types import (
    create_annotation,
    update_annotation,
)
from backendbot.core.scaffold.stacks.fastapi.validators import json_list

SA_NAMES = (
    "BigInteger",
    "Boolean",
    "Date",
    "Float",
    "ForeignKey",
    "JSON",
    "String",
    "Text",
    "Uuid",
)


def orm_imports(p: ProjectView, r: ResourceView) -> list[str]:
    source = " ".join(f.column_args for f in r.fields)
    annotations = " ".join(f.orm_annotation for f in r.fields)
    modules: Modules = {
        "sqlalchemy.orm": {"Mapped", "mapped_column"},
        f"{p.modules.database}.base": {"Record"},
    }
    sa = {name for name in SA_NAMES if uses(source, name)}
    if r.is_user:
        sa |= {"Integer", "String"}
    if r.owned:
        sa.add("ForeignKey")
    if sa:
        modules["sqlalchemy"] = sa
    if uses(source, "UTCDateTime"):
        modules[f"{p.modules.database}.base"].add("UTCDateTime")
    add_std(modules, annotations)
    return block(p, modules, ("datetime as dt",) if "dt." in annotations else ())


def schema_imports(p: ProjectView, r: ResourceView) -> list[str]:
    text = " ".join(
        [
            *(f"{f.schema_type} {create_annotation(f)} {update_annotation(f)}" for f in r.fields),
            *(f"{f.filter_type} {f.filter_constraints}" for f in r.filters),
        ]
    )
    modules: Modules = {
        "typing": {"Literal"},
        "pydantic": {"BaseModel", "ConfigDict", "Field"},
    }
    add_std(modules, text)
    types = {name for name in (*PLAIN_TYPES, *TYPE_CONSTANTS) if uses(text, name)}
    if any(not f.nullable for f in r.writable) or r.is_user:
        types.add("absent")
    if any(f.numeric for f in r.writable):
        types.add("json_number")
    if any(f.temporal for f in r.writable):
        types.add("iso_text")
    if any(f.own_pattern for f in r.writable):
        types.add("no_control_characters")
    if types & {"json_number", "iso_text", "no_control_characters"}:
        modules["pydantic"].add("field_validator")
    if any(json_list(f) for f in r.writable):
        modules["pydantic"].add("field_serializer")
        modules["pydantic_core"] = {"to_jsonable_python"}
    if r.is_user:
        types.add("Email")
    if types:
        modules[f"{p.modules.models}.types"] = types
    return block(p, modules, ("datetime as dt",))
