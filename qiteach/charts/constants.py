"""Control-chart constants computed from their formulas (not looked up in tables).

``c4(n) = sqrt(2/(n-1)) * Γ(n/2) / Γ((n-1)/2)`` (Montgomery, *Introduction to
Statistical Quality Control*, appendix VI) and, as qicharts2 0.8 does,
``A3 = k / (c4 √n)``, ``B3 = max(0, 1 - k c5/c4)``, ``B4 = 1 + k c5/c4`` with
``c5 = sqrt(1 - c4²)`` and ``k`` sigma (3 for the limits, 1 or 2 for zones).
Subgroup sizes of 1 or less have no constant (NaN).

>>> round(float(c4(5)), 4), round(float(a3(5)), 3), round(float(b4(5)), 3)
(0.94, 1.427, 2.089)
>>> float(b3(5))
0.0
>>> bool(np.isnan(a3(1)))
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["a3", "b3", "b4", "c4", "c5"]


def _sizes(n: ArrayLike) -> np.ndarray:
    arr = np.asarray(n, dtype=float).copy()
    arr[~(arr > 1)] = np.nan
    return arr


def c4(n: ArrayLike) -> np.ndarray:
    """Bias-correction constant c4 for a sample standard deviation of size ``n``."""
    from scipy.special import gammaln  # here: only xbar and s charts pay its import

    m = _sizes(n)
    with np.errstate(invalid="ignore"):
        return np.sqrt(2.0 / (m - 1.0)) * np.exp(gammaln(m / 2.0) - gammaln((m - 1.0) / 2.0))


def c5(n: ArrayLike) -> np.ndarray:
    """``sqrt(1 - c4²)``: the standard deviation of s in units of sigma."""
    return np.sqrt(1.0 - c4(n) ** 2)


def a3(n: ArrayLike, k: float = 3.0) -> np.ndarray:
    """Xbar-chart factor: limits are grand mean ± A3·s̄."""
    m = _sizes(n)
    return k / (c4(m) * np.sqrt(m))


def b3(n: ArrayLike, k: float = 3.0) -> np.ndarray:
    """S-chart lower factor (clipped at 0): LCL = B3·s̄."""
    with np.errstate(invalid="ignore"):
        return np.fmax(0.0, 1.0 - k * c5(n) / c4(n)) * np.where(np.isnan(c4(n)), np.nan, 1.0)


def b4(n: ArrayLike, k: float = 3.0) -> np.ndarray:
    """S-chart upper factor: UCL = B4·s̄."""
    return 1.0 + k * c5(n) / c4(n)
