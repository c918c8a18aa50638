"""Sample values the generated tests send: payload expressions, pattern samples, oversized values."""

from __future__ import annotations

from backendbot.core.scaffold.context import ProjectView, ResourceView
from backendbot.core.scaffold.fields import (
    DEFAULT_LIST_ITEMS,
    DEFAULT_TEXT_LENGTH,
    FieldView,
    py_literal,
)
from backendbot.core.scaffold.stacks.fastapi.code_layout import fit
from backendbot.core.scaffold.stacks.fastapi.suite_choices import reaches

# One valid item of each list[T], to fill a list past its cap
LIST_ITEM_SAMPLES = {
    "string": '"a"',
    "integer": "1",
    "number": "1.0",
    "boolean": "True",
    "date": '"2000-01-15"',
    "datetime": '"2000-01-15T10:30:00Z"',
    "email": '"a@example.com"',
    "url": '"https://example.com/"',
    "uuid": '"00000000-0000-4000-8000-000000000001"',
}


def samples_name(r: ResourceView, f: FieldView) -> str:
    return f"{r.snake.upper()}_{f.name.upper()}_SAMPLES"


def sample_constants(p: ProjectView) -> list[str]:
    """Module constants of pattern-matching sample values, laid out for ruff format."""
    return [
        fit(f"{samples_name(r, f)} = (", [py_literal(v) for v in f.samples], ")")
        for r in p.resources
        for f in r.writable
        if f.sample.startswith("SAMPLES[")
    ]


def payload_items(p: ProjectView, r: ResourceView) -> list[tuple[str, str]]:
    """(field, Python expression) of a valid create body; refs made by the factories."""
    out = []
    for f in r.writable:
        if f.kind != "ref":
            out.append((f.name, f.sample.replace("SAMPLES[", samples_name(r, f) + "[")))
            continue
        target = p.resource(f.spec.to or "")
        if target.name == r.name or reaches(p, target, r.name, set()):
            out.append((f.name, "None"))
        elif target.is_user:
            out.append((f.name, "actor.id" if not r.is_user else "self.user().id"))
        elif p.auth and not r.is_user:
            out.append((f.name, f'self.create_{target.snake}(actor)["id"]'))
        else:
            out.append((f.name, f'self.create_{target.snake}()["id"]'))
    return out


def oversized(r: ResourceView) -> list[tuple[str, str]]:
    """(field, a Python expression one character or item over its cap) for text and lists."""
    out = []
    for f in r.writable:
        if f.kind == "text":
            out.append((f.name, f'"x" * {(f.spec.max_length or DEFAULT_TEXT_LENGTH) + 1}'))
        elif f.kind == "list":
            item = LIST_ITEM_SAMPLES[f.spec.item_type or "string"]
            out.append((f.name, f"[{item}] * {(f.spec.max_items or DEFAULT_LIST_ITEMS) + 1}"))
    return out
