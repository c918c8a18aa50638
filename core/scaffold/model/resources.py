"""One resource in the plan: names, fields, operations and who may call each."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.spec.model import Operation

Roles = tuple[str, ...] | None  # None: public


@dataclass(frozen=True)
class ResourcePlan:
    name: str
    snake: str
    plural: str
    table: str
    url: str
    fields: tuple[FieldPlan, ...]
    endpoints: tuple[Operation, ...]
    permissions: dict[Operation, Roles]  # without auth every operation is public
    is_user: bool
    owned: bool
    in_spec: bool

    @property
    def label(self) -> str:
        return self.snake.replace("_", " ")

    @property
    def plural_label(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def writable(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.writable)

    @property
    def filters(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.filterable)

    @property
    def private(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.private)

    @property
    def public(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if not f.private)

    @property
    def owners(self) -> tuple[FieldPlan, ...]:
        """Refs to the user resource: set to the signed-in user on create, read-only after."""
        return tuple(f for f in self.fields if f.owner)

    @property
    def files(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind == "file")

    @property
    def refs(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind == "ref")

    @property
    def unique(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.spec.unique)

    @property
    def required(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.writable if f.spec.required)

    @property
    def operations(self) -> list[Operation]:
        """The endpoints' operations, plus those a file field's upload and download use."""
        file_ops: list[Operation] = ["update", "get"] if self.files else []
        return [*self.endpoints, *file_ops]

    @property
    def filter_names(self) -> list[str]:
        """The list query's equality filters: the filterable fields and, if owned, the owner."""
        return [*(f.name for f in self.filters), *(["owner_id"] if self.owned else [])]

    @property
    def sort_keys(self) -> list[str]:
        """The list's ``sort`` values: each filterable column and the record's own, either way."""
        names = ["id", "created_at", *(f.name for f in self.filters)]
        return [key for name in names for key in (name, f"-{name}")]

    def has(self, op: str) -> bool:
        return op in self.endpoints

    def roles(self, op: Operation) -> Roles:
        return self.permissions.get(op)

    def field(self, name: str) -> FieldPlan | None:
        return next((f for f in self.fields if f.name == name), None)

    def needs_user(self, op: Operation) -> bool:
        """Only a signed-in user may call ``op``."""
        return self.roles(op) is not None

    def needs_authorize(self, op: Operation) -> bool:
        """Not every signed-in user may call ``op``: a role or ownership is checked."""
        roles = self.roles(op)
        return roles is not None and "user" not in roles

    def viewer(self, op: Operation) -> bool:
        """A public operation on a resource with private fields: a token, when sent, shows more."""
        return bool(self.private) and self.roles(op) is None
