"""The verification report: what running a project's own checks found, as one typed object.

Every front end shows the same object: the CLI's table and ``--json`` (``"verification"``), the
pull request body and check run, the language server's end message. The seed's quality
standards are the thresholds (``THRESHOLDS``); ``checks()`` compares the report with them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

StepName = Literal["install", "test", "lint", "schemathesis", "latency"]
StepStatus = Literal["passed", "failed", "error", "timeout", "skipped"]
STEP_ORDER: tuple[StepName, ...] = ("install", "test", "lint", "schemathesis", "latency")

# The seed's quality standards, as numbers.
COVERAGE_MIN = 85.0  # line coverage, percent, exclusive
DOCUMENTED_MIN = 95.0  # documented operations, percent, exclusive
P99_MAX_MS = 200.0  # simple queries (list/get), exclusive


@dataclass(frozen=True)
class Failure:
    """One failing test, lint finding or schemathesis failure: its name and a short message."""

    name: str
    message: str


@dataclass(frozen=True)
class StepResult:
    name: StepName
    status: StepStatus
    seconds: float
    detail: str = ""  # one line: why it failed, timed out or was skipped


@dataclass(frozen=True)
class TestCounts:
    passed: int
    failed: int
    errors: int
    skipped: int = 0
    failures: tuple[Failure, ...] = ()  # the first few, bounded


@dataclass(frozen=True)
class LintResult:
    findings: int
    first: tuple[Failure, ...] = ()  # name: "path:line:col CODE"


@dataclass(frozen=True)
class SchemathesisResult:
    operations: int
    failures: int
    first: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class DocumentedOperations:
    documented: int  # with a summary or description and a response schema
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.documented / self.total if self.total else 100.0


@dataclass(frozen=True)
class LatencyProbe:
    requests: int
    p50_ms: float
    p99_ms: float
    paths: tuple[str, ...] = ()  # the endpoints probed, e.g. "GET /recipes"


@dataclass(frozen=True)
class Check:
    """One line of the ✓/✗ table: a measured value against the seed's threshold."""

    name: str
    value: str
    threshold: str
    ok: bool


@dataclass(frozen=True)
class VerificationReport:
    steps: tuple[StepResult, ...] = ()
    tests: TestCounts | None = None
    coverage_percent: float | None = None
    lint: LintResult | None = None
    schemathesis: SchemathesisResult | None = None
    documented: DocumentedOperations | None = None
    latency: LatencyProbe | None = None
    # how the network was closed: "network namespace" or "proxy variables cleared"
    isolation: str = ""
    notes: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def step(self, name: StepName) -> StepResult | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def passed(self) -> bool:
        """Every step that ran passed and every measured value meets its threshold."""
        if any(s.status in ("failed", "error", "timeout") for s in self.steps):
            return False
        return all(c.ok for c in self.checks())

    def checks(self) -> tuple[Check, ...]:
        out: list[Check] = []
        if self.tests is not None:
            t = self.tests
            bad = t.failed + t.errors
            value = f"{t.passed} passed" + (f", {bad} failing" if bad else "")
            out.append(Check("tests", value, "all pass", bad == 0 and t.passed > 0))
        if self.coverage_percent is not None:
            out.append(
                Check(
                    "line coverage",
                    f"{self.coverage_percent:.0f} %",
                    f"> {COVERAGE_MIN:.0f} %",
                    self.coverage_percent > COVERAGE_MIN,
                )
            )
        if self.lint is not None:
            n = self.lint.findings
            out.append(Check("lint (ruff)", f"{n} finding(s)", "0", n == 0))
        if self.schemathesis is not None:
            s = self.schemathesis
            value = f"{s.operations} operations, {s.failures} failure(s)"
            out.append(Check("schemathesis", value, "0 failures", s.failures == 0))
        if self.documented is not None:
            d = self.documented
            out.append(
                Check(
                    "documented operations",
                    f"{d.documented}/{d.total} ({d.percent:.0f} %)",
                    f"> {DOCUMENTED_MIN:.0f} %",
                    d.percent > DOCUMENTED_MIN,
                )
            )
        if self.latency is not None:
            p = self.latency
            out.append(
                Check(
                    "p99 list/get",
                    f"{p.p99_ms:.0f} ms (p50 {p.p50_ms:.0f} ms, {p.requests} requests)",
                    f"< {P99_MAX_MS:.0f} ms",
                    p.p99_ms < P99_MAX_MS,
                )
            )
        return tuple(out)

    def summary_line(self) -> str:
        """One line for an editor's end message: "66 tests passed · coverage 98 % · schemathesis clean"."""
        parts: list[str] = []
        if self.tests is not None:
            t = self.tests
            parts.append(f"{t.passed} tests passed")
            if t.failed or t.errors:
                parts.append(f"{t.failed + t.errors} failing")
        if self.coverage_percent is not None:
            parts.append(f"coverage {self.coverage_percent:.0f} %")
        if self.lint is not None and self.lint.findings:
            parts.append(f"{self.lint.findings} lint finding(s)")
        if self.schemathesis is not None:
            s = self.schemathesis
            parts.append(
                "schemathesis clean" if not s.failures else f"schemathesis {s.failures} failure(s)"
            )
        for step in self.steps:
            if step.status in ("error", "timeout"):
                detail = f": {step.detail}" if step.detail else ""
                parts.append(f"{step.name} {step.status}{detail}")
        return " · ".join(parts) if parts else "no checks ran"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        if self.documented is not None:
            data["documented"]["percent"] = round(self.documented.percent, 1)
        data["checks"] = [asdict(c) for c in self.checks()]
        return data
