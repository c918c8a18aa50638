"""What a model is told when its work failed verification: the failures, bounded in size."""

from __future__ import annotations

from backendbot.core.verify.report import VerificationReport

FEEDBACK_MAX = 4096  # bytes of the message at most

HEAD = (
    "The project's own checks ran on your changes (in a copy of the repository, without "
    "network) and failed. Fix the code so they pass, writing every change with write_file or "
    "edit_block; change a test only if the test itself is wrong. Then answer in one line what "
    "you changed. Fix round {round} of {rounds}.\n"
)


def failure_feedback(report: VerificationReport, round_no: int, rounds: int) -> str:
    lines = [HEAD.format(round=round_no, rounds=rounds)]
    for step in report.steps:
        if step.status in ("failed", "error", "timeout"):
            lines.append(
                f"- step {step.name}: {step.status}" + (f": {step.detail}" if step.detail else "")
            )
    if report.tests is not None:
        for failure in report.tests.failures:
            lines.append(f"- failing test {failure.name}: {failure.message}")
    if report.lint is not None:
        for finding in report.lint.first:
            lines.append(f"- lint {finding.name}: {finding.message}")
    if report.schemathesis is not None:
        for failure in report.schemathesis.first:
            lines.append(f"- schemathesis {failure.name}: {failure.message}")
    for check in report.checks():
        if not check.ok:
            lines.append(f"- {check.name}: {check.value}, needs {check.threshold}")
    return _bounded("\n".join(lines) + "\n", FEEDBACK_MAX)


def _bounded(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    cut = data[: limit - 40].decode("utf-8", "ignore")
    return cut.rsplit("\n", 1)[0] + "\n- (more failures left out)\n"
