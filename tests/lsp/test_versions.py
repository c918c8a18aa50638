"""Each answer is about the document as the request finds it: never an older version's analysis."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session, Starter
from tests.lsp.test_resolve import _created


def _replace_line(session: Session, uri: str, version: int, line: int, old: str, new: str) -> None:
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=line, character=0),
                        end=types.Position(line=line, character=len(old)),
                    ),
                    text=new,
                )
            ],
        )
    )


async def test_listing_follows_each_edit(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    title = "      title: {type: string, required: true, max_length: 200}"
    assert "Generate endpoints: Recipe" in await session.titles(uri, (9, 4))
    # typing inside a field (the outline of the version before still holds)
    _replace_line(session, uri, 2, 9, title, title.replace("title", "headline"))
    assert "Generate endpoints: Recipe" in await session.titles(uri, (9, 4))
    # renaming the resource
    _replace_line(session, uri, 3, 7, "  Recipe:", "  Dish:")
    titles = await session.titles(uri, (9, 4))
    assert "Generate endpoints: Dish" in titles and "Generate endpoints: Recipe" not in titles
    # breaking the spec, then mending it
    headline = title.replace("title", "headline")
    _replace_line(session, uri, 4, 9, headline, headline.replace("string", "strin"))
    assert await session.titles(uri, (9, 4)) == []
    _replace_line(session, uri, 5, 9, headline.replace("string", "strin"), headline)
    assert "Generate model: Dish" in await session.titles(uri, (9, 4))


async def test_resolve_uses_the_current_version_of_the_spec(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    first = await session.action(uri, 7, "Generate model: Recipe")
    resolved = await session.client.code_action_resolve_async(first)
    assert "title" in _created(session, resolved.edit)["src/models/recipe.py"]
    title = "      title: {type: string, required: true, max_length: 200}"
    _replace_line(session, uri, 2, 9, title, title.replace("title", "headline"))
    again = await session.client.code_action_resolve_async(first)  # listed before the edit
    model = _created(session, again.edit)["src/models/recipe.py"]
    assert "headline" in model and "title" not in model


async def test_resolve_against_a_version_that_became_invalid_says_why(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, "Generate endpoints: Recipe")
    title = "      title: {type: string, required: true, max_length: 200}"
    _replace_line(session, uri, 2, 9, title, title.replace("string", "strin"))
    resolved = await session.client.code_action_resolve_async(action)
    assert resolved.edit is None
    # the server says why before it answers the resolve
    errors = [m for m in session.client.messages if m.type == types.MessageType.Error]
    assert errors and "strin" in errors[-1].message
