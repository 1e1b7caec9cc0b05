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
    outside_limits,
    outside_spans,
    shift_flags,
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
        facts = {"n_useful": ra.n_useful, "longest_run_max": ra.longest_run_max}
        long_run, found = shift_flags(ctx, "long_run", int(ra.longest_run_max) + 1, facts=facts)
        spans += found
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
