"""R's ``sum()``, ``mean()`` and ``median()`` for doubles, bit for bit where it matters.

qicharts2 and NHSRplotthedots compare every point with a centre line computed by R.
R sums in extended precision (``LDOUBLE``, 80-bit on x86-64) and ``mean()`` adds a
second correcting pass (R ``src/main/summary.c``), so ``mean(c(0.1, 0.2, 0.3))`` is
exactly ``0.2`` where numpy's pairwise mean gives ``0.20000000000000004``; a point
equal to the centre line is then *on* it in R (not useful, breaks nothing) but off
it in numpy. These helpers repeat R's operations with numpy ``longdouble``
sequential sums (``cumsum``), still vectorised. On platforms where ``longdouble``
is plain double (Windows, Apple silicon) R itself has the same limitation.

>>> r_mean(np.array([0.1, 0.2, 0.3])) == 0.2, float(np.mean([0.1, 0.2, 0.3])) == 0.2
(True, False)
>>> r_sum(np.array([1.0, np.nan, 2.0])), r_median(np.array([3.0, 1.0, np.nan, 2.0, 10.0]))
(3.0, 2.5)
>>> np.isnan(r_mean(np.array([np.nan])))
np.True_
"""

from __future__ import annotations

import numpy as np

__all__ = ["r_mean", "r_median", "r_sum"]

_LD = np.longdouble


def _seq_sum(values: np.ndarray) -> np.longdouble:
    """Left-to-right sum in extended precision (R's loop), not numpy's pairwise sum."""
    if values.size == 0:
        return _LD(0.0)
    return np.cumsum(values, dtype=_LD)[-1]


def r_sum(values: np.ndarray) -> float:
    """R ``sum(x, na.rm = TRUE)`` of doubles: extended-precision accumulation, then rounded."""
    v = np.asarray(values, dtype=float)
    return float(_seq_sum(v[~np.isnan(v)]))


def r_mean(values: np.ndarray) -> float:
    """R ``mean(x, na.rm = TRUE)``: NaN (no warning) when nothing is left."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n == 0:
        return float("nan")
    s = _seq_sum(v) / n
    if np.isfinite(float(s)):
        s = s + _seq_sum(v.astype(_LD) - s) / n
    return float(s)


def r_median(values: np.ndarray) -> float:
    """R ``median(x, na.rm = TRUE)``: the middle value, or R's mean of the middle two."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n == 0:
        return float("nan")
    half = (n + 1) // 2
    if n % 2:
        return float(np.partition(v, half - 1)[half - 1])
    mid = np.partition(v, [half - 1, half])[half - 1 : half + 1]  # no full sort needed
    return r_mean(mid)
