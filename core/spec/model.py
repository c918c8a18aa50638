"""The validated shape of a backend.yaml (see design.md). Parsing and error locations live in parse.py.

These are the types the scaffold generator, the language server and the GitHub App consume.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

ScalarType = Literal[
    "string",
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "email",
    "url",
    "uuid",
    "file",
    "enum",
]
FieldType = Literal[ScalarType, "list", "ref"]
Operation = Literal["list", "get", "create", "update", "delete"]
ALL_OPERATIONS: tuple[Operation, ...] = ("list", "get", "create", "update", "delete")
Stack = Literal["fastapi", "express"]
OnDelete = Literal["cascade", "restrict", "set_null"]
ON_DELETE: tuple[OnDelete, ...] = ("cascade", "restrict", "set_null")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Field(_Frozen):
    """One field. ``type`` is the base type; ``item_type`` is set for ``list[T]``, ``to`` for refs."""

    name: str
    type: FieldType
    item_type: ScalarType | None = None
    to: str | None = None
    values: tuple[str, ...] = ()
    required: bool = False
    unique: bool = False
    default: str | int | float | bool | None = None
    min: int | float | None = None
    max: int | float | None = None
    max_length: int | None = None
    pattern: str | None = None
    max_items: int | None = None  # list: the most items it holds (None: the generator's default)
    on_delete: OnDelete | None = None  # ref: what deleting the target does (None: restrict)
    accept: tuple[str, ...] = ()  # file: accepted media types, checked against the content
    max_bytes: int | None = None  # file: the largest upload (None: the app's setting)
    # None: the default (private for emails and names like password/secret/token, with auth)
    private: bool | None = None


class Resource(_Frozen):
    name: str
    fields: tuple[Field, ...]
    endpoints: tuple[Operation, ...] = ALL_OPERATIONS
    # operation -> roles allowed; the special roles are "owner" (the creator) and "user"
    # (any authenticated user). An operation not named is open to anyone when auth is off
    # and to any authenticated user for writes when auth is on.
    permissions: dict[Operation, tuple[str, ...]] = {}


class Auth(_Frozen):
    jwt: bool = False
    roles: tuple[str, ...] = ()


class BackendSpec(_Frozen):
    name: str
    stack: Stack = "fastapi"
    auth: Auth = Auth()
    resources: tuple[Resource, ...]

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)
