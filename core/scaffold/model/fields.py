"""One spec field as every stack needs it: its API name, nullability, visibility, its role
in requests, filters and tests."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.scaffold.model.limits import (
    DEFAULT_STRING_LENGTH,
    EMAIL_LENGTH,
    URL_LENGTH,
)
from backendbot.core.scaffold.regex_samples import pattern_samples
from backendbot.core.spec.model import Field

# Types a list endpoint can filter and sort on (equality filters).
FILTERABLE = frozenset(
    {
        "string",
        "integer",
        "number",
        "boolean",
        "date",
        "datetime",
        "email",
        "url",
        "uuid",
        "enum",
        "ref",
    }
)


@dataclass(frozen=True)
class FieldPlan:
    """A spec field in the plan."""

    spec: Field
    name: str  # attribute, column and JSON name (``author`` ref → ``author_id``)
    nullable: bool
    ref_table: str | None  # the table a ref points to
    samples: tuple[str, ...]  # distinct values matching the field's pattern, if it has one
    private: bool = False  # shown only to the record's owner and admins
    owner: bool = False  # a ref to the user resource, set from the token (never from a body)

    @property
    def kind(self) -> str:
        return self.spec.type

    @property
    def filterable(self) -> bool:
        """Private fields are not: a filter on one would tell others its value."""
        return self.kind in FILTERABLE and not self.private

    @property
    def numeric(self) -> bool:
        """Validated as a JSON number in request bodies."""
        kinds = {"integer", "number", "ref"}
        return self.kind in kinds or (self.kind == "list" and self.spec.item_type in kinds)

    @property
    def temporal(self) -> bool:
        """Validated as ISO 8601 text."""
        kinds = {"date", "datetime"}
        return self.kind in kinds or (self.kind == "list" and self.spec.item_type in kinds)

    @property
    def own_pattern(self) -> bool:
        """A string whose spec pattern replaces the control-character check: checked apart."""
        return self.kind in {"string", "text"} and self.spec.pattern is not None

    @property
    def writable(self) -> bool:
        """In request bodies: files have their own endpoint, owner refs come from the token."""
        return self.kind != "file" and not self.owner

    @property
    def comparable(self) -> bool:
        """Round-trips through the API unchanged, so tests may compare it to what they sent."""
        return self.kind in {"string", "text", "integer", "boolean", "enum", "email", "ref"} or (
            self.kind == "list" and self.spec.item_type in {"string", "text", "integer", "boolean"}
        )

    @property
    def filter_length(self) -> int:
        """The longest value a string, email or url filter takes."""
        if self.kind == "email":
            return EMAIL_LENGTH
        if self.kind == "url":
            return URL_LENGTH
        return self.spec.max_length or DEFAULT_STRING_LENGTH


def field_plan(
    field: Field, ref_table: str | None = None, *, private: bool = False, owner: bool = False
) -> FieldPlan:
    has_default = field.default is not None or field.type == "list"
    return FieldPlan(
        spec=field,
        name=f"{field.name}_id" if field.type == "ref" else field.name,
        nullable=not field.required and not has_default,
        ref_table=ref_table,
        samples=tuple(pattern_samples(field.pattern, 16) or ()) if field.pattern else (),
        private=private,
        owner=owner,
    )
