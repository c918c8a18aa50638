"""`backendbot build` as a user runs it: a fresh, non-editable install in a new virtual environment.

    python bench/fresh_install.py [--resources 20] [--runs 5] [--venv DIR] [--explain]

Creates a virtual environment in a temporary folder (or uses ``--venv``), runs ``pip install``
on this checkout (a regular, non-editable install: what the README's first command does), then
times ``VENV/bin/backendbot build SPEC --repo NEW_DIR`` ``--runs`` times in fresh processes, the
output going to a pipe, with an empty user cache folder at first (``XDG_CACHE_HOME``). Prints each run, the first (cold) run apart, and the median (goal < 1 s).
``--explain`` adds where one run's time goes: import time per top-level package
(``python -X importtime``) and the slowest calls (cProfile).
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# generation speed, not verification (bench/verify.py times that): the build verifies by default
os.environ["BACKENDBOT_VERIFY"] = "0"

ROOT = Path(__file__).resolve().parents[1]


def spec_yaml(resources: int) -> str:
    """A spec of ``resources`` resources with every kind of field, refs and owner rules."""
    lines = [
        "name: bench",
        "stack: fastapi",
        "auth: {jwt: true, roles: [admin, user]}",
        "resources:",
    ]
    for i in range(resources):
        lines += [
            f"  Thing{i}:",
            "    fields:",
            "      title: {type: string, required: true, max_length: 100}",
            "      body: text",
            "      count: {type: integer, min: 0, default: 0}",
            "      price: {type: number, min: 0}",
            "      active: {type: boolean, default: true}",
            "      kind: {type: enum, values: [a, b, c], default: a}",
            "      tags: list[string]",
        ]
        if i:
            lines.append(f"      parent: {{type: ref, to: Thing{i - 1}}}")
        lines.append("    permissions: {update: owner, delete: [owner, admin]}")
    return "\n".join(lines) + "\n"


def make_venv(folder: Path) -> Path:
    """A new virtual environment with this checkout installed (not editable); its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    bin_dir = folder / "bin"
    started = time.perf_counter()
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"pip install . into a new venv: {time.perf_counter() - started:.1f} s")
    return bin_dir


def time_builds(
    bin_dir: Path, work: Path, resources: int, runs: int, cpu: list[float] | None = None
) -> tuple[list[float], int]:
    """Wall time of each ``backendbot build`` run, and how many files one run listed.

    ``cpu`` receives each run's processor time (user + system): on a busy machine the wall
    time mostly measures the others' load, this does not.
    """
    spec = work / "bench.yaml"
    spec.write_text(spec_yaml(resources))
    # a user's own cache folder, empty at first: the first run compiles the templates
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "user-cache")}
    times = []
    listed = 0
    for run in range(runs):
        repo = work / f"repo{run}"
        repo.mkdir()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [str(bin_dir / "backendbot"), "build", str(spec), "--repo", str(repo)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu is not None:
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        listed = sum(1 for line in done.stdout.splitlines() if line.startswith("created "))
    return times, listed


def explain(bin_dir: Path, work: Path) -> None:
    """Where one (warm) run's time goes."""
    spec, repo = work / "bench.yaml", work / "explain-imports"
    repo.mkdir()
    command = [str(bin_dir / "python"), "-X", "importtime", "-m", "backendbot", "build"]
    done = subprocess.run(
        [*command, str(spec), "--repo", str(repo)], capture_output=True, text=True, check=True
    )
    per_package: dict[str, int] = defaultdict(int)
    for match in re.finditer(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)", done.stderr):
        per_package[match.group(3).split(".")[0]] += int(match.group(1))
    total = sum(per_package.values())
    top = sorted(per_package.items(), key=lambda kv: -kv[1])[:12]
    print(f"imports: {total / 1e6:.3f} s in all (self time, -X importtime); by package:")
    print("  " + ", ".join(f"{name} {us / 1e3:.0f} ms" for name, us in top))
    profile = work / "build.prof"
    repo = work / "explain-profile"
    repo.mkdir()
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "cProfile",
            "-o",
            str(profile),
            "-m",
            "backendbot",
            "build",
            str(spec),
            "--repo",
            str(repo),
        ],
        capture_output=True,
        check=True,
    )
    stats = pstats.Stats(str(profile))
    print("slowest calls (cumulative, under cProfile, which slows everything down):")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])  # type: ignore[attr-defined]
    wanted = ("run_build", "apply_changeset", "render", "get_template", "fsync", "plan_scaffold")
    for (file, line, name), (_, _, _, cumulative, _) in rows:
        if name in wanted or name.endswith("fsync>"):
            print(f"  {cumulative:6.3f} s  {name} ({Path(file).name}:{line})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--venv", type=Path, help="an existing venv to use instead of a new one")
    parser.add_argument("--explain", action="store_true", help="where one run's time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fresh-install-bench-") as tmp:
        work = Path(tmp)
        bin_dir = args.venv / "bin" if args.venv else make_venv(work / "venv")
        cpu: list[float] = []
        times, listed = time_builds(bin_dir, work, args.resources, args.runs, cpu)
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"backendbot build, fresh non-editable install, {args.resources}-resource spec "
            f"({listed} files): median {statistics.median(times):.3f} s of {len(times)} runs "
            f"(first {times[0]:.2f} s, then {statistics.median(times[1:] or times):.3f} s "
            f"median; runs {runs}) (goal < 1 s); processor time median "
            f"{statistics.median(cpu):.3f} s; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        if args.explain:
            explain(bin_dir, work)


if __name__ == "__main__":
    main()
