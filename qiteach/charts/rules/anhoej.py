"""Anhøj rules (qicharts2's default): unusually long runs, unusually few crossings,
plus points outside the 3σ limits (Anhøj & Olesen, PLoS ONE 2014).

The long-run flag marks every useful point of each run longer than
``round(log2(n_useful)) + 3``; too few crossings is a property of the whole part.
"""

from __future__ import annotations

import numpy as np

from qiteach.charts.rules.base import (
    PartContext,
    RawSpan,
    RuleOutput,
    mark,
    outside_limits,
    outside_spans,
    side_runs,
)

__all__ = ["apply"]


def apply(ctx: PartContext) -> RuleOutput:
    """Apply the Anhøj rules to one part."""
    ra = ctx.runs
    size = ctx.y.size
    outside = outside_limits(ctx)
    spans = outside_spans(outside, ctx)
    long_run = np.zeros(size, dtype=bool)
    signal = False
    if ctx.runs_rules and ra.n_useful:
        found = side_runs(ra.useful, ra.signs, int(ra.longest_run_max) + 1)
        long_run = mark(size, found, ra.useful)
        facts = {"n_useful": ra.n_useful, "longest_run_max": ra.longest_run_max}
        for a, b, side in found:
            length = int(long_run[a : b + 1].sum())
            spans.append(
                RawSpan("long_run", a, b, "up" if side > 0 else "down", {**facts, "length": length})
            )
        if ra.n_crossings < ra.n_crossings_min:
            spans.append(
                RawSpan(
                    "few_crossings",
                    0,
                    size - 1,
                    None,
                    {
                        "n_useful": ra.n_useful,
                        "n_crossings": ra.n_crossings,
                        "n_crossings_min": ra.n_crossings_min,
                    },
                )
            )
        signal = ra.signal
    return RuleOutput(
        flags={"outside_limits": outside, "long_run": long_run},
        spans=spans,
        runs_signal=signal,
        longest_run_max=ra.longest_run_max,
        n_crossings_min=ra.n_crossings_min,
    )
