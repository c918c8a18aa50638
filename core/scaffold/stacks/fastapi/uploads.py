"""The accepted media types' signatures and upload samples, as Python literals."""

from __future__ import annotations

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.stacks.fastapi.literals import (
    bytes_literal,
    py_literal,
    tuple_literal,
)
from backendbot.core.spec.media_types import SIGNATURES, TEXT_TYPES


def accepted(p: ProjectPlan) -> list[str]:
    """The media types the spec's file fields accept, in the spec's order, each once."""
    found = [t for r in p.resources for f in r.files for t in f.spec.accept]
    return list(dict.fromkeys(found))


def upload_signatures(p: ProjectPlan) -> list[str]:
    """The SIGNATURES entries of services/uploads.py: the media types the spec accepts."""
    out = []
    for media_type in accepted(p):
        alternatives = [
            tuple_literal([tuple_literal([str(at), bytes_literal(magic)]) for at, magic in alt])
            for alt in SIGNATURES[media_type]
        ]
        out.append(f"{py_literal(media_type)}: {tuple_literal(alternatives)},")
    return out


def upload_text_types(p: ProjectPlan) -> bool:
    return any(t in TEXT_TYPES for t in accepted(p))


def largest_upload(p: ProjectPlan) -> int:
    return max((f.spec.max_bytes or 0 for r in p.resources for f in r.files), default=0)


def upload_sample(f: FieldPlan) -> str:
    """A bytes literal of content the field accepts."""
    if not f.spec.accept:
        return bytes_literal(b"\x89PNG fake image")
    kind = f.spec.accept[0]
    if kind in TEXT_TYPES:
        text = b'{"text": "plain"}' if kind == "application/json" else b"plain text"
        return bytes_literal(text)
    content = bytearray(b"\0" * 16)
    for at, magic in SIGNATURES[kind][0]:
        content[at : at + len(magic)] = magic
    return bytes_literal(bytes(content) + b"the rest of the file")


def upload_limit(f: FieldPlan) -> str:
    return str(f.spec.max_bytes) if f.spec.max_bytes else "self.max_upload_bytes"
