"""verify() end to end on real projects in the session's cached venv: passing, failing, hanging,
reaching for the network, configured in .backendbot.yml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.verify.report import STEP_ORDER, StepResult
from backendbot.core.verify.run import VerifyOptions, verify
from backendbot.core.verify.sandbox import NAMESPACE, isolation
from tests.core.conftest import snapshot
from tests.verify.conftest import passed_by_pytest, small_project

pytestmark = pytest.mark.slow


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def verify_step_started(self, name: str) -> None:
        self.seen.append(("started", name))

    def verify_step_finished(self, step: StepResult) -> None:
        self.seen.append(("finished", step.name))


def _created(files: dict[str, str]) -> ChangeSet:
    return ChangeSet(tuple(FileChange(p, None, c.encode()) for p, c in files.items()))


def test_a_generated_project_passes_every_check_with_the_counts_pytest_gives(
    tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str], shared_venv: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    before = snapshot(repo)
    events = Recorder()
    report = verify(repo, _created(recipes_files), events=events, env=verify_env)
    assert snapshot(repo) == before  # the checks ran in a copy
    assert report.passed, report.to_json()
    assert all(c.ok for c in report.checks())
    assert [s.name for s in report.steps] == list(STEP_ORDER)
    assert all(s.status == "passed" for s in report.steps), report.steps
    assert events.seen == [(kind, name) for name in STEP_ORDER for kind in ("started", "finished")]
    # pytest's own count, in the generated project written out separately
    project = tmp_path / "written"
    for path, content in recipes_files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(content, encoding="utf-8")
    assert report.tests is not None
    assert report.tests.passed == passed_by_pytest(shared_venv, project)
    assert report.tests.failed == report.tests.errors == 0
    assert report.coverage_percent is not None and report.coverage_percent > 85
    assert report.schemathesis is not None and report.schemathesis.operations > 10
    assert (
        report.documented is not None and report.documented.total == report.schemathesis.operations
    )
    assert report.latency is not None and report.latency.requests == 300
    assert "GET /recipes" in report.latency.paths
    assert report.isolation == isolation()


FAILING = """from app.calc import add


def test_add_small() -> None:
    assert add(1, 1) == 2


def test_add_negative() -> None:
    assert add(-1, -1) == -2, "negative numbers add up wrong"
"""


def test_a_failing_test_is_named_with_its_message(
    tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str]
) -> None:
    repo = small_project(
        tmp_path / "repo",
        recipes_files,
        {
            "app/calc.py": "def add(a: int, b: int) -> int:\n    return abs(a) + abs(b)\n",
            "tests/test_calc.py": FAILING,
        },
    )
    report = verify(repo, ChangeSet(), env=verify_env)
    assert not report.passed
    assert report.tests is not None
    assert (report.tests.passed, report.tests.failed) == (1, 1)
    (failure,) = report.tests.failures
    assert failure.name == "tests.test_calc::test_add_negative"
    assert "negative numbers add up wrong" in failure.message
    step = report.step("test")
    assert step is not None and step.status == "failed"
    assert "test_add_negative" in step.detail
    assert report.step("schemathesis") is not None
    assert report.step("schemathesis").status == "skipped"  # type: ignore[union-attr]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie waiting for a reaper has ended


def test_a_hanging_test_hits_the_time_limit_and_every_process_is_killed(
    tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str]
) -> None:
    pids = tmp_path / "pids"
    hanging = f"""import os
import subprocess
import time
from pathlib import Path


def test_hangs() -> None:
    child = subprocess.Popen(["sleep", "600"])
    Path({str(pids)!r}).write_text(f"{{os.getpid()}} {{child.pid}}")
    time.sleep(600)
"""
    repo = small_project(tmp_path / "repo", recipes_files, {"tests/test_hang.py": hanging})
    report = verify(repo, ChangeSet(), env=verify_env, options=VerifyOptions(time_limit=25))
    step = report.step("test")
    assert step is not None and step.status == "timeout", report.steps
    assert "time limit" in step.detail and "killed" in step.detail
    assert not report.passed
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    assert not any(_alive(pid) for pid in started)
    assert "test timeout" in report.summary_line()


NETWORK = """import socket


def test_loopback_works() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    socket.create_connection(server.getsockname(), timeout=5).close()
    server.close()


def test_reaches_pypi() -> None:
    socket.create_connection(("151.101.0.223", 443), timeout=5).close()
"""


def test_the_network_beyond_loopback_is_refused_and_reported(
    tmp_path: Path, recipes_files: dict[str, str], verify_env: dict[str, str]
) -> None:
    if isolation() != NAMESPACE:
        pytest.skip("this machine does not allow user namespaces: only proxy variables are cleared")
    repo = small_project(tmp_path / "repo", recipes_files, {"tests/test_net.py": NETWORK})
    report = verify(repo, ChangeSet(), env=verify_env)
    assert report.isolation == NAMESPACE
    assert report.tests is not None
    assert (report.tests.passed, report.tests.failed) == (1, 1)
    (failure,) = report.tests.failures
    assert failure.name.endswith("test_reaches_pypi")
    assert "unreachable" in failure.message.lower(), failure.message


def test_a_repository_names_its_own_commands_in_backendbot_yml(
    tmp_path: Path, verify_env: dict[str, str]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements-check.txt").write_text("pytest>=8\n")
    (repo / "check_math.py").write_text(
        "def test_one() -> None:\n    assert sum([1, 2]) == 3\n\n\n"
        "def test_two() -> None:\n    assert max([1, 2]) == 2\n"
    )
    (repo / ".backendbot.yml").write_text(
        "verify:\n"
        "  install: python -m pip install -q -r requirements-check.txt\n"
        "  test: python -m pytest -q check_math.py\n"
    )
    report = verify(repo, ChangeSet(), env=verify_env)
    install = report.step("install")
    assert install is not None and install.status == "passed", report.steps
    assert (
        report.tests is not None and report.tests.passed == 2
    )  # check_*.py: only the command finds it
    assert report.step("test").status == "passed"  # type: ignore[union-attr]
    assert report.step("lint").status == "passed", report.lint  # type: ignore[union-attr]
    assert report.step("schemathesis").status == "skipped"  # type: ignore[union-attr]
    assert report.passed
    built = list((Path(verify_env["XDG_CACHE_HOME"]) / "backendbot" / "venvs").glob("*/bin/python"))
    assert len(built) == 2  # the session's shared venv and this install command's own
    assert os.environ.get("XDG_CACHE_HOME") != verify_env["XDG_CACHE_HOME"]
