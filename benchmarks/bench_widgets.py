"""CPU time of one run-chart explorer update: compute and redraw after one added point.

    .venv/bin/python benchmarks/bench_widgets.py [--repeat 15]

Kernel-free: the explorer's own methods are called, as the "Add point" button
does. Each update adds a point and is timed (``time.process_time``); removing
it again is not timed. The median is printed against issue 16's goal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np

from qiteach.widgets.run_chart_explorer import RunChartExplorer

GOAL = 0.050  # seconds


def update_seconds(points: int, repeat: int) -> float:
    """Median CPU seconds of adding the ``points``-th point to an explorer."""
    rng = np.random.default_rng(16)
    explorer = RunChartExplorer([float(v) for v in np.round(rng.normal(20, 3, points - 1), 1)])
    explorer.add_point(20.0)  # warm-up: fonts, caches
    explorer.remove_last()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        explorer.add_point(21.0)
        times.append(time.process_time() - start)
        explorer.remove_last()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} on {os.cpu_count()} cores; medians of {args.repeat}")
    print(f"{'run-chart explorer update':<30}{'CPU ms':>8}{'goal':>10}")
    for points in (12, 30):
        ms = update_seconds(points, args.repeat) * 1000
        verdict = "  ok" if ms < GOAL * 1000 else "  MISSED"
        print(f"{f'{points} points':<30}{ms:>8.1f}{f'< {GOAL * 1000:.0f}':>10}{verdict}")


if __name__ == "__main__":
    main()
