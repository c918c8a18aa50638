"""Which generate actions apply at a range of an open document. Pure: the document view only.

Nothing here reads the disk or calls a model: this runs on every cursor move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from backendbot.lsp_server import source_triggers as triggers
from backendbot.lsp_server.documents import DocumentView
from backendbot.lsp_server.positions import UTF16, index_of
from backendbot.lsp_server.ts_models import ts_model

ActionName = Literal[
    "backend",
    "resource-model",
    "resource-endpoints",
    "endpoint-comment",
    "endpoint-text",
    "model-class",
    "model-sample",
]


class ActionData(BaseModel):
    """What a listed action carries to ``codeAction/resolve`` in its ``data`` field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uri: str
    action: ActionName
    name: str | None = None  # the resource or class
    line: int = 0
    method: str | None = None
    path: str | None = None
    text: str | None = None  # a description, a selection or a class's source


@dataclass(frozen=True)
class Offer:
    title: str
    data: ActionData


@dataclass(frozen=True)
class Span:
    """A range as (line, UTF-16 character) pairs, already ordered."""

    start_line: int
    start_character: int
    end_line: int
    end_character: int

    @property
    def empty(self) -> bool:
        return (self.start_line, self.start_character) == (self.end_line, self.end_character)


def offers_at(view: DocumentView, span: Span, encoding: str = UTF16) -> list[Offer]:
    """``span`` is in the client's position ``encoding``."""
    if span.start_line >= len(view.lines):
        return []
    if view.kind == "spec":
        return _spec_offers(view, span.start_line)
    if view.kind in ("python", "typescript"):
        return _source_offers(view, span, encoding)
    return []


def _spec_offers(view: DocumentView, line: int) -> list[Offer]:
    if view.problems():  # first: a valid version may reuse the outline of the one before
        return []
    outline = view.outline()
    if outline is None or outline.resources_lines is None:
        return []
    block = outline.resource_at(line)
    if block is not None:
        name = block.name
        return [
            Offer(
                f"Generate model: {name}",
                ActionData(uri=view.uri, action="resource-model", name=name),
            ),
            Offer(
                f"Generate endpoints: {name}",
                ActionData(uri=view.uri, action="resource-endpoints", name=name),
            ),
        ]
    if line <= outline.resources_lines.start or not view.line(line).startswith((" ", "\t")):
        return [Offer("Generate backend", ActionData(uri=view.uri, action="backend"))]
    return []


def _source_offers(view: DocumentView, span: Span, encoding: str) -> list[Offer]:
    out: list[Offer] = []
    selection = "" if span.empty else selected_text(view, span, encoding)
    comment = triggers.endpoint_comment(view.line(span.start_line))
    if comment is not None:
        data = ActionData(
            uri=view.uri,
            action="endpoint-comment",
            line=span.start_line,
            method=comment.method,
            path=comment.path,
            text=comment.description,
        )
        out.append(Offer("Generate endpoint", data))
    elif selection and (prose := triggers.free_text(selection)) is not None:
        data = ActionData(uri=view.uri, action="endpoint-text", line=span.start_line, text=prose)
        out.append(Offer("Generate endpoint", data))
    if selection and triggers.json_sample(selection):
        data = ActionData(uri=view.uri, action="model-sample", line=span.start_line, text=selection)
        out.append(Offer("Generate model", data))
    elif view.kind == "python" and (found := triggers.model_class(view.lines, span.start_line)):
        data = ActionData(uri=view.uri, action="model-class", name=found.name, line=found.line)
        out.append(Offer("Generate model", data))
    elif view.kind == "typescript" and (model := ts_model(view.lines, span.start_line)):
        data = ActionData(uri=view.uri, action="model-class", name=model.name, line=model.line)
        out.append(Offer("Generate model", data))
    return out


def selected_text(view: DocumentView, span: Span, encoding: str = UTF16) -> str:
    """The text a range covers, clamped to the document."""
    last = len(view.lines) - 1
    if span.start_line > last:
        return ""
    first = view.lines[span.start_line]
    start = index_of(first, span.start_character, encoding)
    if span.end_line > last:
        end_line, end = last, len(view.lines[last])
    else:
        end_line = span.end_line
        end = index_of(view.lines[end_line], span.end_character, encoding)
    if span.start_line == end_line:
        return first[start:end]
    middle = view.lines[span.start_line + 1 : end_line]
    return "\n".join([first[start:], *middle, view.lines[end_line][:end]])
