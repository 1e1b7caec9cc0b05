"""The five special-cause rules of *The Health Care Data Guide* (Provost & Murray 2011).

1. ``outside_limits``: a point outside the 3σ limits;
2. ``shift_8``: 8 or more consecutive points on one side of the centre line
   (points on the line neither break nor add);
3. ``trend_6``: 6 consecutive points all increasing or all decreasing (ties
   neither break nor add);
4. ``two_of_three``: 2 of 3 consecutive points beyond 2σ on the same side (the
   points beyond 2σ are flagged);
5. ``fifteen_inner``: 15 or more consecutive points within ±1σ of the centre line.

Excluded and missing points are skipped (they neither break nor add to a pattern).
"""

from __future__ import annotations

import numpy as np

from qiteach.charts.limits import LIMITS
from qiteach.charts.rules.base import (
    OUTSIDE_LIMITS,
    TWO_OF_THREE,
    PartContext,
    RawSpan,
    Rule,
    RuleOutput,
    RuleSet,
    mark,
    outside_limits,
    outside_spans,
    shift_flags,
    spans_output,
    trend_flags,
)
from qiteach.charts.runs import runs

__all__ = ["HCDG", "INNER", "SHIFT", "TREND", "apply", "two_of_three"]

#: rule 2: a shift is this many or more points on one side of the centre line
SHIFT = 8
#: rule 3: a trend is this many points all going up or all going down
TREND = 6
#: rule 5: this many or more points in a row within 1 sigma of the centre line
INNER = 15


def two_of_three(side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flag points of ``side`` (+1/-1/0) in any 3-window holding 2+ of the same side.

    Returns (flagged, window starts that qualify).

    >>> f, w = two_of_three(np.array([0, 1, 0, 1, 0, 0, -1]))
    >>> f.astype(int).tolist(), w.tolist()
    ([0, 1, 0, 1, 0, 0, 0], [1])
    """
    n = side.size
    if n < 3:
        return np.zeros(n, dtype=bool), np.zeros(0, dtype=int)
    flagged = np.zeros(n, dtype=bool)
    qualify = np.zeros(n - 2, dtype=bool)
    for value in (1, -1):  # above, then below: no loop over points
        same = side == value
        two = same[:-2].astype(int) + same[1:-1] + same[2:] >= 2  # per window of 3
        for k in range(3):  # each window's k-th point
            flagged[k : k + two.size] |= two & same[k : k + two.size]
        qualify |= two
    return flagged, np.flatnonzero(qualify)


def _two_of_three_spans(
    side: np.ndarray, hit: np.ndarray, wins: np.ndarray, valid: np.ndarray
) -> list[RawSpan]:
    """One span per stretch of overlapping qualifying windows (positions of ``valid``).

    >>> side = np.array([1, 1, 0, 0, 0, -1, 0, -1]); hit, wins = two_of_three(side)
    >>> [(s.start, s.end, s.direction, s.facts) for s in
    ...  _two_of_three_spans(side, hit, wins, np.arange(8))]
    [(0, 2, 'up', {'count': 2, 'length': 3}), (5, 7, 'down', {'count': 2, 'length': 3})]
    """
    if not wins.size:
        return []
    cover = np.zeros(valid.size, dtype=bool)
    for k in range(3):
        cover[wins + k] = True
    starts, lengths, vals = runs(cover)
    starts, lengths = starts[vals], lengths[vals]
    ends = starts + lengths  # exclusive
    # flagged points (and those of them above the centre line) in each stretch, counted
    # from their sorted positions: few points are beyond 2 sigma
    hits = np.flatnonzero(hit)
    ups = hits[side[hits] > 0]
    count = np.searchsorted(hits, ends) - np.searchsorted(hits, starts)
    up = np.searchsorted(ups, ends) - np.searchsorted(ups, starts) > 0
    return [
        RawSpan(
            "two_of_three",
            int(valid[a]),
            int(valid[b - 1]),
            "up" if u else "down",
            {"count": int(c), "length": int(ln)},
        )
        for a, b, u, c, ln in zip(
            starts.tolist(),
            ends.tolist(),
            up.tolist(),
            count.tolist(),
            lengths.tolist(),
            strict=True,
        )
    ]


def apply(ctx: PartContext) -> RuleOutput:
    """Apply the HCDG rules to one part."""
    size = ctx.y.size
    outside = outside_limits(ctx)
    spans = outside_spans(outside, ctx)
    flags = {"outside_limits": outside}
    if not ctx.runs_rules:  # categorical x or an MR chart: only the limits rule
        return spans_output(flags, spans, float(SHIFT - 1))
    valid = ctx.valid_rows
    # rule 2: shift of 8 around the centre line
    flags["shift_8"], found = shift_flags(ctx, "shift_8", SHIFT)
    spans += found
    # rule 3: trend of 6
    flags["trend_6"], found = trend_flags(ctx, "trend_6", TREND)
    spans += found
    # rule 4: 2 of 3 beyond 2 sigma, same side
    yv = ctx.y[valid]
    with np.errstate(invalid="ignore"):
        side = np.where(yv > ctx.ucl_2s[valid], 1, np.where(yv < ctx.lcl_2s[valid], -1, 0))
    hit, wins = two_of_three(side)
    flags["two_of_three"] = np.zeros(size, dtype=bool)
    flags["two_of_three"][valid[hit]] = True
    spans += _two_of_three_spans(side, hit, wins, valid)
    # rule 5: 15 in the inner third
    with np.errstate(invalid="ignore"):
        inner = ((yv >= ctx.lcl_1s[valid]) & (yv <= ctx.ucl_1s[valid])).astype(int)
    starts, lengths, vals = runs(inner)
    keep = (vals == 1) & (lengths >= INNER)
    found_inner = [
        (int(valid[s]), int(valid[s + n - 1]), 0)
        for s, n in zip(starts[keep], lengths[keep], strict=True)
    ]
    flags["fifteen_inner"] = mark(size, found_inner, valid)
    for (a, b, _), n in zip(found_inner, lengths[keep], strict=True):
        spans.append(RawSpan("fifteen_inner", a, b, None, {"length": int(n)}))
    return spans_output(flags, spans, float(SHIFT - 1))


HCDG = RuleSet(
    name="hcdg",
    title="Health Care Data Guide rules",
    charts=tuple(c for c in LIMITS if c != "run"),
    looks_for="limits, shift, trend, 2 of 3, inner third",
    rules=(
        OUTSIDE_LIMITS,
        Rule(
            "shift_8",
            f"{SHIFT} or more points in a row on one side of the centre line",
            f"A shift of {{length}} points {{side}} the {{centre}} {{where}} ({SHIFT} or more "
            "points on one side of the centre line is a signal).",
            points=SHIFT,
            words=(f"{SHIFT} or more", "shift"),
        ),
        Rule(
            "trend_6",
            f"{TREND} points in a row going up or down",
            f"A trend of {{length}} points going {{way}} {{where}} ({TREND} or more points all "
            "going up or all going down is a signal).",
            points=TREND,
            words=(f"{TREND} points", "trend"),
        ),
        TWO_OF_THREE,
        Rule(
            "fifteen_inner",
            f"{INNER} points in a row close to the centre line (within 1 sigma)",
            f"{{length}} consecutive points within 1 sigma of the centre line {{where}} "
            f"({INNER} or more in the inner third suggests the limits are too wide, e.g. "
            "mixed data sources).",
            points=INNER,
            words=(f"{INNER} points", "fifteen"),
        ),
    ),
    apply=apply,
)
