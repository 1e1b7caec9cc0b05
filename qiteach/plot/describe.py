"""Describe a chart result in words: the alt text that goes with a chart in a report.

>>> from qiteach.charts import compute_chart
>>> alt_text(compute_chart(y=[3, 1, 2]), title="Calls").split(",")[0]
'Calls: a run chart of 3 points from 1 to 3'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from qiteach.charts.result import ChartResult
from qiteach.plot.chart_points import CHART_NAMES, ISO_DATE, chart_points, percent_scale
from qiteach.plot.style import format_value

__all__ = ["alt_text"]

_EXPLAIN_HEADER = re.compile(r"^\S+ chart of \d+ points")


def _x_text(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(ISO_DATE, value):
        value = pd.to_datetime(value, format="ISO8601")
    if isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        return ts.strftime("%b %Y") if ts.day == 1 else ts.strftime("%d %b %Y").lstrip("0")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def alt_text(result: ChartResult, *, title: str) -> str:
    """One plain-English paragraph describing the chart, for a report's alt text.

    Built from ``result.summary()`` (latest value, centre line) and
    ``result.explain()`` (limits and every signal): what the chart is, how
    many points over what range, the latest value, then what the rules found.

    >>> from qiteach.charts import compute_chart
    >>> res = compute_chart(y=[5, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8], chart="i")
    >>> print(alt_text(res, title="Calls answered"))  # doctest: +ELLIPSIS
    Calls answered: an I (individuals) control chart of 12 points from 1 to 12, using the Anhøj
    rules. The latest value (12) is 8 against a centre line of 6.83. ...
    """
    pts = chart_points(result)
    y = pts["y"].to_numpy(float)
    n_present = int((~np.isnan(y)).sum())
    name = CHART_NAMES.get(result.chart, f"{result.chart} chart")
    article = "an" if name[0].lower() in "aeiou" or name[:2] in ("I ", "S ", "X-", "U ") else "a"
    missing = len(pts) - n_present
    gap = f" ({missing} missing)" if missing else ""
    first, last = _x_text(pts["x"].iloc[0]), _x_text(pts["x"].iloc[-1])
    rules = f"the {result.rule_set.title}"
    sentences = [
        f"{title.rstrip('.')}: {article} {name} of {n_present} points{gap} "
        f"from {first} to {last}, using {rules}."
    ]
    n_parts = pts["part"].nunique()
    if n_parts > 1:
        sentences.append(f"The chart is split into {n_parts} parts, each with its own centre line.")
    sentences.extend(_summary_sentences(result.summary(), result))
    explain = result.explain()
    sentences.extend(s.strip() for s in explain if s.strip() and not _EXPLAIN_HEADER.match(s))
    text = " ".join(s if s.endswith((".", "!", "?")) else s + "." for s in sentences)
    return " ".join(text.split())


def _summary_sentences(summary: Mapping[str, Any], result: ChartResult) -> list[str]:
    scale = percent_scale(result, None)
    out: list[str] = []
    latest = summary.get("latest_y")
    centre = summary.get("centre_line")
    if isinstance(latest, int | float) and not math.isnan(float(latest)):
        when = summary.get("latest_x")
        part = "The latest value" + (f" ({_x_text(when)})" if when is not None else "")
        part += f" is {format_value(float(latest), percent_scale=scale)}"
        if isinstance(centre, int | float) and not math.isnan(float(centre)):
            part += f" against a centre line of {format_value(float(centre), percent_scale=scale)}"
        out.append(part + ".")
    target = result.target
    if target is not None and not (isinstance(target, float) and math.isnan(target)):
        out.append(f"The target is {format_value(float(target), percent_scale=scale)}.")
    return out
