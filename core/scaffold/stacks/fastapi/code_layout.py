"""Source laid out as ruff format lays it out: calls and signatures (``fit``), long strings."""

from __future__ import annotations

from collections.abc import Iterable

LINE_LENGTH = 100  # the generated pyproject's ruff line-length


def fit(head: str, items: Iterable[str], tail: str, indent: int = 0) -> str:
    """A call or signature laid out as ruff format would: on one line when it fits, else the
    arguments on one indented line, else one per line with a trailing comma."""
    parts = list(items)
    pad = " " * indent
    one = f"{pad}{head}{', '.join(parts)}{tail}"
    if len(one) <= LINE_LENGTH:
        return one
    inner = f"{pad}    {', '.join(parts)}"
    if len(inner) <= LINE_LENGTH:
        return f"{pad}{head}\n{inner}\n{pad}{tail}"
    lines = "".join(f"{pad}    {part},\n" for part in parts)
    return f"{pad}{head}\n{lines}{pad}{tail}"


def text_argument(name: str, text: str, indent: int) -> str:
    """``name="text",`` as an argument line; a long text becomes implicitly joined parts."""
    pad = " " * indent
    one = f'{pad}{name}="{text}",'
    if len(one) <= LINE_LENGTH:
        return one
    width = LINE_LENGTH - indent - 6
    if len(text) <= width:
        return f'{pad}{name}=(\n{pad}    "{text}"\n{pad}),'
    parts: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) + 1 > width and current:
            parts.append(current + " ")
            current = word
        else:
            current = candidate
    parts.append(current)
    body = "".join(f'{pad}    "{part}"\n' for part in parts)
    return f"{pad}{name}=(\n{body}{pad}),"
