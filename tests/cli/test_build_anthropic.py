"""``backendbot build --engine anthropic`` with the real SDK against a scripted Messages API on loopback."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.conftest import Runner, snapshot
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import overloaded, rate_limited, reply, text, tool_use

ROUTE = "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get('/health')\ndef health() -> dict[str, str]:\n    return {'status': 'ok'}\n"


def env_for(api: FakeMessagesAPI) -> dict[str, str]:
    return {"ANTHROPIC_BASE_URL": api.base_url, "ANTHROPIC_API_KEY": FAKE_API_KEY}


def test_happy_path_writes_verifies_and_lists(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    outside_before = snapshot(repo.parent)
    messages_api.script(
        reply(
            text("Adding the health route."),
            tool_use("write_file", {"path": "src/routes/health.py", "content": ROUTE}),
            tool_use("write_file", {"path": "../escape.py", "content": "x"}),
            tool_use("write_file", {"path": ".github/workflows/x.yml", "content": "on: push"}),
        ),
        reply(
            tool_use(
                "edit_block", {"path": "README.md", "old_text": "# demo", "new_text": "# demo API"}
            )
        ),
        reply(text("Done: src/routes/health.py and README.md.")),
    )
    result = backendbot(
        "build",
        "--engine",
        "anthropic",
        "--prompt",
        "add a health endpoint",
        "--repo",
        str(repo),
        "--json",
        env=env_for(messages_api),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(f["path"], f["status"]) for f in data["files"]] == [
        ("src/routes/health.py", "created"),
        ("README.md", "modified"),
    ]
    assert data["files"][0]["sha256"] == hashlib.sha256(ROUTE.encode()).hexdigest()
    assert (repo / "src/routes/health.py").read_text() == ROUTE
    assert (repo / "README.md").read_text() == "# demo API\n"
    assert data["summary"]["engine"] == "anthropic"
    assert data["summary"]["tool_errors"] == 2
    # the jail attempts changed nothing outside the repository
    after = snapshot(repo.parent)
    assert {k for k in after if not k.startswith("repo/")} == {
        k for k in outside_before if not k.startswith("repo/")
    }
    assert not (repo / ".github").exists()
    # the refusals went back to the model as tool results with is_error
    second = messages_api.requests[1].body["messages"][-1]["content"]
    errors = [b for b in second if b.get("is_error")]
    assert len(errors) == 2 and "'..' is not allowed" in errors[0]["content"]
    # the key never reaches the model
    assert all(FAKE_API_KEY not in json.dumps(r.body) for r in messages_api.requests)


def test_plain_listing_and_retries(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    messages_api.script(
        rate_limited(retry_after="0"),
        overloaded(),
        reply(tool_use("write_file", {"path": "src/services/a.py", "content": "A = 1\n"})),
        reply(text("Done.")),
    )
    result = backendbot(
        "build", "--prompt", "make a", "--repo", str(repo), env=env_for(messages_api)
    )
    assert result.returncode == 0, result.stderr
    assert "created   src/services/a.py" in result.stdout
    assert "1 file(s) persisted" in result.stdout
    assert "src/services/a.py" not in result.stderr  # listed once, on stdout
    assert "backendbot: turn 2 (1 tool calls, 1 files written so far)" in result.stderr
    assert "engine anthropic" in result.stdout and "1 tool calls" in result.stdout
    assert len(messages_api.requests) == 4


def test_max_tokens_mid_run_leaves_repo_unchanged(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    before = snapshot(repo)
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/a.py", "content": "a = 1\n"})),
        reply(text("def half_written("), stop_reason="max_tokens"),
    )
    result = backendbot("build", "--prompt", "x", "--repo", str(repo), env=env_for(messages_api))
    assert result.returncode == 1
    assert "cut off at the token limit" in result.stderr
    assert snapshot(repo) == before


def test_api_error_is_exit_1_without_key(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    before = snapshot(repo)
    result = backendbot(
        "build",
        "--prompt",
        "x",
        "--repo",
        str(repo),
        env={"ANTHROPIC_BASE_URL": messages_api.base_url, "ANTHROPIC_API_KEY": "sk-ant-wrong-key"},
    )
    assert result.returncode == 1
    assert "sk-ant-wrong-key" not in result.stderr
    assert snapshot(repo) == before


def test_unpersisted_code_is_requested_then_reported(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    code = "```python\ndef handler():\n    return 1\n\n# end\n```"
    messages_api.script(reply(text(f"Here you go:\n{code}")), reply(text(f"As I said:\n{code}")))
    result = backendbot("build", "--prompt", "x", "--repo", str(repo), env=env_for(messages_api))
    assert result.returncode == 0
    assert "not persisted (only in the model's answer): ```python block of 4 lines" in result.stdout
    request = messages_api.requests[1].body["messages"][-1]["content"]
    assert "not in any file of the repository" in json.dumps(request)


def test_dry_run_prints_diff_and_writes_nothing(
    messages_api: FakeMessagesAPI, backendbot: Runner, repo: Path
) -> None:
    before = snapshot(repo)
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/a.py", "content": "a = 1\n"})), reply(text("ok"))
    )
    result = backendbot(
        "build", "--prompt", "x", "--repo", str(repo), "--dry-run", env=env_for(messages_api)
    )
    assert result.returncode == 0, result.stderr
    assert "+++ b/src/a.py" in result.stdout and "+a = 1" in result.stdout
    assert "nothing was written" in result.stdout
    assert snapshot(repo) == before
