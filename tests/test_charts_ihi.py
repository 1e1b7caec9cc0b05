"""IHI run-chart rules: shift/trend edges, and the provenance of the runs table."""

from __future__ import annotations

from math import comb

from qiteach.charts import compute_chart
from qiteach.charts.rules.ihi import CORROBORATED, DISPUTED, RUNS_TABLE, swed_eisenhart_limits


def spans(r, rule: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in r.signal_spans if s.rule == rule]


def test_swed_eisenhart_by_hand_for_ten_points() -> None:
    # 5 above, 5 below: P(2 runs) = 2/252, P(3 runs) = 8/252 -> P(R <= 2) < 2.5% < P(R <= 3)
    total = comb(10, 5)
    assert (2 / total < 0.025) and (10 / total > 0.025)
    assert swed_eisenhart_limits(10) == (3, 9) == RUNS_TABLE[10]


def test_disputed_rows_are_never_corroborated_and_warn() -> None:
    assert not (DISPUTED & CORROBORATED)
    assert {10, 20, 30} <= CORROBORATED
    # 34 useful points: an unconfirmed row -> the verdict is flagged as provisional
    r34 = compute_chart(y=[1, 9] * 17, rules="ihi")
    assert int(r34.parts["n_useful"].iloc[0]) == 34
    assert any("not confirmed" in w and "34 useful" in w for w in r34.warnings)
    r20 = compute_chart(y=[1, 9] * 10, rules="ihi")
    assert not any("not confirmed" in w for w in r20.warnings)


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
