"""The generator's output is byte for byte what data/golden.json recorded (see golden.py)."""

from __future__ import annotations

import json

from tests.scaffold.golden import GOLDEN, fingerprint


def test_every_case_renders_the_recorded_bytes() -> None:
    recorded: dict[str, dict[str, str]] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    current = fingerprint()
    assert all(current.values()), "a case rendered no file"
    assert sorted(current) == sorted(recorded), "cases differ: run python -m tests.scaffold.golden"
    changed = {
        case: sorted(
            path
            for path in recorded[case].keys() | current[case].keys()
            if recorded[case].get(path) != current[case].get(path)
        )
        for case in recorded
    }
    assert {case: paths for case, paths in changed.items() if paths} == {}
