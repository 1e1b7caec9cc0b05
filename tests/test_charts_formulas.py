"""Each chart type's centre line and limits worked by hand (qi-methods.md §6, qicharts2 0.8.1).

The stored qicharts2 results (test_charts_reference.py) cover xbar, s, i, mr, p, c, u
and t on Montgomery's tables; these small cases add the unequal-size constants, the
Laney charts, g, clipping, multiply and the options that interact (freeze, part,
exclude, gaps). Every expected value is worked from the formula in the comments,
never read back from the engine.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qiteach.charts import compute_chart
from qiteach.exceptions import ChartInputError

NAN = float("nan")


def close(got, want) -> None:
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    assert got.shape == want.shape
    assert np.allclose(got, want, rtol=1e-9, atol=1e-12, equal_nan=True), (got, want)


def col(r, name: str) -> np.ndarray:
    return r.points[name].to_numpy(dtype=float)


# --------------------------------------------------------------- chart types


def test_xbar_and_s_unequal_subgroups_and_a_subgroup_of_one() -> None:
    # subgroups A = [2, 4] (n 2, mean 3, s² 2), B = [3, 5, 7] (n 3, mean 5, s² 4), C = [6] (n 1)
    x = [1, 1, 2, 2, 2, 3]
    y = [2, 4, 3, 5, 7, 6]
    # grand mean weighted by size (Montgomery 6.30): (2·3 + 3·5 + 1·6) / 6 = 4.5
    grand = (2 * 3 + 3 * 5 + 1 * 6) / 6
    # sizes differ -> pooled s (6.31): √(((2−1)·2 + (3−1)·4) / ((2−1) + (3−1) + (1−1))) = √(10/3)
    s_bar = math.sqrt(10 / 3)
    # c4(2) = √(2/π) ≈ 0.7979, c4(3) = √π / 2 ≈ 0.8862; A3 = 3 / (c4 √n)
    c4 = {2: math.sqrt(2 / math.pi), 3: math.sqrt(math.pi) / 2}
    a3 = {k: 3 / (c4[k] * math.sqrt(k)) for k in c4}  # A3(2) ≈ 2.659, A3(3) ≈ 1.954
    r = compute_chart(y=y, x=x, chart="xbar")
    close(col(r, "y"), [3, 5, 6])  # the plotted value is the subgroup mean
    close(col(r, "cl"), [grand] * 3)
    # a subgroup of one has no A3 (qicharts2: n <= 1 -> NA): no limits, no signal
    close(col(r, "ucl"), [grand + a3[2] * s_bar, grand + a3[3] * s_bar, NAN])
    close(col(r, "lcl"), [grand - a3[2] * s_bar, grand - a3[3] * s_bar, NAN])
    assert not r.points["sigma_signal"].any()

    s = compute_chart(y=y, x=x, chart="s")
    # B4 = 1 + 3·c5/c4 with c5 = √(1 − c4²); B3 = max(0, 1 − 3·c5/c4) = 0 for n 2 and 3
    b4 = {k: 1 + 3 * math.sqrt(1 - c4[k] ** 2) / c4[k] for k in c4}
    close(col(s, "y"), [math.sqrt(2), 2, NAN])
    close(col(s, "cl"), [s_bar] * 3)
    close(col(s, "ucl"), [b4[2] * s_bar, b4[3] * s_bar, NAN])
    close(col(s, "lcl"), [0, 0, NAN])


def test_xbar_equal_sizes_uses_the_mean_of_the_sds() -> None:
    # two subgroups of 3: s = 1 and s = 2; equal sizes -> s̄ = mean(s) = 1.5 (Montgomery 6.29)
    r = compute_chart(y=[1, 2, 3, 4, 6, 8], x=[1, 1, 1, 2, 2, 2], chart="xbar")
    a3 = 3 / (math.sqrt(math.pi) / 2 * math.sqrt(3))
    close(col(r, "cl"), [4, 4])  # means 2 and 6: (3·2 + 3·6) / 6
    close(col(r, "ucl"), [4 + a3 * 1.5] * 2)


def test_i_chart_screens_the_large_moving_range() -> None:
    y = [10, 11, 10, 11, 10, 11, 10, 30]
    # MRs 1,1,1,1,1,1,20: AMR 26/7 ≈ 3.714; 20 ≥ 3.267·3.714 ≈ 12.13 is dropped -> AMR 1
    mean = sum(y) / 8  # 11.625
    r = compute_chart(y=y, chart="i")
    close(col(r, "cl"), [mean] * 8)
    close(col(r, "ucl"), [mean + 3 * 1 / 1.128] * 8)
    off = compute_chart(y=y, chart="i", screen_mr=False)
    close(col(off, "ucl"), [mean + 3 * (26 / 7) / 1.128] * 8)


def test_mr_chart() -> None:
    # MR = |5−8|, |8−6|, |6−6|, |6−10| = 3, 2, 0, 4; the first point has none
    r = compute_chart(y=[5, 8, 6, 6, 10], chart="mr")
    close(col(r, "y"), [NAN, 3, 2, 0, 4])
    close(col(r, "cl"), [9 / 4] * 5)
    close(col(r, "ucl"), [3.267 * 9 / 4] * 5)
    close(col(r, "lcl"), [0] * 5)
    assert r.to_dict()["points"][0]["y"] is None


def test_p_chart_stepped_limits_clipped_to_zero_and_one() -> None:
    y, n = [1, 9, 2, 1], [10, 10, 20, 2]
    p_bar = 13 / 42  # Σy / Σn ≈ 0.3095
    sd = [math.sqrt(p_bar * (1 - p_bar) / k) for k in n]
    # n 10: 0.3095 ± 3·0.1462 -> LCL < 0 clipped to 0; n 2: UCL 0.3095 + 0.981 > 1 -> 1
    r = compute_chart(y=y, n=n, chart="p")
    close(col(r, "y"), [0.1, 0.9, 0.1, 0.5])
    close(col(r, "cl"), [p_bar] * 4)
    close(col(r, "ucl"), [p_bar + 3 * sd[0], p_bar + 3 * sd[1], p_bar + 3 * sd[2], 1.0])
    close(col(r, "lcl"), [0, 0, max(0, p_bar - 3 * sd[2]), 0])
    assert r.points["sigma_signal"].tolist() == [False, True, False, False]  # 0.9 > 0.748
    # multiply scales y, centre line and limits (as qicharts2 does), clipped at 100
    pct = compute_chart(y=y, n=n, chart="p", multiply=100)
    close(col(pct, "ucl"), 100 * col(r, "ucl"))
    assert col(pct, "ucl")[3] == 100


def test_laney_p_prime_by_hand() -> None:
    y, n = [10, 30, 20, 40, 25], [100, 200, 100, 200, 100]
    p_bar = 125 / 700  # ≈ 0.17857
    sd = [math.sqrt(p_bar * (1 - p_bar) / k) for k in n]  # 0.03830 (n 100), 0.02708 (n 200)
    z = [(a / k - p_bar) / s for a, k, s in zip(y, n, sd, strict=True)]
    # z ≈ −2.0515, −1.0550, 0.5595, 0.7913, 1.8650; MRs ≈ 0.9965, 1.6145, 0.2318, 1.0738
    mr = [abs(b - a) for a, b in itertools.pairwise(z)]
    amr = sum(mr) / 4  # ≈ 0.97913; none ≥ 3.267·AMR ≈ 3.199, so screening keeps all
    sigma_z = amr / 1.128  # ≈ 0.86802
    r = compute_chart(y=y, n=n, chart="pp")
    close(col(r, "cl"), [p_bar] * 5)
    close(col(r, "ucl"), [p_bar + 3 * s * sigma_z for s in sd])
    close(col(r, "lcl"), [p_bar - 3 * s * sigma_z for s in sd])


def test_laney_u_prime_by_hand() -> None:
    y, n = [4, 12, 5, 20, 9], [2, 3, 2, 4, 3]
    u_bar = 50 / 14  # ≈ 3.5714
    sd = [math.sqrt(u_bar / k) for k in n]
    z = [(a / k - u_bar) / s for a, k, s in zip(y, n, sd, strict=True)]
    # z ≈ −1.1759, 0.3928, −0.8018, 1.5119, −0.5237; AMR ≈ 1.77814, nothing screened
    amr = sum(abs(b - a) for a, b in itertools.pairwise(z)) / 4
    sigma_z = amr / 1.128
    r = compute_chart(y=y, n=n, chart="up", multiply=10)
    close(col(r, "y"), [10 * a / k for a, k in zip(y, n, strict=True)])
    close(col(r, "cl"), [10 * u_bar] * 5)
    close(col(r, "ucl"), [10 * (u_bar + 3 * s * sigma_z) for s in sd])
    close(col(r, "lcl"), [10 * max(0.0, u_bar - 3 * s * sigma_z) for s in sd])


def test_u_chart_lcl_clipped_at_zero_but_not_ucl() -> None:
    y, n = [3, 5, 8], [2, 4, 4]
    u_bar = 16 / 10
    r = compute_chart(y=y, n=n, chart="u")
    close(col(r, "y"), [1.5, 1.25, 2])
    close(col(r, "ucl"), [u_bar + 3 * math.sqrt(u_bar / k) for k in n])  # 3.283 .. 4.280
    close(col(r, "lcl"), [0, 0, 0])  # 1.6 − 3·√(1.6/4) = −0.297 -> 0


def test_c_chart() -> None:
    # c̄ = 14/5 = 2.8; √2.8 ≈ 1.6733; UCL 2.8 + 5.0200 = 7.8200; LCL 2.8 − 5.02 < 0 -> 0
    r = compute_chart(y=[2, 5, 3, 0, 4], chart="c")
    close(col(r, "cl"), [2.8] * 5)
    close(col(r, "ucl"), [2.8 + 3 * math.sqrt(2.8)] * 5)
    close(col(r, "lcl"), [0] * 5)


def test_c_chart_sums_a_repeated_x() -> None:
    # two rows for x = 1 are one subgroup: 2 + 3 = 5 events
    r = compute_chart(y=[2, 3, 4, 6], x=[1, 1, 2, 3], chart="c")
    close(col(r, "y"), [5, 4, 6])
    close(col(r, "cl"), [5] * 3)


def test_g_chart_median_centre_and_limits_from_the_mean() -> None:
    # mean ḡ = 45/5 = 9, median 7; σ = √(9·10) ≈ 9.4868; UCL 9 + 28.4605 = 37.4605; LCL 0
    r = compute_chart(y=[3, 10, 0, 7, 25], chart="g")
    close(col(r, "cl"), [7] * 5)
    close(col(r, "ucl"), [9 + 3 * math.sqrt(90)] * 5)
    close(col(r, "lcl"), [0] * 5)


def test_t_chart_transform_i_chart_back_transform() -> None:
    y = [2, 5, 10, 3, 8]
    ty = [v ** (1 / 3.6) for v in y]  # ≈ 1.2123, 1.5637, 1.8957, 1.3569, 1.7818
    mean = sum(ty) / 5  # ≈ 1.56209
    amr = sum(abs(b - a) for a, b in itertools.pairwise(ty)) / 4  # ≈ 0.41181, kept
    sd = amr / 1.128
    r = compute_chart(y=y, chart="t")
    close(col(r, "y"), y)
    close(col(r, "cl"), [mean**3.6] * 5)  # ≈ 4.9812
    close(col(r, "ucl"), [(mean + 3 * sd) ** 3.6] * 5)  # ≈ 33.73
    close(col(r, "lcl"), [(mean - 3 * sd) ** 3.6] * 5)  # 0.4669 ** 3.6 ≈ 0.0644
    # a lower limit below 0 on the transformed scale is 0 (qicharts2)
    wide = compute_chart(y=[1, 40, 1, 40, 1, 40], chart="t", screen_mr=False)
    close(col(wide, "lcl"), [0] * 6)


def test_t_chart_zero_time_names_file_and_row() -> None:
    with pytest.raises(ChartInputError) as err:
        compute_chart(y=[3, 0, 2], chart="t", source="days.csv")
    msg = str(err.value)
    assert msg.startswith("days.csv:3:y: a t chart needs times between events above 0")
    assert "\n" not in msg


def test_t_chart_zero_inside_a_positive_subgroup_is_accepted_like_qicharts2() -> None:
    # qicharts2 checks the subgroup value: the mean of 0 and 4 is 2
    r = compute_chart(y=[0, 4, 3, 5], x=[1, 1, 2, 3], chart="t")
    close(col(r, "y"), [2, 3, 5])


# --------------------------------------------------------------- options


def test_exclude_inside_a_frozen_baseline() -> None:
    y = [4, 30, 6, 5, 5, 9, 9, 9]
    # freeze 5, exclude 2: the limits come from points 1, 3, 4, 5 = 4, 6, 5, 5: mean 5
    # MRs of 4,6,5,5 (the excluded point is skipped, as qicharts2): 2, 1, 0 -> AMR 1
    r = compute_chart(y=y, chart="i", freeze=5, exclude=[2])
    close(col(r, "cl"), [5] * 8)
    close(col(r, "ucl"), [5 + 3 / 1.128] * 8)
    assert r.points["baseline"].tolist() == [True] * 5 + [False] * 3
    assert r.points["include"].tolist() == [True, False] + [True] * 6
    assert not np.isnan(col(r, "y")[1])  # still drawn


def test_freeze_is_ignored_when_parts_are_given() -> None:
    y = [1, 2, 3, 4, 5, 10, 11, 12]
    r = compute_chart(y=y, chart="i", freeze=2, part=[5])
    close(col(r, "cl"), [3] * 5 + [11] * 3)
    assert r.points["baseline"].all()


def test_exclude_the_only_value_of_a_subgroup() -> None:
    # subgroups 1 = [2, 4], 2 = [50], 3 = [5, 7]; excluding subgroup 2 leaves sizes 2 and 2
    r = compute_chart(y=[2, 4, 50, 5, 7], x=[1, 1, 2, 3, 3], chart="xbar", exclude=[2])
    # grand mean (2·3 + 2·6) / 4 = 4.5; sizes 2, 1, 2 differ -> pooled s = √((2 + 2)/2) = √2
    a3 = 3 / (math.sqrt(2 / math.pi) * math.sqrt(2))
    close(col(r, "cl"), [4.5] * 3)
    close(col(r, "ucl"), [4.5 + a3 * math.sqrt(2), NAN, 4.5 + a3 * math.sqrt(2)])
    close(col(r, "y"), [3, 50, 6])


def test_a_part_with_one_point_has_a_centre_but_no_limits() -> None:
    r = compute_chart(y=[5, 6, 5, 7, 6, 20], chart="i", part=[5])
    close(col(r, "cl")[5:], [20])
    assert np.isnan(col(r, "ucl")[5]) and np.isnan(col(r, "lcl")[5])
    assert r.parts["trial_limits"].tolist() == [True, True]
    assert r.to_dict()["points"][5]["ucl"] is None


def test_missing_values_in_an_xbar_part_are_a_gap_not_a_zero() -> None:
    x = [1, 1, 2, 2, 3, 3, 4, 4]
    y = [2, 4, NAN, NAN, 5, 7, 3, 5]
    r = compute_chart(y=y, x=x, chart="xbar", part=[2])
    assert len(r.points) == 4  # one point per subgroup
    assert np.isnan(col(r, "y")[1]) and r.to_dict()["points"][1]["y"] is None
    close(col(r, "y")[[0, 2, 3]], [3, 6, 4])
    close(col(r, "cl"), [3, 3, 5, 5])  # the gap adds nothing to part 1's mean


def test_trial_limits_count_the_points_that_set_the_limits() -> None:
    y = [5.0, 6, 5, 7, 6, 5, 6, 7, 5, 6] * 3  # 30 points
    assert not compute_chart(y=y, chart="i").parts["trial_limits"].iloc[0]
    # a freeze of 10 points: the limits rest on 10 points, so they are trial limits
    frozen = compute_chart(y=y, chart="i", freeze=10)
    assert frozen.parts["trial_limits"].tolist() == [True]
    assert any("only 10 points set the limits" in w for w in frozen.warnings)
    # 20 points of which 2 excluded and 1 missing: 17 set the limits
    short = [*y[:19], NAN]
    ex = compute_chart(y=short, chart="i", exclude=[3, 4])
    assert ex.parts["trial_limits"].tolist() == [True]
    assert any("only 17 points set the limits" in w for w in ex.warnings)
    assert not compute_chart(y=y, chart="i", freeze=20).parts["trial_limits"].iloc[0]


def test_target_and_direction_reach_the_json() -> None:
    r = compute_chart(y=[5, 6, 7], chart="i", direction="increase", target=6.5)
    d = r.to_dict()
    assert d["direction"] == "increase" and d["target"] == 6.5
    assert compute_chart(y=[5, 6, 7]).to_dict()["target"] is None


@pytest.mark.parametrize(("option", "value"), [("exclude", [0]), ("part", [0]), ("part", -2)])
def test_point_numbers_below_one_are_refused_not_ignored(option: str, value) -> None:
    # exclude=[0] (a 0-based guess for the first point) used to leave every point in
    with pytest.raises(ChartInputError, match=f"{option} -?\\d is below 1"):
        compute_chart(y=[5, 6, 7, 5, 6], chart="i", **{option: value})


def test_laney_screens_the_large_moving_range_of_z() -> None:
    y, n = [10, 11, 10, 11, 10, 40], [100] * 6
    p_bar = 92 / 600  # ≈ 0.15333
    sd = math.sqrt(p_bar * (1 - p_bar) / 100)  # ≈ 0.036031
    z = [(a / 100 - p_bar) / sd for a in y]  # ≈ −1.480, −1.203, …, 6.845
    mr = [abs(b - a) for a, b in itertools.pairwise(z)]  # 0.2775 ×4 and 8.325
    amr = sum(mr) / 5  # ≈ 1.887; 8.325 ≥ 3.267·1.887 ≈ 6.165 is dropped -> AMR 0.2775
    kept = sum(m for m in mr if m < 3.267 * amr) / 4
    assert kept == pytest.approx(0.01 / sd)  # each kept MR is |0.11 − 0.10| / σ
    r = compute_chart(y=y, n=n, chart="pp")
    close(col(r, "ucl"), [p_bar + 3 * sd * kept / 1.128] * 6)
    # limits ≈ 0.1533 ± 0.0266: the 0.10/0.11 points fall below, 0.40 above
    assert r.points["sigma_signal"].all()
    off = compute_chart(y=y, n=n, chart="pp", screen_mr=False)
    close(col(off, "ucl"), [p_bar + 3 * sd * amr / 1.128] * 6)


def test_mdc_freeze_with_parts_marks_each_parts_baseline() -> None:
    # NHSRplotthedots fixes the limits on the first K points of each rebase group, so the
    # points that set them (the baseline column, drawn solid) are the first 4 of each part
    y = [5, 6, 5, 7, 6, 5, 6, 7, 9, 9, 10, 11, 20, 21, 20, 22, 21, 25, 26, 27]
    r = compute_chart(y=y, chart="i", rules="mdc", freeze=4, part=[12])
    close(col(r, "cl"), [23 / 4] * 12 + [83 / 4] * 8)  # means of 5,6,5,7 and 20,21,20,22
    want = [i < 4 for i in range(12)] + [i < 4 for i in range(8)]
    assert r.points["baseline"].tolist() == want
    assert [p["baseline"] for p in r.to_dict()["points"]] == want
