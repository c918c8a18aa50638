"""The verification's text on GitHub: bounded, tokens masked, the numbers of the report."""

from __future__ import annotations

from dataclasses import replace

from backendbot.core.verify.report import Failure
from backendbot.core.verify.report import TestCounts as Counts
from backendbot.github_app.render_verification import (
    MAX_FAILURES,
    MAX_SUMMARY,
    check_run_progress,
    render_verification,
)
from tests.fakes.verifier import FAILING, PASSING


def test_failures_are_bounded_in_number_and_length_and_masked() -> None:
    many = tuple(
        Failure(f"tests/t.py::test_{i}", "x" * 5000 + " ghp_" + "a" * 30) for i in range(40)
    )
    report = replace(FAILING, tests=Counts(passed=1, failed=40, errors=0, failures=many))
    text = render_verification(report)
    assert text.count("- `tests/t.py::test_") == MAX_FAILURES
    assert "- … and 35 more" in text
    assert "ghp_" not in text
    assert len(text) < 5000


def test_the_summary_never_passes_githubs_limit() -> None:
    huge = replace(PASSING, notes=tuple("n" * 10000 for _ in range(10)))
    text = render_verification(huge)
    assert len(text) == MAX_SUMMARY
    assert text.endswith(" …")


def test_the_progress_table_has_the_steps_done_and_the_one_running() -> None:
    text = check_run_progress(PASSING.steps[:2], "lint")
    assert "| ✓ | install | 11.5 | passed |" in text and "| ✓ | test | 4.2 | passed |" in text
    assert "| ⏳ | lint | | running |" in text
    assert "Next: schemathesis, latency" in text
