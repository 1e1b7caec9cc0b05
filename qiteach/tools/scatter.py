"""Scatter diagram: do two measures move together? Correlation is not causation.

Pearson's r measures straight-line association, Spearman's rho association of
ranks (any steady rise or fall); the least-squares line is numpy's degree-1
``polyfit``. None of these shows that one thing causes the other: a third
factor (season, list size, staffing) may drive both.

Anscombe's (1973) first data set: r = 0.816, y = 3.00 + 0.500 x.

>>> x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
>>> y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
>>> s = scatter(x, y)
>>> s.n, round(s.pearson_r, 3), round(s.intercept, 2), round(s.slope, 3)
(11, 0.816, 3.0, 0.5)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = ["CAUSATION_NOTE", "ScatterResult", "scatter"]

CAUSATION_NOTE = (
    "Correlation is not causation: a third factor may drive both; "
    "test a change with PDSA cycles to learn what causes what."
)


@dataclass(frozen=True, slots=True)
class ScatterResult:
    """Paired values kept, their correlations and the least-squares line y = intercept + slope·x.

    ``n_dropped`` counts pairs left out because either value was blank.
    """

    x: np.ndarray
    y: np.ndarray
    n: int
    n_dropped: int
    pearson_r: float
    pearson_p: float
    spearman_rho: float
    spearman_p: float
    slope: float
    intercept: float
    r_squared: float
    note: str = CAUSATION_NOTE

    def as_text(self) -> str:
        """A one-line summary with the reminder.

        >>> print(scatter([1, 2, 3, 4], [2, 4, 5, 8]).as_text())
        n = 4, Pearson r = 0.98, Spearman rho = 1.00; y = 0.00 + 1.90x. Correlation is ...
        """
        return (
            f"n = {self.n}, Pearson r = {self.pearson_r:.2f}, Spearman rho = "
            f"{self.spearman_rho:.2f}; {self.equation()}. {self.note}"
        )

    def equation(self, *, digits: int = 2) -> str:
        """The fitted line as text.

        >>> scatter([1, 2, 3], [3, 2, 1.5]).equation()
        'y = 3.67 − 0.75x'
        """
        a = round(self.intercept, digits) + 0.0  # no "-0.00"
        b = round(self.slope, digits) + 0.0
        sign = "+" if b >= 0 else "−"
        return f"y = {a:.{digits}f} {sign} {abs(b):.{digits}f}x"


def _number(v: Any, i: int, name: str) -> float:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, str) and v.strip() == ""):
        return float("nan")  # pd.NA: a blank in a nullable (Int64, Float64, string) column
    try:
        return float(v)
    except (TypeError, ValueError):
        raise ToolkitError(
            f"{name} item {i + 1} ({v!r}) is not a number", column=name,
            fix="remove or correct the value",
        ) from None  # fmt: skip


def scatter(x: Iterable[Any], y: Iterable[Any]) -> ScatterResult:
    """Correlate paired values ``x`` and ``y`` and fit a least-squares line.

    Pairs where either value is blank are dropped (``n_dropped``). Needs at
    least 3 complete pairs and some variation in both x and y.
    """
    xs, ys = list(x), list(y)
    if len(xs) != len(ys):
        raise ToolkitError(
            f"{len(xs)} x values but {len(ys)} y values", column="y",
            fix="give one y for each x (leave a blank where one is missing)",
        )  # fmt: skip
    xa = np.array([_number(v, i, "x") for i, v in enumerate(xs)], dtype=float)
    ya = np.array([_number(v, i, "y") for i, v in enumerate(ys)], dtype=float)
    keep = np.isfinite(xa) & np.isfinite(ya)
    xa, ya = xa[keep], ya[keep]
    if xa.size < 3:
        raise ToolkitError(
            f"{xa.size} complete pairs; a scatter diagram needs at least 3", column="x",
            fix="add more paired values",
        )  # fmt: skip
    for name, arr in (("x", xa), ("y", ya)):
        if np.ptp(arr) == 0:
            raise ToolkitError(
                f"every {name} value is {arr[0]:g}, so correlation is undefined", column=name,
                fix=f"use a measure whose {name} values vary",
            )  # fmt: skip
    from scipy import stats  # on use: importing scipy.stats costs about half a second

    pr = stats.pearsonr(xa, ya)
    sr = stats.spearmanr(xa, ya)
    slope, intercept = np.polyfit(xa, ya, 1)
    r = float(pr.statistic)
    return ScatterResult(
        x=xa,
        y=ya,
        n=int(xa.size),
        n_dropped=int((~keep).sum()),
        pearson_r=r,
        pearson_p=float(pr.pvalue),
        spearman_rho=float(sr.statistic),
        spearman_p=float(sr.pvalue),
        slope=float(slope),
        intercept=float(intercept),
        r_squared=r * r,
    )
