"""One field of a resource: short or long form → a checked ``Field``, or located problems."""

from __future__ import annotations

import re
from collections.abc import Collection

from backendbot.core.spec.defaults import coerce_default
from backendbot.core.spec.media_types import MEDIA_TYPES
from backendbot.core.spec.model import ON_DELETE, Field, OnDelete
from backendbot.core.spec.names import field_name_problem
from backendbot.core.spec.raw import RawField, validate_node, validate_raw
from backendbot.core.spec.types import APPLIES_TO, TypeExpr, option_applies, parse_type
from backendbot.core.spec.yamltree import Problem, Span, YEntry, YMap, YScalar, head_span


class _FieldCheck:
    """Collects the problems of one field; ``build`` returns the Field when there were none."""

    def __init__(self, entry: YEntry, resources: Collection[str], problems: list[Problem]) -> None:
        self.entry = entry
        self.name = entry.key
        self.where = f"field '{entry.key}'"
        self.resources = resources
        self.problems = problems
        self.count = len(problems)
        self.node = entry.value

    def add(self, span: Span, message: str) -> None:
        self.problems.append(Problem(span, f"{self.where}: {message}"))

    def key_span(self, option: str) -> Span:
        found = self.node.get(option) if isinstance(self.node, YMap) else None
        return found.key_span if found else self.entry.key_span

    def value_span(self, option: str) -> Span:
        found = self.node.get(option) if isinstance(self.node, YMap) else None
        if found is None:
            return self.entry.key_span if isinstance(self.node, YMap) else self.node.span
        return head_span(found.value)

    def raw(self) -> RawField | None:
        node = self.node
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return validate_raw(
                RawField, {"type": node.value}, node, self.where, self.entry.key_span, self.problems
            )
        if isinstance(node, YMap):
            return validate_node(RawField, node, self.where, self.entry.key_span, self.problems)
        self.add(head_span(node), "expected a type such as 'string' or a mapping with 'type'")
        return None

    def build(self) -> Field | None:
        name_problem = field_name_problem(self.name)
        if name_problem:
            self.problems.append(Problem(self.entry.key_span, name_problem))
        raw = self.raw()
        if raw is None:
            return None
        expr = parse_type(raw.type)
        if isinstance(expr, str):
            self.add(self.value_span("type"), expr)
            return None
        to = self.target(expr, raw)
        self.check_applicable(expr, raw)
        values = self.enum_values(expr, raw)
        low, high = self.bound("min", raw.min, expr), self.bound("max", raw.max, expr)
        if low is not None and high is not None and low > high:
            self.add(self.value_span("min"), f"min {low} is greater than max {high}")
        if raw.max_length is not None and raw.max_length < 1:
            self.add(self.value_span("max_length"), "max_length must be at least 1")
        for option in ("max_items", "max_bytes"):
            value = getattr(raw, option)
            if value is not None and value < 1:
                self.add(self.value_span(option), f"{option} must be at least 1")
        on_delete = self.on_delete(expr, raw)
        accept = self.accept(expr, raw)
        pattern = self.compiled(raw.pattern)
        default = None
        enum_without_values = expr.base == "enum" and not values
        if raw.default is not None and option_applies("default", expr) and not enum_without_values:
            default, error = coerce_default(
                raw.default, expr, values, low, high, raw.max_length, pattern
            )
            if error:
                self.add(self.value_span("default"), error)
        if len(self.problems) > self.count:
            return None
        return Field(
            name=self.name,
            type=expr.base,
            item_type=expr.item,
            to=to,
            values=values,
            required=raw.required,
            unique=raw.unique,
            default=default,
            min=low,
            max=high,
            max_length=raw.max_length,
            pattern=raw.pattern,
            max_items=raw.max_items if expr.base == "list" else None,
            on_delete=on_delete,
            accept=accept,
            max_bytes=raw.max_bytes if expr.base == "file" else None,
            private=raw.private,
        )

    def on_delete(self, expr: TypeExpr, raw: RawField) -> OnDelete | None:
        if raw.on_delete is None or expr.base != "ref":
            return None
        rule = next((r for r in ON_DELETE if r == raw.on_delete), None)
        if rule is None:
            self.add(
                self.value_span("on_delete"),
                f"unknown on_delete '{raw.on_delete}' (expected one of {', '.join(ON_DELETE)})",
            )
        elif rule == "set_null" and raw.required:
            self.add(
                self.value_span("on_delete"),
                "on_delete: set_null needs a field that may be empty (it is required)",
            )
        return rule

    def accept(self, expr: TypeExpr, raw: RawField) -> tuple[str, ...]:
        if not raw.accept or expr.base != "file":
            return ()
        for media_type in raw.accept:
            if media_type not in MEDIA_TYPES:
                known = ", ".join(MEDIA_TYPES)
                self.add(
                    self.value_span("accept"),
                    f"accept: unknown media type '{media_type}' (known: {known})",
                )
        return tuple(dict.fromkeys(raw.accept))

    def target(self, expr: TypeExpr, raw: RawField) -> str | None:
        if expr.base != "ref":
            return None
        if expr.to and raw.to and expr.to != raw.to:
            self.add(self.value_span("to"), f"ref[{expr.to}] and to: {raw.to} disagree")
            return None
        to = expr.to or raw.to
        if to is None:
            self.add(
                self.value_span("type"),
                "a ref needs 'to' (the resource it points at), e.g. to: User",
            )
        elif to not in self.resources:
            known = ", ".join(sorted(self.resources)) or "none"
            where = self.value_span("to" if raw.to else "type")
            self.add(where, f"refers to unknown resource '{to}' (resources: {known})")
        return to

    def check_applicable(self, expr: TypeExpr, raw: RawField) -> None:
        set_options = [o for o in raw.model_fields_set if o in APPLIES_TO]
        for option in set_options:
            value = getattr(raw, option)
            if value is None or value is False:  # "unique: false" or "to: null" say nothing
                continue
            if not option_applies(option, expr):
                kinds = ", ".join(APPLIES_TO[option])
                label = raw.type.strip()
                self.add(
                    self.key_span(option),
                    f"'{option}' does not apply to {label} fields (only to {kinds})",
                )

    def enum_values(self, expr: TypeExpr, raw: RawField) -> tuple[str, ...]:
        if expr.base != "enum":
            return ()
        if not raw.values:
            self.add(
                self.value_span("values") if raw.values is not None else self.value_span("type"),
                "an enum needs values, e.g. values: [draft, published]",
            )
            return ()
        seen: set[str] = set()
        for value in raw.values:
            if value in seen:
                self.add(self.value_span("values"), f"enum value '{value}' is listed twice")
            if not value.strip():
                self.add(self.value_span("values"), "enum values must not be empty")
            seen.add(value)
        return tuple(raw.values)

    def bound(self, option: str, value: object, expr: TypeExpr) -> int | float | None:
        if value is None or not option_applies(option, expr):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(self.value_span(option), f"'{option}' must be a number")
            return None
        if expr.base == "integer" and not isinstance(value, int):
            self.add(self.value_span(option), f"'{option}' must be an integer for an integer field")
            return None
        return value

    def compiled(self, pattern: str | None) -> re.Pattern[str] | None:
        if pattern is None:
            return None
        try:
            return re.compile(pattern)
        except re.error as exc:
            self.add(self.value_span("pattern"), f"invalid regular expression: {exc}")
            return None


def check_field(entry: YEntry, resources: Collection[str], problems: list[Problem]) -> Field | None:
    """The field of ``entry`` (name → short type or mapping), or None after adding its problems."""
    return _FieldCheck(entry, resources, problems).build()
