"""Import blocks sorted the way ruff's isort sorts them, so the generated code passes
``ruff check`` as written."""

from __future__ import annotations

import re

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.stacks.fastapi.code_layout import LINE_LENGTH
from backendbot.core.scaffold.stacks.fastapi.packages import first_party

Modules = dict[str, set[str]]  # module → the names imported from it
STDLIB = frozenset(
    {
        "asyncio",
        "collections.abc",
        "dataclasses",
        "datetime",
        "itertools",
        "os",
        "pathlib",
        "typing",
        "urllib.parse",
        "uuid",
    }
)


def import_block(modules: Modules, first_party: str, plain: tuple[str, ...] = ()) -> list[str]:
    """Import lines as ruff's isort sorts them: stdlib, third party, first party; in each
    group ``import x`` lines first, then ``from x import a, b``."""
    groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for name in sorted(plain):
        groups[0 if name.split(" ")[0] in STDLIB else 1].append(f"import {name}")
    for module in sorted(modules):
        names = _isort_names(modules[module])
        group = 0 if module in STDLIB else 2 if module.split(".")[0] in first_party.split() else 1
        line = f"from {module} import {', '.join(names)}"
        if len(line) > LINE_LENGTH:
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        groups[group].append(line)
    lines: list[str] = []
    for key in (0, 1, 2):
        if groups[key]:
            if lines:
                lines.append("")
            lines.extend(groups[key])
    return lines


def block(p: ProjectPlan, modules: Modules, plain: tuple[str, ...] = ()) -> list[str]:
    """``import_block`` with the project's own packages as first party."""
    return import_block(modules, first_party(p), plain)


def sort_imports(p: ProjectPlan, text: str) -> str:
    """The ``sort_imports`` filter: ``from x import a, b`` lines re-sorted (and wrapped) for
    the layout."""
    modules: Modules = {}
    for line in text.splitlines():
        match = re.fullmatch(r"from (\S+) import (.+)", line.strip())
        if match:
            modules.setdefault(match.group(1), set()).update(match.group(2).split(", "))
    return "\n".join(block(p, modules)) + "\n"


def _isort_names(names: set[str]) -> list[str]:
    """isort's force-sort-within-types order: CONSTANTS, Classes, functions."""

    def kind(name: str) -> int:
        if name.isupper() and len(name) > 1:
            return 0
        return 1 if name[:1].isupper() else 2

    return sorted(names, key=lambda n: (kind(n), n))


def uses(source: str, name: str) -> bool:
    return re.search(rf"\b{name}\b", source) is not None


def add_std(modules: Modules, text: str) -> None:
    """Imports the annotations in ``text`` need (``datetime`` comes in as ``dt``: a field may
    well be called ``date``)."""
    if uses(text, "UUID"):
        modules.setdefault("uuid", set()).add("UUID")
    for name in ("Annotated", "Literal"):
        if uses(text, name):
            modules.setdefault("typing", set()).add(name)
