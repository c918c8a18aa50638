"""run_build end to end with the real anthropic SDK against the scripted Messages API."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.errors import LimitsExceeded
from backendbot.core.run.build import BuildRequest, run_build
from backendbot.core.run.loop import Budget
from tests.core.conftest import snapshot
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import Usage, reply, text, tool_use


def env_for(api: FakeMessagesAPI) -> dict[str, str]:
    return {"ANTHROPIC_BASE_URL": api.base_url, "ANTHROPIC_API_KEY": FAKE_API_KEY}


def test_turn_budget_exhausted_leaves_repo_unchanged(
    messages_api: FakeMessagesAPI, repo: Path
) -> None:
    messages_api.script(
        *[
            reply(tool_use("write_file", {"path": f"src/f{i}.py", "content": f"X = {i}\n"}))
            for i in range(5)
        ]
    )
    before = snapshot(repo)
    request = BuildRequest(repo=repo, prompt="write many files", budget=Budget(max_turns=3))
    with pytest.raises(LimitsExceeded, match="turn budget exhausted after 3 turns"):
        run_build(request, env=env_for(messages_api))
    assert len(messages_api.requests) == 3
    assert snapshot(repo) == before


def test_output_token_budget_exhausted(messages_api: FakeMessagesAPI, repo: Path) -> None:
    heavy = Usage(input_tokens=10, output_tokens=700)
    messages_api.script(
        *[
            reply(tool_use("write_file", {"path": f"src/f{i}.py", "content": "x\n"}), usage=heavy)
            for i in range(3)
        ]
    )
    request = BuildRequest(repo=repo, prompt="x", budget=Budget(max_output_tokens=1000))
    with pytest.raises(LimitsExceeded, match="output-token budget exhausted"):
        run_build(request, env=env_for(messages_api))


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
