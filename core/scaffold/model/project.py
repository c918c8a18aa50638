"""The whole plan: the project's resources, its auth and roles, where its files go."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.layout import Layout
from backendbot.core.scaffold.model.resources import ResourcePlan


@dataclass(frozen=True)
class ProjectPlan:
    name: str
    stack: str  # the folder of core/scaffold/stacks/ that renders it
    layout: Layout
    auth: bool
    roles: tuple[str, ...]
    admin_role: str | None
    default_role: str | None
    resources: tuple[ResourcePlan, ...]  # sorted by name; with auth, the user resource too

    @property
    def user(self) -> ResourcePlan | None:
        return next((r for r in self.resources if r.is_user), None)

    @property
    def has_files(self) -> bool:
        return any(r.files for r in self.resources)

    def resource(self, name: str) -> ResourcePlan:
        return next(r for r in self.resources if r.name == name)

    def by_table(self, table: str) -> ResourcePlan:
        return next(r for r in self.resources if r.table == table)

    def guards_role(self, r: ResourcePlan) -> bool:
        """Only the admin role may set ``r``'s ``role`` field."""
        return bool(self.admin_role and r.field("role"))
