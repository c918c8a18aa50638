"""A subcommand whose optional dependencies are not installed says which extra to install."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from backendbot.core.errors import InputError


@contextmanager
def needs_extra(extra: str, command: str) -> Iterator[None]:
    """Imports in the block that fail for want of a dependency become one line naming the extra."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "backendbot":
            raise
        raise InputError(
            f"`{command}` needs the {extra} extra ({exc.name} is not installed): "
            f"pip install 'backendbot[{extra}]'"
        ) from None
