"""A real LSP client (pytest-lsp) talking to ``python -m backendbot lsp`` over stdio.

``lsp`` starts sessions: each copies fixtures from test_data/ into a fresh repository folder,
launches the server with the environment the test chooses, initializes it with the client
capabilities the test chooses, and records every ``workspace/applyEdit`` it receives.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.fakes.fixtures import messages_api  # noqa: F401 - a fixture used by the command tests

TEST_DATA = Path(__file__).parent / "test_data"
_SCRUBBED = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "BACKENDBOT_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


@dataclass
class Session:
    client: LanguageClient
    root: Path
    applied: list[types.ApplyWorkspaceEditParams] = field(default_factory=list)
    apply_result: bool = True
    initialized: types.InitializeResult | None = None

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def open(
        self, relative: str, language_id: str, text: str | None = None, version: int = 1
    ) -> str:
        uri = self.uri(relative)
        if text is None:
            text = (self.root / relative).read_text(encoding="utf-8")
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language_id, version=version, text=text
                )
            )
        )
        return uri

    async def actions(
        self, uri: str, start: tuple[int, int], end: tuple[int, int] | None = None
    ) -> list[types.CodeAction]:
        end = end or start
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=start[0], character=start[1]),
                    end=types.Position(line=end[0], character=end[1]),
                ),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def titles(
        self, uri: str, start: tuple[int, int], end: tuple[int, int] | None = None
    ) -> list[str]:
        return [a.title for a in await self.actions(uri, start, end)]

    async def action(self, uri: str, line: int, title: str) -> types.CodeAction:
        found = [a for a in await self.actions(uri, (line, 0)) if a.title == title]
        assert found, f"no {title!r} at line {line}"
        return found[0]

    async def diagnostics(
        self, uri: str, until: Callable[[list[types.Diagnostic]], bool] = lambda d: True
    ) -> list[types.Diagnostic]:
        """The diagnostics published for ``uri``, once they satisfy ``until``."""
        for _ in range(100):
            published = self.client.diagnostics.get(uri)
            if published is not None and until(list(published)):
                return list(published)
            notification = self.client.wait_for_notification(
                types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
            )
            await asyncio.wait_for(notification, 20)
        raise AssertionError(f"no such diagnostics for {uri}")


def capabilities(
    *,
    resource_operations: bool = True,
    progress: bool = True,
    encodings: list[str] | None = None,
    resolve: bool = True,
    literals: bool = True,
) -> types.ClientCapabilities:
    literal_support = types.ClientCodeActionLiteralOptions(
        code_action_kind=types.ClientCodeActionKindOptions(value_set=["refactor", "quickfix"])
    )
    operations = [
        types.ResourceOperationKind.Create,
        types.ResourceOperationKind.Rename,
        types.ResourceOperationKind.Delete,
    ]
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings),
        workspace=types.WorkspaceClientCapabilities(
            apply_edit=True,
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=resource_operations,
                resource_operations=operations if resource_operations else None,
            ),
        ),
        window=types.WindowClientCapabilities(work_done_progress=progress),
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                data_support=True,
                code_action_literal_support=literal_support if literals else None,
                resolve_support=(
                    types.ClientCodeActionResolveOptions(properties=["edit", "command"])
                    if resolve
                    else None
                ),
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


Starter = Callable[..., Awaitable[Session]]


@pytest_asyncio.fixture
async def lsp(tmp_path: Path) -> AsyncIterator[Starter]:
    sessions: list[Session] = []

    async def start(
        *fixtures: str,
        env: Mapping[str, str] | None = None,
        options: Any = None,
        resource_operations: bool = True,
        progress: bool = True,
        encodings: list[str] | None = None,
        resolve: bool = True,
        literals: bool = True,
        verify: bool = False,
        command: list[str] | None = None,
    ) -> Session:
        """``verify``: leave the server's verification on (off otherwise, so that a test of
        something else does not start the project's checks after each resolve); ``command``:
        the server to start (``python -m backendbot lsp`` by default)."""
        root = tmp_path / f"repo{len(sessions)}"
        root.mkdir()
        for name in fixtures:
            shutil.copytree(TEST_DATA / name, root, dirs_exist_ok=True)
        server_env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        server_env.update(env or {})
        config = ClientServerConfig(
            server_command=command or [sys.executable, "-m", "backendbot", "lsp"],
            server_env=server_env,
        )
        client = await config.start()
        session = Session(client, root)
        _tell_code_actions_from_commands(client)
        sessions.append(session)
        _record_edits(session)
        session.initialized = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(
                    resource_operations=resource_operations,
                    progress=progress,
                    encodings=encodings,
                    resolve=resolve,
                    literals=literals,
                ),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="repo")],
                initialization_options=options if verify else _verify_off(options),
            )
        )
        return session

    yield start
    for session in sessions:
        await asyncio.wait_for(session.client.shutdown_session(), 30)
        await session.client.stop()


def _verify_off(options: Any) -> Any:
    """The initialization options with ``verify: false`` added where the test put its own."""
    if options is None:
        return {"verify": False}
    if not isinstance(options, dict):
        return options  # a test of bad options: sent as they are
    section = options.get("backendbot")
    if isinstance(section, dict):
        return {**options, "backendbot": {"verify": False, **section}}
    return {"verify": False, **options}


def _tell_code_actions_from_commands(client: LanguageClient) -> None:
    """lsprotocol takes any result with a ``command`` key for a Command; a CodeAction may carry
    a Command too (the LSP tells them apart by the type of ``command``, as VS Code does)."""
    converter = client.protocol._converter

    def structure(value: Any, _: type) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(value.get("command"), str) else types.CodeAction
        return converter.structure(value, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], structure)  # noqa: UP007


def _record_edits(session: Session) -> None:
    @session.client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        session.applied.append(params)
        if session.apply_result:
            return types.ApplyWorkspaceEditResult(applied=True)
        return types.ApplyWorkspaceEditResult(applied=False, failure_reason="the test refused it")


@pytest.fixture
def spec_text() -> str:
    return (TEST_DATA / "spec" / "backend.yaml").read_text(encoding="utf-8")
