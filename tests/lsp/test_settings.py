"""Settings from initializationOptions and didChangeConfiguration; bad values are reported."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from tests.lsp.conftest import Session, Starter


async def _messages(session: Session, count: int) -> list[str]:
    for _ in range(50):
        if len(session.client.messages) >= count:
            break
        await asyncio.wait_for(session.client.wait_for_notification(types.WINDOW_SHOW_MESSAGE), 20)
    return [m.message for m in session.client.messages]


async def test_bad_initialization_options_are_reported(lsp: Starter) -> None:
    session = await lsp(
        "spec",
        options={"backendbot": {"engine": "gpt", "stack": "django", "colour": "red", "model": "m"}},
    )
    messages = await _messages(session, 3)
    assert any("'engine'" in m and "using the default" in m for m in messages)
    assert any("'stack'" in m and "using the default" in m for m in messages)
    assert any("unknown setting 'colour'" in m for m in messages)
    assert not any("'model'" in m for m in messages)
    uri = session.open("backend.yaml", "yaml")
    assert await session.titles(uri, (0, 0)) == ["Generate backend"]  # still working


async def test_settings_that_are_not_an_object(lsp: Starter) -> None:
    session = await lsp(options=["engine", "scaffold"])
    [message] = await _messages(session, 1)
    assert "settings must be an object" in message


async def test_bad_configuration_change_is_reported(lsp: Starter) -> None:
    session = await lsp()
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"backendbot": {"layout": {"api_routes": "../outside/"}}}
        )
    )
    [message] = await _messages(session, 1)
    assert "'layout'" in message and "api_routes" in message and "'..'" in message


async def test_good_settings_report_nothing(lsp: Starter) -> None:
    session = await lsp(options={"engine": "scaffold", "layout": {"api_routes": "app/api/"}})
    uri = session.open("backend.yaml", "yaml", "name: x\n")
    await session.titles(uri, (0, 0))  # a round trip: any message would have come first
    assert session.client.messages == []


async def test_an_empty_configuration_change_keeps_the_settings(lsp: Starter) -> None:
    session = await lsp("source", options={"engine": "scaffold"})
    for empty in [None, {}, {"backendbot": {}}]:
        session.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=empty)
        )
    uri = session.open("app.py", "python")
    action = await session.action(uri, 13, "Generate endpoint")
    command = (await session.client.code_action_resolve_async(action)).command
    assert command is not None
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    [message] = await _messages(session, 1)
    assert "the engine setting is 'scaffold'" in message


async def test_a_configuration_change_takes_effect(lsp: Starter) -> None:
    session = await lsp("source")
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"backendbot": {"engine": "scaffold"}})
    )
    uri = session.open("app.py", "python")
    action = await session.action(uri, 13, "Generate endpoint")
    command = (await session.client.code_action_resolve_async(action)).command
    assert command is not None
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    [message] = await _messages(session, 1)
    assert "the engine setting is 'scaffold'" in message


def test_verify_is_on_by_default_and_takes_only_a_boolean() -> None:
    from backendbot.lsp_server.settings import parse_settings

    assert parse_settings(None).settings.verify is True
    assert parse_settings({"backendbot": {"verify": False}}).settings.verify is False
    result = parse_settings({"verify": "no"})
    assert result.settings.verify is True
    [problem] = result.problems
    assert problem.startswith("setting 'verify': Input should be a valid boolean")
