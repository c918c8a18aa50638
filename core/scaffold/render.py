"""The files of a plan: its stack says which template becomes which file; jinja2 renders them."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import jinja2

from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks import stack
from backendbot.core.scaffold.template_cache import bytecode_cache

Part = str  # "project" | "model" | "endpoints"


@dataclass(frozen=True)
class Job:
    """One output file: its template, its part, and the resource it belongs to (if any)."""

    path: str
    template: str
    part: Part
    resource: ResourcePlan | None = None
    text: str | None = None  # literal content instead of a template
    wiring: bool = False  # a project file the endpoints part rewrites too


@functools.cache
def environment(name: str = "fastapi") -> jinja2.Environment:
    """The templates of stack ``name``: one environment per process and stack, so each
    template is compiled once (not on every render), and its compiled code is kept in the
    user's cache for the next process.

    It holds nothing of a particular spec: a render passes its helpers as template variables.
    """
    chosen = stack(name)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(chosen.package, "templates"),
        bytecode_cache=bytecode_cache(os.environ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - generates source code and Markdown, not HTML
    )
    env.filters.update(chosen.filters)
    return env


def jobs(plan: ProjectPlan) -> list[Job]:
    """Every file the plan's stack writes for it."""
    return stack(plan.stack).jobs(plan)


def render(plan: ProjectPlan, selected: list[Job]) -> dict[str, str]:
    chosen = stack(plan.stack)
    env = environment(chosen.name)
    names = chosen.template_globals(plan)
    out: dict[str, str] = {}
    for job in selected:
        if job.text is not None:
            out[job.path] = job.text
            continue
        template = env.get_template(job.template)
        out[job.path] = template.render(names, r=job.resource)
    return out
