"""Verification time for the recipes example: cold (fresh cache) and warm (second build).

    python bench/verify.py [--spec examples/recipes.yaml]

Runs ``python -m backendbot build SPEC --repo NEW --json`` twice in fresh processes, each into
a new folder, with an empty ``XDG_CACHE_HOME`` at first (so the virtualenv cache and pip's own
cache start empty: a fresh machine); prints each build's wall time, the verification's total
and its steps' times, and the counts it found.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(spec: Path, repo: Path, env: dict[str, str]) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "backendbot", "build", str(spec), "--repo", str(repo), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, json.loads(done.stdout)


def show(label: str, seconds: float, data: dict[str, object]) -> None:
    report = data["verification"]
    assert isinstance(report, dict)
    steps = " · ".join(f"{s['name']} {s['seconds']:.1f} s" for s in report["steps"])
    tests = report["tests"] or {}
    print(
        f"{label}: build {seconds:.1f} s, verification {report['seconds']:.1f} s ({steps}); "
        f"{tests.get('passed')} tests passed, coverage {report['coverage_percent']:.0f} %, "
        f"passed={report['passed']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "examples" / "recipes.yaml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "BACKENDBOT_VERIFY": "1"}
        for label in ("cold (fresh cache)", "warm (second build)"):
            repo = work / label.split()[0]
            repo.mkdir()
            seconds, data = build(args.spec, repo, env)
            show(label, seconds, data)


if __name__ == "__main__":
    main()
