"""``backendbot build`` with each model engine (``--engine anthropic``, ``--engine openai --model M``):
the real SDKs against the scripted APIs on loopback, one set of scenarios for both."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.conftest import Runner, snapshot
from tests.fakes.engine_wires import RateLimited, Step, Wire

ROUTE = "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get('/health')\ndef health() -> dict[str, str]:\n    return {'status': 'ok'}\n"


def test_happy_path_writes_verifies_and_lists(wire: Wire, backendbot: Runner, repo: Path) -> None:
    outside_before = snapshot(repo.parent)
    wire.script(
        Step(
            "Adding the health route.",
            calls=(
                ("write_file", {"path": "src/routes/health.py", "content": ROUTE}),
                ("write_file", {"path": "../escape.py", "content": "x"}),
                ("write_file", {"path": ".github/workflows/x.yml", "content": "on: push"}),
            ),
        ),
        Step(
            calls=(
                (
                    "edit_block",
                    {"path": "README.md", "old_text": "# demo", "new_text": "# demo API"},
                ),
            )
        ),
        Step("Done: src/routes/health.py and README.md."),
    )
    result = backendbot(
        "build",
        *wire.cli_args(),
        "--prompt",
        "add a health endpoint",
        "--repo",
        str(repo),
        "--json",
        env=wire.env(),
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
    assert data["summary"]["engine"] == wire.engine
    assert data["summary"]["tool_errors"] == 2
    after = snapshot(repo.parent)
    assert {k for k in after if not k.startswith("repo/")} == {
        k for k in outside_before if not k.startswith("repo/")
    }
    assert not (repo / ".github").exists()
    answers = wire.tool_answers(1)
    assert [error for _, error in answers] == [False, True, True]
    assert "'..' is not allowed" in answers[1][0]
    assert ".github/workflows is protected" in answers[2][0]
    assert all(
        wire.env()[k] not in r.raw.decode()
        for r in wire.api.requests
        for k in wire.env()
        if "KEY" in k
    )


def test_plain_listing_and_retries(wire: Wire, backendbot: Runner, repo: Path) -> None:
    wire.script(
        RateLimited("0"),
        RateLimited("0"),
        Step(calls=(("write_file", {"path": "src/services/a.py", "content": "A = 1\n"}),)),
        Step("Done."),
    )
    result = backendbot(
        "build", *wire.cli_args(), "--prompt", "make a", "--repo", str(repo), env=wire.env()
    )
    assert result.returncode == 0, result.stderr
    assert "created   src/services/a.py" in result.stdout
    assert "1 file(s) persisted" in result.stdout
    assert "src/services/a.py" not in result.stderr  # listed once, on stdout
    assert "backendbot: turn 2 (1 tool calls, 1 files written so far)" in result.stderr
    assert f"engine {wire.engine}" in result.stdout and "1 tool calls" in result.stdout
    assert len(wire.api.requests) == 4


def test_cut_off_mid_tool_call_leaves_repo_unchanged(
    wire: Wire, backendbot: Runner, repo: Path
) -> None:
    before = snapshot(repo)
    wire.script(
        Step(calls=(("write_file", {"path": "src/a.py", "content": "a = 1\n"}),)),
        Step(
            calls=(("write_file", {"path": "src/b.py", "content": "def half_written("}),),
            stop="cut_off",
        ),
    )
    result = backendbot(
        "build", *wire.cli_args(), "--prompt", "x", "--repo", str(repo), env=wire.env()
    )
    assert result.returncode == 1
    assert "cut off at the token limit" in result.stderr
    assert snapshot(repo) == before


def test_api_error_is_exit_1_without_key(wire: Wire, backendbot: Runner, repo: Path) -> None:
    before = snapshot(repo)
    wrong = "sk-wrong-key-for-the-cli"
    result = backendbot(
        "build", *wire.cli_args(), "--prompt", "x", "--repo", str(repo), env=wire.env(key=wrong)
    )
    assert result.returncode == 1
    assert "401" in result.stderr
    assert wrong not in result.stderr
    assert snapshot(repo) == before


def test_unpersisted_code_is_requested_then_reported(
    wire: Wire, backendbot: Runner, repo: Path
) -> None:
    code = "```python\ndef handler():\n    return 1\n\n# end\n```"
    wire.script(Step(f"Here you go:\n{code}"), Step(f"As I said:\n{code}"))
    result = backendbot(
        "build", *wire.cli_args(), "--prompt", "x", "--repo", str(repo), env=wire.env()
    )
    assert result.returncode == 0
    assert "not persisted (only in the model's answer): ```python block of 4 lines" in result.stdout
    assert "not in any file of the repository" in wire.api.requests[1].raw.decode()


def test_dry_run_prints_diff_and_writes_nothing(wire: Wire, backendbot: Runner, repo: Path) -> None:
    before = snapshot(repo)
    wire.script(
        Step(calls=(("write_file", {"path": "src/a.py", "content": "a = 1\n"}),)), Step("ok")
    )
    result = backendbot(
        "build", *wire.cli_args(), "--prompt", "x", "--repo", str(repo), "--dry-run", env=wire.env()
    )
    assert result.returncode == 0, result.stderr
    assert "+++ b/src/a.py" in result.stdout and "+a = 1" in result.stdout
    assert "nothing was written" in result.stdout
    assert snapshot(repo) == before
