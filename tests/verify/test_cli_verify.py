"""``backendbot build`` with verification on (its default): the real command in a subprocess,
the session's cached venv, the scripted Messages API through the real anthropic SDK."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.core.conftest import repo, snapshot
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import reply, text, tool_use
from tests.verify.conftest import EXAMPLES, passed_by_pytest, small_project

__all__ = ["repo"]
pytestmark = pytest.mark.slow

BUGGY = "def add(a: int, b: int) -> int:\n    return abs(a) + abs(b)\n"
TESTS = """from app.calc import add


def test_add_small() -> None:
    assert add(1, 1) == 2


def test_add_negative() -> None:
    assert add(-1, -1) == -2, "negative numbers add up wrong"
"""


def _build(*args: str, env: Mapping[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in env.items() if not k.startswith(("ANTHROPIC_", "OPENAI_"))}
    return subprocess.run(
        [sys.executable, "-m", "backendbot", "build", *args],
        capture_output=True,
        text=True,
        env=clean | {k: v for k, v in env.items() if k.startswith("ANTHROPIC_")},
        cwd=cwd,
        timeout=900,
        check=False,
    )


def _project_writes(recipes_files: dict[str, str], tmp_path: Path) -> list[dict[str, object]]:
    """write_file calls for a small project with a bug its own test finds."""
    layout = small_project(tmp_path / "layout", recipes_files, {})
    files = {
        "pyproject.toml": (layout / "pyproject.toml").read_text(),
        "app/__init__.py": "",
        "app/calc.py": BUGGY,
        "tests/__init__.py": "",
        "tests/test_calc.py": TESTS,
    }
    return [tool_use("write_file", {"path": p, "content": c}) for p, c in files.items()]


def test_recipes_json_has_the_verification_with_pytests_own_counts(
    tmp_path: Path, verify_env: dict[str, str], shared_venv: Path
) -> None:
    target = tmp_path / "recipes-api"
    target.mkdir()
    done = _build(
        str(EXAMPLES / "recipes.yaml"),
        "--repo",
        str(target),
        "--json",
        env=verify_env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    data = json.loads(done.stdout)
    report = data["verification"]
    assert report["passed"] is True
    assert all(check["ok"] for check in report["checks"]), report["checks"]
    assert [s["status"] for s in report["steps"]] == ["passed"] * 5
    assert report["tests"]["passed"] == passed_by_pytest(shared_venv, target)
    assert report["tests"]["failed"] == report["tests"]["errors"] == 0
    assert report["schemathesis"]["failures"] == 0
    assert data["applied"] is True and (target / "src" / "main.py").is_file()
    assert "verifying: test" in done.stderr  # progress in a pipe names each step


@pytest.mark.parametrize("flag", ["", "--keep-failed", "--allow-failing", "--dry-run"])
def test_a_failing_verification_writes_nothing_unless_asked(
    flag: str,
    repo: Path,
    tmp_path: Path,
    recipes_files: dict[str, str],
    verify_env: dict[str, str],
) -> None:
    before = snapshot(repo)
    with FakeMessagesAPI(api_key=FAKE_API_KEY) as api:
        api.script(reply(*_project_writes(recipes_files, tmp_path)), reply(text("Done.")))
        env = verify_env | {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": api.base_url}
        args = [
            "--engine",
            "anthropic",
            "--prompt",
            "an adder",
            "--repo",
            str(repo),
            "--fix-rounds",
            "0",
        ]
        done = _build(*args, *([flag] if flag else []), env=env, cwd=tmp_path)
    assert done.returncode == (0 if flag == "--allow-failing" else 1), done.stderr[-3000:]
    assert "✗ tests" in done.stdout
    assert "failing tests.test_calc::test_add_negative: " in done.stdout
    if flag in ("--keep-failed", "--allow-failing"):
        assert (repo / "app" / "calc.py").read_text() == BUGGY
    else:
        assert snapshot(repo) == before  # byte for byte, .git included
        assert "nothing was written" in done.stdout
    if flag == "--dry-run":
        assert "+++ b/app/calc.py" in done.stdout  # the diff, then the table


def test_json_of_a_failed_verification_names_the_test_and_keeps_the_repository(
    repo: Path, tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str]
) -> None:
    before = snapshot(repo)
    with FakeMessagesAPI(api_key=FAKE_API_KEY) as api:
        api.script(reply(*_project_writes(recipes_files, tmp_path)), reply(text("Done.")))
        env = verify_env | {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": api.base_url}
        done = _build(
            "--engine", "anthropic", "--prompt", "an adder", "--repo", str(repo),
            "--fix-rounds", "0", "--json", env=env, cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["applied"] is False
    report = data["verification"]
    assert report["passed"] is False
    assert (report["tests"]["passed"], report["tests"]["failed"]) == (1, 1)
    assert report["tests"]["failures"][0]["name"] == "tests.test_calc::test_add_negative"
    assert snapshot(repo) == before


def _user_text(body: Mapping[str, object]) -> str:
    last = body["messages"][-1]  # type: ignore[index]
    assert last["role"] == "user"
    return json.dumps(last["content"])


def test_a_model_fixes_its_failing_test_in_the_second_fix_round(
    repo: Path, tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str]
) -> None:
    edit = lambda old, new: tool_use(  # noqa: E731
        "edit_block", {"path": "app/calc.py", "old_text": old, "new_text": new}
    )
    with FakeMessagesAPI(api_key=FAKE_API_KEY) as api:
        api.script(
            reply(*_project_writes(recipes_files, tmp_path)),
            reply(text("Done: an adder with its tests.")),
            reply(edit("abs(a) + abs(b)", "a + abs(b)")),  # fix round 1: not yet right
            reply(text("Fixed the sign of a.")),
            reply(edit("a + abs(b)", "a + b")),  # fix round 2: right
            reply(text("Fixed the sign of b too.")),
        )
        env = verify_env | {"ANTHROPIC_API_KEY": FAKE_API_KEY, "ANTHROPIC_BASE_URL": api.base_url}
        done = _build(
            "--engine", "anthropic", "--prompt", "an adder", "--repo", str(repo), "--json",
            env=env, cwd=tmp_path,
        )  # fmt: skip
        requests = api.requests
        assert api.remaining == 0
    assert done.returncode == 0, done.stderr[-4000:]
    data = json.loads(done.stdout)
    assert data["summary"]["fix_rounds_used"] == 2
    assert data["verification"]["passed"] is True
    assert data["verification"]["tests"]["passed"] == 2
    assert (
        repo / "app" / "calc.py"
    ).read_text() == "def add(a: int, b: int) -> int:\n    return a + b\n"
    first, second = _user_text(requests[2].body), _user_text(requests[4].body)
    assert "Fix round 1 of 2" in first and "tests.test_calc::test_add_negative" in first
    assert "negative numbers add up wrong" in first
    assert "Fix round 2 of 2" in second and "test_add_negative" in second
    assert len(first.encode()) <= 4096 + 200  # bounded (JSON escaping aside)
    assert "fix round 1 of 2" in done.stderr and "fix round 2 of 2" in done.stderr
    assert "verification passed after fix round 2" in done.stderr
    assert os.environ["BACKENDBOT_VERIFY"] == "0"  # the suite's default stays off
