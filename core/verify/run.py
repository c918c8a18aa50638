"""``verify``: a run's ChangeSet checked in a throw-away copy of the repository, step by step.

Install (a cached virtual environment), the tests with coverage, lint, and for an HTTP app
schemathesis and a latency probe. Each step is reported through the run's events as it starts
and ends. Whatever goes wrong ends as a step with status error or timeout and a one-line
detail; no process it started is left running. The one exception that leaves ``verify`` is
``Cancelled``, as in the agent loop (core/run/loop.py): once the run's CancelScope is cancelled
the running command's process group is killed (within the sandbox's 0.1 s poll), the temporary
copy is removed, no further step starts and nothing more is told to the events.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backendbot.core.changeset.model import ChangeSet
from backendbot.core.errors import Cancelled, InputError
from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.api_steps import ApiOptions, run_api_steps
from backendbot.core.verify.checkout import make_checkout
from backendbot.core.verify.config import CheckPlan, NothingToCheck, plan_checks
from backendbot.core.verify.lint_step import run_lint
from backendbot.core.verify.outcome_text import one_line
from backendbot.core.verify.pytest_step import run_tests
from backendbot.core.verify.report import (
    STEP_ORDER,
    DocumentedOperations,
    LatencyProbe,
    LintResult,
    SchemathesisResult,
    StepName,
    StepResult,
    TestCounts,
    VerificationReport,
)
from backendbot.core.verify.sandbox import DEFAULT_MEMORY, PROXY_CLEARED, isolation
from backendbot.core.verify.venv_cache import ensure_venv, venv_python

TEST_SECONDS = 300.0
LINT_SECONDS = 60.0
API_SECONDS = 180.0


@dataclass(frozen=True)
class VerifyOptions:
    time_limit: float | None = (
        None  # total seconds; None: the repository's verify.timeout_seconds (900)
    )
    memory_bytes: int = DEFAULT_MEMORY
    schemathesis_examples: int = 5
    latency_requests: int = 300


@dataclass
class _Progress:
    """The steps so far, told to the events as they start and end."""

    events: Any
    deadline: float
    cancel: CancelScope | None = None
    steps: list[StepResult] = field(default_factory=list)

    def check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled("the run was cancelled")

    def started(self, name: StepName) -> None:
        self.check_cancelled()
        _call(self.events, "verify_step_started", name)

    def finished(self, step: StepResult) -> None:
        self.check_cancelled()  # a step a cancel cut short is no result
        if step not in self.steps:
            self.steps.append(step)
        _call(self.events, "verify_step_finished", step)

    def left(self, cap: float) -> float:
        return min(cap, self.deadline - time.monotonic())

    def skip_rest(self, detail: str) -> None:
        done = {s.name for s in self.steps}
        for name in STEP_ORDER:
            if name not in done:
                self.finished(StepResult(name, "skipped", 0.0, detail))


def verify(
    repo: Path,
    changeset: ChangeSet,
    *,
    events: object | None = None,
    env: Mapping[str, str] | None = None,
    options: VerifyOptions | None = None,
    cancel: CancelScope | None = None,
) -> VerificationReport:
    """Check ``repo`` with ``changeset`` applied (in a copy); the report of every step.

    Raises ``Cancelled`` (and only that) once ``cancel`` is cancelled, with every process of
    the checks ended and the copy removed."""
    env = dict(os.environ if env is None else env)
    options = options or VerifyOptions()
    began = time.monotonic()
    progress = _Progress(events, began + (options.time_limit or 900.0), cancel)
    progress.check_cancelled()
    found = _Found()
    notes: list[str] = []
    closed = isolation()
    if closed == PROXY_CLEARED:
        notes.append(
            "the network could not be closed with a namespace here (unshare -rn refused): "
            "proxy variables were cleared, but the checks could still reach the network"
        )
    work = Path(tempfile.mkdtemp(prefix="backendbot-verify-"))
    try:
        _run_steps(repo, changeset, work, env, options, progress, found, notes)
        progress.check_cancelled()
    except Cancelled:
        raise
    except Exception as exc:  # a bug or an odd machine: reported, never raised to the run
        current = next((n for n in STEP_ORDER if n not in {s.name for s in progress.steps}), None)
        if current is not None:
            progress.finished(
                StepResult(current, "error", 0.0, one_line(f"{type(exc).__name__}: {exc}"))
            )
        progress.skip_rest("an earlier step failed unexpectedly")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ordered = tuple(sorted(progress.steps, key=lambda s: STEP_ORDER.index(s.name)))
    return VerificationReport(
        steps=ordered,
        tests=found.tests,
        coverage_percent=found.coverage,
        lint=found.lint,
        schemathesis=found.schemathesis,
        documented=found.documented,
        latency=found.latency,
        isolation=closed,
        notes=tuple(notes),
        seconds=time.monotonic() - began,
    )


@dataclass
class _Found:
    tests: TestCounts | None = None
    coverage: float | None = None
    lint: LintResult | None = None
    schemathesis: SchemathesisResult | None = None
    documented: DocumentedOperations | None = None
    latency: LatencyProbe | None = None


def _run_steps(
    repo: Path,
    changeset: ChangeSet,
    work: Path,
    env: dict[str, str],
    options: VerifyOptions,
    progress: _Progress,
    found: _Found,
    notes: list[str],
) -> None:
    checkout = make_checkout(repo, changeset, work / "project")
    scratch = work / "scratch"
    (scratch / "tmp").mkdir(parents=True)
    (work / "home").mkdir()
    progress.started("install")
    began = time.monotonic()
    try:
        plan = plan_checks(checkout)
    except InputError as exc:
        progress.finished(StepResult("install", "error", 0.0, one_line(str(exc))))
        progress.skip_rest("the repository's verify: settings are invalid")
        return
    except NothingToCheck as exc:
        progress.finished(StepResult("install", "skipped", 0.0, one_line(str(exc))))
        progress.skip_rest("nothing to check")
        return
    if options.time_limit is None:
        progress.deadline = began + plan.timeout_seconds
    built = ensure_venv(
        plan.requirements,
        env=env,
        timeout=progress.left(plan.timeout_seconds),
        install_command=plan.install_command,
        project=checkout,
        cancel=progress.cancel,
    )
    seconds = time.monotonic() - began
    if built.path is None:
        timed_out = built.outcome is not None and built.outcome.timed_out
        detail = one_line(built.detail)
        step = StepResult("install", "timeout" if timed_out else "error", seconds, detail)
        progress.finished(step)
        progress.skip_rest("the install did not complete")
        return
    how = "cached environment" if built.cached else f"environment built in {seconds:.0f} s"
    progress.finished(StepResult("install", "passed", seconds, how))
    python = venv_python(built.path)
    run_env = _check_env(built.path, checkout, work, env)
    _test_and_lint(plan, python, checkout, scratch, run_env, options, progress, found)
    if plan.app is None:
        progress.skip_rest("no HTTP app found to start")
        return
    left = progress.left(API_SECONDS)
    if left <= 1:
        progress.skip_rest("the verification's total time limit was spent")
        return
    api = run_api_steps(
        python,
        ApiOptions(plan.app, plan.factory, options.schemathesis_examples, options.latency_requests),
        checkout=checkout,
        scratch=scratch / "api",
        env=run_env | _app_env(scratch),
        timeout=left,
        started=progress.started,
        finished=progress.finished,
        cancel=progress.cancel,
    )
    found.schemathesis, found.documented, found.latency = (
        api.schemathesis,
        api.documented,
        api.latency,
    )


def _test_and_lint(
    plan: CheckPlan,
    python: Path,
    checkout: Path,
    scratch: Path,
    env: dict[str, str],
    options: VerifyOptions,
    progress: _Progress,
    found: _Found,
) -> None:
    progress.started("test")
    command = (
        ["/bin/sh", "-c", plan.test_command]
        if plan.test_command
        else [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    )
    left = progress.left(TEST_SECONDS)
    if left <= 1:
        progress.skip_rest("the verification's total time limit was spent")
        return
    tested = run_tests(
        command, checkout=checkout, scratch=scratch, env=env, timeout=left, cancel=progress.cancel
    )
    found.tests, found.coverage = tested.tests, tested.coverage_percent
    progress.finished(tested.step)
    if not plan.lint:
        progress.finished(StepResult("lint", "skipped", 0.0, "lint: false in .backendbot.yml"))
        return
    progress.started("lint")
    left = progress.left(LINT_SECONDS)
    if left <= 1:
        progress.skip_rest("the verification's total time limit was spent")
        return
    step, found.lint = run_lint(
        python, checkout=checkout, env=env, timeout=left, cancel=progress.cancel
    )
    progress.finished(step)


def _check_env(venv: Path, checkout: Path, work: Path, env: Mapping[str, str]) -> dict[str, str]:
    """A small environment for the checks: the venv first, a scratch HOME, no secrets of the user."""
    out = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work / "home"),
        "TMPDIR": str(work / "scratch" / "tmp"),
        "LANG": env.get("LANG", "C.UTF-8"),
        "VIRTUAL_ENV": str(venv),
        "PYTHONPATH": str(checkout),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if "TZ" in env:
        out["TZ"] = env["TZ"]
    return out


def _app_env(scratch: Path) -> dict[str, str]:
    """Settings a generated app needs to start: a fresh secret, a scratch database and upload folder."""
    return {
        "JWT_SECRET": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{scratch / 'api' / 'app.db'}",
        "UPLOAD_DIR": str(scratch / "api" / "uploads"),
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "LOGIN_FAILURES_PER_ADDRESS": "100000",
    }


def _call(events: object, name: str, *args: object) -> None:
    method = getattr(events, name, None)
    if callable(method):
        with contextlib.suppress(Exception):
            method(*args)
