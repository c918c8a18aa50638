"""Names derived from a spec: Python identifiers, table names, URL segments, module paths."""

from __future__ import annotations

import keyword
import re

from backendbot.core.errors import InputError

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def snake(name: str) -> str:
    """``OrderItem`` → ``order_item``; ``HTTPLog`` → ``http_log``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return re.sub(r"[^0-9A-Za-z]+", "_", spaced).strip("_").lower()


def pascal(name: str) -> str:
    """``order_item`` or ``OrderItem`` → ``OrderItem``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def plural(word: str) -> str:
    """English plural good enough for table and URL names (``category`` → ``categories``)."""
    if re.search(r"[^aeiou]y\Z", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)\Z", word):
        return word + "es"
    return word + "s"


def kebab(snake_name: str) -> str:
    return snake_name.replace("_", "-")


def module_path(folder: str) -> str:
    """``src/routes/`` → ``src.routes``; every part must be a Python identifier."""
    parts = [p for p in folder.split("/") if p]
    for part in parts:
        if not is_identifier(part):
            raise InputError(
                f"layout folder {folder!r}: {part!r} is not a valid Python package name"
            )
    return ".".join(parts)


def is_identifier(name: str) -> bool:
    return bool(_IDENTIFIER.match(name)) and not keyword.iskeyword(name)
