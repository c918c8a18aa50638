"""Python literals as ruff format writes them (double quotes where no escape is needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def py_literal(value: object) -> str:
    """``repr`` with double-quoted strings, as ruff format writes them."""
    if isinstance(value, str):
        text = repr(value)
        if text.startswith("'") and '"' not in value:
            return '"' + text[1:-1].replace("\\'", "'") + '"'
        return text
    return repr(value)


def py_tuple(items: Iterable[Any]) -> str:
    """A tuple of the items as strings: ``("a",)``, ``("a", "b")``."""
    values = [py_literal(str(item)) for item in items]
    return "(" + ", ".join(values) + ("," if len(values) == 1 else "") + ")"


def tuple_literal(items: list[str]) -> str:
    """A tuple literal of the given item literals, as ruff format writes it."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def bytes_literal(value: bytes) -> str:
    """``repr`` with double quotes where that needs no escapes, as ruff format writes it."""
    text = repr(value)
    if text.startswith("b'") and b'"' not in value:
        return 'b"' + text[2:-1].replace("\\'", "'") + '"'
    return text
