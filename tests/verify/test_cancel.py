"""A verification cancelled through the run's CancelScope: ``Cancelled``, every process of the
checks gone, the repository as it was, the temporary copy removed (real processes)."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import pytest

from backendbot.core.changeset.model import ChangeSet
from backendbot.core.errors import Cancelled
from backendbot.core.run.build import BuildRequest, run_build
from backendbot.core.run.cancel import CancelScope
from backendbot.core.run.events import NoEvents
from backendbot.core.verify.report import StepResult
from backendbot.core.verify.run import VerifyOptions, verify
from tests.core.conftest import snapshot
from tests.verify.conftest import small_project

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie waiting for a reaper has ended


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def verify_step_started(self, name: str) -> None:
        self.seen.append(("started", name))

    def verify_step_finished(self, step: StepResult) -> None:
        self.seen.append(("finished", step.name))


def test_a_verification_cancelled_from_another_thread_stops_its_sleeping_test(
    tmp_path: Path,
    recipes_files: dict[str, str],
    verify_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pids = tmp_path / "pids"
    sleeping = f"""import os
import subprocess
import time
from pathlib import Path


def test_sleeps_forever() -> None:
    child = subprocess.Popen(["sleep", "3600"])
    Path({str(pids)!r}).write_text(f"{{os.getpid()}} {{child.pid}}\\n")
    while True:
        time.sleep(60)
"""
    repo = small_project(tmp_path / "repo", recipes_files, {"tests/test_sleep.py": sleeping})
    before = snapshot(repo)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where verify makes its copy
    scope = CancelScope()

    def cancel_once_started() -> None:
        while not (pids.exists() and pids.read_text().endswith("\n")):
            time.sleep(0.05)
        scope.cancel()

    canceller = threading.Thread(target=cancel_once_started, daemon=True)
    canceller.start()
    events = Recorder()
    with pytest.raises(Cancelled):
        # a time limit far beyond the test's: only the cancel ends it before
        verify(
            repo,
            ChangeSet(),
            events=events,
            env=verify_env,
            options=VerifyOptions(time_limit=600),
            cancel=scope,
        )
    canceller.join()
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    assert not any(_alive(pid) for pid in started)
    assert snapshot(repo) == before
    assert list(temp.iterdir()) == []  # the copy is gone
    # the step the cancel cut short is not reported as a result, and nothing starts after it
    assert events.seen == [("started", "install"), ("finished", "install"), ("started", "test")]


def test_run_build_hands_its_scope_to_the_verifier(
    tmp_path: Path, verify_env: dict[str, str]
) -> None:
    """The scaffold builds recipes, the verifier starts; a cancel at its first step ends the
    run with ``Cancelled`` and no report."""
    repo = tmp_path / "repo"
    repo.mkdir()
    before = snapshot(repo)
    scope = CancelScope()

    class CancelAtInstall(NoEvents, Recorder):
        def verify_step_started(self, name: str) -> None:
            super().verify_step_started(name)
            scope.cancel()

    events = CancelAtInstall()
    request = BuildRequest(repo=repo, spec_path=EXAMPLES / "recipes.yaml", verify=True)
    with pytest.raises(Cancelled):
        run_build(request, events=events, cancel=scope, env=verify_env)
    assert events.seen == [("started", "install")]
    assert snapshot(repo) == before
