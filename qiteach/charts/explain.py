"""Plain-English sentences for a chart's signals, and a small summary.

>>> format_number(0.215), format_number(1234.5678), format_number(3.0)
('0.215', '1235', '3')
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.charts.rules import RULE_SETS, rule
from qiteach.charts.rules.base import RawSpan, times_text

if TYPE_CHECKING:
    from qiteach.charts.result import ChartResult

__all__ = ["PointNamer", "explain", "format_number", "span_text", "summary", "times_text"]


def format_number(value: float) -> str:
    """Four significant figures, without a trailing ``.0``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    if float(value).is_integer() and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"


class PointNamer:
    """Names points in sentences: a month, a date, a label or a point number.

    The kind of x is worked out once, so naming thousands of spans stays cheap.

    >>> PointNamer(pd.Series(pd.to_datetime(["2018-03-01", "2018-04-01"]))).name(0)
    'Mar 2018'
    >>> PointNamer(pd.Series([10, 20])).name(1)
    'point 2'
    """

    def __init__(self, x: pd.Series) -> None:
        self.values = x.to_numpy(dtype=object)
        self.kind = "number"
        if pd.api.types.is_datetime64_any_dtype(x):
            days = pd.to_datetime(x).dt.day
            self.kind = "month" if bool((days.dropna() == 1).all()) else "date"
        elif len(x) and isinstance(self.values[0], str):
            self.kind = "label"

    def name(self, row: int) -> str:
        """How point ``row`` (0-based) is named."""
        value = self.values[row]
        if self.kind == "month":
            return pd.Timestamp(value).strftime("%b %Y")
        if self.kind == "date":
            return pd.Timestamp(value).strftime("%d %b %Y")
        if self.kind == "label" and isinstance(value, str):
            return value
        return f"point {row + 1}"

    def where(self, a: int, b: int) -> str:
        """``at X`` for one point, ``from X to Y`` for a span."""
        return f"at {self.name(a)}" if a == b else f"from {self.name(a)} to {self.name(b)}"


def span_text(span: RawSpan, offset: int, namer: PointNamer, y: np.ndarray, chart: str) -> str:
    """One sentence for a span (``offset`` turns part positions into rows of the chart).

    The rule's sentence template (:class:`~qiteach.charts.rules.base.Rule`) is
    filled with the span's facts (numbers as :func:`format_number` writes them)
    and these words: ``where`` ("at Mar 2018", "from point 1 to point 6"),
    ``side`` (above/below), ``way`` (up/down), ``bound`` (upper/lower), ``centre``
    (median or centre line), ``value`` (the first point's value) and ``times``
    (the crossings, as "once", "twice", "3 times").
    """
    a, b = span.start + offset, span.end + offset
    fields: dict[str, Any] = {
        k: format_number(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in span.facts.items()
    }
    fields.update(
        where=namer.where(a, b),
        side="above" if span.direction == "up" else "below",
        way="up" if span.direction == "up" else "down",
        bound="upper" if span.direction == "up" else "lower",
        centre="median" if chart in ("run", "g") else "centre line",
        value=format_number(y[a]),
    )
    if "n_crossings" in span.facts:
        fields["times"] = times_text(int(span.facts["n_crossings"]))
    found = rule(span.rule)
    if found is None:
        return f"Rule {span.rule} fired {fields['where']}."
    return found.text(fields)


def _limits_text(lcl: np.ndarray, ucl: np.ndarray) -> str:
    """ ", limits A to B." for a part: its latest defined limits, saying when they vary.

    >>> _limits_text(np.array([1.0, 1.0]), np.array([3.0, 3.0]))
    ', limits 1 to 3.'
    >>> _limits_text(np.array([0.1, 0.2, np.nan]), np.array([0.5, 0.4, np.nan]))
    ', limits 0.2 to 0.4 at the latest point (the limits vary with the subgroup size).'
    >>> _limits_text(np.array([np.nan]), np.array([np.nan]))
    '.'
    """
    defined = np.flatnonzero(~(np.isnan(lcl) & np.isnan(ucl)))
    if not defined.size:
        return "."
    last = defined[-1]
    text = f", limits {format_number(lcl[last])} to {format_number(ucl[last])}"
    lo, hi = lcl[defined], ucl[defined]
    if np.unique(lo[~np.isnan(lo)]).size > 1 or np.unique(hi[~np.isnan(hi)]).size > 1:
        text += " at the latest point (the limits vary with the subgroup size)"
    return text + "."


def explain(result: ChartResult) -> list[str]:
    """Sentences for the whole chart: centre and limits per part, each signal, warnings."""
    pts, out = result.points, []
    name = {"run": "Run chart"}.get(result.chart, f"{result.chart.upper()} chart")
    out.append(f"{name} of {len(pts)} points with the {RULE_SETS[result.rules].title}.")
    for part in result.parts.itertuples(index=False):
        rows = pts[pts["part"] == part.part]
        if rows.empty:
            continue
        cl = rows["cl"].iloc[-1]
        text = f"Part {part.part}: centre line {format_number(cl)}"
        out.append(text + _limits_text(rows["lcl"].to_numpy(float), rows["ucl"].to_numpy(float)))
        # a part without one holds None or (pandas 3 string columns) NaN: only words count
        if isinstance(part.variation, str) and part.variation:
            out.append(f"Part {part.part}: latest point is {part.variation.replace('_', ' ')}.")
        if isinstance(part.assurance, str) and part.assurance:
            out.append(f"Part {part.part}: target assurance is {part.assurance.replace('_', ' ')}.")
    out.extend(s.text for s in result.signal_spans)
    if not pts["y"].notna().any():
        out.append("No values yet, so nothing to judge.")
    elif not result.signal_spans:
        out.append("No signals: common-cause variation only.")
    for words in RULE_SETS[result.rules].judgement:  # rules a person applies by looking
        rule = words.split(":", 1)[0].lower()
        out.append(f"Also judge by eye: {rule} (a judgement rule, never computed).")
    out.extend(result.warnings)
    return out


def summary(result: ChartResult) -> dict[str, Any]:
    """Latest value, its centre line, the rules that fired and an improvement verdict."""
    pts = result.points
    has = pts["y"].notna()
    last = pts[has].iloc[-1] if has.any() else None
    last_part = int(pts["part"].iloc[-1]) if len(pts) else None
    spans = [s for s in result.signal_spans if s.part == last_part]
    ups = any(s.direction == "up" for s in spans)
    downs = any(s.direction == "down" for s in spans)
    if not spans:
        verdict = "common cause"
    elif result.direction == "neutral" or (ups and downs) or not (ups or downs):
        verdict = "special cause"
    elif (ups and result.direction == "increase") or (downs and result.direction == "decrease"):
        verdict = "improvement"
    else:
        verdict = "concern"
    return {
        "latest_x": None if last is None else last["x"],
        "latest_y": None if last is None else float(last["y"]),
        "centre_line": None if last is None else float(last["cl"]),
        "signals": len(result.signal_spans),
        "rules_fired": sorted({s.rule for s in result.signal_spans}),
        "verdict": verdict,
    }
