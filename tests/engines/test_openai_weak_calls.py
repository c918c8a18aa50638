"""Models weak at function calling: every unreadable call is a tool error, a streak of them stops the run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backendbot.core.engines.openai_arguments import decode_arguments, decode_call
from backendbot.core.engines.openai_stream import RawCall
from backendbot.core.errors import RunFailed
from backendbot.core.run.loop import run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Workspace
from tests.core.conftest import snapshot
from tests.engines.conftest import OpenAIFactory
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import call, completion, text

TOOLS = ["read_file", "write_file", "search_files", "edit_block"]
GOOD = {"path": "src/a.py", "content": "a = 1\n"}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    (tmp_path / "app.py").write_text("app = object()\n")
    ws = Workspace(Jail(tmp_path))
    yield ws
    ws.close()


def _tool_messages(api: FakeChatAPI, request: int) -> list[str]:
    return [m["content"] for m in api.requests[request].body["messages"] if m["role"] == "tool"]


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        ('{"path": "src/a.py", "content": "a = 1\\n"', "not valid JSON (Expecting ',' delimiter"),
        (
            "{'path': 'src/a.py'}",
            "not valid JSON (Expecting property name enclosed in double quotes",
        ),
        ("path=src/a.py", "not valid JSON (Expecting value at character 0)"),
        (json.dumps(json.dumps(GOOD)), "a JSON string, not an object (JSON encoded twice?)"),
        ('["src/a.py", "a = 1"]', "must be a JSON object, got an array"),
        ("null", "must be a JSON object, got null"),
    ],
)
def test_malformed_arguments_go_back_as_a_tool_error_and_the_run_goes_on(
    chat_api: FakeChatAPI,
    make_openai: OpenAIFactory,
    workspace: Workspace,
    arguments: str,
    reason: str,
) -> None:
    chat_api.script(
        completion(call("write_file", arguments, id="bad")),
        completion(call("write_file", GOOD, id="good")),
        completion(text("Wrote src/a.py.")),
    )
    result = run_agent(make_openai(), workspace, system="s", task="t", tool_names=TOOLS)
    assert result.changeset.paths == ["src/a.py"]
    (answer,) = _tool_messages(chat_api, 1)
    assert answer.startswith("Error: write_file: the arguments ")
    assert reason in answer
    assert (result.stats.tool_calls, result.stats.tool_errors) == (2, 1)
    # the malformed call went back in the history exactly as the model sent it
    assistant = chat_api.requests[1].body["messages"][2]
    assert assistant["tool_calls"][0]["function"]["arguments"] == arguments


def test_an_unknown_tool_name_is_a_tool_error(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, workspace: Workspace
) -> None:
    chat_api.script(
        completion(call("run_shell", {"command": "rm -rf /"}), call("write_file", GOOD)),
        completion(text("ok")),
    )
    result = run_agent(make_openai(), workspace, system="s", task="t", tool_names=TOOLS)
    unknown, written = _tool_messages(chat_api, 1)
    assert unknown == (
        "Error: unknown tool 'run_shell'; available: edit_block, read_file, search_files, write_file"
    )
    assert not written.startswith("Error")
    assert result.changeset.paths == ["src/a.py"]


def test_consecutive_malformed_calls_stop_the_run_clearly(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, workspace: Workspace
) -> None:
    before = snapshot(workspace.jail.root)
    chat_api.script(
        completion(call("write_file", GOOD), call("write_file", "{oops")),
        completion(call("write_file", '"{\\"path\\": 1}"')),
        completion(call("wirte_file", GOOD)),
        completion(text("never asked for")),
    )
    with pytest.raises(RunFailed) as failure:
        run_agent(make_openai(), workspace, system="s", task="t", tool_names=TOOLS)
    message = str(failure.value)
    assert "the model sent 3 malformed tool calls in a row" in message
    assert "unknown tool 'wirte_file'" in message
    assert "nothing was written" in message
    assert len(chat_api.requests) == 3
    assert snapshot(workspace.jail.root) == before


def test_a_good_call_resets_the_count(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, workspace: Workspace
) -> None:
    chat_api.script(
        completion(call("write_file", "{"), call("write_file", "{")),
        completion(call("write_file", GOOD)),
        completion(call("write_file", "{"), call("write_file", "{")),
        completion(text("Done.")),
    )
    result = run_agent(make_openai(), workspace, system="s", task="t", tool_names=TOOLS)
    assert result.final_text == "Done."
    assert result.stats.tool_errors == 4


def test_the_limit_is_configurable(
    chat_api: FakeChatAPI, make_openai: OpenAIFactory, workspace: Workspace
) -> None:
    chat_api.script(completion(call("write_file", "{")))
    with pytest.raises(RunFailed, match="1 malformed tool calls in a row"):
        run_agent(
            make_openai(max_malformed_calls=1), workspace, system="s", task="t", tool_names=TOOLS
        )


def test_empty_arguments_are_an_empty_object() -> None:
    assert decode_arguments("") == ({}, None)
    assert decode_arguments("  ") == ({}, None)


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    arguments, problem = decode_arguments("[" * 100_000 + "]" * 100_000)
    assert arguments == {} and problem is not None and "cannot be read" in problem


@given(name=st.text(max_size=20), arguments=st.text(max_size=200))
def test_no_call_text_crashes_the_decoder(name: str, arguments: str) -> None:
    decoded = decode_call(RawCall("id", name, arguments), "id", {"read_file", "write_file"})
    assert isinstance(decoded.input, dict)
    assert (decoded.problem is None) == (
        decoded.name in {"read_file", "write_file"} and decode_arguments(arguments)[1] is None
    )
