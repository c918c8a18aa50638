"""A verifier whose report the test chooses, for the front ends' tests.

``reporting(report)`` is a ``run_build`` that runs the real build (the scaffold or a model
engine, verification off) and then plays the report's steps to the run's events, as the real
verifier does (``verify_step_started(name)``, ``verify_step_finished(step)``), and returns the
result with ``report`` as its ``verification`` (none without ``verify``). The surfaces (PR body,
check run, LSP progress) are tested against these numbers; ``hanging()`` is a verifier that
runs until it is cancelled. The real verifier's own tests are in tests/verify/.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace

from backendbot.core.errors import Cancelled
from backendbot.core.run.build import BuildRequest, RunResult, run_build
from backendbot.core.run.cancel import CancelScope
from backendbot.core.run.events import RunEvents
from backendbot.core.verify.report import (
    DocumentedOperations,
    Failure,
    LatencyProbe,
    LintResult,
    SchemathesisResult,
    StepResult,
    TestCounts,
    VerificationReport,
)

PASSING = VerificationReport(
    steps=(
        StepResult("install", "passed", 11.5),
        StepResult("test", "passed", 4.25),
        StepResult("lint", "passed", 0.25),
        StepResult("schemathesis", "passed", 7.75),
        StepResult("latency", "passed", 1.5),
    ),
    tests=TestCounts(passed=66, failed=0, errors=0),
    coverage_percent=98.2,
    lint=LintResult(findings=0),
    schemathesis=SchemathesisResult(operations=10, failures=0),
    documented=DocumentedOperations(documented=10, total=10),
    latency=LatencyProbe(requests=300, p50_ms=3.0, p99_ms=12.0, paths=("GET /notes",)),
    isolation="network namespace",
    seconds=25.25,
)

FAILING_TEST = "tests/test_notes.py::test_create_note_rejects_a_long_title"
FAILING = VerificationReport(
    steps=(
        StepResult("install", "passed", 2.0),
        StepResult("test", "failed", 3.5, "1 test failed"),
        StepResult("lint", "passed", 0.25),
        StepResult("schemathesis", "passed", 6.0),
        StepResult("latency", "passed", 1.25),
    ),
    tests=TestCounts(
        passed=65,
        failed=1,
        errors=0,
        failures=(Failure(FAILING_TEST, "assert 201 == 422 (token ghs_abcdefghijklmnopqrstu)"),),
    ),
    coverage_percent=97.0,
    lint=LintResult(findings=0),
    schemathesis=SchemathesisResult(operations=10, failures=0),
    documented=DocumentedOperations(documented=10, total=10),
    latency=LatencyProbe(requests=300, p50_ms=3.0, p99_ms=14.0),
    isolation="network namespace",
    seconds=13.0,
)


def reporting(report: VerificationReport) -> Callable[..., RunResult]:
    def build(
        request: BuildRequest,
        *,
        events: RunEvents | None = None,
        cancel: CancelScope | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RunResult:
        if not request.verify:  # not asked: no report, as with the real verifier
            return run_build(request, events=events, cancel=cancel, env=env)
        result = run_build(replace(request, verify=False), events=events, cancel=cancel, env=env)
        for step in report.steps:
            started = getattr(events, "verify_step_started", None)
            if callable(started):
                started(step.name)
            finished = getattr(events, "verify_step_finished", None)
            if callable(finished):
                finished(step)
        return replace(result, verification=report)

    return build


def hanging(limit: float = 300.0) -> Callable[..., RunResult]:
    """A verifier whose first step runs until the run is cancelled (then ``Cancelled``), as a
    real one does when told to stop; ``limit`` seconds at most, should nobody cancel."""

    def build(
        request: BuildRequest,
        *,
        events: RunEvents | None = None,
        cancel: CancelScope | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RunResult:
        assert request.verify and cancel is not None
        run_build(replace(request, verify=False), events=events, env=env)
        started = getattr(events, "verify_step_started", None)
        if callable(started):
            started("install")
        stopped = threading.Event()
        cancel.on_cancel(stopped.set)
        if not stopped.wait(limit):
            raise AssertionError("the verification was never cancelled")
        raise Cancelled("cancelled")

    return build
