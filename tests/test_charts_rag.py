"""RAG ratings and two-point comparisons beside the control chart (qiteach.charts.rag)."""

from __future__ import annotations

import pytest

import qiteach
from qiteach.charts import compute_chart
from qiteach.charts.rag import AMBER_MARGIN, rag_vs_spc
from qiteach.exceptions import ChartInputError


def test_ratings_changes_and_flips_by_hand() -> None:
    # target 6 (lower is better); amber: within 5 % of 6 = 0.3 above it
    y = [5.0, 7.0, 5.5, 6.5, 5.0, 6.2, 5.8, 6.6, 5.1, 6.0]
    cmp = rag_vs_spc(compute_chart(y=y, chart="i", direction="decrease", target=6.0))
    assert AMBER_MARGIN == 0.05
    assert cmp.table["rag"].tolist() == [
        "green", "red", "green", "red", "green", "amber", "green", "red", "green", "green",
    ]  # fmt: skip
    # +2 worse, -1.5 better, +1 worse, -1.5 better, +1.2 worse, -0.4 better, +0.8 worse,
    # -1.5 better, +0.9 worse: 9 moves, each the opposite of the one before
    assert cmp.table["change"].tolist()[:4] == ["", "worse", "better", "worse"]
    assert (cmp.colour_changes, cmp.direction_flips, cmp.special_points) == (8, 8, 0)


def test_increase_direction_and_a_special_cause_point() -> None:
    y = [80.0, 82, 79, 81, 80, 83, 79, 81, 80, 82, 95, 81]  # 95: above the UCL (90.7)
    cmp = rag_vs_spc(compute_chart(y=y, chart="i", direction="increase", target=81.0))
    assert cmp.table["rag"].tolist()[:3] == ["amber", "green", "amber"]  # 80 is within 4.05
    assert cmp.table.loc[10, "spc"] == "special cause"
    assert cmp.special_points == 1
    assert "special cause at 1 of the 12 points" in cmp.sentences()[1]


def test_shipped_dna_weeks_are_noise_that_rag_colours() -> None:
    dna = qiteach.load_dataset("dna-weekly").tail(26)
    chart = compute_chart(dna, x="week", y="dnas", n="booked", chart="p", multiply=100,
                          direction="decrease", target=6)  # fmt: skip
    cmp = rag_vs_spc(chart)
    assert cmp.special_points == 0
    assert cmp.colour_changes >= 5  # the lesson holds on the shipped data
    expected = ["green" if v <= 6 else "amber" if v <= 6.3 else "red" for v in cmp.table["value"]]
    assert cmp.table["rag"].tolist() == expected
    assert cmp.sentences()[1].startswith("The control chart shows no special cause in these 26")


def test_last_keeps_the_latest_periods_and_no_target_is_one_line() -> None:
    chart = compute_chart(y=[1.0, 2, 3, 4, 5], chart="run", direction="increase", target=3)
    assert rag_vs_spc(chart, last=2).table["value"].tolist() == [4.0, 5.0]
    with pytest.raises(ChartInputError, match="no target") as err:
        rag_vs_spc(compute_chart(y=[1.0, 2, 3], chart="run"))
    assert "\n" not in str(err.value)
    with pytest.raises(ChartInputError, match="no direction"):
        rag_vs_spc(compute_chart(y=[1.0, 2, 3], chart="run", target=2))
