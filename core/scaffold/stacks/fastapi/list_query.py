"""A list endpoint's query: its equality filters and sort keys."""

from __future__ import annotations

from backendbot.core.scaffold.context import ResourceView
from backendbot.core.scaffold.fields import INT64_MAX


def filters(r: ResourceView) -> list[tuple[str, str, str]]:
    """The list query's filters: (name, annotation, ``Field`` constraints)."""
    out = [(f.name, f.filter_type, f.filter_constraints) for f in r.filters]
    if r.owned:
        out.append(("owner_id", "int", f"ge=1, le={INT64_MAX}"))
    return out


def sort_keys(r: ResourceView) -> list[str]:
    names = ["id", "created_at", *(f.name for f in r.filters)]
    return [key for name in names for key in (name, f"-{name}")]
