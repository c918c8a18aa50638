"""The test step: the project's tests with line coverage, read back from junit xml and coverage json.

pytest is asked for both reports through ``PYTEST_ADDOPTS``, so a test command a repository
names in ``.backendbot.yml`` gets them too when it runs pytest; without them only the exit
code counts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.outcome_text import last_line, one_line, timeout_detail
from backendbot.core.verify.report import Failure, StepResult, TestCounts
from backendbot.core.verify.sandbox import run_sandboxed

FIRST_FAILURES = 5
MESSAGE_MAX = 300
REPORT_MAX = 20 * 1024 * 1024  # a junit file larger than this is not read


@dataclass(frozen=True)
class TestStep:
    step: StepResult
    tests: TestCounts | None
    coverage_percent: float | None


def run_tests(
    command: Sequence[str],
    *,
    checkout: Path,
    scratch: Path,
    env: Mapping[str, str],
    timeout: float,
    cancel: CancelScope | None = None,
) -> TestStep:
    junit = scratch / "junit.xml"
    coverage = scratch / "coverage.json"
    addopts = f"--junitxml={junit} --cov --cov-report=json:{coverage}"
    extra = env.get("PYTEST_ADDOPTS", "")
    started = time.monotonic()
    outcome = run_sandboxed(
        command,
        cwd=checkout,
        env={**env, "PYTEST_ADDOPTS": f"{extra} {addopts}".strip()},
        timeout=timeout,
        cancel=cancel,
    )
    seconds = time.monotonic() - started
    if outcome.timed_out:
        return TestStep(StepResult("test", "timeout", seconds, timeout_detail(timeout)), None, None)
    tests = read_junit(junit)
    percent = read_coverage(coverage)
    if outcome.error:
        return TestStep(StepResult("test", "error", seconds, one_line(outcome.error)), None, None)
    if tests is not None and (tests.failed or tests.errors):
        first = tests.failures[0].name if tests.failures else ""
        detail = one_line(
            f"{tests.failed + tests.errors} failing" + (f", first {first}" if first else "")
        )
        return TestStep(StepResult("test", "failed", seconds, detail), tests, percent)
    if outcome.returncode == 0:
        return TestStep(StepResult("test", "passed", seconds), tests, percent)
    if tests is None:
        detail = last_line(outcome, f"the tests exited {outcome.returncode}")
        return TestStep(StepResult("test", "error", seconds, detail), None, percent)
    if outcome.returncode == 5:
        return TestStep(
            StepResult("test", "failed", seconds, "no tests were collected"), tests, percent
        )
    detail = last_line(outcome, f"the tests exited {outcome.returncode}")
    return TestStep(StepResult("test", "failed", seconds, detail), tests, percent)


def read_junit(path: Path) -> TestCounts | None:
    """The counts and first failures of a junit xml report; None when there is none to read."""
    try:
        if not path.is_file() or path.stat().st_size > REPORT_MAX:
            return None
        root = ElementTree.parse(path).getroot()
        if root is None:
            return None
    except (OSError, DefusedXmlException, SyntaxError):  # ParseError is a SyntaxError
        return None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = errors = skipped = 0
    first: list[Failure] = []
    for suite in suites:
        for case in suite.iter("testcase"):
            total += 1
            problem, kind = _problem(case)
            if kind == "skipped":
                skipped += 1
            elif kind == "failure":
                failed += 1
            elif kind == "error":
                errors += 1
            if problem is not None and kind != "skipped" and len(first) < FIRST_FAILURES:
                first.append(Failure(_name(case), _message(problem)))
    passed = total - failed - errors - skipped
    return TestCounts(passed, failed, errors, skipped, tuple(first))


def read_coverage(path: Path) -> float | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return float(data["totals"]["percent_covered"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _problem(case: Element) -> tuple[Element | None, str]:
    for kind in ("failure", "error", "skipped"):
        found = case.find(kind)
        if found is not None:
            return found, kind
    return None, "passed"


def _name(case: Element) -> str:
    classname = case.get("classname", "")
    name = case.get("name", "?")
    return f"{classname}::{name}" if classname else name


def _message(problem: Element) -> str:
    message = problem.get("message") or ""
    if not message.strip():
        lines = [ln for ln in (problem.text or "").splitlines() if ln.strip()]
        message = lines[-1] if lines else problem.tag
    return one_line(message.splitlines()[0] if message.strip() else message, MESSAGE_MAX)
