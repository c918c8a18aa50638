"""run_build end to end with the real anthropic SDK against the scripted Messages API.

The scenarios both model engines share (jail, budgets, cut-off answers) are in
tests/engines/test_shared_runs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.core.run.build import BuildRequest, run_build
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import Usage as ChatUsage
from tests.fakes.chat_script import call, completion
from tests.fakes.chat_script import text as chat_text
from tests.fakes.fixtures import FAKE_API_KEY, FAKE_OPENAI_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import Usage, reply, text, tool_use


def env_for(api: FakeMessagesAPI) -> dict[str, str]:
    return {"ANTHROPIC_BASE_URL": api.base_url, "ANTHROPIC_API_KEY": FAKE_API_KEY}


def test_summary_reports_usage_and_model(messages_api: FakeMessagesAPI, repo: Path) -> None:
    messages_api.script(
        reply(
            tool_use("write_file", {"path": "src/a.py", "content": "a = 1\n"}),
            usage=Usage(input_tokens=50, output_tokens=20, cache_creation_input_tokens=900),
        ),
        reply(
            text("done"), usage=Usage(input_tokens=60, output_tokens=5, cache_read_input_tokens=900)
        ),
    )
    env = {**env_for(messages_api), "BACKENDBOT_MODEL": "claude-sonnet-4-latest"}
    result = run_build(BuildRequest(repo=repo, prompt="x"), env=env)
    s = result.summary
    assert (s.engine, s.model, s.turns, s.tool_calls) == ("anthropic", "claude-sonnet-4-6", 2, 1)
    assert (s.input_tokens, s.output_tokens) == (110, 25)
    assert (s.cache_read_tokens, s.cache_creation_tokens) == (900, 900)
    assert messages_api.requests[0].body["model"] == "claude-sonnet-4-6"
    assert result.changeset.paths == ["src/a.py"]
    assert not (repo / "src/a.py").exists()  # run_build plans; the caller applies


def test_openai_summary_model_and_usage(chat_api: FakeChatAPI, repo: Path) -> None:
    chat_api.script(
        completion(call("write_file", {"path": "src/a.py", "content": "a = 1\n"})),
        completion(
            chat_text("done"),
            usage=ChatUsage(prompt_tokens=1100, completion_tokens=5, cached_tokens=1000),
        ),
    )
    env = {"OPENAI_BASE_URL": chat_api.base_url, "OPENAI_API_KEY": FAKE_OPENAI_KEY}
    result = run_build(
        BuildRequest(repo=repo, prompt="x", engine="openai", model="llama3.3:70b"), env=env
    )
    s = result.summary
    assert (s.engine, s.model, s.turns, s.tool_calls) == ("openai", "llama3.3:70b", 2, 1)
    assert (s.input_tokens, s.output_tokens, s.cache_read_tokens) == (200, 25, 1000)
    assert [r.body["model"] for r in chat_api.requests] == ["llama3.3:70b"] * 2


def test_openai_model_comes_from_the_repository_or_the_environment(
    chat_api: FakeChatAPI, repo: Path
) -> None:
    (repo / ".backendbot.yml").write_text("engine: openai\nmodel: qwen2.5-coder:7b\n")
    chat_api.script(completion(chat_text("one")), completion(chat_text("two")))
    env = {"OPENAI_BASE_URL": chat_api.base_url, "OPENAI_API_KEY": FAKE_OPENAI_KEY}
    first = run_build(BuildRequest(repo=repo, prompt="x"), env=env)
    assert (first.summary.engine, first.final_text) == ("openai", "one")
    run_build(BuildRequest(repo=repo, prompt="x"), env={**env, "BACKENDBOT_MODEL": "other"})
    assert [r.body["model"] for r in chat_api.requests] == ["qwen2.5-coder:7b"] * 2


def test_openai_never_calls_the_agent_files_claude_model(chat_api: FakeChatAPI, repo: Path) -> None:
    env = {"OPENAI_BASE_URL": chat_api.base_url}
    with pytest.raises(InputError, match="needs a model name: give --model NAME"):
        run_build(BuildRequest(repo=repo, prompt="x", engine="openai"), env=env)
    assert chat_api.requests == []
