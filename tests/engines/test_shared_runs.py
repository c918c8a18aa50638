"""Jail and failure scenarios, written once and run through both model engines (real SDKs, fakes on loopback).

Each scenario scripts neutral steps (tests/fakes/engine_wires.py), runs ``run_build`` with
the engine the wire stands for, and asserts on what the engine sent back and on the disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backendbot.core.errors import LimitsExceeded, RunFailed
from backendbot.core.run.build import BuildRequest, run_build
from backendbot.core.run.loop import Budget
from tests.core.conftest import snapshot
from tests.core.test_jail import REFUSED_WRITES
from tests.fakes.engine_wires import RateLimited, Step, Wire

GOOD = ("write_file", {"path": "src/routes/health.py", "content": "OK = True\n"})
PROTECTED = ".github/backendbot.yml"


def _build(wire: Wire, repo: Path, **options: Any) -> BuildRequest:
    return BuildRequest(repo=repo, prompt="add a health endpoint", **wire.request(), **options)


def test_every_jail_rule_refuses_through_the_engine(wire: Wire, repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("top secret\n")
    (repo / "link").symlink_to(outside)
    refused: list[tuple[str, dict[str, object], str]] = [
        ("write_file", {"path": path, "content": "pwned\n"}, reason)
        for path, reason in REFUSED_WRITES
    ]
    refused += [
        ("write_file", {"path": "link/new.txt", "content": "x"}, "outside the repository"),
        ("read_file", {"path": "link/secret.txt"}, "outside the repository"),
        ("read_file", {"path": "../outside/secret.txt"}, "'..' is not allowed"),
        ("search_files", {"pattern": "secret", "path": "link"}, "outside the repository"),
        ("edit_block", {"path": "/etc/hosts", "old_text": "a", "new_text": "b"}, "absolute paths"),
        ("write_file", {"path": PROTECTED, "content": "engine: x\n"}, "protected"),
    ]
    before = snapshot(tmp_path)
    wire.script(
        Step(calls=(*((name, args) for name, args, _ in refused), GOOD)),
        Step("Added the route; the other paths were refused."),
    )
    result = run_build(_build(wire, repo, protected=(PROTECTED,)), env=wire.env())
    answers = wire.tool_answers(1)
    assert len(answers) == len(refused) + 1
    for (name, args, reason), (content, is_error) in zip(refused, answers, strict=False):
        assert is_error, (name, args)
        assert reason in content, (name, args, content)
        assert "top secret" not in content
    assert answers[-1][1] is False
    assert result.changeset.paths == ["src/routes/health.py"]
    assert (result.summary.tool_calls, result.summary.tool_errors) == (
        len(refused) + 1,
        len(refused),
    )
    assert snapshot(tmp_path) == before  # run_build plans: nothing anywhere was written


def test_turn_budget_exhausted_leaves_repo_unchanged(wire: Wire, repo: Path) -> None:
    wire.script(
        *[
            Step(calls=(("write_file", {"path": f"src/f{i}.py", "content": f"X = {i}\n"}),))
            for i in range(5)
        ]
    )
    before = snapshot(repo)
    with pytest.raises(LimitsExceeded, match="turn budget exhausted after 3 turns"):
        run_build(_build(wire, repo, budget=Budget(max_turns=3)), env=wire.env())
    assert len(wire.api.requests) == 3
    assert snapshot(repo) == before


def test_output_token_budget_exhausted(wire: Wire, repo: Path) -> None:
    wire.script(
        *[
            Step(
                calls=(("write_file", {"path": f"src/f{i}.py", "content": "x\n"}),),
                output_tokens=700,
            )
            for i in range(3)
        ]
    )
    with pytest.raises(LimitsExceeded, match="output-token budget exhausted \\(1400 of 1000\\)"):
        run_build(_build(wire, repo, budget=Budget(max_output_tokens=1000)), env=wire.env())
    assert len(wire.api.requests) == 2


@pytest.mark.parametrize(
    "cut",
    [
        Step("and now the second fi", stop="cut_off"),
        Step(calls=(("write_file", {"path": "src/b.py", "content": "def half"}),), stop="cut_off"),
    ],
    ids=["in-text", "in-a-tool-call"],
)
def test_an_answer_cut_off_mid_run_fails_and_leaves_the_repo_alone(
    wire: Wire, repo: Path, cut: Step
) -> None:
    before = snapshot(repo)
    wire.script(Step(calls=(("write_file", {"path": "src/a.py", "content": "a = 1\n"}),)), cut)
    with pytest.raises(
        RunFailed, match="cut off at the token limit in turn 2; nothing was written"
    ):
        run_build(_build(wire, repo), env=wire.env())
    assert snapshot(repo) == before


def test_a_refusal_fails_the_run(wire: Wire, repo: Path) -> None:
    before = snapshot(repo)
    wire.script(Step("I can't help with that.", stop="refused"))
    with pytest.raises(RunFailed, match="the model declined the task in turn 1"):
        run_build(_build(wire, repo), env=wire.env())
    assert snapshot(repo) == before


def test_rate_limited_then_success(wire: Wire, repo: Path) -> None:
    wire.script(RateLimited("0.01"), Step(calls=(GOOD,)), RateLimited("0"), Step("Done."))
    result = run_build(_build(wire, repo), env=wire.env())
    assert result.changeset.paths == ["src/routes/health.py"]
    assert [r.headers["x-stainless-retry-count"] for r in wire.api.requests] == ["0", "1", "0", "1"]
    assert result.summary.turns == 2


def test_a_wrong_key_fails_without_showing_it(wire: Wire, repo: Path) -> None:
    wrong = "sk-wrong-key-0123456789"
    with pytest.raises(RunFailed) as failure:
        run_build(_build(wire, repo), env=wire.env(key=wrong))
    assert "401" in str(failure.value)
    assert wrong not in str(failure.value)
    assert len(wire.api.requests) == 1


def test_unpersisted_code_is_requested_once(wire: Wire, repo: Path) -> None:
    code = "```python\ndef handler():\n    return 1\n\n# end\n```"
    wire.script(Step(f"Here you go:\n{code}"), Step(f"As I said:\n{code}"))
    result = run_build(_build(wire, repo), env=wire.env())
    assert len(result.changeset.unpersisted) == 1
    assert len(wire.api.requests) == 2
    assert "not in any file of the repository" in wire.api.requests[1].raw.decode()
