"""IHI run-chart rules (Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51).

- shift: 6 or more consecutive points on one side of the median (points on the
  median neither break nor add to it);
- trend: 5 or more consecutive points all going up or all going down (equal
  neighbours count as one point);
- too few / too many runs: against Table 1 of Perla et al. (2011), itself
  derived from Swed & Eisenhart (1943), for 10-60 useful observations;
- an **astronomical data point** (:data:`ASTRONOMICAL`): a point so obviously
  different from the rest that everyone looking at the chart agrees it is unusual.
  Perla et al. give it as a judgement rule, so nothing here flags it: it is in the
  rule set's ``judgement`` words, and :mod:`qiteach.charts.astronomical` only
  suggests points worth a look;
- on control charts, points outside the 3σ limits too.

How the runs table was established (see docs/charts.md, "ihi"): no copy of
Perla et al.'s Table 1 was available to check against, so :data:`RUNS_TABLE` is a
transcription from memory. Two transcriptions disagreed at n = 33, 35, 38, 52, 54,
56, 58 and 60; the table keeps the second (:data:`REVISED` holds the first). From 46
to 51 the table raises the lower limit at odd n and the upper limit at even n; the
first transcription broke that step at 52 and, for 52-60, gave random data a 9.5-12%
chance of a false too few/too many runs signal where rows 46-51 give 4-7%
(:func:`false_signal_risk`); its row 38 was also wider than row 40. Each row is then checked
against two independent sources: (a) the exact Swed & Eisenhart runs distribution
for n1 = ⌊n/2⌋ below and n2 = ⌈n/2⌉ above the median, 2.5% in each tail
(:func:`swed_eisenhart_limits`); (b) an independent public re-typing of the table for
n = 10-40 found in open-source run-chart code (not authoritative). A row is
*corroborated* (:data:`CORROBORATED`) when (a) or (b) agrees with it. Every other row
is unconfirmed, and a part tested against an unconfirmed row gets a warning saying so.

>>> sorted(n for n in RUNS_TABLE if n not in CORROBORATED)[:4]
[29, 32, 33, 34]
>>> swed_eisenhart_limits(20)
(7, 15)
"""

from __future__ import annotations

from collections.abc import Mapping
from math import comb
from typing import Any

import numpy as np

from qiteach.charts.limits import LIMITS
from qiteach.charts.rules.anhoej import MIN_USEFUL
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
    spans_output,
    trend_flags,
)

__all__ = [
    "ASTRONOMICAL",
    "CORROBORATED",
    "IHI",
    "REVISED",
    "RUNS_TABLE",
    "apply",
    "false_signal_risk",
    "swed_eisenhart_limits",
]

#: Perla, Provost & Murray (2011), Table 1 "Tests for number of runs above and below
#: the median" (from Swed & Eisenhart 1943): useful observations -> (lower, upper).
#: Fewer runs than ``lower`` is too few; more than ``upper`` is too many.
RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9),
    11: (3, 10),
    12: (3, 11),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (5, 13),
    18: (6, 14),
    19: (6, 15),
    20: (6, 16),
    21: (7, 16),
    22: (7, 17),
    23: (7, 17),
    24: (8, 18),
    25: (8, 18),
    26: (9, 19),
    27: (10, 19),
    28: (10, 20),
    29: (10, 20),
    30: (11, 21),
    31: (11, 22),
    32: (11, 22),
    33: (11, 22),
    34: (12, 23),
    35: (13, 23),
    36: (13, 24),
    37: (13, 25),
    38: (14, 25),
    39: (14, 26),
    40: (15, 26),
    41: (16, 26),
    42: (16, 27),
    43: (17, 27),
    44: (17, 28),
    45: (17, 29),
    46: (17, 30),
    47: (18, 30),
    48: (18, 31),
    49: (19, 31),
    50: (19, 32),
    51: (20, 32),
    52: (20, 33),
    53: (21, 33),
    54: (21, 34),
    55: (22, 34),
    56: (22, 35),
    57: (23, 35),
    58: (23, 36),
    59: (24, 36),
    60: (24, 37),
}
SHIFT = 6
#: IHI's fourth run-chart rule, a judgement (Perla, Provost & Murray 2011), in words.
ASTRONOMICAL = (
    "Astronomical data point: a point so obviously different from the rest that everyone "
    "studying the chart would agree it is unusual. It is a judgement, not a calculation: "
    "every chart has a highest and a lowest point, and that alone does not make either "
    "astronomical."
)
TREND = 5
#: the useful points the runs table covers, in words
_COVERS = f"{min(RUNS_TABLE)} to {max(RUNS_TABLE)}"

#: the first transcription's values for the rows where the two transcriptions disagreed
#: (replaced in :data:`RUNS_TABLE`; kept so the reason can be recomputed)
REVISED: dict[int, tuple[int, int]] = {
    33: (11, 23), 35: (13, 24), 38: (14, 26), 52: (21, 32),
    54: (22, 33), 56: (23, 34), 58: (24, 35), 60: (25, 36),
}  # fmt: skip
#: (lower, upper) of an independent public re-typing of the table (n = 10-40; open-source
#: run-chart code in the stored public code index; not an authoritative source)
_PUBLIC_COPY: dict[int, tuple[int, int]] = {
    **{n: RUNS_TABLE[n] for n in range(10, 27)},
    27: (9, 20), 28: (10, 20), 29: (10, 21), 30: (11, 22), 31: (11, 22), 32: (11, 23),
    33: (11, 24), 34: (12, 24), 35: (12, 25), 36: (13, 25), 37: (13, 26), 38: (14, 26),
    39: (14, 27), 40: (15, 27),
}  # fmt: skip


def _runs_distribution(n: int) -> dict[int, float]:
    """P(R = r) for the number of runs R of n points split ⌊n/2⌋ / ⌈n/2⌉ at random."""
    n1, n2 = n // 2, n - n // 2
    total = comb(n, n1)
    prob = {}
    for r in range(2, n + 1):
        k = r // 2
        if r % 2:
            ways = comb(n1 - 1, k - 1) * comb(n2 - 1, k) + comb(n1 - 1, k) * comb(n2 - 1, k - 1)
        else:
            ways = 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        prob[r] = ways / total
    return prob


def swed_eisenhart_limits(n: int, tail: float = 0.025) -> tuple[int, int]:
    """(fewest, most) runs not significant for n useful points split ⌊n/2⌋ / ⌈n/2⌉.

    Exact distribution of the number of runs (Swed & Eisenhart 1943); a count below
    the first or above the second has probability ≤ ``tail`` in that tail.
    """
    prob = _runs_distribution(n)
    lower = upper = 0
    cum = 0.0
    for r in sorted(prob):
        cum += prob[r]
        if cum > tail:
            lower = r
            break
    cum = 0.0
    for r in sorted(prob, reverse=True):
        cum += prob[r]
        if cum > tail:
            upper = r
            break
    return lower, upper


def false_signal_risk(n: int, lower: int, upper: int) -> float:
    """Chance that n random useful points give fewer than ``lower`` or more than ``upper`` runs.

    >>> round(false_signal_risk(20, *RUNS_TABLE[20]), 4)
    0.009
    """
    return sum(p for r, p in _runs_distribution(n).items() if r < lower or r > upper)


#: table rows agreeing with at least one independent check
CORROBORATED = frozenset(
    n
    for n, row in RUNS_TABLE.items()
    if row == swed_eisenhart_limits(n) or row == _PUBLIC_COPY.get(n)
)


def apply(ctx: PartContext) -> RuleOutput:
    """Apply the IHI rules to one part."""
    size = ctx.y.size
    ra = ctx.runs
    control = ctx.chart != "run"
    outside = outside_limits(ctx) if control else np.zeros(size, dtype=bool)
    spans = outside_spans(outside, ctx) if control else []
    flags = {"outside_limits": outside}
    warnings: list[str] = []
    lower = upper = None
    if ctx.runs_rules:
        flags["shift"], found = shift_flags(ctx, "shift", SHIFT)
        spans += found
        flags["trend"], found = trend_flags(ctx, "trend", TREND)
        spans += found
        if ra.n_useful in RUNS_TABLE:
            lower, upper = RUNS_TABLE[ra.n_useful]
            n_runs = int(ra.n_crossings) + 1
            facts = {"n_runs": n_runs, "n_useful": ra.n_useful, "lower": lower, "upper": upper}
            if n_runs < lower:
                spans.append(RawSpan("too_few_runs", 0, size - 1, None, facts))
            if n_runs > upper:
                spans.append(RawSpan("too_many_runs", 0, size - 1, None, facts))
            if ra.n_useful not in CORROBORATED:
                warnings.append(
                    f"Part {ctx.part}: the runs-table row for {ra.n_useful} useful points "
                    f"({lower} to {upper} runs) is not confirmed against Perla et al. (2011) "
                    "Table 1; treat the too few/too many runs verdict as provisional."
                )
        elif ra.n_useful:
            warnings.append(
                f"Part {ctx.part}: the runs table of Perla et al. (2011) covers {_COVERS} useful "
                f"points; this part has {ra.n_useful}, so too few/too many runs was not tested."
            )
    return spans_output(
        flags,
        spans,
        float(SHIFT - 1),
        n_crossings_min=float(lower - 1) if lower is not None else float("nan"),
        warnings=warnings,
    )


def reasons(part: Mapping[str, Any]) -> list[str]:
    """Why the shift, trend and runs rules did or did not fire on one part."""
    runs = int(part["n_crossings"]) + 1
    text = f"{runs} run{'' if runs == 1 else 's'} (a run is a stretch of points on one side"
    low = part["n_crossings_min"]
    if low is not None and np.isfinite(low):
        text += f" of the median); fewer than {int(low) + 1} runs is a signal."
    else:
        text += f" of the median); the runs table needs {_COVERS} useful points."
    return [
        f"{longest_run_text(part)}{SHIFT} or more is a shift.",
        f"{TREND} or more points all going up or all going down is a trend.",
        text,
    ]


_RUNS_LOOK_FOR = "count the runs (groups of points on one side of the median)."
IHI = RuleSet(
    name="ihi",
    title="IHI run chart rules",
    judgement=(ASTRONOMICAL,),
    charts=tuple(LIMITS),
    looks_for="shift, trend, runs",
    rules=(
        OUTSIDE_LIMITS,
        Rule(
            "shift",
            f"Shift: {SHIFT} or more points on one side of the median",
            f"A shift of {{length}} points {{side}} the median {{where}} ({SHIFT} or more "
            "points on one side of the median is a shift).",
            points=SHIFT,
            words=("shift",),
            look_for=f"look for {SHIFT} or more points in a row on one side of the median.",
        ),
        Rule(
            "trend",
            f"Trend: {TREND} or more points going up or down",
            f"A trend of {{length}} points going {{way}} {{where}} ({TREND} or more points all "
            "going up or all going down is a trend).",
            points=TREND,
            words=("trend",),
            look_for=f"look for {TREND} or more points in a row all going up or all going down.",
        ),
        Rule(
            "too_few_runs",
            "Too few runs",
            "{n_runs} runs in {n_useful} useful points {where}: too few (fewer than {lower} "
            "runs is unusual).",
            words=("too few runs", "few runs"),
            look_for=_RUNS_LOOK_FOR,
            part_level=True,
        ),
        Rule(
            "too_many_runs",
            "Too many runs",
            "{n_runs} runs in {n_useful} useful points {where}: too many (more than {upper} "
            "runs is unusual).",
            words=("too many runs", "many runs"),
            look_for=_RUNS_LOOK_FOR,
            part_level=True,
        ),
    ),
    apply=apply,
    min_useful=MIN_USEFUL,
    reasons=reasons,
)
