"""Anhøj rules / qicharts2 0.8.1 edge cases, each hand-checked against qicharts2's code
(``runs.analysis()``, ``qic.i()``, ``qic.g()``, ``qic.t()``, ``qic.xbar()`` in
R/helper.functions.R and the freeze/part/exclude handling in R/qic.R)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qiteach.charts import compute_chart


def part(r, k: int = 0):
    return r.parts.iloc[k]


def test_all_values_equal_no_useful_points() -> None:
    """runs <- runs[runs != 0]: every point is on the median, n.useful 0, NA, no signal."""
    r = compute_chart(y=[3] * 12)
    p = part(r)
    assert (p.n_obs, p.n_useful) == (12, 0)
    assert math.isnan(p.longest_run) and math.isnan(p.n_crossings_min)
    assert not p.runs_signal and not r.points["runs_signal"].any()


def test_ties_on_the_median_neither_break_nor_add() -> None:
    # median 5; the two 5s are skipped, so 1 1 (5) 1 | 9 9 (5) 9 9 ... runs of useful points
    r = compute_chart(y=[1, 1, 5, 1, 9, 9, 5, 9, 9, 1, 5, 9])
    p = part(r)
    assert float(r.points["cl"].iloc[0]) == 5.0
    assert (p.n_useful, p.longest_run, p.n_crossings) == (9, 4, 3)
    assert p.longest_run_max == round(math.log2(9)) + 3 == 6


def test_fewer_than_ten_points_still_analysed_with_a_warning() -> None:
    """qicharts2 computes the runs analysis at any n; qiteach adds a warning."""
    r = compute_chart(y=[1, 2, 3, 4, 5, 6])
    p = part(r)
    assert (p.n_useful, p.longest_run, p.longest_run_max) == (6, 3, 6)
    assert (p.n_crossings, p.n_crossings_min) == (1, 1)  # qbinom(0.05, 5, 0.5) = 1
    assert not p.runs_signal
    assert any("at least 10" in w for w in r.warnings)


def test_one_useful_point() -> None:
    """n.useful 1: longest 1, max round(log2(1)) + 3 = 3, crossings 0, qbinom(.05, 0, .5) = 0."""
    p = part(compute_chart(y=[1, 2, 2]))
    assert (p.n_useful, p.longest_run, p.longest_run_max, p.n_crossings) == (1, 1, 3, 0)
    assert p.n_crossings_min == 0 and not p.runs_signal


def test_missing_values_at_the_ends_count_in_n_obs_only() -> None:
    y = [np.nan, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9, np.nan]
    p = part(compute_chart(y=y))
    assert (p.n_obs, p.n_useful, p.n_crossings) == (12, 10, 9)


def test_exclude_inside_a_frozen_baseline() -> None:
    """base <- baseline & include; MRs of the base points with the excluded one removed."""
    y = [4, 6, 100, 5, 7, 5, 6, 4, 6, 5, 50, 50]
    r = compute_chart(y=y, chart="i", freeze=10, exclude=[3], screen_mr=False)
    base = [4, 6, 5, 7, 5, 6, 4, 6, 5]
    cl = sum(base) / 9
    amr = 13 / 8  # |6-4| + |5-6| + |7-5| + |5-7| + |6-5| + |4-6| + |6-4| + |5-6|, 8 ranges
    pts = r.points
    assert pts["cl"].iloc[0] == pytest.approx(cl, rel=1e-12)
    assert pts["ucl"].iloc[0] == pytest.approx(cl + 3 * amr / 1.128, rel=1e-12)
    assert pts["baseline"].tolist() == [True] * 10 + [False] * 2
    # the excluded point is still drawn and still outside the limits (sigma.signal on all)
    assert pts["sigma_signal"].tolist() == [False, False, True] + [False] * 7 + [True, True]
    assert int(part(r).n_obs) == 11 and int(part(r).n_useful) == 11


def test_part_overrides_freeze() -> None:
    """qic(): freeze <- Inf when break.points (part) is given."""
    y = [1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15]
    both = compute_chart(y=y, chart="i", part=6, freeze=3)
    alone = compute_chart(y=y, chart="i", part=6)
    assert both.points["cl"].tolist() == alone.points["cl"].tolist() == [3.5] * 6 + [12.5] * 6
    assert both.points["baseline"].all()


def test_multiply_scales_lines_not_the_runs_analysis() -> None:
    y, n = [3, 5, 4, 6, 2, 5, 4, 3, 6, 5, 4, 3], [50] * 12
    one = compute_chart(y=y, n=n, chart="p")
    pct = compute_chart(y=y, n=n, chart="p", multiply=100)
    for col in ("y", "cl", "ucl", "lcl"):
        assert pct.points[col].to_numpy() == pytest.approx(one.points[col].to_numpy() * 100)
    assert pct.parts.drop(columns="longest_run_max").equals(
        one.parts.drop(columns="longest_run_max")
    )
    assert float(one.points["cl"].iloc[0]) == sum(y) / 600


def test_g_chart_runs_analysis_uses_the_median() -> None:
    y = [1, 2, 3, 30, 4, 5, 6, 40, 7, 8]
    r = compute_chart(y=y, chart="g")
    assert float(r.points["cl"].iloc[0]) == 5.5  # median, not the mean 10.6
    assert (int(part(r).n_useful), int(part(r).longest_run)) == (10, 4)  # 6, 40, 7, 8


def test_t_chart_lower_limit_zero_when_undefined() -> None:
    y = [1.0, 30.0, 2.0, 40.0, 3.0, 35.0, 1.5, 50.0, 2.5, 45.0]
    r = compute_chart(y=y, chart="t", screen_mr=False)
    ty = np.asarray(y) ** (1 / 3.6)
    cl = ty.mean()
    lcl_t = cl - 3 * np.abs(np.diff(ty)).mean() / 1.128
    assert lcl_t < 0  # negative on the transformed scale -> NaN ^ 3.6 in R -> 0
    assert r.points["lcl"].iloc[0] == 0.0
    assert r.points["cl"].iloc[0] == pytest.approx(cl**3.6, rel=1e-12)


def test_xbar_single_observation_subgroups_have_no_limits() -> None:
    """a3(1) is NA: subgroups of size 1 get no limits and no sigma signal."""
    x = [1, 1, 1, 2, 3, 3, 3, 4, 4, 4]
    y = [5, 6, 7, 40, 5, 6, 8, 4, 6, 5]
    r = compute_chart(x=x, y=y, chart="xbar")
    pts = r.points
    assert math.isnan(pts["ucl"].iloc[1]) and not pts["sigma_signal"].iloc[1]
    assert not math.isnan(pts["ucl"].iloc[0])
    # grand mean weighted by size; pooled SD with n - 1 weights (the size-1 group adds 0)
    assert pts["cl"].iloc[0] == pytest.approx(sum(y) / 10)
