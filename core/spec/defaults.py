"""Checks a field's ``default`` against its type and constraints; returns the stored value or an error."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from backendbot.core.spec.types import TypeExpr

Default = str | int | float | bool | None


def coerce_default(
    value: object,
    expr: TypeExpr,
    values: tuple[str, ...],
    low: float | None,
    high: float | None,
    max_length: int | None,
    pattern: re.Pattern[str] | None,
) -> tuple[Default, str | None]:
    """(value to store, None) or (None, message)."""
    stored, error = _by_type(value, expr.base, values)
    if error is not None:
        return None, error
    if isinstance(stored, int | float) and not isinstance(stored, bool):
        if low is not None and stored < low:
            return None, f"default {stored} is below min {low}"
        if high is not None and stored > high:
            return None, f"default {stored} is above max {high}"
    if isinstance(stored, str):
        if max_length is not None and len(stored) > max_length:
            return None, f"default is longer than max_length {max_length}"
        if pattern is not None and pattern.search(stored) is None:
            return None, f"default {stored!r} does not match the pattern"
    return stored, None


def _by_type(value: object, base: str, values: tuple[str, ...]) -> tuple[Default, str | None]:
    if base == "boolean":
        return (value, None) if isinstance(value, bool) else (None, "default must be true or false")
    if isinstance(value, bool):
        return None, f"default must be {_expected(base)}, not a boolean"
    if base == "integer":
        return (value, None) if isinstance(value, int) else (None, "default must be an integer")
    if base == "number":
        return (
            (value, None) if isinstance(value, int | float) else (None, "default must be a number")
        )
    if base == "date":
        return _date(value)
    if base == "datetime":
        return _datetime(value)
    if not isinstance(value, str):
        return None, f"default must be {_expected(base)} (quote it if it is text)"
    return _string_like(value, base, values)


def _string_like(value: str, base: str, values: tuple[str, ...]) -> tuple[Default, str | None]:
    if base == "enum" and value not in values:
        return None, f"default '{value}' is not one of the values ({', '.join(values)})"
    if base == "email" and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is None:
        return None, f"default '{value}' is not an email address"
    if base == "url" and re.match(r"https?://\S+$", value) is None:
        return None, f"default '{value}' is not an http(s) URL"
    if base == "uuid":
        try:
            return str(uuid.UUID(value)), None
        except ValueError:
            return None, f"default '{value}' is not a UUID"
    return value, None


def _date(value: object) -> tuple[Default, str | None]:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat(), None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            pass
    return None, "default must be a date such as 2024-01-31"


def _datetime(value: object) -> tuple[Default, str | None]:
    if isinstance(value, datetime):
        return value.isoformat(), None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).isoformat(), None
        except ValueError:
            pass
    return None, "default must be a date-time such as 2024-01-31T12:00:00Z"


def _expected(base: str) -> str:
    return {"integer": "an integer", "number": "a number"}.get(base, f"a {base}")
