"""What the server knows of each open document, computed once per version.

A view holds the lines, the document's kind, and for a spec its outline and problems, each
computed on first use (by the diagnostics task, or by a listing that comes first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlparse

from backendbot.core.spec.incremental import SpecChecker
from backendbot.core.spec.outline import SpecOutline, spec_outline
from backendbot.core.spec.parse import SpecProblem

DocumentKind = Literal["spec", "python", "typescript", "other"]
_BREAK = re.compile(r"\r\n|\r|\n")
_TOP_LEVEL_RESOURCES = re.compile(r"^resources\s*:", re.M)
_PYTHON = {"python"}
_TYPESCRIPT = {"typescript", "typescriptreact", "javascript", "javascriptreact"}
_TS_SUFFIXES = {".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"}


def document_kind(uri: str, language_id: str | None, text: str) -> DocumentKind:
    name = file_name(uri)
    suffix = PurePosixPath(name).suffix.lower()
    if name == "backend.yaml" or name.endswith(".backend.yaml"):
        return "spec"
    if (language_id == "yaml" or suffix in {".yaml", ".yml"}) and _TOP_LEVEL_RESOURCES.search(text):
        return "spec"
    if language_id in _PYTHON or suffix in {".py", ".pyi"}:
        return "python"
    if language_id in _TYPESCRIPT or suffix in _TS_SUFFIXES:
        return "typescript"
    return "other"


def file_name(uri: str) -> str:
    return PurePosixPath(unquote(urlparse(uri).path)).name


@dataclass
class DocumentView:
    uri: str
    version: int | None
    kind: DocumentKind
    text: str
    lines: list[str]
    checker: SpecChecker | None = field(default=None, repr=False)
    _outline: SpecOutline | None = field(default=None, repr=False)
    _problems: list[SpecProblem] | None = field(default=None, repr=False)

    def outline(self) -> SpecOutline | None:
        """Where the spec's resources are (None for other kinds), computed on first use."""
        if self.kind != "spec":
            return None
        if self._outline is None:
            self._outline = spec_outline(self.text)
        return self._outline

    def problems(self) -> list[SpecProblem]:
        """The spec's problems (empty for other kinds), computed on first use."""
        if self.kind != "spec" or self.checker is None:
            return []
        if self._problems is None:
            self._problems = self.checker.problems(self.text, file_name(self.uri) or "backend.yaml")
        return self._problems

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""


class DocumentCache:
    """Views by URI; a view is rebuilt when the document's version or text changes. Each spec
    document keeps a SpecChecker, which re-checks only the resources an edit touched."""

    def __init__(self) -> None:
        self._views: dict[str, DocumentView] = {}
        self._checkers: dict[str, SpecChecker] = {}

    def view(
        self, uri: str, version: int | None, language_id: str | None, text: str
    ) -> DocumentView:
        cached = self._views.get(uri)
        if cached is not None and cached.version == version and cached.text is text:
            return cached
        if cached is not None and cached.version == version and cached.text == text:
            return cached
        kind = document_kind(uri, language_id, text)
        lines = _BREAK.split(text)
        view = DocumentView(uri, version, kind, text, lines)
        if kind == "spec":
            view.checker = self._checkers.setdefault(uri, SpecChecker())
        self._views[uri] = view
        return view

    def forget(self, uri: str) -> None:
        self._views.pop(uri, None)
        self._checkers.pop(uri, None)
