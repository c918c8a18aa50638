"""Pydantic annotations of a field in the Create, Update and Read schemas."""

from __future__ import annotations

from backendbot.core.scaffold.fields import FieldView


def create_annotation(f: FieldView) -> str:
    c = f", {f.constraints}" if f.constraints else ""
    if f.spec.required:
        return f"{f.schema_type} = Field({f.constraints})" if f.constraints else f.schema_type
    if f.kind == "list":
        return f"{f.schema_type} = Field(default_factory=list{c})"
    if f.default_literal is not None:
        return f"{f.schema_type} = Field(default={f.default_literal}{c})"
    return f"{optional(f)} = None"


def update_annotation(f: FieldView) -> str:
    """Absent means unchanged; ``null`` only where the field may be empty."""
    if f.nullable:
        return f"{optional(f)} = None"
    c = f", {f.constraints}" if f.constraints else ""
    return f"{f.schema_type} = Field(default=absent(){c})"


def read_annotation(f: FieldView) -> str:
    return f"{f.read_type} | None" if f.nullable else f.read_type


def optional(f: FieldView) -> str:
    """``T | None`` with the constraints on ``T`` (pydantic drops them from a union otherwise)."""
    if not f.constraints:
        return f"{f.schema_type} | None"
    return f"Annotated[{f.schema_type}, Field({f.constraints})] | None"
