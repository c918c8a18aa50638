"""Pure text for a verification report: the PR body's section and the check run's output.

The ✓/✗ table is ``report.checks()`` (the seed's thresholds); then the time of each step and
the first failures, bounded and with tokens masked, so that a failure message quoting an
environment can never carry a secret onto GitHub.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backendbot.core.verify.report import STEP_ORDER, Failure, StepResult, VerificationReport
from backendbot.github_app.redact import redact

CHECK_NAME = "backendbot verification"
MAX_FAILURES = 5  # of each kind: tests, lint findings, schemathesis failures
MAX_MESSAGE = 300  # characters of one failure's message
MAX_SUMMARY = 65535  # GitHub's limit for a check run's output.summary (and .text)
MAX_TITLE = 200
_MARKS = {"passed": "✓", "failed": "✗", "error": "✗", "timeout": "✗", "skipped": "–"}


def verdict(report: VerificationReport) -> str:
    return "✓ passed" if report.passed else "✗ failed"


def render_checks_table(report: VerificationReport) -> list[str]:
    checks = report.checks()
    if not checks:
        return ["No check could be measured."]
    lines = ["| | check | value | threshold |", "| :-: | --- | --- | --- |"]
    lines += [
        f"| {'✓' if c.ok else '✗'} | {c.name} | {_cell(c.value)} | {_cell(c.threshold)} |"
        for c in checks
    ]
    return lines


def render_steps(steps: Sequence[StepResult], running: str | None = None) -> list[str]:
    """One row per step finished, in the order they ran, and the one running, if any."""
    lines = ["| | step | seconds | |", "| :-: | --- | ---: | --- |"]
    for step in steps:
        mark = _MARKS.get(step.status, "?")
        lines.append(
            f"| {mark} | {step.name} | {step.seconds:.1f} | {step.status}"
            + (f": {_cell(step.detail)}" if step.detail else "")
            + " |"
        )
    if running is not None:
        lines.append(f"| ⏳ | {running} | | running |")
    return lines


def render_failures(report: VerificationReport) -> list[str]:
    groups: list[tuple[str, Iterable[Failure], int]] = []
    if report.tests is not None and (report.tests.failed or report.tests.errors):
        groups.append(
            ("Failing tests", report.tests.failures, report.tests.failed + report.tests.errors)
        )
    if report.lint is not None and report.lint.findings:
        groups.append(("Lint findings", report.lint.first, report.lint.findings))
    if report.schemathesis is not None and report.schemathesis.failures:
        groups.append(
            ("Schemathesis failures", report.schemathesis.first, report.schemathesis.failures)
        )
    lines: list[str] = []
    for title, failures, total in groups:
        shown = list(failures)[:MAX_FAILURES]
        lines += ["", f"**{title}** ({total})", ""]
        lines += [f"- `{_code(f.name)}`: {_message(f.message)}" for f in shown]
        if total > len(shown):
            lines.append(f"- … and {total - len(shown)} more")
    return lines


def render_verification(report: VerificationReport) -> str:
    """The PR body's section: verdict and summary, the ✓/✗ table, the steps, the failures."""
    lines = [f"**{verdict(report)}** · {redact(report.summary_line())}", ""]
    lines += render_checks_table(report)
    lines += ["", *render_steps(report.steps)]
    lines += render_failures(report)
    isolation = f"network: {report.isolation}" if report.isolation else ""
    notes = [n for n in (isolation, *report.notes) if n]
    if notes:
        lines += ["", *[f"- {redact(n)}" for n in notes]]
    lines.append(f"\nVerified in {report.seconds:.1f} s.")
    return bounded("\n".join(lines))


def check_run_title(report: VerificationReport | None, running: str | None = None) -> str:
    if report is None:
        return f"Verifying: {running}" if running else "Verifying"
    return bounded(f"{verdict(report)}: {redact(report.summary_line())}", MAX_TITLE)


def check_run_progress(steps: Sequence[StepResult], running: str | None) -> str:
    """The check run's summary while steps go on: the table so far."""
    left = [n for n in STEP_ORDER if n not in {s.name for s in steps} and n != running]
    lines = ["Verification is running.", "", *render_steps(steps, running)]
    if left:
        lines += ["", "Next: " + ", ".join(left)]
    return bounded("\n".join(lines))


def bounded(text: str, limit: int = MAX_SUMMARY) -> str:
    return text if len(text) <= limit else text[: limit - 2] + " …"


def _cell(text: str) -> str:
    return redact(" ".join(text.split())).replace("|", "\\|")[:MAX_MESSAGE]


def _code(text: str) -> str:
    return redact(" ".join(text.split())).replace("`", "'")[:MAX_MESSAGE]


def _message(text: str) -> str:
    one = " ".join(text.split())
    one = one if len(one) <= MAX_MESSAGE else one[:MAX_MESSAGE] + " …"
    return redact(one).replace("|", "\\|")
