"""A list endpoint's query parameters: its equality filters with their annotations."""

from __future__ import annotations

from backendbot.core.scaffold.model.limits import INT64_MAX
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks.fastapi.schema_types import filter_constraints, filter_type


def filters(r: ResourcePlan) -> list[tuple[str, str, str]]:
    """The list query's filters: (name, annotation, ``Field`` constraints)."""
    out = [(f.name, filter_type(f), filter_constraints(f)) for f in r.filters]
    if r.owned:
        out.append(("owner_id", "int", f"ge=1, le={INT64_MAX}"))
    return out


def sort_keys(r: ResourcePlan) -> list[str]:
    return r.sort_keys
