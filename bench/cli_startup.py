"""Prints the start-up time of ``backendbot --help`` (goal: under 300 ms).

python bench/cli_startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    cmd = [sys.executable, "-m", "backendbot", "--help"]
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(
        f"backendbot --help: p50 {p50:.0f} ms, p90 {p90:.0f} ms, max {times[-1]:.0f} ms over {runs} runs"
    )


if __name__ == "__main__":
    main()
