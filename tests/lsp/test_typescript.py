"""TypeScript and JavaScript documents over a real client: endpoint comments, Generate model on
interfaces/classes/type aliases/zod objects, and the stack the editor asks for (express).

The express renderer is not on main yet: until ``express`` is a folder of the stack registry
(core/scaffold/stacks/), an action that asks for it must end with the core's "not built yet"
message and no edit; ``_expect_express`` flips to asserting TypeScript files once it is.
"""

from __future__ import annotations

import pytest
from lsprotocol import types

from backendbot.core.scaffold import stacks
from tests.lsp.conftest import Session, Starter
from tests.lsp.test_resolve import ENDPOINT_FILES, MODEL_FILES, _created, _resolve

EXPRESS_BUILT = "express" in stacks.names()
FASTAPI = {"backendbot": {"stack": "fastapi"}}
# models.ts, 0-based lines
RECIPES_COMMENT, WEATHER_COMMENT = 3, 4
RECIPE, TAG, COMMENT_DTO, NOTE_SCHEMA, ADDRESS = 6, 13, 20, 37, 43


def _unstacked(session: Session, spec_text: str) -> None:
    """The test spec without its ``stack:`` line: nobody names a stack."""
    text = "".join(line for line in spec_text.splitlines(True) if not line.startswith("stack:"))
    (session.root / "backend.yaml").write_text(text, encoding="utf-8")


def _expect_express(session: Session, resolved: types.CodeAction, reason: str) -> None:
    if EXPRESS_BUILT:
        files = _created(session, resolved.edit)
        assert files and any(path.endswith(".ts") for path in files)
        return
    assert resolved.edit is None and resolved.command is None  # no partial edit, no model run
    [message] = session.client.messages
    assert message.type == types.MessageType.Error
    assert "the express stack is not built yet" in message.message
    assert f"stack express was chosen because {reason}" in message.message
    assert not (session.root / "src").exists()


async def test_typescript_listing(lsp: Starter) -> None:
    session = await lsp("typescript")
    uri = session.open("models.ts", "typescript")
    assert await session.titles(uri, (RECIPES_COMMENT, 5)) == ["Generate endpoint"]
    for line in (RECIPE, RECIPE + 2, RECIPE + 5, TAG + 3, COMMENT_DTO, 21, 26, 33, NOTE_SCHEMA, 39):
        assert await session.titles(uri, (line, 2)) == ["Generate model"], line
    for line in (0, 1, 2, RECIPE - 1, TAG - 1, 36):
        assert await session.titles(uri, (line, 0)) == [], line
    [tag] = await session.actions(uri, (TAG + 2, 4))
    assert tag.data == {"uri": uri, "action": "model-class", "name": "Tag", "line": TAG}
    [note] = await session.actions(uri, (NOTE_SCHEMA + 1, 4))
    assert note.data["name"] == "NoteSchema" and note.data["line"] == NOTE_SCHEMA


async def test_javascript_and_mts_documents(lsp: Starter) -> None:
    session = await lsp()
    text = "// endpoint: DELETE /api/recipes/:id\nclass Recipe {\n  title = '';\n}\n"
    for name, language in (("app.js", "javascript"), ("lib.mts", "plaintext"), ("v.tsx", "")):
        uri = session.open(name, language, text)
        assert await session.titles(uri, (0, 0)) == ["Generate endpoint"]
        assert await session.titles(uri, (2, 2)) == ["Generate model"]


async def test_typescript_actions_ask_for_express(lsp: Starter, spec_text: str) -> None:
    reason = "the document is TypeScript/JavaScript"
    for line, title in ((RECIPES_COMMENT, "Generate endpoint"), (RECIPE, "Generate model")):
        session = await lsp("typescript")
        (session.root / "package.json").unlink()
        _unstacked(session, spec_text)
        uri = session.open("models.ts", "typescript")
        _expect_express(session, await _resolve(session, uri, line, title), reason)
    session = await lsp("typescript")  # a model the spec does not name: derived, then built
    _unstacked(session, spec_text)
    uri = session.open("models.ts", "typescript")
    _expect_express(session, await _resolve(session, uri, TAG, "Generate model"), reason)


async def test_a_package_json_repository_asks_for_express(lsp: Starter, spec_text: str) -> None:
    session = await lsp("typescript")
    _unstacked(session, spec_text)
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    _expect_express(session, resolved, "the repository has a package.json and no pyproject.toml")
    python = await lsp("typescript")  # with a pyproject.toml too: the core's default, fastapi
    _unstacked(python, spec_text)
    (python.root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    uri = python.open("backend.yaml", "yaml")
    files = _created(python, (await _resolve(python, uri, 7, "Generate endpoints: Recipe")).edit)
    assert set(files) >= ENDPOINT_FILES


@pytest.mark.parametrize("named_by", ["setting", "spec", ".backendbot.yml"])
async def test_a_stack_the_user_names_wins(lsp: Starter, spec_text: str, named_by: str) -> None:
    session = await lsp("typescript", options=FASTAPI if named_by == "setting" else None)
    if named_by == "spec":
        (session.root / "backend.yaml").write_text(spec_text, encoding="utf-8")  # stack: fastapi
    else:
        _unstacked(session, spec_text)
    if named_by == ".backendbot.yml":
        (session.root / ".backendbot.yml").write_text("stack: fastapi\n", encoding="utf-8")
    uri = session.open("models.ts", "typescript")
    resolved = await _resolve(session, uri, RECIPES_COMMENT, "Generate endpoint")
    assert set(_created(session, resolved.edit)) >= ENDPOINT_FILES
    assert session.client.messages == []


async def test_typescript_models_map_onto_the_spec(lsp: Starter, spec_text: str) -> None:
    session = await lsp("typescript", options=FASTAPI)
    _unstacked(session, spec_text)
    uri = session.open("models.ts", "typescript")
    resolved = await _resolve(session, uri, RECIPE, "Generate model")  # the spec's Recipe
    assert set(_created(session, resolved.edit)) >= MODEL_FILES
    tag = _created(session, (await _resolve(session, uri, TAG + 1, "Generate model")).edit)
    assert set(tag) >= {"src/models/tag.py", "src/models/tag_schemas.py"}
    assert not any(path.startswith("src/routes/") for path in tag)
    schemas = tag["src/models/tag_schemas.py"]
    for expected in ("label", "colour", "weights", '"red"', '"green"', '"blue"'):
        assert expected in schemas, expected
    comment = _created(session, (await _resolve(session, uri, 21, "Generate model")).edit)
    assert "email: Email\n" in comment["src/models/comment_schemas.py"]  # @IsEmail()
    assert "max_length=500" in comment["src/models/comment_schemas.py"]  # @MaxLength(500)
    note = _created(session, (await _resolve(session, uri, NOTE_SCHEMA, "Generate model")).edit)
    assert "author_id" in note["src/models/note.py"]  # author: UserSchema → ref to User
    assert session.client.messages == []


async def test_an_unsupported_property_is_named(lsp: Starter, spec_text: str) -> None:
    session = await lsp("typescript", options={"backendbot": {"engine": "scaffold"}})
    _unstacked(session, spec_text)
    uri = session.open("models.ts", "typescript")
    resolved = await _resolve(session, uri, ADDRESS, "Generate model")
    assert resolved.edit is None and resolved.command is None
    [message] = session.client.messages
    assert message.type == types.MessageType.Error
    assert message.message == (
        "Generate model: models.ts:46:3: property 'geo': type '{ lat: number; lng: number }' "
        "has no backend.yaml field type (expected string, number, bigint, boolean, Date, File, "
        "a union of string literals, T[] or Array<T> of those, or a resource of backend.yaml)"
    )


async def test_with_a_model_engine_the_rest_goes_to_the_model(lsp: Starter) -> None:
    session = await lsp("typescript")  # engine anthropic (the default), no backend.yaml
    uri = session.open("models.ts", "typescript")
    for line, title in ((ADDRESS, "Generate model"), (WEATHER_COMMENT, "Generate endpoint")):
        resolved = await _resolve(session, uri, line, title)
        assert resolved.edit is None
        assert resolved.command is not None and resolved.command.command == "backendbot.generate"
        [argument] = resolved.command.arguments or []
        assert argument["stack"] == "express"
    address = await _resolve(session, uri, ADDRESS, "Generate model")
    assert address.command is not None
    [argument] = address.command.arguments or []
    assert "```typescript\nexport interface Address {\n  street: string;" in argument["prompt"]
    assert argument["prompt"].rstrip().endswith("}\n```")


async def test_python_documents_keep_fastapi(lsp: Starter, spec_text: str) -> None:
    """Even beside a package.json (a Python backend with a JavaScript front end)."""
    session = await lsp("source")
    _unstacked(session, spec_text)
    (session.root / "package.json").write_text("{}", encoding="utf-8")
    uri = session.open("app.py", "python")
    resolved = await _resolve(session, uri, 12, "Generate endpoint")  # GET /recipes/{id}
    assert set(_created(session, resolved.edit)) >= ENDPOINT_FILES
    assert "APIRouter" in _created(session, resolved.edit)["src/routes/recipe.py"]


async def test_a_broken_repository_spec_is_reported_not_ignored(lsp: Starter) -> None:
    session = await lsp("typescript", "diagnostics", options={"backendbot": {"engine": "scaffold"}})
    uri = session.open("models.ts", "typescript")
    resolved = await _resolve(session, uri, TAG, "Generate model")
    assert resolved.edit is None and resolved.command is None
    [message] = session.client.messages
    assert message.type == types.MessageType.Error
    assert message.message.startswith(f"Generate model: {session.root / 'backend.yaml'}:5:")
    assert "unknown type 'strnig'" in message.message
