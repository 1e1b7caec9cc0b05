"""Time the chart engine on large inputs and print a small table.

Run: ``.venv/bin/python benchmarks/bench_charts.py [--points N] [--repeat R]``.
Not a test: figures depend on the machine (targets on 2 cores: each < 1 s at 1e6).

Each case is also timed against a bare numpy pass over the same data, the least
any engine must do for that chart: the centre line, the signs around it and the
run lengths, plus for control charts the limits and the points outside them.
Issue 16's goals are within 15x of it for run and p charts and 40x for i charts
with HCDG rules. Times are CPU seconds (``time.process_time``), best of
``--repeat``, so other work on a shared machine colours them little.
"""

from __future__ import annotations

import argparse
import os
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


def _runs(y: np.ndarray, cl: np.ndarray | float) -> int:
    s = np.sign(y - cl)
    s = s[s != 0]
    change = np.flatnonzero(s[1:] != s[:-1])
    return int(np.diff(np.r_[-1, change, s.size - 1]).max())


def numpy_pass(kwargs: dict) -> None:
    """The bare numpy work of the chart in ``kwargs`` (no validation, no result tables)."""
    y = np.asarray(kwargs["y"], dtype=float)
    chart = kwargs["chart"]
    if chart == "run":
        _runs(y, np.median(y))
    elif chart == "p":
        n = np.asarray(kwargs["n"], dtype=float)
        p, pbar = y / n, y.sum() / n.sum()
        se = np.sqrt(pbar * (1 - pbar) / n)
        _ = (p > pbar + 3 * se) | (p < pbar - 3 * se)
        _runs(p, pbar)
    else:  # i chart
        mean = y.mean()
        sigma = np.abs(np.diff(y)).mean() / 1.128
        _ = (y > mean + 3 * sigma) | (y < mean - 3 * sigma)
        _runs(y, mean)


#: issue 16: most times a bare numpy pass each case may take
GOALS = {"run chart, anhoej": 15, "p chart, anhoej": 15, "i chart, hcdg": 40}


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    cores = os.cpu_count()
    print(f"load average {one:.2f} {five:.2f} on {cores} cores; CPU s, best of {args.repeat}")
    print(f"{'case':<22}{'points':>11}{'CPU s':>8}{'numpy s':>9}{'ratio':>7}{'goal':>7}")
    for name, kwargs in _cases(args.points):
        best = _best(lambda kw=kwargs: compute_chart(**kw), args.repeat)
        bare = _best(lambda kw=kwargs: numpy_pass(kw), args.repeat)
        ratio = best / bare
        goal = GOALS.get(name)
        verdict = "" if goal is None else ("  ok" if ratio <= goal else "  MISSED")
        shown = f"{goal}x" if goal else "-"
        print(
            f"{name:<22}{args.points:>11,}{best:>8.3f}{bare:>9.3f}{ratio:>6.1f}x{shown:>7}{verdict}"
        )


if __name__ == "__main__":
    main()
