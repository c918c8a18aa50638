"""The steps' readers and small parts: junit, coverage, OpenAPI documentation, percentiles,
the venv key, the checkout, the verify: settings, the feedback to a model (fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.errors import InputError
from backendbot.core.verify.api_steps import documented_operations, percentile
from backendbot.core.verify.checkout import make_checkout
from backendbot.core.verify.config import NothingToCheck, plan_checks
from backendbot.core.verify.feedback import FEEDBACK_MAX, failure_feedback
from backendbot.core.verify.pytest_step import read_coverage, read_junit
from backendbot.core.verify.report import Failure, StepResult, VerificationReport
from backendbot.core.verify.report import TestCounts as Counts
from backendbot.core.verify.run import verify
from backendbot.core.verify.venv_cache import cache_root, venv_key
from tests.core.conftest import snapshot

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5">
<testcase classname="tests.test_a" name="test_ok"/>
<testcase classname="tests.test_a" name="test_ok2"/>
<testcase classname="tests.test_a" name="test_bad"><failure message="assert 1 == 2&#10;more">trace</failure></testcase>
<testcase classname="tests.test_b" name="test_boom"><error message="">fixture failed
RuntimeError: no database</error></testcase>
<testcase classname="tests.test_b" name="test_later"><skipped message="later"/></testcase>
</testsuite></testsuites>
"""


def test_junit_counts_and_first_failures(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    counts = read_junit(path)
    assert counts == Counts(
        passed=2,
        failed=1,
        errors=1,
        skipped=1,
        failures=(
            Failure("tests.test_a::test_bad", "assert 1 == 2"),
            Failure("tests.test_b::test_boom", "RuntimeError: no database"),
        ),
    )


def test_junit_that_is_missing_or_broken_or_a_bomb_is_none(tmp_path: Path) -> None:
    assert read_junit(tmp_path / "none.xml") is None
    (tmp_path / "bad.xml").write_text("<testsuites><testsuite>")
    assert read_junit(tmp_path / "bad.xml") is None
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><testsuite>&b;</testsuite>'
    (tmp_path / "bomb.xml").write_text(bomb)
    assert read_junit(tmp_path / "bomb.xml") is None


def test_coverage_json_total(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({"totals": {"percent_covered": 91.25}}))
    assert read_coverage(tmp_path / "c.json") == 91.25
    (tmp_path / "d.json").write_text("{}")
    assert read_coverage(tmp_path / "d.json") is None


def test_documented_operations_need_a_description_and_response_schemas() -> None:
    ok = {
        "summary": "List",
        "responses": {"200": {"content": {"application/json": {"schema": {"type": "array"}}}}},
    }
    no_words = {"responses": ok["responses"]}
    no_schema = {"summary": "Get", "responses": {"200": {"description": "OK"}}}
    deleted = {"description": "Delete", "responses": {"204": {"description": "gone"}}}
    schema = {
        "paths": {
            "/a": {"get": ok, "post": no_words, "parameters": []},
            "/a/{id}": {"get": no_schema, "delete": deleted},
        }
    }
    found = documented_operations(schema)
    assert found is not None and (found.documented, found.total) == (2, 4)
    assert documented_operations({"openapi": "3.1.0"}) is None


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([7.0], 99) == 7.0


def test_the_venv_key_is_the_dependency_set_in_any_order() -> None:
    assert venv_key(["b>=1", "a"]) == venv_key(["a", " b>=1 "])
    assert venv_key(["a"]) != venv_key(["a", "c"])
    assert venv_key(["a"]) != venv_key(["a"], "pip install -r r.txt")
    assert cache_root({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/backendbot/venvs")
    assert cache_root({"HOME": "/home/u"}) == Path("/home/u/.cache/backendbot/venvs")


def test_the_checkout_is_a_copy_with_the_changes_and_the_repo_is_untouched(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref\n")
    (repo / "keep.py").write_text("k = 1\n")
    (repo / "gone.py").write_text("g = 1\n")
    before = snapshot(repo)
    changes = ChangeSet(
        (
            FileChange("new/mod.py", None, b"n = 1\n"),
            FileChange("keep.py", b"k = 1\n", b"k = 2\n"),
            FileChange("gone.py", b"g = 1\n", None),
        )
    )
    copy = make_checkout(repo, changes, tmp_path / "copy")
    assert (copy / "new" / "mod.py").read_text() == "n = 1\n"
    assert (copy / "keep.py").read_text() == "k = 2\n"
    assert not (copy / "gone.py").exists() and not (copy / ".git").exists()
    assert snapshot(repo) == before


def test_a_bad_verify_setting_names_its_line_and_the_key_it_misspells(tmp_path: Path) -> None:
    (tmp_path / ".backendbot.yml").write_text(
        "verify:\n  install: pip install -r r.txt\n  tset: pytest\n"
    )
    with pytest.raises(InputError) as caught:
        plan_checks(tmp_path)
    error = caught.value
    assert error.line == 3 and error.column == 3
    assert "unknown key 'verify.tset'" in str(error) and "did you mean 'test'?" in str(error)
    (tmp_path / ".backendbot.yml").write_text("verify:\n  app: src.main\n")
    with pytest.raises(InputError, match="must be 'module:attribute'"):
        plan_checks(tmp_path)


def test_a_bad_verify_setting_is_a_reported_install_error(tmp_path: Path) -> None:
    (tmp_path / ".backendbot.yml").write_text("verify:\n  test: ''\n")
    report = verify(tmp_path, ChangeSet(), env={})
    install = report.step("install")
    assert install is not None and install.status == "error"
    assert "verify.test: Value error, must not be empty" in install.detail
    assert not report.passed


def test_nothing_to_check_is_a_skipped_verification(tmp_path: Path) -> None:
    (tmp_path / "index.js").write_text("console.log(1)\n")
    with pytest.raises(NothingToCheck):
        plan_checks(tmp_path)
    report = verify(tmp_path, ChangeSet(), env={})
    assert {s.status for s in report.steps} == {"skipped"}
    assert report.passed and report.summary_line() == "no checks ran"


def test_the_feedback_to_a_model_names_the_failures_and_is_bounded() -> None:
    many = tuple(Failure(f"tests.test_x::test_{i}", "x" * 300) for i in range(40))
    report = VerificationReport(
        steps=(StepResult("test", "failed", 1.0, "40 failing"),),
        tests=Counts(0, 40, 0, failures=many),
    )
    text = failure_feedback(report, 1, 2)
    assert "Fix round 1 of 2" in text and "tests.test_x::test_0" in text
    assert len(text.encode()) <= FEEDBACK_MAX
    assert text.endswith("(more failures left out)\n")
