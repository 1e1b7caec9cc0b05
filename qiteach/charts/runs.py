"""Vectorised run helpers and the Anhøj runs analysis (no Python loop over points).

>>> starts, lengths, values = runs(np.array([1, 1, -1, -1, -1, 1]))
>>> starts.tolist(), lengths.tolist(), values.tolist()
([0, 2, 5], [2, 3, 1], [1, -1, 1])
>>> a = runs_analysis(np.array([1., 2, 3, 4, 5, 6]), np.full(6, 3.5), np.ones(6, bool))
>>> a.n_useful, a.longest_run, a.n_crossings, a.longest_run_max, a.n_crossings_min
(6, 3, 1, 6, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "RunsAnalysis",
    "counted_trend_runs",
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


def _lower_tail_half(n: int) -> tuple[int, np.ndarray]:
    """``(lo, cdf)``: P(X <= k) for k = lo .. ceil(n/2), X ~ Binomial(n, 1/2).

    Terms below ``lo`` (more than 20 standard deviations below the mean) add less
    than exp(-800) and are left out. Each term's log is one ``math.lgamma`` and a
    running sum of log ratios, so the relative error stays below about
    ``1e-15 * lgamma(n + 1)``.
    """
    lo = max(0, math.floor(n / 2 - 10 * math.sqrt(n)))
    hi = math.ceil(n / 2)
    i = np.arange(lo, hi, dtype=float)  # steps i -> i + 1
    log_first = math.lgamma(n + 1) - math.lgamma(lo + 1) - math.lgamma(n - lo + 1) - n * _LN2
    logs = np.empty(hi - lo + 1)
    logs[0] = log_first
    np.cumsum(np.log(n - i) - np.log(i + 1), out=logs[1:])
    logs[1:] += log_first
    return lo, np.cumsum(np.exp(logs))


_LN2 = math.log(2.0)


def n_crossings_min(n_useful: int) -> int:
    """Anhøj: fewest crossings expected, R ``qbinom(0.05, n - 1, 0.5)`` (Chen 2010).

    The smallest k with P(X <= k) >= 0.05 for X ~ Binomial(n - 1, 1/2), as R's
    qbinom and scipy's ``binom.ppf``. The CDF is summed here with numpy (scipy.stats
    would cost half a second to import, scipy.special a quarter); only when a
    probability lies within the summation's error of 0.05 does scipy.special's
    ``bdtr`` decide. The tests check it equals ``binom.ppf`` for every n up to
    10,000 and on a grid to 10,000,000.

    >>> [n_crossings_min(n) for n in (1, 2, 10, 12, 30, 100)]
    [0, 0, 2, 3, 10, 41]
    """
    trials = max(n_useful - 1, 0)
    if trials == 0:
        return 0
    lo, cdf = _lower_tail_half(trials)
    j = int(np.searchsorted(cdf, _Q))  # first k - lo with cdf >= 0.05 (cdf is increasing)
    tol = _tolerance(trials)
    near = abs(cdf[j] - _Q) <= tol or (j > 0 and abs(cdf[j - 1] - _Q) <= tol)
    if (j == 0 and lo > 0) or near:
        return _qbinom_scipy(trials)
    return lo + j


#: the lower-tail probability of the crossings rule
_Q = 0.05


def _tolerance(trials: int) -> float:
    """How far from 0.05 a summed probability must be to be trusted (64 ulps of the logs)."""
    return _Q * (1e-12 + 64 * float(np.finfo(float).eps) * math.lgamma(trials + 1))


def _qbinom_scipy(trials: int) -> int:
    """The same quantile from scipy.special's binomial CDF (for near ties)."""
    from scipy.special import bdtr, bdtrik

    k = max(math.ceil(float(bdtrik(_Q, trials, 0.5))), 0)
    while k > 0 and bdtr(k - 1, trials, 0.5) >= _Q:
        k -= 1
    while bdtr(k, trials, 0.5) < _Q:
        k += 1
    return k


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
    # -1, 0, +1 (one byte each): the sign of y - cl, 0 where either is missing; for
    # doubles y - cl is 0 exactly when y == cl, so comparing gives the same signs
    s = (y > cl).view(np.int8) - (y < cl).view(np.int8)
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
    of distinct steps + 1 (:func:`counted_trend_runs` gives it too).

    >>> first, last, d = trend_runs(np.array([1., 2, 2, 3, 1]))
    >>> first.tolist(), last.tolist(), d.tolist()
    ([0, 3], [3, 4], [1, -1])
    """
    first, last, d, _ = counted_trend_runs(values)
    return first, last, d


def counted_trend_runs(
    values: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`trend_runs` plus each run's point count (its distinct steps + 1).

    A tie starts no plateau: the points kept are each plateau's first, and the step
    from one kept point to the next is the one nonzero step into the next plateau.

    >>> [a.tolist() for a in counted_trend_runs(np.array([1., 2, 2, 3, 1]))]
    [[0, 3], [3, 4], [1, -1], [3, 2]]
    """
    z = np.zeros(0, dtype=int)
    if values.size < 2:
        return z, z, z, z
    step = np.diff(values)
    moves = step != 0
    pos = np.flatnonzero(np.r_[True, moves])  # one position per plateau (its first point)
    if pos.size < 2:
        return z, z, z, z
    d = np.sign(step[moves]).astype(np.int8)  # the steps between consecutive plateaus
    starts, lengths, vals = runs(d)
    first = pos[starts]
    last = pos[starts + lengths]
    return first, last, vals, lengths + 1
