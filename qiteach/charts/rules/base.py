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

__all__ = ["PartContext", "RawSpan", "RuleOutput", "outside_limits", "side_runs", "trends"]


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
