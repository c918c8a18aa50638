"""Spec problems as diagnostics while typing, and the rest of a version's analysis, after a pause.

Each change of a spec document restarts its timer; when it fires, the document's current
view is checked (in a worker thread: a large document must not stall code-action listing)
and published with its version. Then, while that version is still current, its outline is
computed and, when it has no problems, a little later the spec is parsed (the resolve of a
"Generate" action needs it), so that listing and resolving find them ready. The parse waits
past the listing an editor asks for once typing stops: libyaml holds the GIL for milliseconds
at a time, which would delay a listing answered meanwhile. Non-spec documents get their
diagnostics cleared.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from backendbot.core.spec.parse import SpecProblem
from backendbot.lsp_server.positions import UTF16, convert
from backendbot.lsp_server.state import ServerState, encoding_of

SOURCE = "backendbot"


class DiagnosticsScheduler:
    def __init__(self, ls: LanguageServer, state: ServerState) -> None:
        self._ls = ls
        self._state = state
        self._pending: dict[str, asyncio.Task[None]] = {}

    def schedule(self, uri: str, delay: float) -> None:
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self._pending[uri] = asyncio.get_running_loop().create_task(self._publish_later(uri, delay))

    def clear(self, uri: str) -> None:
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self._state.documents.forget(uri)
        self._publish(uri, None, [])

    async def _publish_later(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        view = self._state.view(self._ls, uri)
        if view is None:
            return
        problems = await asyncio.to_thread(view.problems)
        if self._state.view(self._ls, uri) is view:
            encoding = encoding_of(self._ls)
            diagnostics = [to_diagnostic(p, view.lines, encoding) for p in problems]
            self._publish(uri, view.version, diagnostics)
            await asyncio.to_thread(view.outline)
        if not problems and self._state.view(self._ls, uri) is view:
            await asyncio.sleep(self._state.parse_delay)
            if self._state.view(self._ls, uri) is view:
                await view.spec()
        if self._pending.get(uri) is asyncio.current_task():
            del self._pending[uri]

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self._ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )


def to_diagnostic(problem: SpecProblem, lines: list[str], encoding: str) -> types.Diagnostic:
    """The validator counts UTF-16 units; the client may have chosen another encoding."""

    def position(line: int, character: int) -> types.Position:
        text = lines[line] if 0 <= line < len(lines) else ""
        return types.Position(line=line, character=convert(text, character, UTF16, encoding))

    return types.Diagnostic(
        range=types.Range(
            start=position(problem.line, problem.character),
            end=position(problem.end_line, problem.end_character),
        ),
        message=problem.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )
