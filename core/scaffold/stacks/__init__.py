"""The stacks the scaffold generates, one folder each: name → its renderer.

A stack is a subpackage here (``fastapi/``, ...) whose ``__init__.py`` defines ``STACK``, a
``Stack``: which files it writes from the plan (``jobs``) and what its templates (in its own
``templates/`` folder) may call. Adding a stack is adding a folder; nothing here lists them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from backendbot.core.errors import InputError

if TYPE_CHECKING:
    from backendbot.core.scaffold.model.project import ProjectPlan
    from backendbot.core.scaffold.render import Job


@dataclass(frozen=True)
class Stack:
    """One stack's renderer: the files of a plan and the names its templates use."""

    name: str
    package: str  # the stack's package; its templates are in its ``templates/`` folder
    jobs: Callable[[ProjectPlan], list[Job]]
    template_globals: Callable[[ProjectPlan], dict[str, Any]]  # per render, for every template
    filters: Mapping[str, Callable[..., Any]] = field(default_factory=dict)  # jinja filters


def names() -> list[str]:
    """The stacks there are folders for, sorted."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.ispkg)


def stack(name: str) -> Stack:
    """The renderer of stack ``name``; an unknown one is an input error naming those there are."""
    known = names()
    if name not in known:
        listed = ", ".join(repr(n) for n in known)
        raise InputError(
            f"stack {name!r} is not generated yet (only {listed} {'is' if len(known) == 1 else 'are'})"
        )
    found = importlib.import_module(f"{__name__}.{name}").STACK
    if not isinstance(found, Stack) or found.name != name:
        raise TypeError(f"{__name__}.{name}.STACK must be the Stack named {name!r}")
    return found
