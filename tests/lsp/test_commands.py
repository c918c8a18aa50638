"""The model-backed path: resolve gives a command; executeCommand runs the anthropic engine
(against the scripted Messages API on 127.0.0.1) with progress, cancellation and applyEdit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import api_error, reply, text, tool_use
from tests.lsp.conftest import Session, Starter

WEATHER_LINE = 13  # "# endpoint: GET /weather/today ..." in source/app.py
WEATHER_PY = "from fastapi import APIRouter\n\nrouter = APIRouter()\n"
STALL = 300.0  # longer than any wait below: only a cancel can end a stalled run in time
LIVENESS = 30.0

pytestmark = pytest.mark.slow


def _env(api: FakeMessagesAPI) -> dict[str, str]:
    return {"ANTHROPIC_BASE_URL": api.base_url, "ANTHROPIC_API_KEY": FAKE_API_KEY}


async def _command(session: Session) -> types.Command:
    uri = session.open("app.py", "python")
    action = await session.action(uri, WEATHER_LINE, "Generate endpoint")
    resolved = await session.client.code_action_resolve_async(action)
    assert resolved.edit is None
    assert resolved.command is not None
    return resolved.command


def _execute(
    session: Session, command: types.Command, msg_id: str | None = None
) -> asyncio.Task[Any]:
    """Send executeCommand now; the task ends with its response."""
    params = types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    request = session.client.protocol.send_request_async(
        types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id
    )
    return asyncio.ensure_future(request)


def _progress(session: Session) -> list[Any]:
    [reports] = session.client.progress_reports.values()
    return reports


async def _ended(session: Session) -> types.WorkDoneProgressEnd:
    for _ in range(400):
        reports = list(session.client.progress_reports.values())
        if reports and reports[0] and isinstance(reports[0][-1], types.WorkDoneProgressEnd):
            return reports[0][-1]
        await asyncio.sleep(0.05)
    raise AssertionError("the progress never ended")


async def _message(session: Session) -> str:
    for _ in range(50):
        if session.client.messages:
            return session.client.messages[-1].message
        await asyncio.wait_for(session.client.wait_for_notification(types.WINDOW_SHOW_MESSAGE), 30)
    raise AssertionError("no message")


async def test_unmapped_endpoint_resolves_to_a_command(lsp: Starter) -> None:
    session = await lsp("source")
    command = await _command(session)
    assert command.command == "backendbot.generate"
    [argument] = command.arguments or []
    assert argument["uri"] == session.uri("app.py")
    assert "GET /weather/today" in argument["prompt"]
    assert "the forecast for the user's city" in argument["prompt"]


async def test_generation_applies_the_written_files(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(
        reply(
            text("Writing it."),
            tool_use("write_file", {"path": "src/weather.py", "content": WEATHER_PY}),
        ),
        reply(text("Done: src/weather.py.")),
    )
    session = await lsp("source", env=_env(messages_api))
    await _execute(session, await _command(session))
    [applied] = session.applied
    assert applied.label == "backendbot: Generate endpoint"
    create, fill = applied.edit.document_changes or []
    assert isinstance(create, types.CreateFile)
    assert create.uri == session.uri("src/weather.py")
    assert create.options == types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
    assert isinstance(fill, types.TextDocumentEdit)
    assert [e.new_text for e in fill.edits] == [WEATHER_PY]
    assert not (session.root / "src" / "weather.py").exists()  # the editor writes, not the server
    reports = _progress(session)
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and reports[0].cancellable
    assert any(
        isinstance(r, types.WorkDoneProgressReport) and "write_file" in (r.message or "")
        for r in reports
    )
    assert reports[-1] == types.WorkDoneProgressEnd(message="1 file(s) written")
    task = messages_api.requests[0].body["messages"][0]["content"]
    assert "GET /weather/today" in str(task)


async def test_without_resource_operations_the_folder_of_a_new_file_is_made(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/api/weather.py", "content": WEATHER_PY})),
        reply(text("Done: src/api/weather.py.")),
    )
    session = await lsp("source", env=_env(messages_api), resource_operations=False)
    await _execute(session, await _command(session))
    [applied] = session.applied
    assert applied.edit.document_changes is None
    [insert] = (applied.edit.changes or {})[session.uri("src/api/weather.py")]
    assert insert.new_text == WEATHER_PY
    assert (session.root / "src" / "api").is_dir()
    assert not (session.root / "src" / "api" / "weather.py").exists()  # the editor saves it
    assert "Created the folder(s) src/, src/api/" in session.client.messages[0].message


async def test_cancelling_the_progress_stops_the_model_call(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(reply(text("never arrives"), stall_at=0, stall_seconds=STALL))
    session = await lsp("source", env=_env(messages_api))
    running = _execute(session, await _command(session))
    assert await asyncio.to_thread(messages_api.stalled.wait, LIVENESS)
    [token] = session.client.progress_reports
    session.client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    await asyncio.wait_for(running, LIVENESS)  # long before the stall would end
    assert (await _ended(session)).message == "cancelled: nothing was changed"
    assert session.applied == []
    assert len(messages_api.requests) == 1
    assert await asyncio.to_thread(messages_api.hung_up.wait, LIVENESS)  # the stream was dropped


async def test_cancel_request_stops_the_model_call(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(reply(text("never arrives"), stall_at=3, stall_seconds=STALL))
    session = await lsp("source", env=_env(messages_api))
    running = _execute(session, await _command(session), msg_id="generate-1")
    assert await asyncio.to_thread(messages_api.stalled.wait, LIVENESS)
    session.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="generate-1"))
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(running, LIVENESS)  # long before the stall would end
    assert (await _ended(session)).message == "cancelled: nothing was changed"
    assert session.applied == []
    assert len(messages_api.requests) == 1
    assert await asyncio.to_thread(messages_api.hung_up.wait, LIVENESS)  # the stream was dropped


async def test_without_an_api_key_the_reason_is_shown(lsp: Starter) -> None:
    session = await lsp("source")
    await _execute(session, await _command(session))
    message = await _message(session)
    assert "ANTHROPIC_API_KEY" in message
    assert session.client.messages[-1].type == types.MessageType.Error
    assert session.applied == []


async def test_a_failed_generation_is_shown(lsp: Starter, messages_api: FakeMessagesAPI) -> None:
    messages_api.script(api_error(400, "invalid_request_error", "prompt is too long"))
    session = await lsp("source", env=_env(messages_api))
    await _execute(session, await _command(session))
    message = await _message(session)
    assert message.startswith("Generate endpoint failed:")
    assert "prompt is too long" in message
    assert (await _ended(session)).message == "failed"
    assert session.applied == []


async def test_an_edit_the_editor_refuses_is_reported(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/weather.py", "content": WEATHER_PY})),
        reply(text("Done.")),
    )
    session = await lsp("source", env=_env(messages_api))
    session.apply_result = False
    await _execute(session, await _command(session))
    assert len(session.applied) == 1
    assert "the test refused it" in await _message(session)


async def test_the_folders_made_for_a_refused_edit_are_removed(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/api/weather.py", "content": WEATHER_PY})),
        reply(text("Done.")),
    )
    session = await lsp("source", env=_env(messages_api), resource_operations=False)
    session.apply_result = False
    await _execute(session, await _command(session))
    assert len(session.applied) == 1
    assert "the test refused it" in await _message(session)
    assert not (session.root / "src").exists()
    assert not any("unsaved buffers" in m.message for m in session.client.messages)


async def test_the_scaffold_engine_setting_calls_no_model(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    session = await lsp("source", env=_env(messages_api), options={"engine": "scaffold"})
    await _execute(session, await _command(session))
    assert "'scaffold'" in await _message(session)
    assert messages_api.requests == []
