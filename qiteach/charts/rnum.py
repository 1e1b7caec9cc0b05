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


#: values summed per block: the block's extended-precision copy stays in the CPU cache
_BLOCK = 1 << 14


def _seq_sum(values: np.ndarray, less: np.longdouble | None = None) -> np.longdouble:
    """Left-to-right sum in extended precision (R's loop), not numpy's pairwise sum.

    With ``less``, the sum of ``longdouble(v) - less`` for each value (R's second
    ``mean()`` pass). The values are summed a block at a time, each block's running
    sum starting from the previous block's total: the same additions in the same
    order as one ``np.cumsum`` over everything, without a 16-byte copy of all of them.

    >>> v = np.array([0.1, 0.2, 0.3])
    >>> bool(_seq_sum(v) == np.cumsum(v, dtype=np.longdouble)[-1])
    True
    >>> bool(_seq_sum(v, _LD(0.5)) == np.cumsum(v.astype(np.longdouble) - _LD(0.5))[-1])
    True
    """
    total: np.longdouble | None = None
    block = np.empty(min(_BLOCK, values.size), dtype=_LD)
    for start in range(0, values.size, _BLOCK):
        part = block[: min(_BLOCK, values.size - start)]
        part[:] = values[start : start + _BLOCK]  # exact: every double is a longdouble
        if less is not None:  # longdouble(v) - less, in place (a mixed-type ufunc is slower)
            part -= less
        if total is not None:  # the first block starts from its first value, as cumsum does
            part[0] += total
        total = np.cumsum(part, out=part)[-1]
    return _LD(0.0) if total is None else total


def r_sum(values: np.ndarray) -> float:
    """R ``sum(x, na.rm = TRUE)`` of doubles: extended-precision accumulation, then rounded."""
    return float(_seq_sum(_present(values)))


def _present(values: np.ndarray) -> np.ndarray:
    """The values that are not NaN (``values`` itself when none is: no copy)."""
    v = np.asarray(values, dtype=float)
    missing = np.isnan(v)
    return v[~missing] if missing.any() else v


def r_mean(values: np.ndarray) -> float:
    """R ``mean(x, na.rm = TRUE)``: NaN (no warning) when nothing is left."""
    v = _present(values)
    n = v.size
    if n == 0:
        return float("nan")
    s = _seq_sum(v) / n
    if np.isfinite(float(s)):
        s = s + _seq_sum(v, s) / n
    return float(s)


def r_median(values: np.ndarray) -> float:
    """R ``median(x, na.rm = TRUE)``: the middle value, or R's mean of the middle two."""
    v = _present(values)  # np.partition below copies: the caller's array is untouched
    n = v.size
    if n == 0:
        return float("nan")
    half = (n + 1) // 2
    if n % 2:
        return float(np.partition(v, half - 1)[half - 1])
    mid = np.partition(v, [half - 1, half])[half - 1 : half + 1]  # no full sort needed
    return r_mean(mid)
