"""The report's verdict against the seed's thresholds, its one-line summary and its JSON."""

from __future__ import annotations

import json

from backendbot.core.verify.report import (
    DocumentedOperations,
    Failure,
    LatencyProbe,
    LintResult,
    SchemathesisResult,
    StepResult,
    VerificationReport,
)
from backendbot.core.verify.report import (
    TestCounts as Counts,
)


def _good() -> VerificationReport:
    return VerificationReport(
        steps=(StepResult("install", "passed", 2.0), StepResult("test", "passed", 5.0)),
        tests=Counts(passed=66, failed=0, errors=0),
        coverage_percent=98.4,
        lint=LintResult(findings=0),
        schemathesis=SchemathesisResult(operations=30, failures=0),
        documented=DocumentedOperations(documented=30, total=30),
        latency=LatencyProbe(requests=300, p50_ms=2.0, p99_ms=9.0),
    )


def test_a_clean_report_passes_every_check() -> None:
    report = _good()
    assert report.passed
    assert [c.name for c in report.checks()] == [
        "tests",
        "line coverage",
        "lint (ruff)",
        "schemathesis",
        "documented operations",
        "p99 list/get",
    ]
    assert report.summary_line() == "66 tests passed · coverage 98 % · schemathesis clean"


def test_each_threshold_fails_on_its_own() -> None:
    base = _good()
    cases = {
        "tests": Counts(65, 1, 0, failures=(Failure("tests/test_x.py::test_a", "boom"),)),
        "line coverage": 85.0,
        "lint (ruff)": LintResult(1, (Failure("src/a.py:1:1 F401", "unused import"),)),
        "schemathesis": SchemathesisResult(30, 2),
        "documented operations": DocumentedOperations(28, 30),
        "p99 list/get": LatencyProbe(300, 50.0, 200.0),
    }
    fields = {
        "tests": "tests",
        "line coverage": "coverage_percent",
        "lint (ruff)": "lint",
        "schemathesis": "schemathesis",
        "documented operations": "documented",
        "p99 list/get": "latency",
    }
    for name, value in cases.items():
        from dataclasses import replace

        report = replace(base, **{fields[name]: value})
        failing = [c.name for c in report.checks() if not c.ok]
        assert failing == [name]
        assert not report.passed


def test_a_step_that_timed_out_fails_the_report_and_is_named() -> None:
    from dataclasses import replace

    report = replace(
        _good(), steps=(StepResult("test", "timeout", 120.0, "no answer after 120 s"),)
    )
    assert not report.passed
    assert report.summary_line().endswith("test timeout: no answer after 120 s")


def test_no_tests_at_all_is_not_a_pass() -> None:
    report = VerificationReport(tests=Counts(0, 0, 0))
    assert not report.passed


def test_json_has_the_verdict_and_the_checks() -> None:
    data = json.loads(json.dumps(_good().to_json()))
    assert data["passed"] is True
    assert data["tests"]["passed"] == 66
    assert data["documented"]["percent"] == 100.0
    assert {c["name"] for c in data["checks"]} >= {"tests", "schemathesis"}
