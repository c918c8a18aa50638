"""Garbage documents and requests never take the server down: it keeps answering."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.conftest import Session, Starter

BINARY = "".join(chr(c) for c in range(0, 32)) + "\x7f\ufffe\uffff\u2028\u2029" + "\ud83c" * 3
HUGE_LINE = "resources: " + "x" * 1_000_000


async def _still_answers(session: Session) -> None:
    uri = session.open(
        "check/backend.yaml", "yaml", "name: x\nresources:\n  Dish:\n    fields:\n      a: string\n"
    )
    assert await session.titles(uri, (2, 2)) == ["Generate model: Dish", "Generate endpoints: Dish"]


async def test_binary_looking_documents(lsp: Starter) -> None:
    session = await lsp()
    for name, language in [("backend.yaml", "yaml"), ("bin.py", "python"), ("x.ts", "typescript")]:
        uri = session.open(name, language, BINARY * 50)
        for line in (0, 1, 3):
            await session.actions(uri, (line, 0), (line + 1, 5))
    await session.diagnostics(session.uri("backend.yaml"))
    await _still_answers(session)


async def test_huge_lines(lsp: Starter) -> None:
    session = await lsp()
    spec = session.open("backend.yaml", "yaml", HUGE_LINE)
    py = session.open(
        "big.py", "python", "# endpoint: GET /" + "a" * 1_000_000 + "\n" + "x = 1\n" * 10
    )
    assert await session.titles(py, (0, 0)) == ["Generate endpoint"]
    assert await session.titles(py, (0, 0), (1, 2)) == ["Generate endpoint"]
    await session.actions(spec, (0, 500_000))
    assert await session.diagnostics(spec)
    await _still_answers(session)


async def test_positions_outside_the_document(lsp: Starter) -> None:
    session = await lsp("source", "spec")
    py = session.open("app.py", "python")
    spec = session.open("backend.yaml", "yaml")
    for uri in (py, spec):
        assert await session.actions(uri, (10_000, 0)) == []
        await session.actions(uri, (3, 10_000), (2_000_000, 7))
        await session.actions(uri, (5, 3), (1, 0))  # reversed
    emoji = session.open("emoji.py", "python", "# 🍅🍅 endpoint\n# endpoint: GET /🍅\n")
    await session.actions(emoji, (0, 3), (1, 13))  # inside a surrogate pair
    await session.actions(session.uri("never-opened.py"), (0, 0))
    await _still_answers(session)


async def test_garbage_resolve_data_and_command_arguments(lsp: Starter) -> None:
    session = await lsp()
    for data in [None, 42, "x", {"uri": 3}, {"uri": "file:///nope", "action": "backend"}]:
        action = types.CodeAction(title="Generate backend", data=data)
        resolved = await session.client.code_action_resolve_async(action)
        assert resolved.edit is None
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="backendbot.generate", arguments=[{"nope": 1}])
    )
    await _still_answers(session)
