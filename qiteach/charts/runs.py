"""Vectorised run helpers and the Anhøj runs analysis (no Python loop over points).

>>> starts, lengths, values = runs(np.array([1, 1, -1, -1, -1, 1]))
>>> starts.tolist(), lengths.tolist(), values.tolist()
([0, 2, 5], [2, 3, 1], [1, -1, 1])
>>> a = runs_analysis(np.array([1., 2, 3, 4, 5, 6]), np.full(6, 3.5), np.ones(6, bool))
>>> a.n_useful, a.longest_run, a.n_crossings, a.longest_run_max, a.n_crossings_min
(6, 3, 1, 6, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

__all__ = [
    "RunsAnalysis",
    "longest_run_max",
    "n_crossings_min",
    "runs",
    "runs_analysis",
    "trend_runs",
]


def runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start index, length and value of each run of equal consecutive values."""
    v = np.asarray(values)
    if v.size == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty, v[:0]
    change = np.r_[True, v[1:] != v[:-1]]
    starts = np.flatnonzero(change)
    lengths = np.diff(np.r_[starts, v.size])
    return starts, lengths, v[starts]


def longest_run_max(n_useful: int) -> int:
    """Anhøj: the longest run allowed, round(log2(n)) + 3 (Schilling 2012).

    R's round() rounds half to even, as Python's does.
    """
    return round(float(np.log2(n_useful))) + 3


def n_crossings_min(n_useful: int) -> int:
    """Anhøj: fewest crossings expected, R ``qbinom(0.05, n - 1, 0.5)`` (Chen 2010)."""
    trials = max(n_useful - 1, 0)
    if trials == 0:
        return 0
    # scipy's binom.ppf is R's qbinom: the smallest k with P(X <= k) >= 0.05 (with R's
    # fuzz for floating error); checked for n = 1..10000 in the tests.
    return int(binom.ppf(0.05, trials, 0.5))


@dataclass(frozen=True)
class RunsAnalysis:
    """Anhøj runs analysis of one part (qicharts2 ``runs.analysis``)."""

    n_obs: int
    n_useful: int
    longest_run: float
    longest_run_max: float
    n_crossings: float
    n_crossings_min: float
    signal: bool
    useful: np.ndarray  # row positions (within the part) of useful points
    signs: np.ndarray  # +1 above / -1 below the centre line, for each useful point


def runs_analysis(y: np.ndarray, cl: np.ndarray, include: np.ndarray) -> RunsAnalysis:
    """Longest run and crossings of the included points around the centre line.

    Points on the centre line or missing are not useful: they neither break nor
    extend a run. ``n_obs`` counts included points, missing ones too (as qicharts2).
    """
    with np.errstate(invalid="ignore"):
        s = np.sign(y - cl)
    s = np.where(np.isnan(s), 0, s).astype(int)
    s[~include] = 0
    useful = np.flatnonzero(s != 0)
    signs = s[useful]
    n_useful = int(useful.size)
    n_obs = int(include.sum())
    if not n_useful:
        nan = float("nan")
        return RunsAnalysis(n_obs, 0, nan, nan, nan, nan, False, useful, signs)
    _, lengths, _ = runs(signs)
    longest = int(lengths.max())
    crossings = int(lengths.size - 1)
    lmax = longest_run_max(n_useful)
    cmin = n_crossings_min(n_useful)
    signal = bool(longest > lmax or crossings < cmin)
    return RunsAnalysis(n_obs, n_useful, longest, lmax, crossings, cmin, signal, useful, signs)


def trend_runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of consecutive increases/decreases, ties neither breaking nor adding.

    ``values`` must have no NaN. Returns (first, last, direction) for every maximal
    monotone run, as positions in ``values``; the run's point count is the number
    of distinct steps + 1.

    >>> first, last, d = trend_runs(np.array([1., 2, 2, 3, 1]))
    >>> first.tolist(), last.tolist(), d.tolist()
    ([0, 3], [3, 4], [1, -1])
    """
    if values.size < 2:
        z = np.zeros(0, dtype=int)
        return z, z, z
    keep = np.r_[True, np.diff(values) != 0]
    pos = np.flatnonzero(keep)  # one position per plateau (its first point)
    if pos.size < 2:
        z = np.zeros(0, dtype=int)
        return z, z, z
    d = np.sign(np.diff(values[pos])).astype(int)
    starts, lengths, vals = runs(d)
    first = pos[starts]
    last = pos[starts + lengths]
    return first, last, vals
