"""Plain-English sentences for a chart's signals, and a small summary.

>>> format_number(0.215), format_number(1234.5678), format_number(3.0)
('0.215', '1235', '3')
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.charts.rules.base import RawSpan

if TYPE_CHECKING:
    from qiteach.charts.result import ChartResult

__all__ = ["PointNamer", "explain", "format_number", "span_text", "summary", "times_text"]

_RULE_WORDS = {
    "shift": ("shift", "6 or more points on one side of the median is a shift"),
    "shift_8": ("shift", "8 or more points on one side of the centre line is a signal"),
    "shift_7": ("run", "7 or more points on one side of the mean is a signal"),
    "trend": ("trend", "5 or more points all going up or all going down is a trend"),
    "trend_6": ("trend", "6 or more points all going up or all going down is a signal"),
    "trend_7": ("trend", "7 or more points all going up or all going down is a signal"),
}


def times_text(k: int) -> str:
    """ "once", "twice", "3 times".

    >>> times_text(0), times_text(1), times_text(2), times_text(7)
    ('0 times', 'once', 'twice', '7 times')
    """
    return {1: "once", 2: "twice"}.get(k, f"{k} times")


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
    """One sentence for a span (``offset`` turns part positions into rows of the chart)."""
    a, b = span.start + offset, span.end + offset
    centre = "median" if chart in ("run", "g") else "centre line"
    where = namer.where(a, b)
    f = span.facts
    side = "above" if span.direction == "up" else "below"
    rule = span.rule
    if rule == "outside_limits":
        limit = "upper" if span.direction == "up" else "lower"
        return (
            f"The point {where} ({format_number(y[a])}) is {side} the "
            f"{limit} limit ({format_number(f['limit'])})."
        )
    if rule == "long_run":
        return (
            f"A run of {f['length']} points {side} the {centre} {where} (the longest run "
            f"allowed for {f['n_useful']} useful points is {int(f['longest_run_max'])})."
        )
    if rule == "few_crossings":
        return (
            f"The line crosses the {centre} only {times_text(int(f['n_crossings']))} "
            f"{where}; at least {int(f['n_crossings_min'])} crossings are expected for "
            f"{f['n_useful']} useful points, so the process has probably shifted."
        )
    if rule in ("shift", "shift_8", "shift_7"):
        word, why = _RULE_WORDS[rule]
        ref = "median" if rule == "shift" else ("mean" if rule == "shift_7" else centre)
        return f"A {word} of {f['length']} points {side} the {ref} {where} ({why})."
    if rule in ("trend", "trend_6", "trend_7"):
        word, why = _RULE_WORDS[rule]
        way = "up" if span.direction == "up" else "down"
        return f"A {word} of {f['length']} points going {way} {where} ({why})."
    if rule in ("too_few_runs", "too_many_runs"):
        few = rule == "too_few_runs"
        bound = f"fewer than {f['lower']}" if few else f"more than {f['upper']}"
        return (
            f"{f['n_runs']} runs in {f['n_useful']} useful points {where}: "
            f"{'too few' if few else 'too many'} ({bound} runs is unusual)."
        )
    if rule == "two_of_three":
        if f.get("length", 3) <= 3:
            return (
                f"{f['count']} of 3 consecutive points {side} the 2-sigma line {where} "
                "(2 of 3 points close to a limit is a signal)."
            )
        return (
            f"{f['count']} points {side} the 2-sigma line in overlapping groups of 3 {where} "
            "(2 of 3 points close to a limit is a signal)."
        )
    if rule == "fifteen_inner":
        return (
            f"{f['length']} consecutive points within 1 sigma of the centre line {where} "
            "(15 or more in the inner third suggests the limits are too wide, e.g. "
            "mixed data sources)."
        )
    return f"Rule {rule} fired {where}."


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
    name = {"run": "Run chart", "mdc": "XmR chart"}.get(
        result.chart, f"{result.chart.upper()} chart"
    )
    out.append(f"{name} of {len(pts)} points with the {result.rules} rules.")
    for part in result.parts.itertuples(index=False):
        rows = pts[pts["part"] == part.part]
        if rows.empty:
            continue
        cl = rows["cl"].iloc[-1]
        text = f"Part {part.part}: centre line {format_number(cl)}"
        out.append(text + _limits_text(rows["lcl"].to_numpy(float), rows["ucl"].to_numpy(float)))
        if part.variation:
            out.append(f"Part {part.part}: latest point is {part.variation.replace('_', ' ')}.")
        if part.assurance:
            out.append(f"Part {part.part}: target assurance is {part.assurance.replace('_', ' ')}.")
    out.extend(s.text for s in result.signal_spans)
    if not pts["y"].notna().any():
        out.append("No values yet, so nothing to judge.")
    elif not result.signal_spans:
        out.append("No signals: common-cause variation only.")
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
