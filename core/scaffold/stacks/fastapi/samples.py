"""Sample values the generated tests send: payload expressions, pattern samples, oversized values."""

from __future__ import annotations

import re

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.limits import DEFAULT_LIST_ITEMS, DEFAULT_TEXT_LENGTH
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.model.suite import reaches
from backendbot.core.scaffold.regex_samples import pattern_samples
from backendbot.core.scaffold.stacks.fastapi.code_layout import fit
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal
from backendbot.core.spec.model import Field

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


def sample(f: FieldPlan) -> str:
    """A Python expression of a valid JSON value; ``n`` is a per-call counter."""
    return _sample(f.spec)


def samples_name(r: ResourcePlan, f: FieldPlan) -> str:
    return f"{r.snake.upper()}_{f.name.upper()}_SAMPLES"


def sample_constants(p: ProjectPlan) -> list[str]:
    """Module constants of pattern-matching sample values, laid out for ruff format."""
    return [
        fit(f"{samples_name(r, f)} = (", [py_literal(v) for v in f.samples], ")")
        for r in p.resources
        for f in r.writable
        if sample(f).startswith("SAMPLES[")
    ]


def payload_items(p: ProjectPlan, r: ResourcePlan) -> list[tuple[str, str]]:
    """(field, Python expression) of a valid create body; refs made by the factories."""
    out = []
    for f in r.writable:
        if f.kind != "ref":
            out.append((f.name, sample(f).replace("SAMPLES[", samples_name(r, f) + "[")))
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


def oversized(r: ResourcePlan) -> list[tuple[str, str]]:
    """(field, a Python expression one character or item over its cap) for text and lists."""
    out = []
    for f in r.writable:
        if f.kind == "text":
            out.append((f.name, f'"x" * {(f.spec.max_length or DEFAULT_TEXT_LENGTH) + 1}'))
        elif f.kind == "list":
            item = LIST_ITEM_SAMPLES[f.spec.item_type or "string"]
            out.append((f.name, f"[{item}] * {(f.spec.max_items or DEFAULT_LIST_ITEMS) + 1}"))
    return out


def _sample(field: Field) -> str:
    kind = field.type
    if kind == "list":
        item = Field(name=field.name, type=field.item_type or "string", values=field.values)
        return f"[{_sample(item)}]"
    if kind in {"string", "text"}:
        return _string_sample(field)
    if kind in {"integer", "number"}:
        return _number_sample(field)
    samples = {
        "boolean": "True",
        "date": 'f"{2000 + n}-01-15"',
        "datetime": 'f"{2000 + n}-01-15T10:30:00Z"',
        "email": f'f"{field.name}{{n}}@example.com"',
        "url": f'f"https://example.com/{field.name}/{{n}}"',
        "uuid": 'f"00000000-0000-4000-8000-{n:012d}"',
        "enum": py_literal(
            field.default if field.default is not None else (field.values or ("",))[0]
        ),
    }
    return samples.get(kind, "None")


def _string_sample(field: Field) -> str:
    limit = field.max_length or 10_000
    candidates = [f"{field.name}-{{n}}", f"{field.name}{{n}}", "{n}", "A{n}", "a{n}", "x-{n}"]
    for template in candidates:
        values = [template.format(n=n) for n in (1, 12, 345)]
        if all(len(v) <= limit for v in values) and all(
            field.pattern is None or re.fullmatch(field.pattern, v) for v in values
        ):
            return 'f"' + template + '"'
    samples = pattern_samples(field.pattern, 16) if field.pattern else None
    if samples and all(len(v) <= limit for v in samples):
        return f"SAMPLES[n % {len(samples)}]"  # the caller names the samples' constant
    if field.default is not None:
        return py_literal(str(field.default))
    return 'f"{n}"'


def _number_sample(field: Field) -> str:
    base = 1.0
    if field.min is not None and base < field.min:
        base = field.min
    if field.max is not None and base > field.max:
        base = field.max
    literal = repr(int(base)) if field.type == "integer" else repr(float(base))
    return f"{literal} + n" if field.unique else literal
