"""The model-backed command with the openai engine: settings name the server and the model;
cancelling closes the stream (the real openai SDK against the scripted Chat Completions API)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import call, completion, text
from tests.fakes.fixtures import FAKE_OPENAI_KEY
from tests.lsp.conftest import Starter
from tests.lsp.test_commands import LIVENESS, STALL, WEATHER_PY, _command, _ended, _execute

pytestmark = pytest.mark.slow


def _options(api: FakeChatAPI) -> dict[str, object]:
    return {
        "backendbot": {
            "engine": "openai",
            "model": "qwen2.5-coder:14b",
            "openai_base_url": api.base_url,
        }
    }


async def test_generation_through_the_openai_engine(lsp: Starter, chat_api: FakeChatAPI) -> None:
    chat_api.script(
        completion(
            text("Writing it."),
            call("write_file", {"path": "src/weather.py", "content": WEATHER_PY}),
        ),
        completion(text("Done: src/weather.py.")),
    )
    session = await lsp(
        "source", env={"OPENAI_API_KEY": FAKE_OPENAI_KEY}, options=_options(chat_api)
    )
    await _execute(session, await _command(session))
    [applied] = session.applied
    create, fill = applied.edit.document_changes or []
    assert isinstance(create, types.CreateFile) and create.uri == session.uri("src/weather.py")
    assert isinstance(fill, types.TextDocumentEdit)
    assert [e.new_text for e in fill.edits] == [WEATHER_PY]
    assert (await _ended(session)).message == "1 file(s) written"
    assert [r.body["model"] for r in chat_api.requests] == ["qwen2.5-coder:14b"] * 2
    assert "GET /weather/today" in chat_api.requests[0].body["messages"][1]["content"]


async def test_cancelling_the_progress_closes_the_stream(
    lsp: Starter, chat_api: FakeChatAPI
) -> None:
    chat_api.api_key = None  # a local server: no key anywhere
    chat_api.script(completion(text("never arrives"), stall_at=1, stall_seconds=STALL))
    session = await lsp("source", options=_options(chat_api))
    running = _execute(session, await _command(session))
    assert await asyncio.to_thread(chat_api.stalled.wait, LIVENESS)
    [token] = session.client.progress_reports
    session.client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    await asyncio.wait_for(running, LIVENESS)  # long before the stall would end
    assert (await _ended(session)).message == "cancelled: nothing was changed"
    assert session.applied == []
    assert len(chat_api.requests) == 1
    assert await asyncio.to_thread(chat_api.hung_up.wait, LIVENESS)  # the stream was dropped


async def test_a_bad_base_url_setting_is_reported(lsp: Starter) -> None:
    session = await lsp(
        options={"backendbot": {"engine": "openai", "openai_base_url": "localhost:11434"}}
    )
    for _ in range(50):
        if session.client.messages:
            break
        await asyncio.wait_for(session.client.wait_for_notification(types.WINDOW_SHOW_MESSAGE), 20)
    [message] = [m.message for m in session.client.messages]
    assert "'openai_base_url'" in message and "must be an http" in message
