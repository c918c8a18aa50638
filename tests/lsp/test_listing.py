"""Listing code actions: what is offered where, from the open document alone."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Starter

GENERATE_BACKEND = ["Generate backend"]


async def test_spec_offers_backend_at_the_top_and_on_resources(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    assert await session.titles(uri, (0, 0)) == GENERATE_BACKEND
    assert await session.titles(uri, (1, 3)) == GENERATE_BACKEND
    assert await session.titles(uri, (2, 4)) == GENERATE_BACKEND


async def test_spec_offers_model_and_endpoints_inside_a_resource(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    user = ["Generate model: User", "Generate endpoints: User"]
    recipe = ["Generate model: Recipe", "Generate endpoints: Recipe"]
    assert await session.titles(uri, (3, 2)) == user
    assert await session.titles(uri, (6, 10)) == user
    assert await session.titles(uri, (7, 0)) == recipe
    assert await session.titles(uri, (12, 4)) == recipe


async def test_any_yaml_with_top_level_resources_is_a_spec(lsp: Starter, spec_text: str) -> None:
    session = await lsp()
    uri = session.open("api/shop.yml", "yaml", spec_text)
    assert await session.titles(uri, (0, 0)) == GENERATE_BACKEND
    other = session.open("config/app.yaml", "yaml", "name: x\nitems:\n  - a\n")
    assert await session.titles(other, (0, 0)) == []


async def test_an_invalid_spec_offers_nothing(lsp: Starter) -> None:
    session = await lsp("diagnostics")
    uri = session.open("backend.yaml", "yaml")
    assert await session.titles(uri, (0, 0)) == []
    assert await session.titles(uri, (2, 2)) == []


async def test_actions_carry_data_and_no_edit(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    [model, _] = await session.actions(uri, (7, 2))
    assert model.edit is None and model.command is None
    assert model.kind == "refactor.backendbot"
    assert model.data == {"uri": uri, "action": "resource-model", "name": "Recipe", "line": 0}


async def test_python_endpoint_comment_and_model_classes(lsp: Starter) -> None:
    session = await lsp("source")
    uri = session.open("app.py", "python")
    assert await session.titles(uri, (12, 5)) == ["Generate endpoint"]
    assert await session.titles(uri, (13, 0)) == ["Generate endpoint"]
    assert await session.titles(uri, (16, 6)) == ["Generate model"]  # pydantic header
    assert await session.titles(uri, (18, 4)) == ["Generate model"]  # its body
    assert await session.titles(uri, (21, 0)) == ["Generate model"]  # @dataclass
    assert await session.titles(uri, (24, 4)) == ["Generate model"]
    assert await session.titles(uri, (27, 0)) == ["Generate model"]  # SQLAlchemy
    assert await session.titles(uri, (8, 0)) == []  # the declarative base
    assert await session.titles(uri, (32, 0)) == []  # a plain class
    assert await session.titles(uri, (34, 8)) == []  # code in it
    assert await session.titles(uri, (2, 0)) == []  # an import


async def test_python_class_action_names_the_class(lsp: Starter) -> None:
    session = await lsp("source")
    uri = session.open("app.py", "python")
    [action] = await session.actions(uri, (24, 4))
    assert action.data["name"] == "Ingredient"
    assert action.data["line"] == 22


async def test_selections_json_sample_and_free_text(lsp: Starter) -> None:
    session = await lsp("source")
    uri = session.open("app.py", "python")
    sample_line = 39
    assert await session.titles(uri, (sample_line, 10), (sample_line, 61)) == ["Generate model"]
    assert await session.titles(uri, (38, 0), (38, 66)) == ["Generate endpoint"]
    [action] = await session.actions(uri, (38, 0), (38, 66))
    assert action.data["text"] == "Users can mark a recipe as a favourite and list their favourites"
    assert await session.titles(uri, (34, 0), (35, 20)) == []  # selected code


async def test_typescript_endpoint_comment(lsp: Starter) -> None:
    session = await lsp("source")
    uri = session.open("routes.ts", "typescript")
    assert await session.titles(uri, (2, 3)) == ["Generate endpoint"]
    [action] = await session.actions(uri, (2, 3))
    assert action.data["method"] == "POST"
    assert action.data["path"] == "/recipes/{id}/likes"
    assert await session.titles(uri, (3, 3)) == []


async def test_only_filter_is_respected(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert not result
    refactors = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Refactor]),
        )
    )
    assert [a.title for a in refactors or []] == GENERATE_BACKEND


async def test_server_declares_resolve_provider(lsp: Starter) -> None:
    session = await lsp()
    assert session.initialized is not None
    capabilities = session.initialized.capabilities
    options = capabilities.code_action_provider
    assert isinstance(options, types.CodeActionOptions)
    assert options.resolve_provider is True
    assert capabilities.execute_command_provider is not None
    assert "backendbot.generate" in capabilities.execute_command_provider.commands


async def test_selections_in_a_utf8_client(lsp: Starter) -> None:
    session = await lsp(encodings=["utf-8"])
    text = 'X = "🍅 {"name": "Tomato", "grams": 120}"\n'
    uri = session.open("app.py", "python", text)
    start = len('X = "🍅 '.encode())
    end = start + len('{"name": "Tomato", "grams": 120}')
    assert await session.titles(uri, (0, start), (0, end)) == ["Generate model"]
    assert await session.titles(uri, (0, start - 2), (0, end)) == []  # inside the tomato
