"""Reading a chart result for drawing and describing: points, x values, percent scale.

Shared by :mod:`qiteach.plot.chart` (the drawing) and :mod:`qiteach.plot.describe`
(the words). Nothing here draws or computes a limit or a rule.

>>> CHART_NAMES["xbar"]
'X-bar (subgroup mean) control chart'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from qiteach.dates import ISO_DATE
from qiteach.exceptions import ChartInputError

if TYPE_CHECKING:
    from qiteach.charts.result import ChartResult

__all__ = [
    "CHART_NAMES",
    "ISO_DATE",
    "REQUIRED_COLUMNS",
    "chart_points",
    "percent_scale",
    "x_native",
]

#: Columns a chart result's points table must have to be drawn.
REQUIRED_COLUMNS = ("x", "y", "part", "cl", "lcl", "ucl", "baseline", "include", "signals")

#: Plain names of the chart types, for legends and alt text.
CHART_NAMES: dict[str, str] = {
    "run": "run chart",
    "i": "I (individuals) control chart",
    "mr": "moving-range (MR) control chart",
    "xbar": "X-bar (subgroup mean) control chart",
    "s": "S (subgroup standard deviation) control chart",
    "p": "P (proportion) control chart",
    "pp": "P-prime (Laney) control chart",
    "c": "C (count) control chart",
    "u": "U (rate) control chart",
    "up": "U-prime (Laney) control chart",
    "g": "G (cases between events) control chart",
    "t": "T (time between events) control chart",
}


def chart_points(result: ChartResult) -> pd.DataFrame:
    """The points table of a chart result, checked and with a fresh 0-based index.

    >>> from qiteach.charts import compute_chart
    >>> chart_points(compute_chart(y=[3, 1, 2]))[["x", "y"]].to_dict("list")
    {'x': [1, 2, 3], 'y': [3.0, 1.0, 2.0]}
    >>> chart_points(object())
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ChartInputError: this is not a chart result (it has no points table) ...
    """
    pts = getattr(result, "points", None)  # a notebook may pass anything: say what is wrong
    if not isinstance(pts, pd.DataFrame):
        raise ChartInputError(
            "this is not a chart result (it has no points table)",
            fix="pass the result of qiteach.compute_chart(...)",
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in pts.columns]
    if missing:
        raise ChartInputError(
            f"chart result points lack column(s) {', '.join(missing)}",
            column=missing[0],
            fix="pass the result of qiteach.compute_chart(...)",
        )
    if pts.empty:
        raise ChartInputError("the chart has no points", fix="give at least one value")
    return pts.reset_index(drop=True)


def x_native(x: pd.Series) -> tuple[np.ndarray, str]:
    """x values as matplotlib wants them, and their kind: date, number or category.

    >>> x_native(pd.Series(["2026-01-05", "2026-01-12"]))[1]
    'date'
    >>> x_native(pd.Series(["Mon", "Tue"]))
    (array(['Mon', 'Tue'], dtype=object), 'category')
    """
    if pd.api.types.is_datetime64_any_dtype(x):
        return pd.to_datetime(x).dt.tz_localize(None).to_numpy("datetime64[ns]"), "date"
    if x.map(lambda v: isinstance(v, pd.Timestamp | np.datetime64)).all():
        return pd.to_datetime(x).to_numpy("datetime64[ns]"), "date"
    if pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
        return x.to_numpy(float), "number"
    text = x.astype(str)
    if text.str.fullmatch(ISO_DATE).all():
        return pd.to_datetime(text, format="ISO8601").to_numpy("datetime64[ns]"), "date"
    return np.array([str(v) for v in x], dtype=object), "category"


def percent_scale(result: ChartResult, percent: bool | None) -> float | None:
    """The plotted value meaning 100 %, or None for no percentages.

    p and p′ charts plot proportion × multiply, so ``multiply`` is 100 %.
    Other charts with ``percent=True`` already hold percentages (0-100).

    >>> from qiteach.charts import compute_chart
    >>> percent_scale(compute_chart(y=[3, 4, 5], n=[10, 10, 10], chart="p", multiply=100), None)
    100.0
    >>> percent_scale(compute_chart(y=[3, 4, 5], chart="i"), None) is None
    True
    """
    multiply = float(result.multiply)
    proportion = result.chart in ("p", "pp")
    if percent is None:
        percent = proportion and multiply == 100.0
    if not percent:
        return None
    return multiply if proportion else 100.0
