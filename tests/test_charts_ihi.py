"""IHI run-chart rules: shift/trend edges, and the provenance of the runs table."""

from __future__ import annotations

from math import comb

from qiteach.charts import compute_chart
from qiteach.charts.rules.ihi import (
    CORROBORATED,
    REVISED,
    RUNS_TABLE,
    false_signal_risk,
    swed_eisenhart_limits,
)


def spans(r, rule: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in r.signal_spans if s.rule == rule]


def test_swed_eisenhart_by_hand_for_ten_points() -> None:
    # 5 above, 5 below: P(2 runs) = 2/252, P(3 runs) = 8/252 -> P(R <= 2) < 2.5% < P(R <= 3)
    total = comb(10, 5)
    assert (2 / total < 0.025) and (10 / total > 0.025)
    assert swed_eisenhart_limits(10) == (3, 9) == RUNS_TABLE[10]


def test_unconfirmed_rows_warn_and_corroborated_rows_do_not() -> None:
    assert {10, 20, 30} <= CORROBORATED
    assert not (set(REVISED) & CORROBORATED)
    # 34 useful points: an unconfirmed row -> the verdict is flagged as provisional
    r34 = compute_chart(y=[1, 9] * 17, rules="ihi")
    assert int(r34.parts["n_useful"].iloc[0]) == 34
    assert any("not confirmed" in w and "34 useful" in w for w in r34.warnings)
    r20 = compute_chart(y=[1, 9] * 10, rules="ihi")
    assert not any("not confirmed" in w for w in r20.warnings)


def test_false_signal_risk_by_hand_for_ten_points() -> None:
    # 5 above, 5 below, limits 3 to 9 runs: only R = 2 (2 ways) or R = 10 (2 ways) of C(10, 5)
    assert false_signal_risk(10, 3, 9) == 4 / comb(10, 5)
    assert false_signal_risk(10, 2, 10) == 0.0


def test_revised_rows_follow_the_tables_own_step_and_risk() -> None:
    # From 46 on, the lower limit steps up at odd n and the upper limit at even n
    for n in range(47, 61):
        (lo, up), (plo, pup) = RUNS_TABLE[n], RUNS_TABLE[n - 1]
        assert (lo - plo, up - pup) == ((1, 0) if n % 2 else (0, 1)), n
    # with an even split the limits can only widen as points are added
    widths = [RUNS_TABLE[n][1] - RUNS_TABLE[n][0] for n in range(10, 61, 2)]
    assert widths == sorted(widths)
    # the first transcription's rows 52-60 doubled the false-signal risk of rows 46-51
    neighbours = max(false_signal_risk(n, *RUNS_TABLE[n]) for n in range(46, 52))
    for n in (52, 54, 56, 58, 60):
        assert false_signal_risk(n, *RUNS_TABLE[n]) < 0.075 < neighbours * 1.5
        assert false_signal_risk(n, *REVISED[n]) > 0.09


def runs_series(low: list[int], high: list[int]) -> list[int]:
    """Runs of 1s (lengths ``low``) alternating with runs of 9s (lengths ``high``)."""
    y: list[int] = []
    for i in range(max(len(low), len(high))):
        y += [1] * (low[i] if i < len(low) else 0) + [9] * (high[i] if i < len(high) else 0)
    return y


def test_fifty_two_points_use_the_revised_row() -> None:
    # 26 points above and 26 below the median of 5, as 20, 19, 33 and 34 runs; the first
    # transcription's row (21, 32) would have called 20 runs too few and 33 too many
    ten = [3, 3, 3, 3, 3, 3, 2, 2, 2, 2]
    twenty = runs_series(ten, ten)
    nineteen = runs_series(ten, [3, 3, 3, 3, 3, 3, 3, 3, 2])
    seventeen = [1] * 8 + [2] * 9
    many = runs_series(seventeen, seventeen)
    upper = runs_series(seventeen, [1] * 6 + [2] * 10)
    for y, runs, few, too_many in ((twenty, 20, False, False), (nineteen, 19, True, False),
                                   (upper, 33, False, False), (many, 34, False, True)):  # fmt: skip
        assert len(y) == 52 and y.count(1) == 26
        r = compute_chart(y=y, rules="ihi")
        assert int(r.parts["n_crossings"].iloc[0]) + 1 == runs
        assert bool(spans(r, "too_few_runs")) is few
        assert bool(spans(r, "too_many_runs")) is too_many


def test_shift_needs_six_useful_points_and_the_median_is_skipped() -> None:
    # 8 above and 8 below a median of 5 in both series (hand-counted)
    five = compute_chart(y=[1, 9, 1, 1, 1, 8, 8, 8, 5, 8, 8, 1, 1, 1, 9, 9, 1], rules="ihi")
    assert float(five.points["cl"].iloc[0]) == 5.0
    assert spans(five, "shift") == []  # 8, 8, 8, (5), 8, 8: five useful points
    six = compute_chart(y=[1, 9, 1, 1, 1, 8, 8, 8, 5, 8, 8, 8, 1, 1, 1, 9, 1], rules="ihi")
    assert float(six.points["cl"].iloc[0]) == 5.0
    assert spans(six, "shift") == [(5, 11)]  # six useful points; the 5 neither breaks nor adds
    assert "shift" not in six.points["signals"].iloc[8]  # on the median: not flagged


def test_trend_of_five_with_ties_counted_once() -> None:
    assert spans(compute_chart(y=[5, 1, 2, 3, 4, 1, 5, 1, 5, 1], rules="ihi"), "trend") == []
    r = compute_chart(y=[5, 1, 2, 2, 3, 4, 5, 1, 5, 1], rules="ihi")
    assert spans(r, "trend") == [(1, 6)]  # 1, 2, (2), 3, 4, 5: five distinct points
    down = compute_chart(y=[1, 9, 8, 8, 7, 6, 5, 9, 1, 9], rules="ihi")
    assert [s.direction for s in down.signal_spans if s.rule == "trend"] == ["down"]
