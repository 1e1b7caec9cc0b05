"""Histogram: how a measure's values are spread, with their centre and spread.

>>> h = histogram([1, 2, 2, 3, 3, 3, 4, 4, 5], bins=4)
>>> h.edges.tolist(), h.counts.tolist()
([1.0, 2.0, 3.0, 4.0, 5.0], [1, 2, 3, 3])
>>> h.n, h.mean, h.median, round(h.sd, 4)
(9, 3.0, 3.0, 1.2247)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = ["HistogramResult", "clean_values", "histogram"]


def clean_values(values: Iterable[Any], *, name: str = "value") -> tuple[np.ndarray, int]:
    """Numbers from ``values`` as floats, dropping blanks; returns (array, number dropped).

    Anything that is neither a number nor blank raises ToolkitError naming its position.

    >>> clean_values([1, None, "2.5", float("nan")])
    (array([1. , 2.5]), 2)
    """
    out: list[float] = []
    missing = 0
    for i, v in enumerate(values):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, str) and v.strip() == ""):
            missing += 1  # pd.NA: a blank in a nullable (Int64, Float64, string) column
            continue
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ToolkitError(
                f"item {i + 1} ({v!r}) is not a number", column=name,
                fix="remove or correct the value",
            ) from None  # fmt: skip
        if math.isnan(x):
            missing += 1
        elif math.isinf(x):
            raise ToolkitError(f"item {i + 1} is infinite", column=name, fix="correct the value")
        else:
            out.append(x)
    return np.asarray(out, dtype=float), missing


@dataclass(frozen=True, slots=True)
class HistogramResult:
    """Bin edges and counts (bins are [left, right), the last one closed) and summary figures.

    ``sd`` is the sample standard deviation (n − 1); ``n_missing`` counts blanks dropped.
    """

    edges: np.ndarray
    counts: np.ndarray
    values: np.ndarray
    n: int
    n_missing: int
    mean: float
    median: float
    sd: float
    minimum: float
    maximum: float

    def as_frame(self) -> pd.DataFrame:
        """One row per bin: left, right, count.

        >>> histogram([1, 2, 3], bins=2).as_frame()
           left  right  count
        0   1.0    2.0      1
        1   2.0    3.0      2
        """
        return pd.DataFrame(
            {"left": self.edges[:-1], "right": self.edges[1:], "count": self.counts}
        )


def histogram(
    values: Iterable[Any], *, bins: str | int | Sequence[float] = "auto"
) -> HistogramResult:
    """Bin ``values`` and summarise them.

    ``bins`` is ``"auto"`` (numpy's rule: the larger of Sturges and
    Freedman-Diaconis bin counts), another numpy rule name (``"sturges"``,
    ``"fd"`` ...), a number of equal-width bins, or the bin edges themselves.
    Blank values are dropped and counted in ``n_missing``; at least 2 numbers
    are needed.
    """
    x, missing = clean_values(values)
    if x.size < 2:
        raise ToolkitError(
            f"{x.size} number(s) given; a histogram needs at least 2",
            column="value", fix="give more values",
        )  # fmt: skip
    if isinstance(bins, bool) or (isinstance(bins, int) and bins < 1):
        raise ToolkitError(f"bins={bins!r} must be 1 or more", fix='use bins="auto" or e.g. 10')
    if not isinstance(bins, str | int):
        edges_in = np.asarray(list(bins), dtype=float)
        if edges_in.size < 2 or np.any(np.diff(edges_in) <= 0):
            raise ToolkitError(
                "bin edges must be at least two increasing numbers", fix="e.g. bins=[0, 5, 10, 15]"
            )
        if x.min() < edges_in[0] or x.max() > edges_in[-1]:
            raise ToolkitError(
                f"values run from {x.min():g} to {x.max():g}, outside the bin edges",
                fix="widen the first and last bin edges",
            )
    try:
        edges = np.histogram_bin_edges(x, bins=bins)
    except ValueError as err:
        raise ToolkitError(f"bins={bins!r}: {err}", fix='use bins="auto" or a number') from None
    counts, edges = np.histogram(x, bins=edges)
    return HistogramResult(
        edges=edges,
        counts=counts,
        values=x,
        n=int(x.size),
        n_missing=missing,
        mean=float(x.mean()),
        median=float(np.median(x)),
        sd=float(x.std(ddof=1)),
        minimum=float(x.min()),
        maximum=float(x.max()),
    )
