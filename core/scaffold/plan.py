"""The scaffold generator's public API: what to render, and what writing it would change.

``render_files`` is pure: a spec and a layout in, ``{path: content}`` out, byte-identical for
the same input. ``plan_scaffold`` compares that with a repository and its manifest
(``.backendbot/manifest.json``) and says what to write, what is unchanged, and which files the
user edited (their new version goes to ``<path>.backendbot-new`` instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from backendbot.core.layout import Layout
from backendbot.core.scaffold.manifest import Conflict, ScaffoldPlan, compare, read_manifest
from backendbot.core.scaffold.model import build_plan
from backendbot.core.scaffold.render import Job, jobs, render
from backendbot.core.spec.model import BackendSpec

PartName = Literal["project", "model", "endpoints"]
ALL_PARTS: frozenset[PartName] = frozenset({"project", "model", "endpoints"})


@dataclass(frozen=True)
class Selection:
    """Which resources (None: all) and which parts to generate.

    ``model``: ORM model and schemas of the selected resources. ``endpoints``: their routes,
    controllers, services and tests, plus ``<tests>/conftest.py`` (its factories cover every
    resource); routers are discovered from the routes package, so no other file changes.
    ``project``: everything shared (app factory, middleware, database, config, auth, README, ...).
    """

    resources: frozenset[str] | None = None
    parts: frozenset[PartName] = field(default=ALL_PARTS)


def render_files(
    spec: BackendSpec, layout: Layout, selection: Selection | None = None
) -> dict[str, str]:
    """Every generated file of the selection, as ``{project-relative path: content}``, sorted."""
    selection = selection or Selection()
    plan = build_plan(spec, layout)
    chosen = [job for job in jobs(plan) if _selected(job, selection)]
    rendered = render(plan, chosen)
    return {path: rendered[path] for path in sorted(rendered)}


def _selected(job: Job, selection: Selection) -> bool:
    if job.part == "project":
        return "project" in selection.parts or (job.wiring and "endpoints" in selection.parts)
    if job.part not in selection.parts:
        return False
    wanted = selection.resources
    return wanted is None or job.resource is None or job.resource.name in wanted


SPEC_COPY = "backend.yaml"


def plan_scaffold(
    spec: BackendSpec,
    layout: Layout,
    repo: Path,
    selection: Selection | None = None,
    *,
    spec_copy: str | None = None,
) -> ScaffoldPlan:
    """What generating into ``repo`` would write; reads the repository, writes nothing.

    ``spec_copy``: the spec's text, kept in the project as ``backend.yaml`` (the generated README
    names it) like any generated file: created, refreshed while untouched, never overwritten.
    A ``backend.yaml`` that backendbot did not write is the project's own spec: left alone.
    """
    files = render_files(spec, layout, selection)
    full = selection is None or selection == Selection()
    own = (repo / SPEC_COPY).exists() and SPEC_COPY not in read_manifest(repo)
    if spec_copy is not None and full and not own:
        files[SPEC_COPY] = spec_copy
    return compare(files, repo, full=full)


__all__ = [
    "ALL_PARTS",
    "SPEC_COPY",
    "Conflict",
    "PartName",
    "ScaffoldPlan",
    "Selection",
    "plan_scaffold",
    "render_files",
]
