"""codeAction/resolve: the scaffold engine's files as a WorkspaceEdit, or a command for a model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types

from tests.lsp.conftest import Session, Starter

ENDPOINT_FILES = {
    "src/controllers/recipe.py",
    "src/routes/recipe.py",
    "src/services/recipe.py",
    "tests/test_recipe.py",
}
MODEL_FILES = {"src/models/recipe.py", "src/models/recipe_schemas.py"}


def _relative(session: Session, uri: str) -> str:
    return unquote(urlparse(uri).path).removeprefix(session.root.as_posix() + "/")


def _created(session: Session, edit: types.WorkspaceEdit | None) -> dict[str, str]:
    """Path → content of every file the edit creates (resource operations form)."""
    assert edit is not None and edit.changes is None
    created: set[str] = set()
    contents: dict[str, str] = {}
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            assert change.options == types.CreateFileOptions(
                overwrite=False, ignore_if_exists=False
            )
            created.add(change.uri)
        elif isinstance(change, types.TextDocumentEdit):
            assert change.text_document.uri in created  # filled right after its CreateFile
            contents[_relative(session, change.text_document.uri)] = "".join(
                e.new_text for e in change.edits
            )
    return contents


async def _resolve(session: Session, uri: str, line: int, title: str) -> types.CodeAction:
    action = await session.action(uri, line, title)
    return await session.client.code_action_resolve_async(action)


async def test_generate_endpoints_for_one_resource(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    files = _created(session, resolved.edit)
    assert set(files) >= ENDPOINT_FILES
    assert not MODEL_FILES & set(files)
    assert "APIRouter" in files["src/routes/recipe.py"]
    assert resolved.command is None
    assert not (session.root / "src").exists()  # resolve plans; the editor applies


async def test_generate_model_for_one_resource(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 3, "Generate model: User")
    files = _created(session, resolved.edit)
    assert {"src/models/user.py", "src/models/user_schemas.py"} <= set(files)
    assert not any(path.startswith("src/routes/") for path in files)


async def test_generate_backend_creates_the_project(lsp: Starter) -> None:
    session = await lsp("spec")
    uri = session.open("backend.yaml", "yaml")
    files = _created(session, (await _resolve(session, uri, 0, "Generate backend")).edit)
    assert {"src/main.py", "src/models/user.py", *ENDPOINT_FILES, *MODEL_FILES} <= set(files)


async def test_plain_changes_for_clients_without_resource_operations(lsp: Starter) -> None:
    session = await lsp("spec", resource_operations=False)
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    assert resolved.edit is not None and resolved.edit.document_changes is None
    changes = resolved.edit.changes or {}
    paths = {_relative(session, u) for u in changes}
    assert paths >= ENDPOINT_FILES
    [insert] = changes[session.uri("src/routes/recipe.py")]
    assert insert.range == types.Range(start=types.Position(0, 0), end=types.Position(1, 0))
    assert "APIRouter" in insert.new_text


async def test_without_resource_operations_the_parent_folders_are_made(lsp: Starter) -> None:
    """Such a client (Neovim 0.7) opens a buffer per new file; saving needs its folder."""
    session = await lsp("spec", resource_operations=False)
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    paths = {_relative(session, u) for u in (resolved.edit and resolved.edit.changes) or {}}
    folders = {str(Path(p).parent) for p in paths} - {"."}
    assert {"src/routes", "src/controllers", "tests"} <= folders
    for folder in folders:
        assert (session.root / folder).is_dir()
    on_disk = {p.relative_to(session.root).as_posix() for p in session.root.rglob("*")}
    assert on_disk - {"backend.yaml"} == {f for f in on_disk if (session.root / f).is_dir()}
    [message] = session.client.messages  # sent before the response
    assert f"{len(paths)} new file(s) open as unsaved buffers" in message.message
    assert ":wa" in message.message and "src/routes/" in message.message


async def test_the_unsaved_document_is_what_gets_generated(lsp: Starter, spec_text: str) -> None:
    session = await lsp("spec")
    text = spec_text + "  Tag:\n    fields:\n      label: string\n"
    uri = session.open("backend.yaml", "yaml", text)
    files = _created(session, (await _resolve(session, uri, 13, "Generate endpoints: Tag")).edit)
    assert "src/routes/tag.py" in files


async def test_layout_setting_moves_the_files(lsp: Starter) -> None:
    session = await lsp("spec", options={"backendbot": {"layout": {"api_routes": "app/api/"}}})
    uri = session.open("backend.yaml", "yaml")
    files = _created(session, (await _resolve(session, uri, 7, "Generate endpoints: Recipe")).edit)
    assert "app/api/recipe.py" in files and "src/routes/recipe.py" not in files


async def test_up_to_date_files_give_an_empty_edit(lsp: Starter) -> None:
    session = await lsp("spec")
    subprocess.run(
        [sys.executable, "-m", "backendbot", "build", "backend.yaml"],
        cwd=session.root,
        check=True,
        capture_output=True,
    )
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    assert resolved.edit is not None and not resolved.edit.document_changes
    [message] = session.client.messages  # sent before the response
    assert "nothing to change, the generated files are up to date" in message.message


async def test_endpoint_comment_maps_onto_the_repository_spec(lsp: Starter) -> None:
    session = await lsp("spec", "source")
    uri = session.open("app.py", "python")
    resolved = await _resolve(session, uri, 12, "Generate endpoint")  # GET /recipes/{id}
    assert resolved.command is None
    assert set(_created(session, resolved.edit)) >= ENDPOINT_FILES


async def test_model_class_maps_onto_the_repository_spec(lsp: Starter) -> None:
    session = await lsp("spec", "source")
    uri = session.open("app.py", "python")
    resolved = await _resolve(session, uri, 16, "Generate model")  # class Recipe(BaseModel)
    assert resolved.command is None
    assert set(_created(session, resolved.edit)) >= MODEL_FILES


async def test_what_the_spec_does_not_name_goes_to_the_model(lsp: Starter) -> None:
    session = await lsp("spec", "source")
    uri = session.open("app.py", "python")
    for line in (13, 23):  # GET /weather/today; class Ingredient
        resolved = await _resolve(session, uri, line, session_title(line))
        assert resolved.edit is None
        assert resolved.command is not None and resolved.command.command == "backendbot.generate"
    ingredient = await _resolve(session, uri, 23, "Generate model")
    assert ingredient.command is not None
    prompt = (ingredient.command.arguments or [{}])[0]["prompt"]
    assert "@dataclass\nclass Ingredient:\n    name: str\n    grams: float" in prompt


def session_title(line: int) -> str:
    return "Generate endpoint" if line == 13 else "Generate model"


async def test_without_a_repository_spec_source_actions_use_the_model(lsp: Starter) -> None:
    session = await lsp("source")
    uri = session.open("app.py", "python")
    resolved = await _resolve(session, uri, 12, "Generate endpoint")
    assert resolved.edit is None and resolved.command is not None


async def test_paths_that_need_percent_encoding(lsp: Starter, spec_text: str) -> None:
    session = await lsp()
    uri = session.open("my specs/backend.yaml", "yaml", spec_text)
    assert "%20" in uri
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    assert set(_created(session, resolved.edit)) >= ENDPOINT_FILES


async def test_clients_without_resolve_get_a_command_that_applies(lsp: Starter) -> None:
    session = await lsp("spec", resolve=False)
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, "Generate endpoints: Recipe")
    assert action.command is not None and action.command.command == "backendbot.apply"
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    [applied] = session.applied
    assert applied.label == "backendbot: Generate endpoints: Recipe"
    assert set(_created(session, applied.edit)) >= ENDPOINT_FILES


async def test_a_refused_apply_command_removes_the_folders_it_made(lsp: Starter) -> None:
    session = await lsp("spec", resolve=False, resource_operations=False)
    session.apply_result = False
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, "Generate endpoints: Recipe")
    assert action.command is not None
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    assert len(session.applied) == 1
    assert sorted(p.name for p in session.root.iterdir()) == ["backend.yaml"]
    [message] = session.client.messages
    assert "the test refused it" in message.message


async def test_an_applied_command_names_the_folders_it_made(lsp: Starter) -> None:
    session = await lsp("spec", resolve=False, resource_operations=False)
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, "Generate endpoints: Recipe")
    assert action.command is not None
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    assert (session.root / "src" / "routes").is_dir()
    [message] = session.client.messages
    assert "unsaved buffers" in message.message and "src/routes/" in message.message


async def test_resolving_drops_the_fallback_command(lsp: Starter) -> None:
    session = await lsp("spec", resolve=False)
    uri = session.open("backend.yaml", "yaml")
    resolved = await _resolve(session, uri, 7, "Generate endpoints: Recipe")
    assert resolved.command is None
    assert set(_created(session, resolved.edit)) >= ENDPOINT_FILES


async def test_clients_without_code_action_literals_get_commands(lsp: Starter) -> None:
    session = await lsp("spec", literals=False, resolve=False)
    uri = session.open("backend.yaml", "yaml")
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(7, 0), end=types.Position(7, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    commands = [c for c in result or [] if isinstance(c, types.Command)]
    assert [c.title for c in commands] == ["Generate model: Recipe", "Generate endpoints: Recipe"]
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=commands[1].command, arguments=commands[1].arguments)
    )
    [applied] = session.applied
    assert set(_created(session, applied.edit)) >= ENDPOINT_FILES
