"""Making Data Count rules: hand-worked cases and a slow, literal port of NHSRplotthedots.

``slow_ptd`` below follows R/ptd_spc_standard.R and R/ptd_calculate_point_type.R
line by line with Python loops (1-based R indexing kept in comments), so the
vectorised engine is checked against an independent reading of the source.
"""

from __future__ import annotations

import numpy as np
import pytest

from qiteach.charts import compute_chart


def slow_ptd(y: list[float], direction: str, screen: bool = True) -> dict:
    n = len(y)
    mean = sum(y) / n
    mr = [abs(y[i] - y[i - 1]) for i in range(1, n)]
    amr = sum(mr) / len(mr)
    if screen:
        mr = [m for m in mr if m < 3.267 * amr]
        amr = sum(mr) / len(mr) if mr else float("nan")
    upl, lpl = mean + 2.66 * amr, mean - 2.66 * amr
    nupl, nlpl = mean + 2 * 2.66 / 3 * amr, mean - 2 * 2.66 / 3 * amr
    outside = [v > upl or v < lpl for v in y]
    rtm = [(v > mean) - (v < mean) for v in y]
    close = [not o and (v < nlpl or v > nupl) for v, o in zip(y, outside, strict=True)]
    # ptd_seven_point_trend + ptd_part_of_seven_trend
    ends = [0] * n
    for i in range(6, n):
        d = [y[i - k] - y[i - k - 1] for k in range(6)]
        ends[i] = 1 if all(v > 0 for v in d) else (-1 if all(v < 0 for v in d) else 0)
    trend = [any(ends[j] != 0 for j in range(i, min(i + 7, n))) for i in range(n)]
    side_end = [
        i >= 6 and rtm[i] != 0 and all(rtm[i - k] == rtm[i] for k in range(7)) for i in range(n)
    ]
    shift = [any(side_end[j] for j in range(i, min(i + 7, n))) for i in range(n)]
    two3 = [False] * n
    for i in range(n):
        for a in (i - 2, i - 1, i):
            w = [j for j in range(a, a + 3) if 0 <= j < n]
            if len(w) == 3 and sum(close[j] for j in w) >= 2 and abs(sum(rtm[j] for j in w)) == 3:
                two3[i] = two3[i] or close[i]
    types = []
    for i in range(n):
        if outside[i]:
            v = 1 if rtm[i] == 1 else -1
        elif trend[i]:
            nxt = i + 1 < n and trend[i + 1]
            step = (y[i + 1] - y[i]) if nxt else (y[i] - y[i - 1] if i else 0)
            v = 1 if step > 0 else -1
        elif two3[i] or shift[i]:
            v = 1 if rtm[i] > 0 else -1
        else:
            v = 0
        if direction == "neutral":
            types.append(
                {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}.get(
                    v, "common_cause"
                )
            )
        else:
            v *= 1 if direction == "increase" else -1
            types.append(
                {1: "special_cause_improvement", -1: "special_cause_concern"}.get(v, "common_cause")
            )
    return {
        "upl": upl,
        "lpl": lpl,
        "mean": mean,
        "outside": outside,
        "trend": trend,
        "two3": two3,
        "shift": shift,
        "types": types,
    }


@pytest.mark.parametrize("seed", range(40))
def test_matches_literal_port_on_random_series(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    y = np.round(rng.normal(50, 5, n) + np.linspace(0, rng.normal(0, 15), n), 0)
    direction = ("increase", "decrease", "neutral")[seed % 3]
    want = slow_ptd(y.tolist(), direction, screen=seed % 4 != 0)
    r = compute_chart(y=y, chart="i", rules="mdc", direction=direction, screen_mr=seed % 4 != 0)
    pts = r.points
    assert pts["ucl"].iloc[0] == pytest.approx(want["upl"], rel=1e-12)
    assert pts["lcl"].iloc[0] == pytest.approx(want["lpl"], rel=1e-12)
    sig = pts["signals"]
    assert [("outside_limits" in s) for s in sig] == want["outside"]
    assert [("trend_7" in s) for s in sig] == want["trend"]
    assert [("two_of_three" in s) for s in sig] == want["two3"]
    assert [("shift_7" in s) for s in sig] == want["shift"]
    assert pts["point_type"].tolist() == want["types"]
    assert r.parts.iloc[0].variation == want["types"][-1]


def test_limits_use_2_66_and_are_not_clipped() -> None:
    y = [1, 3] * 7  # mean 2, every moving range 2
    r = compute_chart(y=y, chart="i", rules="mdc")
    assert r.points["ucl"].iloc[0] == pytest.approx(2 + 2.66 * 2)
    assert r.points["lcl"].iloc[0] == pytest.approx(2 - 2.66 * 2)  # negative: kept
    assert r.points["point_type"].eq("common_cause").all()


def test_trend_of_seven_and_a_tie_breaks_it() -> None:
    base = [10, 12, 10, 12, 10, 12]
    up = compute_chart(
        y=[*base, 1, 2, 3, 4, 5, 6, 7],
        chart="i",
        rules="mdc",
        direction="decrease",
        screen_mr=False,
    )
    assert [("trend_7" in s) for s in up.points["signals"]] == [False] * 6 + [True] * 7
    assert up.points["point_type"].iloc[-1] == "special_cause_concern"
    tie = compute_chart(y=[*base, 1, 2, 3, 3, 4, 5, 6], chart="i", rules="mdc", screen_mr=False)
    assert not any("trend_7" in s for s in tie.points["signals"])


def test_point_on_the_mean_breaks_a_shift() -> None:
    y = [4, 6, 4, 6, 4, 6, 7, 7, 7, 5.5, 7, 7, 7, 4, 4, 4, 4]
    r = compute_chart(y=y, chart="i", rules="mdc", screen_mr=False)
    mean = float(np.mean(y))
    assert mean == pytest.approx(5.5)
    assert not any("shift_7" in s for s in r.points["signals"])
    r2 = compute_chart(y=[*y[:9], 7, *y[10:]], chart="i", rules="mdc", screen_mr=False)
    flagged = [i for i, s in enumerate(r2.points["signals"]) if "shift_7" in s]
    assert flagged == list(range(5, 13))  # the 6 at index 5 is above 5.59 too


def test_assurance_and_variation_icons() -> None:
    y = [50, 52] * 8
    kw = {"chart": "i", "rules": "mdc"}
    assert (
        compute_chart(y=y, direction="increase", target=40, **kw).parts.iloc[0].assurance
        == "consistent_pass"
    )
    assert (
        compute_chart(y=y, direction="increase", target=60, **kw).parts.iloc[0].assurance
        == "consistent_fail"
    )
    assert (
        compute_chart(y=y, direction="decrease", target=40, **kw).parts.iloc[0].assurance
        == "consistent_fail"
    )
    assert (
        compute_chart(y=y, direction="decrease", target=51, **kw).parts.iloc[0].assurance
        == "inconsistent"
    )
    assert compute_chart(y=y, direction="neutral", target=40, **kw).parts.iloc[0].assurance is None
    assert compute_chart(y=y, **kw).parts.iloc[0].variation == "common_cause"


def test_rebase_parts_and_short_group_warning() -> None:
    y = [10, 11] * 6 + [20, 21] * 6
    r = compute_chart(y=y, chart="i", rules="mdc", part=12)
    assert r.points["cl"].tolist() == [10.5] * 12 + [20.5] * 12
    assert r.parts["trial_limits"].tolist() == [True, True]  # 12 points < 13
