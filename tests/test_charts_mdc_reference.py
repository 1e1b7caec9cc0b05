"""Making Data Count (mdc) checked against NHSRplotthedots' OWN test expectations.

Every number below is a fact copied from the NHSRplotthedots test suite
(nhs-r-community/NHSRplotthedots, MIT; 0.2.x series); the file and test name are
cited on each test. Only numeric facts were copied, no code. The input series of
the ``ptd_spc_standard`` snapshots is R's ``set.seed(123); rnorm(20)`` — its values
are typed below to 8 decimals (the well-known R output), so limits are compared
to the 7 significant digits the snapshots print.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qiteach.charts import compute_chart
from qiteach.charts.rules.mdc import assurance, point_types

# R: set.seed(123); rnorm(20)
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def mdc(y: list[float], **kw: object):
    return compute_chart(y=y, chart="i", rules="mdc", **kw)


def sig7(value: float, digits: int = 7) -> float:
    return float(f"{value:.{digits}g}")


def sides(values: list[float], mean: float) -> list[int]:
    return np.sign(np.asarray(values) - mean).astype(int).tolist()


# --- tests/testthat/_snaps/ptd_spc_standard.md, "it returns expected values" ---


def test_spc_standard_snapshot_r1_screened() -> None:
    r = mdc(RNORM_123).points
    assert sig7(r["cl"].iloc[0]) == 0.1416238
    assert sig7(r["lcl"].iloc[0]) == -3.01138
    assert sig7(r["ucl"].iloc[0]) == 3.294627
    assert not any("outside_limits" in s for s in r["signals"])
    want = [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    assert sides(RNORM_123, r["cl"].iloc[0])[:15] == want


def test_spc_standard_snapshot_r2_r3_outlier_screening() -> None:
    y = list(RNORM_123)
    y[14] = 10.0  # data$y[15] <- 10
    r2 = mdc(y).points  # screen_outliers = TRUE
    r3 = mdc(y, screen_mr=False).points
    assert sig7(r2["cl"].iloc[0]) == sig7(r3["cl"].iloc[0]) == 0.6694159
    assert sig7(r2["lcl"].iloc[0]) == -2.383666
    assert sig7(r2["ucl"].iloc[0]) == 3.722497
    assert sig7(r3["lcl"].iloc[0]) == -4.596625
    assert sig7(r3["ucl"].iloc[0]) == 5.935457
    want = [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]
    assert sides(y, r2["cl"].iloc[0])[:14] == want
    # "the range when screen_outliers = FALSE is larger"
    assert r3["ucl"].iloc[0] - r3["lcl"].iloc[0] > r2["ucl"].iloc[0] - r2["lcl"].iloc[0]


# --- tests/testthat/_snaps/ptd_spc.md, "it outputs expected content" (summary) ---


def test_summary_snapshot_whole_series_and_two_facets() -> None:
    whole = mdc(RNORM_123, direction="increase")
    p = whole.points
    assert (sig7(p["cl"].iloc[0]), sig7(p["lcl"].iloc[0])) == (0.1416238, -3.01138)
    assert p["point_type"].eq("common_cause").all()  # common_cause 20, improvement 0
    # facet = rep(c(0, 1), each = 10): each facet is its own chart
    for half, (mean, lpl, upl) in (
        (RNORM_123[:10], (0.0746, -2.60, 2.75)),
        (RNORM_123[10:], (0.209, -3.28, 3.70)),
    ):
        q = mdc(half, direction="increase")
        row = q.points.iloc[0]
        assert (sig7(row.cl, 3), sig7(row.lcl, 3), sig7(row.ucl, 3)) == (mean, lpl, upl)
        assert q.points["point_type"].eq("common_cause").all()  # common_cause 10
        assert bool(q.parts["trial_limits"].iloc[0])  # 10 points: short group


# --- tests/testthat/test-ptd_spc_standard.R ---


def test_two_in_three_needs_the_same_side_of_the_mean() -> None:
    """R test "it only reports special cause for 2of3 points close to limits when they are on
    the same side of the mean"."""
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    r = mdc(y, direction="increase")
    assert r.points["point_type"].tolist()[-2:] == ["common_cause", "common_cause"]


def test_fix_after_n_points_changes_the_limits() -> None:
    """R test "setting fix_after_n_points changes the calculations" (fix = 12)."""
    free = mdc(RNORM_123).points.iloc[0]
    fixed = mdc(RNORM_123, freeze=12).points.iloc[0]
    assert fixed.lcl != free.lcl and fixed.ucl != free.ucl
    # and the fixed limits are those of the first 12 points alone
    first12 = mdc(RNORM_123[:12]).points.iloc[0]
    assert (fixed.cl, fixed.lcl, fixed.ucl) == (first12.cl, first12.lcl, first12.ucl)


# --- tests/testthat/test-ptd_calculate_point_type.R ---


def flags(y: list[float]) -> dict[str, list[int]]:
    """point_types() around a mean of 0 with limits far away: only runs rules can fire."""
    f = point_types(np.asarray(y, dtype=float), 0.0, -1e9, 1e9, -1e8, 1e8)
    return {k: np.asarray(v).astype(int).tolist() for k, v in f.items()}


def test_seven_point_one_side_mean() -> None:
    """R test "ptd_seven_point_one_side_mean works as expected" (end markers) with
    "ptd_part_of_seven_trend" applied: the run's 7+ points are flagged."""
    assert flags([1] * 6)["shift"] == [0] * 6
    assert flags([1] * 6 + [-1])["shift"] == [0] * 7
    # ends at positions 7 and 8 (1-based) -> points 1..8 are part of the run
    assert flags([1] * 8 + [-1])["shift"] == [1] * 8 + [0]
    assert flags([-1] * 8 + [1])["shift"] == [1] * 8 + [0]


def test_seven_point_trend() -> None:
    """R test "ptd_seven_point_trend works as expected"; part-of flags from the end markers."""
    assert flags([1, 2, 3, 4, 5, 6])["trend"] == [0] * 6
    assert flags([1, 2, 3, 3, 4, 5, 6])["trend"] == [0] * 7  # c(1:3, 3:6): a tie breaks it
    assert flags(list(range(1, 8)))["trend"] == [1] * 7
    assert flags([2, *range(1, 8), 3])["trend"] == [0] + [1] * 7 + [0]
    assert flags(list(range(7, 0, -1)))["trend"] == [1] * 7
    assert flags([2, *range(7, 0, -1), 3])["trend"] == [0] + [1] * 7 + [0]


def two_in_three(close: list[int], rtm: list[int]) -> list[int]:
    """Drive point_types() so that ``close`` and ``rtm`` are exactly as given."""
    y = np.array([(5.0 if c else 0.5) * (s if s else 1) for c, s in zip(close, rtm, strict=True)])
    y[np.asarray(rtm) == 0] = 0.0
    f = point_types(y, 0.0, -10.0, 10.0, -4.0, 4.0)
    return f["two_of_three"].astype(int).tolist()


@pytest.mark.parametrize(
    ("close", "rtm", "want"),
    [
        # "ptd_part_of_two_in_three works as expected"
        ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
        ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
        # "ptd_two_in_three works as expected when points are on opposite sides"
        ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
        ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
        ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    ],
)
def test_two_in_three(close: list[int], rtm: list[int], want: list[int]) -> None:
    assert two_in_three(close, rtm) == want


# --- tests/testthat/test-ptd_calculate_assurance_type.R ---

LIMITS = [(1.0, 3.0), (5.0, 7.0), (1.0, 5.0)]  # (lpl, upl) of facets a, b, c; target 4


@pytest.mark.parametrize(
    ("direction", "want"),
    [
        ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
        ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
        ("neutral", [None, None, None]),
    ],
)
def test_assurance_type(direction: str, want: list[str | None]) -> None:
    got = [assurance(4.0, lpl, upl, direction) for lpl, upl in LIMITS]
    assert got == want
    assert assurance(None, 1.0, 3.0, "increase") is None  # no target: NA


def test_assurance_uses_the_last_rebase_group_only() -> None:
    """R test "it returns correct values for assurance when rebase": the last row decides; the
    summary shows assurance on the latest rebase group only."""
    y = [2.0, 2.5] * 7 + [6.0, 6.5] * 7  # group 1 limits ~[0.9, 3.6], group 2 ~[4.9, 7.6]
    r = mdc(y, part=14, direction="decrease", target=4.0)
    got = r.parts["assurance"].tolist()
    assert pd.isna(got[0]) and got[1] == "consistent_fail"  # target below the LPL
    r2 = mdc(y, part=14, direction="increase", target=4.0)
    assert r2.parts["assurance"].tolist()[1] == "consistent_pass"


# --- tests/testthat/test-ptd_add_short_group_warnings.R ---


@pytest.mark.parametrize(("size", "short"), [(11, True), (12, True), (13, False), (20, False)])
def test_short_group_warning(size: int, short: bool) -> None:
    """n() < warning_threshold, with the 0.2.x default threshold of 13
    (R/ptd_add_short_group_warnings.R); the R test passes 12 explicitly."""
    y = (RNORM_123 * 2)[:size]
    r = mdc(y)
    assert bool(r.parts["trial_limits"].iloc[0]) is short
    assert any("trial limits" in w for w in r.warnings) is short


def test_short_group_warning_per_rebase_group() -> None:
    """R test "it handles facets and rebase groups - warning on one facet": 35, 5 points."""
    y = (RNORM_123 * 2)[:40]
    r = mdc(y, part=35)
    assert r.parts["trial_limits"].tolist() == [False, True]
