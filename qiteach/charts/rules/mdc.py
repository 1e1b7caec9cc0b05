"""NHS England "Making Data Count" rules, ported from NHSRplotthedots (R, 0.2.x source).

Limits (``ptd_spc_standard()``, R/ptd_spc_standard.R): mean ± 2.66·AMR where
AMR is the mean moving range of the first ``fix_after_n_points`` points of each
rebase group (our ``freeze``, counted within each part), moving ranges ≥
3.267·AMR dropped once (``screen_outliers``); "near" limits at 2/3 of the
distance; never clipped.

Rules (``ptd_special_cause_type()``, R/ptd_calculate_point_type.R), per part:
``outside_limits``; ``trend_7`` — 7 points each strictly higher (lower) than
the one before (a tie breaks it), all 7 flagged; ``two_of_three`` — 2 of 3
consecutive points between the near limit and the limit, all 3 on the same
side of the mean (only the close points flagged); ``shift_7`` — 7 consecutive
points on one side of the mean (a point on the mean breaks it). Point type
priority: outside, trend, 2-of-3, shift. Variation icon = latest point's type;
assurance (``ptd_calculate_assurance_type()``) compares the target with the
latest limits. Missing values are skipped (NHSRplotthedots has no missing values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from qiteach.charts.limits import Lines, PartData, below_scaled_mean, mean_or_nan
from qiteach.charts.rules.base import (
    OUTSIDE_LIMITS,
    TWO_OF_THREE,
    PartContext,
    PartFacts,
    RawSpan,
    Rule,
    RuleOutput,
    RuleSet,
    points_text,
)
from qiteach.charts.runs import runs
from qiteach.exceptions import ChartInputError

if TYPE_CHECKING:
    from qiteach.charts.spec import ChartSpec

__all__ = [
    "ASSURANCE_ICON_WORDS",
    "ASSURANCE_WORDS",
    "LIMIT",
    "MDC",
    "POINT_LABELS",
    "VARIATION_ICON_WORDS",
    "VARIATION_WORDS",
    "apply",
    "assurance",
    "mdc_lines",
    "point_types",
]

LIMIT = 2.66
MR_SCREEN = 3.267
RUN = 7
#: points in a rebase group below which NHSRplotthedots warns of trial limits
SHORT_GROUP = 13


#: legend words for each point type (``points.point_type``)
POINT_LABELS: dict[str, str] = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: high",
    "special_cause_neutral_low": "Special cause: low",
}
#: the variation icon (the latest point's type) in a sentence
VARIATION_WORDS: dict[str, str] = {
    "common_cause": "common-cause variation: nothing unusual in the latest point",
    "special_cause_improvement": "special-cause improvement: the latest point is part of a "
    "signal in the direction you want",
    "special_cause_concern": "special-cause concern: the latest point is part of a signal in "
    "the direction you do not want",
    "special_cause_neutral_high": "special cause (high), with no direction of improvement set",
    "special_cause_neutral_low": "special cause (low), with no direction of improvement set",
}
#: the assurance icon (``parts.assurance``) in a sentence
ASSURANCE_WORDS: dict[str, str] = {
    "consistent_pass": "the target lies outside the limits on the good side, so the process "
    "will consistently meet it",
    "consistent_fail": "the target lies outside the limits on the bad side, so the process "
    "will consistently miss it unless the system changes",
    "inconsistent": "the target lies between the limits, so the process will hit and miss it "
    "at random",
}
#: the words printed under each variation icon (keys as ``plot.icons.variation_key`` gives)
VARIATION_ICON_WORDS: dict[str, str] = {
    "common_cause": "Common\ncause",
    "special_cause_improvement_high": "Improvement\n(high)",
    "special_cause_improvement_low": "Improvement\n(low)",
    "special_cause_concern_high": "Concern\n(high)",
    "special_cause_concern_low": "Concern\n(low)",
    "special_cause_neutral_high": "Special cause\n(high)",
    "special_cause_neutral_low": "Special cause\n(low)",
}
#: the words printed under each assurance icon
ASSURANCE_ICON_WORDS: dict[str, str] = {
    "consistent_pass": "Passes target\nconsistently",
    "consistent_fail": "Fails target\nconsistently",
    "inconsistent": "Hit and miss\ntarget",
}


def mdc_lines(y: np.ndarray, *, freeze: int | None, screen_mr: bool) -> Lines:
    """Mean and process limits of one part as ``ptd_spc_standard()`` computes them."""
    size = y.size
    base_y = y.copy()
    if freeze is not None:
        base_y[freeze:] = np.nan
    mean = mean_or_nan(base_y)
    mr = np.r_[np.nan, np.abs(np.diff(base_y))]
    if screen_mr:  # ranges of 3.267 x their mean or more are left out
        mr = np.where(below_scaled_mean(mr, MR_SCREEN), mr, np.nan)
    amr = mean_or_nan(mr)
    cl = np.full(size, mean)
    # the same floating-point operations as R: limit * amr and (2 * (limit / 3)) * amr,
    # so a point exactly on a limit is classified as NHSRplotthedots classifies it
    width = {3: LIMIT * amr, 2: (2 * (LIMIT / 3)) * amr, 1: (LIMIT / 3) * amr}
    bands = {k: (cl - w, cl + w) for k, w in width.items()}
    return Lines(y, cl, bands)


def _window_any(flag: np.ndarray, width: int) -> np.ndarray:
    """Point i is flagged if a window ending at i..i+width-1 is flagged (part-of-run)."""
    c = np.r_[0, np.cumsum(flag.astype(int))]
    n = flag.size
    hi = np.minimum(np.arange(n) + width, n)
    return (c[hi] - c[np.arange(n)]) > 0


def point_types(
    y: np.ndarray, mean: float, lpl: float, upl: float, nlpl: float, nupl: float
) -> dict[str, np.ndarray]:
    """Flags and direction (+1/-1) of every mdc rule for consecutive non-missing points."""
    n = y.size
    if n == 0:
        z = np.zeros(0, dtype=bool)
        return {
            "outside": z,
            "trend": z,
            "two_of_three": z,
            "shift": z,
            "rtm": np.zeros(0, dtype=int),
            "trend_dir": np.zeros(0),
        }
    with np.errstate(invalid="ignore"):
        outside = (y > upl) | (y < lpl)
        rtm = np.sign(y - mean)
        rtm = np.where(np.isnan(rtm), 0, rtm).astype(int)
        close = ~outside & ((y < nlpl) | (y > nupl))
    # 7-point trend: windows of 7 where every step is strictly up (down)
    trend_end = np.zeros(n, dtype=int)
    if n >= RUN:
        d = np.sign(np.diff(y))
        w = sliding_window_view(d, RUN - 1)
        trend_end[RUN - 1 :] = np.where(
            (w == 1).all(axis=1), 1, np.where((w == -1).all(axis=1), -1, 0)
        )
    trend = _window_any(trend_end != 0, RUN)
    # 7 points on one side of the mean
    side_end = np.zeros(n, dtype=bool)
    if n >= RUN:
        w = sliding_window_view(rtm, RUN)
        side_end[RUN - 1 :] = (w == w[:, :1]).all(axis=1) & (w[:, 0] != 0)
    shift = _window_any(side_end, RUN)
    # 2 of 3 close to a limit, all three on the same side of the mean
    cp = np.r_[0, 0, close.astype(int), 0, 0]
    rp = np.r_[0, 0, rtm, 0, 0]
    cw = sliding_window_view(cp, 3).sum(axis=1)
    rw = np.abs(sliding_window_view(rp, 3).sum(axis=1))
    ok = (cw >= 2) & (rw == 3)  # window k covers padded k..k+2 = points k-2..k
    two3 = (ok[0:n] | ok[1 : n + 1] | ok[2 : n + 2]) & close
    # trend direction: the step to the right when the next point is in the trend too
    sdy = np.sign(np.diff(y)) if n > 1 else np.zeros(0)
    right = np.r_[sdy, sdy[-1:]] if n > 1 else np.zeros(n)
    left = np.r_[0, sdy]
    nxt = np.r_[trend[1:], False]
    tdir = np.where(nxt & trend, right, left)
    return {
        "outside": outside,
        "trend": trend,
        "two_of_three": two3,
        "shift": shift,
        "rtm": rtm,
        "trend_dir": tdir,
    }


def assurance(target: float | None, lpl: float, upl: float, direction: str) -> str | None:
    """``ptd_calculate_assurance_type()``: the target against the latest process limits.

    A target exactly on a limit, or missing limits, give ``inconsistent`` (R's
    ``case_when`` falls through); no target or a neutral direction give None.

    >>> assurance(4.0, 1.0, 3.0, "increase"), assurance(4.0, 1.0, 3.0, "decrease")
    ('consistent_fail', 'consistent_pass')
    >>> assurance(3.0, 1.0, 3.0, "increase"), assurance(4.0, 1.0, 3.0, "neutral")
    ('inconsistent', None)
    """
    if target is None or direction == "neutral":
        return None
    inc = direction == "increase"
    if target > upl:
        return "consistent_fail" if inc else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if inc else "consistent_fail"
    return "inconsistent"


def _type_names(f: dict[str, np.ndarray], direction: str) -> np.ndarray:
    """ptd_point_type(): priority outside > trend > 2-of-3 > shift, oriented by direction."""
    side = np.where(f["rtm"] == 1, 1, -1)  # outside: "Above UCL" if rtm == 1 else "Below LCL"
    other = np.where(f["rtm"] > 0, 1, -1)
    v = np.select(
        [f["outside"], f["trend"], f["two_of_three"], f["shift"]],
        [side, np.where(f["trend_dir"] == 1, 1, -1), other, other],
        default=0,
    )
    if direction == "neutral":
        labels = {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}
    else:
        v = v * (1 if direction == "increase" else -1)
        labels = {1: "special_cause_improvement", -1: "special_cause_concern"}
    out = np.full(v.size, "common_cause", dtype=object)
    out[v == 1] = labels[1]
    out[v == -1] = labels[-1]
    return out


def _spans(rule: str, flag: np.ndarray, pos: np.ndarray, dirs: np.ndarray) -> list[RawSpan]:
    starts, lengths, vals = runs(flag.astype(int))
    out = []
    for s, ln, v in zip(starts, lengths, vals, strict=True):
        if v:
            d = dirs[s : s + ln]
            d = d[flag[s : s + ln]]
            way = "up" if d.size and d[-1] > 0 else "down"
            count = int(flag[s : s + ln].sum())
            out.append(
                RawSpan(
                    rule, int(pos[s]), int(pos[s + ln - 1]), way, {"length": count, "count": count}
                )
            )
    return out


def apply(ctx: PartContext) -> RuleOutput:
    """Apply the Making Data Count rules to one part."""
    size = ctx.y.size
    pos = np.flatnonzero(~np.isnan(ctx.y))
    yv = ctx.y[pos]
    mean = float(ctx.cl[0]) if size else float("nan")
    f = point_types(
        yv, mean, float(ctx.lcl[0]), float(ctx.ucl[0]), float(ctx.lcl_2s[0]), float(ctx.ucl_2s[0])
    )
    flags = {}
    for name, key in (
        ("outside_limits", "outside"),
        ("trend_7", "trend"),
        ("two_of_three", "two_of_three"),
        ("shift_7", "shift"),
    ):
        full = np.zeros(size, dtype=bool)
        full[pos] = f[key]
        flags[name] = full
    types = np.full(size, "common_cause", dtype=object)
    types[pos] = _type_names(f, ctx.direction)
    types[np.isnan(ctx.y)] = None
    spans: list[RawSpan] = []
    for i in np.flatnonzero(f["outside"]):
        up = f["rtm"][i] == 1
        spans.append(
            RawSpan(
                "outside_limits",
                int(pos[i]),
                int(pos[i]),
                "up" if up else "down",
                {"limit": float(ctx.ucl[0] if up else ctx.lcl[0])},
            )
        )
    spans += _spans("trend_7", f["trend"], pos, f["trend_dir"])
    spans += _spans("two_of_three", f["two_of_three"], pos, f["rtm"])
    spans += _spans("shift_7", f["shift"], pos, f["rtm"])
    variation = types[-1] if size else None
    # the engine keeps this for the latest part only, as ptd_spc's summary() does
    sure = assurance(ctx.target, float(ctx.lcl[-1]), float(ctx.ucl[-1]), ctx.direction)
    return RuleOutput(
        flags=flags,
        spans=spans,
        runs_signal=bool(f["trend"].any() or f["two_of_three"].any() or f["shift"].any()),
        longest_run_max=float(RUN - 1),
        n_crossings_min=float("nan"),
        point_type=types,
        variation=variation,
        assurance=sure if size else None,
    )


def check(spec: ChartSpec) -> None:
    """Making Data Count judges XmR (i) charts, with no excluded points."""
    if spec.chart not in MDC.charts:
        raise ChartInputError(
            f"the mdc rules are for XmR (i) charts, not {spec.chart!r}",
            column="chart",
            fix="use --chart i with --rules mdc",
        )
    if spec.exclude:
        raise ChartInputError(
            "Making Data Count has no excluded points",
            column="exclude",
            fix="remove exclude, or use another rule set",
        )


def lines(data: PartData, spec: ChartSpec) -> Lines:
    """One part's mean and process limits (the limits hook of :data:`MDC`)."""
    return mdc_lines(data.y, freeze=spec.freeze, screen_mr=spec.screen_mr)


def trial_warning(facts: PartFacts) -> str | None:
    """NHSRplotthedots warns of trial limits in a rebase group of fewer than 13 points."""
    if facts.n_points >= SHORT_GROUP:
        return None
    return (
        f"Part {facts.part}: only {points_text(facts.n_points)}, so these are trial limits "
        f"(revise them as data reach {SHORT_GROUP} points)."
    )


def finish(parts: list[dict[str, Any]]) -> None:
    """NHSRplotthedots: assurance is the latest rebase group's (the last row decides)."""
    for row in parts[:-1]:
        row["assurance"] = None


MDC = RuleSet(
    name="mdc",
    title="NHS Making Data Count rules",
    charts=("i",),
    looks_for="limits, trend, 2 of 3, run",
    rules=(
        OUTSIDE_LIMITS,
        Rule(
            "trend_7",
            f"{RUN} points in a row going up or down",
            f"A trend of {{length}} points going {{way}} {{where}} ({RUN} or more points all "
            "going up or all going down is a signal).",
            points=RUN,
            words=("going up or down", "trend"),
        ),
        TWO_OF_THREE,
        Rule(
            "shift_7",
            f"{RUN} points in a row on one side of the mean",
            f"A run of {{length}} points {{side}} the mean {{where}} ({RUN} or more points on "
            "one side of the mean is a signal).",
            points=RUN,
            words=("on one side of the mean", "shift"),
        ),
    ),
    apply=apply,
    check=check,
    lines=lines,
    trial_warning=trial_warning,
    freeze_per_part=True,
    finish=finish,
    limit_label="Process limits",
    point_labels=POINT_LABELS,
    runs_on_text_x=True,  # NHSRplotthedots looks for runs and trends in any x order
)
