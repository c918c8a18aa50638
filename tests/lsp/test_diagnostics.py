"""Spec problems as diagnostics while typing, with exact ranges (UTF-16)."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Starter

EMOJI_SPEC = 'name: x\nresources:\n  Dish:\n    fields:\n      emoji: "🍅🍅"\n'


def _span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


async def test_open_publishes_the_validators_problems_with_ranges(lsp: Starter) -> None:
    session = await lsp("diagnostics")
    uri = session.open("backend.yaml", "yaml")
    [problem] = await session.diagnostics(uri)
    assert _span(problem) == (4, 20, 4, 26)  # the word strnig
    assert "unknown type 'strnig'" in problem.message
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.source == "backendbot"


async def test_ranges_count_utf16_code_units(lsp: Starter) -> None:
    session = await lsp()
    uri = session.open("backend.yaml", "yaml", EMOJI_SPEC)
    [problem] = await session.diagnostics(uri)
    assert _span(problem) == (4, 13, 4, 19)  # "🍅🍅": two surrogate pairs and the quotes


async def test_fixing_the_spec_while_typing_clears_them(lsp: Starter) -> None:
    session = await lsp("diagnostics")
    uri = session.open("backend.yaml", "yaml")
    assert await session.diagnostics(uri)
    for version, word in enumerate(["strin", "string"], start=2):
        session.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=4, character=20),
                            end=types.Position(line=4, character=26 if version == 2 else 25),
                        ),
                        text=word,
                    )
                ],
            )
        )
    assert await session.diagnostics(uri, until=lambda d: d == []) == []
    assert await session.titles(uri, (0, 0)) == ["Generate backend"]


async def test_a_malformed_spec_gets_a_diagnostic_not_a_crash(lsp: Starter) -> None:
    session = await lsp()
    uri = session.open("backend.yaml", "yaml", "name: x\nresources:\n  Dish: [unclosed\n")
    [problem] = await session.diagnostics(uri)
    assert problem.range.start.line >= 2
    assert await session.titles(uri, (0, 0)) == []


async def test_closing_clears_diagnostics(lsp: Starter) -> None:
    session = await lsp("diagnostics")
    uri = session.open("backend.yaml", "yaml")
    assert await session.diagnostics(uri)
    session.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await session.diagnostics(uri, until=lambda d: d == []) == []


async def test_python_files_get_no_diagnostics(lsp: Starter) -> None:
    session = await lsp("source", "diagnostics")
    py = session.open("app.py", "python")
    spec = session.open("backend.yaml", "yaml")
    assert await session.diagnostics(spec)
    assert py not in session.client.diagnostics


async def test_ranges_follow_a_utf8_client(lsp: Starter) -> None:
    session = await lsp(encodings=["utf-8", "utf-16"])
    assert session.initialized is not None
    assert session.initialized.capabilities.position_encoding == "utf-8"
    uri = session.open("backend.yaml", "yaml", EMOJI_SPEC)
    [problem] = await session.diagnostics(uri)
    assert _span(problem) == (4, 13, 4, 23)  # two 4-byte characters and the quotes
