"""What a resource's ORM module and schemas module import."""

from __future__ import annotations

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks.fastapi.columns import SA_NAMES, column_args, orm_annotation
from backendbot.core.scaffold.stacks.fastapi.imports import Modules, add_std, block, uses
from backendbot.core.scaffold.stacks.fastapi.packages import modules as module_paths
from backendbot.core.scaffold.stacks.fastapi.schema_types import (
    PLAIN_TYPES,
    TYPE_CONSTANTS,
    create_annotation,
    filter_constraints,
    filter_type,
    schema_type,
    update_annotation,
)
from backendbot.core.scaffold.stacks.fastapi.validators import json_list


def orm_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    source = " ".join(column_args(f) for f in r.fields)
    annotations = " ".join(orm_annotation(f) for f in r.fields)
    modules: Modules = {
        "sqlalchemy.orm": {"Mapped", "mapped_column"},
        f"{m.database}.base": {"Record"},
    }
    sa = {name for name in SA_NAMES if uses(source, name)}
    if r.is_user:
        sa |= {"Integer", "String"}
    if r.owned:
        sa.add("ForeignKey")
    if sa:
        modules["sqlalchemy"] = sa
    if uses(source, "UTCDateTime"):
        modules[f"{m.database}.base"].add("UTCDateTime")
    add_std(modules, annotations)
    return block(p, modules, ("datetime as dt",) if "dt." in annotations else ())


def schema_imports(p: ProjectPlan, r: ResourcePlan) -> list[str]:
    m = module_paths(p.layout)
    text = " ".join(
        [
            *(f"{schema_type(f)} {create_annotation(f)} {update_annotation(f)}" for f in r.fields),
            *(f"{filter_type(f)} {filter_constraints(f)}" for f in r.filters),
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
        modules[f"{m.models}.types"] = types
    return block(p, modules, ("datetime as dt",))
