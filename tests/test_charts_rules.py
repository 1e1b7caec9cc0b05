"""Hand-checked cases for every rule set and the edge cases of the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qiteach.charts import compute_chart
from qiteach.charts.rules.hcdg import two_of_three
from qiteach.charts.rules.ihi import RUNS_TABLE
from qiteach.charts.runs import n_crossings_min
from qiteach.exceptions import ChartInputError


def spans(result, rule):
    return [(s.start, s.end, s.direction) for s in result.signal_spans if s.rule == rule]


# --- Anhøj ------------------------------------------------------------------------------


def test_anhoej_long_runs_flag_every_point_and_explain() -> None:
    y = [1, 2] * 5 + [9, 8] * 5  # median 5: 10 below then 10 above
    r = compute_chart(y=y)
    part = r.parts.iloc[0]
    assert (part.n_useful, part.longest_run, part.longest_run_max) == (20, 10, 7)
    assert spans(r, "long_run") == [(0, 9, "down"), (10, 19, "up")]
    assert all(s == ("long_run",) for s in r.points["signals"])
    assert r.signal_spans[0].text == (
        "A run of 10 points below the median from point 1 to point 10 "
        "(the longest run allowed for 20 useful points is 7)."
    )
    assert bool(r.points["runs_signal"].all())


def test_anhoej_few_crossings_is_a_part_level_span() -> None:
    r = compute_chart(y=list(range(1, 13)))
    part = r.parts.iloc[0]
    # 6 below and 6 above the median 6.5: 1 crossing, qbinom(0.05, 11, 0.5) = 3
    assert (part.n_crossings, part.n_crossings_min, part.longest_run_max) == (1, 3, 7)
    assert spans(r, "few_crossings") == [(0, 11, None)]
    assert spans(r, "long_run") == []
    assert r.points["signals"].map(len).sum() == 0
    assert bool(part.runs_signal)


def test_points_on_the_median_are_not_useful() -> None:
    r = compute_chart(y=[1, 2, 3, 3, 3, 4, 5])
    part = r.parts.iloc[0]
    assert (part.n_obs, part.n_useful, part.longest_run, part.n_crossings) == (7, 4, 2, 1)


def test_qbinom_boundaries() -> None:
    # R: qbinom(0.05, n, 0.5) for n = 0..12
    want = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3]
    assert [n_crossings_min(n + 1) for n in range(13)] == want


def test_missing_values_are_gaps_not_zeros() -> None:
    r = compute_chart(y=[1, np.nan, 3, 4], x=[1, 2, 3, 4], chart="i")
    assert np.isnan(r.points["y"].iloc[1])
    assert r.points["cl"].iloc[0] == pytest.approx(8 / 3)
    assert r.parts.iloc[0].n_obs == 4  # missing points still count as observed (qicharts2)
    assert r.to_dict()["points"][1]["y"] is None


def test_all_values_equal_zero_moving_range() -> None:
    r = compute_chart(y=[5.0] * 12, chart="i")
    # qicharts2 screens out every zero moving range, leaving the limits undefined
    assert r.points["cl"].eq(5).all() and r.points["ucl"].isna().all()
    assert not r.points["sigma_signal"].any() and r.parts.iloc[0].n_useful == 0
    r2 = compute_chart(y=[5.0] * 12, chart="i", screen_mr=False)
    assert r2.points["ucl"].eq(5).all() and r2.points["lcl"].eq(5).all()


def test_single_point_and_fewer_than_ten_points_warn() -> None:
    r = compute_chart(y=[7], chart="i")
    assert r.points["cl"].iloc[0] == 7 and np.isnan(r.points["ucl"].iloc[0])
    assert any("run-chart rules need at least 10" in w for w in r.warnings)
    assert any("trial limits" in w for w in r.warnings)


def test_zero_denominator_is_a_clear_error() -> None:
    data = pd.DataFrame({"y": [1, 2], "n": [10, 0]})
    with pytest.raises(ChartInputError, match=r"2 ?:|row|denominator") as err:
        compute_chart(data, y="y", n="n", chart="p", source="d.csv")
    assert str(err.value).startswith("d.csv:3:n: denominator 0 is not positive")


def test_numerator_above_denominator_for_p() -> None:
    data = pd.DataFrame({"y": [1, 20], "n": [10, 10]})
    with pytest.raises(ChartInputError, match=r"d\.csv:3:y: numerator 20"):
        compute_chart(data, y="y", n="n", chart="p", source="d.csv")


def test_repeated_x_is_one_subgroup_and_multiply() -> None:
    data = pd.DataFrame({"x": [2, 1, 1, 2], "y": [1, 2, 3, 4], "n": [10, 10, 10, 10]})
    r = compute_chart(data, x="x", y="y", n="n", chart="p", multiply=100)
    assert r.points["x"].tolist() == [1, 2]
    assert r.points["y"].tolist() == pytest.approx([25.0, 25.0])
    assert r.points["n"].tolist() == [20, 20]


def test_part_gives_each_part_its_own_centre_line() -> None:
    r = compute_chart(y=[1, 2, 3, 10, 11, 12], part=3, chart="run")
    assert r.points["part"].tolist() == [1, 1, 1, 2, 2, 2]
    assert r.points["cl"].tolist() == [2, 2, 2, 11, 11, 11]


# --- IHI --------------------------------------------------------------------------------


def test_ihi_shift_skips_points_on_the_median() -> None:
    y = [1, 1, 1, 5, 1, 1, 1, 9, 9, 9, 9, 9, 9, 5]  # median 5
    r = compute_chart(y=y, rules="ihi")
    assert spans(r, "shift") == [(0, 6, "down"), (7, 12, "up")]
    assert r.points["signals"].iloc[3] == ()  # on the median: neither breaks nor adds
    assert r.signal_spans[0].text.startswith("A shift of 6 points below the median")


def test_ihi_trend_counts_ties_once() -> None:
    y = [1, 2, 2, 3, 4, 5, 3, 4, 3, 4, 3, 4]
    r = compute_chart(y=y, rules="ihi")
    assert spans(r, "trend") == [(0, 5, "up")]
    four = compute_chart(y=[1, 2, 2, 3, 4, 2, 3, 2, 3, 2, 3, 2], rules="ihi")
    assert spans(four, "trend") == []  # 1, 2, 3, 4 is only 4 distinct points


def test_ihi_runs_table() -> None:
    few = compute_chart(y=[1] * 10 + [9] * 10, rules="ihi")
    assert spans(few, "too_few_runs") == [(0, 19, None)]
    many = compute_chart(y=[1, 9] * 10, rules="ihi")
    assert spans(many, "too_many_runs") == [(0, 19, None)]  # 20 runs > 16
    short = compute_chart(y=[1, 9] * 4, rules="ihi")
    assert any("covers 10 to 60" in w for w in short.warnings)
    assert set(RUNS_TABLE) == set(range(10, 61))


# --- HCDG -------------------------------------------------------------------------------


def test_hcdg_two_of_three_and_fifteen_inner() -> None:
    y = [10, 12] * 10 + [15, 11, 15]  # baseline sigma = 2/1.128; 2-sigma line 14.55
    r = compute_chart(y=y, chart="i", rules="hcdg", freeze=20)
    sig = r.points["signals"]
    assert sig.iloc[20] == ("two_of_three",) and sig.iloc[22] == ("two_of_three",)
    assert sig.iloc[21] == ("fifteen_inner",) or "two_of_three" not in sig.iloc[21]
    assert spans(r, "two_of_three") == [(20, 22, "up")]
    assert spans(r, "fifteen_inner")[0][:2] == (0, 19)


def test_hcdg_shift_and_trend() -> None:
    y = [5, 3, 5, 3, 5, 3] + [6, 7, 8, 9, 10, 11] + [6] * 4
    r = compute_chart(y=y, chart="i", rules="hcdg", screen_mr=False)
    assert spans(r, "trend_6") == [(5, 11, "up")]  # 3, 6, 7, 8, 9, 10, 11
    shift = compute_chart(y=[1, 9] * 4 + [9] * 8 + [1] * 4, chart="i", rules="hcdg")
    assert spans(shift, "shift_8") == [(7, 15, "up")]  # mean 5.8: 9 points above


def test_two_of_three_window() -> None:
    flagged, _ = two_of_three(np.array([1, 0, 1, 0, 0, -1, -1, 1]))
    assert flagged.astype(int).tolist() == [1, 0, 1, 0, 0, 1, 1, 0]


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"chart": "zz"}, "unknown chart type 'zz'"),
        ({"rules": "nelson"}, "unknown rule set"),
        ({"chart": "p"}, "needs a denominator"),
        ({"chart": "run", "rules": "mdc"}, "mdc rules are for XmR"),
        ({"direction": "up"}, "unknown improvement direction"),
    ],
)
def test_bad_options(kwargs: dict, match: str) -> None:
    with pytest.raises(ChartInputError, match=match):
        compute_chart(y=[1, 2, 3], **kwargs)


def test_missing_column_names_file_and_column() -> None:
    with pytest.raises(ChartInputError, match=r"no column 'cost'"):
        compute_chart(pd.DataFrame({"y": [1]}), y="cost", source="d.csv")


# --- chart types without stored qicharts2 output: worked by hand --------------------------


def test_g_chart_median_centre_limits_from_mean() -> None:
    y = [1.0, 2, 3, 10, 14]  # mean 6, median 3
    r = compute_chart(y=y, chart="g")
    assert r.points["cl"].iloc[0] == 3
    assert r.points["ucl"].iloc[0] == pytest.approx(6 + 3 * np.sqrt(6 * 7))
    assert r.points["lcl"].iloc[0] == 0


def test_laney_p_prime_by_hand() -> None:
    num = np.array([30.0, 45, 38, 50, 41, 36])
    den = np.array([100.0, 120, 110, 130, 115, 105])
    r = compute_chart(y=num, n=den, chart="pp", screen_mr=False)
    pbar = num.sum() / den.sum()
    sd = np.sqrt(pbar * (1 - pbar) / den)
    z = (num / den - pbar) / sd
    sigma_z = np.mean(np.abs(np.diff(z))) / 1.128
    assert r.points["ucl"].to_numpy() == pytest.approx(pbar + 3 * sd * sigma_z, rel=1e-12)
    assert r.points["lcl"].to_numpy() == pytest.approx(pbar - 3 * sd * sigma_z, rel=1e-12)


def test_counted_trend_runs_matches_the_plateau_by_plateau_reading() -> None:
    """Trends from the nonzero steps equal trends read off each plateau's first point."""
    import numpy as np

    from qiteach.charts.runs import counted_trend_runs, runs

    rng = np.random.default_rng(11)
    for size in (0, 1, 2, 3, 10, 3000):
        values = rng.integers(0, 6, size).astype(float)  # many ties
        values[values == 0] = -0.0
        first, last, d, count = counted_trend_runs(values)
        keep = np.r_[True, np.diff(values) != 0] if size else np.zeros(0, dtype=bool)
        pos = np.flatnonzero(keep)
        if pos.size < 2:
            assert first.size == last.size == d.size == count.size == 0
            continue
        starts, lengths, vals = runs(np.sign(np.diff(values[pos])).astype(int))
        assert first.tolist() == pos[starts].tolist()
        assert last.tolist() == pos[starts + lengths].tolist()
        assert d.tolist() == vals.tolist()
        steps = np.r_[0, np.cumsum(np.diff(values) != 0)]
        assert count.tolist() == (steps[last] - steps[first] + 1).tolist()
