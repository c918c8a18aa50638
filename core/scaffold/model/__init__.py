"""The stack-neutral plan of a spec: what every stack renders (see README.md)."""

from backendbot.core.scaffold.model.build import build_plan
from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan, Roles

__all__ = ["FieldPlan", "ProjectPlan", "ResourcePlan", "Roles", "build_plan"]
