"""Time the chart engine on large inputs and print a small table.

Run: ``.venv/bin/python benchmarks/bench_charts.py [--points N] [--repeat R]``.
Not a test: figures depend on the machine (targets on 2 cores: each < 1 s at 1e6).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from qiteach.charts import compute_chart


def _cases(n: int) -> list[tuple[str, dict]]:
    rng = np.random.default_rng(1)
    y = rng.normal(100, 10, n)
    den = rng.integers(50, 500, n)
    num = rng.binomial(den, 0.3)
    return [
        ("run chart, anhoej", {"y": y, "chart": "run", "rules": "anhoej"}),
        ("i chart, anhoej", {"y": y, "chart": "i", "rules": "anhoej"}),
        ("i chart, hcdg", {"y": y, "chart": "i", "rules": "hcdg"}),
        (
            "i chart, mdc",
            {"y": y, "chart": "i", "rules": "mdc", "direction": "increase", "target": 95.0},
        ),
        ("p chart, anhoej", {"y": num, "n": den, "chart": "p", "rules": "anhoej"}),
        ("run chart, ihi", {"y": y, "chart": "run", "rules": "ihi"}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'case':<22}{'points':>10}{'best s':>10}{'mean s':>10}")
    for name, kwargs in _cases(args.points):
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            compute_chart(**kwargs)
            times.append(time.perf_counter() - start)
        print(f"{name:<22}{args.points:>10,}{min(times):>10.3f}{sum(times) / len(times):>10.3f}")


if __name__ == "__main__":
    main()
