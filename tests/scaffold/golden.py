"""The FastAPI output's fingerprint: every case's rendering as ``{path: sha256}``.

A case is a spec (the shipped examples and the specs of ``conftest.py``), a layout and a
selection. ``test_golden.py`` compares today's rendering with ``data/golden.json``, so a
refactoring of the generator that changes one byte of one file fails. A template change that
is meant to change the output refreshes the file:

    python -m tests.scaffold.golden
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import Selection, render_files
from backendbot.core.spec.model import BackendSpec, Field, Resource
from backendbot.core.spec.parse import load_spec
from tests.scaffold.conftest import (
    CUSTOM,
    EXAMPLES,
    events_spec,
    gallery_spec,
    notes_spec,
    shop_spec,
)

GOLDEN = Path(__file__).parent / "data" / "golden.json"
Case = tuple[BackendSpec, Layout, Selection | None]


def _example(name: str) -> Callable[[], BackendSpec]:
    return lambda: load_spec(EXAMPLES / name)


def _grown_recipes() -> BackendSpec:
    """recipes.yaml with a resource added later (generated through a selection)."""
    recipes = load_spec(EXAMPLES / "recipes.yaml")
    comment = Resource(
        name="Comment",
        fields=(
            Field(name="body", type="text", required=True),
            Field(name="recipe", type="ref", to="Recipe", required=True),
        ),
        permissions={"update": ("owner",), "delete": ("owner", "admin")},
    )
    return recipes.model_copy(update={"resources": (*recipes.resources, comment)})


SPECS: dict[str, Callable[[], BackendSpec]] = {
    **{path.stem: _example(path.name) for path in sorted(EXAMPLES.glob("*.yaml"))},
    "notes": notes_spec,
    "notes_jwt": lambda: notes_spec(jwt=True),
    "notes_roles": lambda: notes_spec(jwt=True, roles=("admin", "member")),
    "events": events_spec,
    "shop": shop_spec,
    "shop_no_roles": lambda: shop_spec(()),
    "gallery": gallery_spec,
    "recipes_grown": _grown_recipes,
}


def _parts(*parts: str, resources: tuple[str, ...] | None = None) -> Selection:
    chosen = frozenset(resources) if resources is not None else None
    return Selection(resources=chosen, parts=frozenset(parts))  # type: ignore[arg-type]


SELECTIONS: dict[str, tuple[str, Selection]] = {
    "recipes[project]": ("recipes", _parts("project")),
    "recipes[model]": ("recipes", _parts("model")),
    "recipes[endpoints]": ("recipes", _parts("endpoints")),
    "recipes[Recipe:model,endpoints]": ("recipes", _parts("model", "endpoints", resources=("Recipe",))),
    "recipes_grown[Comment:model,endpoints]": (
        "recipes_grown",
        _parts("model", "endpoints", resources=("Comment",)),
    ),
    "notes_jwt[project]": ("notes_jwt", _parts("project")),
    "gallery[Photo:endpoints]": ("gallery", _parts("endpoints", resources=("Photo",))),
}


def cases() -> dict[str, Case]:
    """Every spec whole in the standard and a custom layout, and some selections."""
    specs = {name: make() for name, make in SPECS.items()}
    out: dict[str, Case] = {}
    for name, spec in specs.items():
        out[name] = (spec, Layout(), None)
        out[f"{name}@custom"] = (spec, CUSTOM, None)
    for name, (spec_name, selection) in SELECTIONS.items():
        out[name] = (specs[spec_name], Layout(), selection)
    return out


def fingerprint() -> dict[str, dict[str, str]]:
    """``{case: {path: sha256 of the file's UTF-8 bytes}}``."""
    out: dict[str, dict[str, str]] = {}
    for name, (spec, layout, selection) in sorted(cases().items()):
        files = render_files(spec, layout, selection)
        out[name] = {
            path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in files.items()
        }
    return out


def main() -> int:
    GOLDEN.write_text(json.dumps(fingerprint(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
