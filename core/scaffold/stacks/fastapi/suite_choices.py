"""The generated tests' choices that are Python source: the actor's role as a literal."""

from __future__ import annotations

from backendbot.core.scaffold.model import suite
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal


def actor_role(p: ProjectPlan, r: ResourcePlan) -> str:
    """The role the tests' actor signs up with, as a literal; empty: the default role."""
    role = suite.actor_role(p, r)
    return "" if role is None or role == p.default_role else py_literal(role)
