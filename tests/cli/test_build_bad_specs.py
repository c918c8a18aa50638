"""Every malformed spec, through the real command: exit 2, file:line:column and the problem, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Runner, snapshot
from tests.spec.test_spec_errors import CASES, DATA


@pytest.mark.parametrize(("name", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_spec_exits_2_and_writes_nothing(
    backendbot: Runner, repo: Path, name: str, line: int, column: int, message: str
) -> None:
    before = snapshot(repo)
    spec = DATA / name
    result = backendbot("build", str(spec), "--repo", str(repo))
    assert result.returncode == 2, result.stderr
    assert f"backendbot: error: {spec}:{line}:{column}: " in result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert snapshot(repo) == before
