"""The schemas' field validators and serializers, as class-body source (or nothing)."""

from __future__ import annotations

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks.fastapi.code_layout import fit


def number_check(r: ResourcePlan, exclude: str = "") -> str:
    """Before-validators keeping numbers to JSON numbers and dates to ISO text, or nothing."""
    fields = [f for f in r.writable if f.name != exclude]
    return (
        _validator("_json_numbers", "json_number", [f.name for f in fields if f.numeric])
        + _validator("_iso_dates", "iso_text", [f.name for f in fields if f.temporal])
        + _validator(
            "_no_control_characters",
            "no_control_characters",
            [f.name for f in fields if f.own_pattern],
        )
    )


def list_serializer(r: ResourcePlan) -> str:
    """JSON columns take lists of dates or UUIDs as their JSON text, or nothing."""
    names = [f.name for f in r.writable if json_list(f)]
    if not names:
        return ""
    decorator = fit("@field_serializer(", [f'"{n}"' for n in names], ")", 4)
    return (
        f"\n{decorator}\n"
        "    def _json_lists(self, value: object) -> object:\n"
        "        return to_jsonable_python(value)\n"
    )


def filter_check(r: ResourcePlan) -> str:
    return _validator("_iso_dates", "iso_text", [f.name for f in r.filters if f.temporal])


def json_list(f: FieldPlan) -> bool:
    """A list of dates, times or UUIDs: stored in a JSON column as its JSON text."""
    return f.kind == "list" and f.spec.item_type in {"date", "datetime", "uuid"}


def _validator(method: str, function: str, names: list[str]) -> str:
    if not names:
        return ""
    decorator = fit("@field_validator(", [*(f'"{n}"' for n in names), 'mode="before"'], ")", 4)
    return (
        f"\n{decorator}\n"
        "    @classmethod\n"
        f"    def {method}(cls, value: object) -> object:\n"
        f"        return {function}(value)\n"
    )
