"""Everything one server instance holds: settings, environment, document views, jobs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from backendbot.lsp_server.builder import default_builder
from backendbot.lsp_server.documents import DocumentCache, DocumentView
from backendbot.lsp_server.jobs import Jobs
from backendbot.lsp_server.positions import UTF16
from backendbot.lsp_server.settings import Settings
from backendbot.lsp_server.warm import Warmup

if TYPE_CHECKING:
    from backendbot.core.run.build import Builder


@dataclass
class ServerState:
    env: Mapping[str, str]
    diagnostics_delay: float
    parse_delay: float
    settings: Settings = field(default_factory=Settings)
    documents: DocumentCache = field(default_factory=DocumentCache)
    jobs: Jobs = field(default_factory=Jobs)
    warmup: Warmup = field(default_factory=Warmup)
    builder: Builder | None = None  # run_build unless a test hands in its own
    background: set[asyncio.Task[None]] = field(default_factory=set)  # verifications running

    @property
    def build(self) -> Builder:
        return default_builder(self.builder)

    def view(self, ls: LanguageServer, uri: str) -> DocumentView | None:
        """The open document's view; None when the client never opened ``uri``."""
        if unquote(uri) not in ls.workspace.text_documents:  # pygls keys documents unquoted
            return None
        document = ls.workspace.get_text_document(uri)
        return self.documents.view(uri, document.version, document.language_id, document.source)


def repository_root(ls: LanguageServer, uri: str) -> Path | None:
    """The workspace folder holding ``uri`` (the innermost), else the root, else its folder."""
    path = to_fs_path(uri)
    if path is None:
        return None
    document = Path(path)
    folders = [f.uri for f in ls.workspace.folders.values()]
    if ls.workspace.root_uri:
        folders.append(ls.workspace.root_uri)
    candidates = [Path(p) for f in folders if (p := to_fs_path(f))]
    inside = [c for c in candidates if document.is_relative_to(c)]
    if inside:
        return max(inside, key=lambda c: len(c.parts))
    return document.parent


def root_uri(root: Path) -> str:
    return from_fs_path(str(root)) or root.as_uri()


def supports_create(ls: LanguageServer) -> bool:
    edit = ls.client_capabilities.workspace and ls.client_capabilities.workspace.workspace_edit
    operations = (edit and edit.resource_operations) or []
    return types.ResourceOperationKind.Create in operations and bool(edit and edit.document_changes)


def supports_progress(ls: LanguageServer) -> bool:
    window = ls.client_capabilities.window
    return bool(window and window.work_done_progress)


def encoding_of(ls: LanguageServer) -> str:
    """The position encoding agreed at initialize (``utf-16`` unless the client chose another)."""
    return str(ls.workspace.position_encoding or UTF16)


def supports_resolve(ls: LanguageServer) -> bool:
    """Can the client resolve a listed action's edit (``codeAction/resolve``)?"""
    document = ls.client_capabilities.text_document
    action = document and document.code_action
    support = action and action.resolve_support
    return bool(support and "edit" in support.properties)


def supports_literals(ls: LanguageServer) -> bool:
    """Does the client take CodeAction literals (else the LSP says: answer Commands)?"""
    document = ls.client_capabilities.text_document
    action = document and document.code_action
    return bool(action and action.code_action_literal_support)
