"""What the server knows of each open document, computed once per version.

A view holds the lines, the document's kind, and for a spec its outline, its problems and (when
it has none) the parsed ``BackendSpec``, each computed once for that version: by the analysis
that follows an edit (diagnostics.py, off the event loop), or by the request that comes first.
A request that finds the analysis of its version under way waits for it rather than redoing it.
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlparse

from backendbot.core.errors import InputError
from backendbot.core.spec.incremental import SpecChecker
from backendbot.core.spec.model import BackendSpec
from backendbot.core.spec.outline import SpecOutline, spec_outline
from backendbot.core.spec.parse import SpecProblem, parse_spec
from backendbot.lsp_server.outline_reuse import outline_still_holds

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
    _spec_task: asyncio.Task[BackendSpec | None] | None = field(default=None, repr=False)
    # the version before, while its outline may serve for this one (outline_reuse.py)
    previous: DocumentView | None = field(default=None, repr=False)
    # held while this version's outline or problems are computed (on the loop or in a worker)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def outline(self) -> SpecOutline | None:
        """Where the spec's resources are (None for other kinds), computed on first use."""
        if self.kind != "spec":
            return None
        if self._outline is None:
            with self._lock:
                if self._outline is None:
                    self._outline = self._reused_outline() or spec_outline(self.text)
                    self.previous = None
        return self._outline

    def _reused_outline(self) -> SpecOutline | None:
        """The previous version's outline, when an edit inside a resource cannot have moved it."""
        before = self.previous
        if before is None or before._outline is None or before._problems != []:
            return None
        if self.problems() or not outline_still_holds(before._outline, before.lines, self.lines):
            return None
        return before._outline

    def problems(self) -> list[SpecProblem]:
        """The spec's problems (empty for other kinds), computed on first use."""
        if self.kind != "spec" or self.checker is None:
            return []
        if self._problems is None:
            with self._lock:
                if self._problems is None:
                    self._problems = self.checker.problems(self.text, self.spec_name)
        return self._problems

    @property
    def spec_name(self) -> str:
        return file_name(self.uri) or "backend.yaml"

    def analyse(self) -> None:
        """Everything a listing of this version needs (blocking: call it in a worker thread)."""
        self.problems()
        self.outline()

    async def spec(self) -> BackendSpec | None:
        """This version's parsed spec, None unless it is a spec without problems. Parsed once,
        in a worker thread, by whoever asks first; the others wait for that parse."""
        if self.kind != "spec":
            return None
        if self._spec_task is None:
            parse = asyncio.to_thread(self._parse)
            self._spec_task = asyncio.get_running_loop().create_task(parse)
        return await asyncio.shield(self._spec_task)  # one asker cancelled: the parse goes on

    def _parse(self) -> BackendSpec | None:
        if self.problems():
            return None
        try:
            return parse_spec(self.text, self.spec_name)
        except InputError:
            return None

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
        lines = _BREAK.split(text) if "\r" in text else text.split("\n")
        view = DocumentView(uri, version, kind, text, lines)
        if kind == "spec":
            view.checker = self._checkers.setdefault(uri, SpecChecker())
            if cached is not None and cached.kind == "spec":
                view.previous = cached
                cached.previous = None  # one version back at most
        self._views[uri] = view
        return view

    def forget(self, uri: str) -> None:
        self._views.pop(uri, None)
        self._checkers.pop(uri, None)
