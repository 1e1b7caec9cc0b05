"""What every rule set receives (one part of a chart) and returns, plus shared helpers.

>>> idx = np.array([0, 1, 3, 4, 5])
>>> [(int(a), int(b), int(d)) for a, b, d in side_runs(idx, np.array([1, 1, 1, 1, -1]), 4)]
[(0, 4, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qiteach.charts.runs import RunsAnalysis, runs, trend_runs

__all__ = [
    "PartContext",
    "RawSpan",
    "RuleOutput",
    "outside_limits",
    "shift_flags",
    "side_runs",
    "spans_output",
    "trend_flags",
    "trends",
]


@dataclass(frozen=True)
class PartContext:
    """One part: positions are 0-based rows within the part."""

    part: int
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2s: np.ndarray
    ucl_2s: np.ndarray
    lcl_1s: np.ndarray
    ucl_1s: np.ndarray
    include: np.ndarray
    runs: RunsAnalysis
    runs_rules: bool  # False for categorical x and mr charts (qicharts2 skips them)
    chart: str
    direction: str = "neutral"
    target: float | None = None

    @property
    def valid(self) -> np.ndarray:
        """Included points with a value: the points rules look at."""
        return self.include & ~np.isnan(self.y)


@dataclass(frozen=True)
class RawSpan:
    """A run/trend/cluster found by a rule (positions within the part, inclusive)."""

    rule: str
    start: int
    end: int
    direction: str | None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class RuleOutput:
    """Per-point flags by rule name, spans, and the part summary a rule set fills in."""

    flags: dict[str, np.ndarray]
    spans: list[RawSpan]
    runs_signal: bool
    longest_run_max: float
    n_crossings_min: float
    point_type: np.ndarray | None = None
    variation: str | None = None
    assurance: str | None = None
    warnings: list[str] = field(default_factory=list)


def outside_limits(ctx: PartContext) -> np.ndarray:
    """Points above the upper or below the lower 3σ limit (every point, as qicharts2)."""
    with np.errstate(invalid="ignore"):
        return (ctx.y > ctx.ucl) | (ctx.y < ctx.lcl)


def outside_spans(flag: np.ndarray, ctx: PartContext) -> list[RawSpan]:
    """One span per point outside the limits."""
    out = []
    for i in np.flatnonzero(flag):
        up = bool(ctx.y[i] > ctx.ucl[i])
        out.append(
            RawSpan(
                "outside_limits",
                int(i),
                int(i),
                "up" if up else "down",
                {"limit": float(ctx.ucl[i] if up else ctx.lcl[i])},
            )
        )
    return out


def side_runs(idx: np.ndarray, signs: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(first row, last row, side) of runs of ``min_len``+ same-side points.

    ``idx`` are the rows of the useful points and ``signs`` their side (+1/-1).
    """
    starts, lengths, vals = runs(signs)
    keep = lengths >= min_len
    return [
        (int(idx[s]), int(idx[s + n - 1]), int(v))
        for s, n, v in zip(starts[keep], lengths[keep], vals[keep], strict=True)
    ]


def mark(size: int, spans: list[tuple[int, int, int]], points: np.ndarray) -> np.ndarray:
    """Boolean mask of ``points`` (row positions) lying inside any span."""
    out = np.zeros(size, dtype=bool)
    if not spans or points.size == 0:
        return out
    cover = np.zeros(size + 1, dtype=int)
    for a, b, _ in spans:  # loop over runs found, not over points
        cover[a] += 1
        cover[b + 1] -= 1
    inside = np.cumsum(cover[:-1]) > 0
    out[points] = inside[points]
    return out


def trends(ctx: PartContext, min_points: int) -> list[tuple[int, int, int]]:
    """(first row, last row, direction) of trends of ``min_points``+ points, ties skipped."""
    idx = np.flatnonzero(ctx.valid)
    first, last, d = trend_runs(ctx.y[idx])
    if first.size == 0:
        return []
    # points in a trend = distinct steps + 1 (tied neighbours count once)
    vals = ctx.y[idx]
    steps = np.r_[0, np.cumsum(np.diff(vals) != 0)]
    count = steps[last] - steps[first] + 1
    keep = (count >= min_points) & (d != 0)
    return [
        (int(idx[a]), int(idx[b]), int(s))
        for a, b, s in zip(first[keep], last[keep], d[keep], strict=True)
    ]


def _way(sign: int) -> str:
    return "up" if sign > 0 else "down"


def shift_flags(
    ctx: PartContext, rule: str, min_len: int, *, facts: dict[str, Any] | None = None
) -> tuple[np.ndarray, list[RawSpan]]:
    """Flag and span every run of ``min_len``+ useful points on one side of the centre line.

    Each span's facts are ``facts`` plus ``length`` (useful points in the run).

    >>> from qiteach.charts.runs import runs_analysis
    >>> y = np.array([1.0, 2, 3, 4, 0, 0]); cl = np.full(6, 0.5); inc = np.ones(6, dtype=bool)
    >>> ctx = PartContext(0, y, cl, cl, cl, cl, cl, cl, cl, inc, runs_analysis(y, cl, inc),
    ...                   True, "run")
    >>> flag, spans = shift_flags(ctx, "shift", 4)
    >>> flag.astype(int).tolist(), [(s.start, s.end, s.direction, s.facts) for s in spans]
    ([1, 1, 1, 1, 0, 0], [(0, 3, 'up', {'length': 4})])
    """
    ra = ctx.runs
    found = side_runs(ra.useful, ra.signs, min_len)
    flag = mark(ctx.y.size, found, ra.useful)
    spans = [
        RawSpan(rule, a, b, _way(side), {**(facts or {}), "length": int(flag[a : b + 1].sum())})
        for a, b, side in found
    ]
    return flag, spans


def trend_flags(ctx: PartContext, rule: str, min_points: int) -> tuple[np.ndarray, list[RawSpan]]:
    """Flag and span every trend of ``min_points``+ valid points (tied neighbours count once).

    >>> from qiteach.charts.runs import runs_analysis
    >>> y = np.array([5.0, 1, 2, 2, 3, 4]); cl = np.full(6, 3.0); inc = np.ones(6, dtype=bool)
    >>> ctx = PartContext(0, y, cl, cl, cl, cl, cl, cl, cl, inc, runs_analysis(y, cl, inc),
    ...                   True, "run")
    >>> flag, spans = trend_flags(ctx, "trend", 4)
    >>> flag.astype(int).tolist(), [(s.start, s.end, s.direction, s.facts) for s in spans]
    ([0, 1, 1, 1, 1, 1], [(1, 5, 'up', {'length': 4})])
    """
    size = ctx.y.size
    valid = np.flatnonzero(ctx.valid)
    found = trends(ctx, min_points)
    flag = mark(size, found, valid)
    steps = np.zeros(size, dtype=int)
    steps[valid] = np.r_[0, np.cumsum(np.diff(ctx.y[valid]) != 0)] if valid.size else []
    spans = [
        RawSpan(rule, a, b, _way(d), {"length": int(steps[b] - steps[a] + 1)}) for a, b, d in found
    ]
    return flag, spans


def spans_output(
    flags: dict[str, np.ndarray],
    spans: list[RawSpan],
    longest_run_max: float,
    *,
    warnings: list[str] | None = None,
    n_crossings_min: float = float("nan"),
) -> RuleOutput:
    """A :class:`RuleOutput` whose runs signal is any span other than ``outside_limits``.

    >>> spans_output({}, [RawSpan("outside_limits", 0, 0, "up")], 7.0).runs_signal
    False
    """
    return RuleOutput(
        flags=flags,
        spans=spans,
        runs_signal=any(s.rule != "outside_limits" for s in spans),
        longest_run_max=longest_run_max,
        n_crossings_min=n_crossings_min,
        warnings=warnings if warnings is not None else [],
    )
