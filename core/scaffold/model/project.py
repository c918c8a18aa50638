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

    @property
    def creation_order(self) -> tuple[ResourcePlan, ...]:
        """The resources in the order their tables are created: the user's first, each after
        the tables it refers to (refs and the owner); those in a cycle of refs last, in order."""
        ordered = sorted(self.resources, key=lambda r: not r.is_user)
        done: list[ResourcePlan] = []
        tables: set[str] = set()
        for _ in ordered:  # one pass adds at least one table, unless only cycles are left
            for r in ordered:
                needs = {f.ref_table for f in r.refs if f.ref_table} - {r.table}
                if r.owned and self.user:
                    needs.add(self.user.table)
                if r.table not in tables and needs <= tables:
                    done.append(r)
                    tables.add(r.table)
        return (*done, *(r for r in ordered if r.table not in tables))

    def resource(self, name: str) -> ResourcePlan:
        return next(r for r in self.resources if r.name == name)

    def by_table(self, table: str) -> ResourcePlan:
        return next(r for r in self.resources if r.table == table)

    def guards_role(self, r: ResourcePlan) -> bool:
        """Only the admin role may set ``r``'s ``role`` field."""
        return bool(self.admin_role and r.field("role"))
