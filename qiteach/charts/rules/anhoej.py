"""Anhøj rules (qicharts2's default): unusually long runs, unusually few crossings,
plus points outside the 3σ limits (Anhøj & Olesen, PLoS ONE 2014).

The long-run flag marks every useful point of each run longer than
``round(log2(n_useful)) + 3``; too few crossings is a property of the whole part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from qiteach.charts.limits import LIMITS
from qiteach.charts.rules.base import (
    OUTSIDE_LIMITS,
    PartContext,
    RawSpan,
    Rule,
    RuleOutput,
    RuleSet,
    longest_run_text,
    outside_limits,
    outside_spans,
    shift_flags,
    times_text,
)

__all__ = ["ANHOEJ", "MIN_USEFUL", "apply"]

#: run-chart rules need at least this many useful points
MIN_USEFUL = 10


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


def reasons(part: Mapping[str, Any]) -> list[str]:
    """Why the long-run and crossings rules did or did not fire on one part."""
    crossings = int(part["n_crossings"])
    low = int(part["n_crossings_min"])
    return [
        f"{longest_run_text(part)}a signal needs more than {int(part['longest_run_max'])}.",
        f"The line crosses the median {times_text(crossings)}; "
        + (
            f"a signal needs fewer than {low}."
            if low > 0
            else "too few points for the crossings rule to signal."
        ),
    ]


ANHOEJ = RuleSet(
    name="anhoej",
    title="Anhøj rules",
    charts=tuple(LIMITS),
    looks_for="long runs, few crossings",
    rules=(
        OUTSIDE_LIMITS,
        Rule(
            "long_run",
            "Unusually long run on one side of the centre line",
            "A run of {length} points {side} the {centre} {where} (the longest run allowed "
            "for {n_useful} useful points is {longest_run_max}).",
            words=("long run",),
            look_for="count the points in a row on one side of the median.",
        ),
        Rule(
            "few_crossings",
            "Unusually few crossings of the centre line",
            "The line crosses the {centre} only {times} {where}; at least {n_crossings_min} "
            "crossings are expected for {n_useful} useful points, so the process has "
            "probably shifted.",
            words=("few crossings", "crossings"),
            look_for="count how often the line crosses the median.",
            part_level=True,
        ),
    ),
    apply=apply,
    min_useful=MIN_USEFUL,
    reasons=reasons,
)
