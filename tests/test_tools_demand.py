"""Demand and capacity compute (qiteach.tools.demand): hand-checked on small tables."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.demand import (
    DemandDays,
    capacity_after_carve_out,
    cover_capacity,
    days_short,
    queue_over_time,
    true_demand,
)


def _log(**changes: list) -> pd.DataFrame:
    """Four working days worked by hand (see the comments in the tests)."""
    table = {
        "date": ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"],
        "requests": [60, 52, 44, 50],
        "repeats": [0, 6, 2, 0],
        "met_same_day": [50, 50, 44, 50],
        "turned_away": [10, 2, 0, 0],
        "slots": [58, 58, 58, 58],
        "held_back": [8, 8, 10, 8],
    }
    return pd.DataFrame(table | changes)


def test_true_demand_and_carve_out_by_hand() -> None:
    assert true_demand([60, 52, 44], [0, 6, 2]) == [60, 46, 42]
    assert capacity_after_carve_out([58, 58], [8, 10]) == [50, 48]


def test_queue_by_hand() -> None:
    # demand 60 46 42 50 against capacity 50 50 48 50:
    # 60-50=10; 10+46-50=6; 6+42-48=0; 0+50-50=0
    assert queue_over_time([60, 46, 42, 50], [50, 50, 48, 50]) == [10, 6, 0, 0]
    # spare capacity is not banked: a quiet first day does not help the second
    assert queue_over_time([40, 60], 50) == [0, 10]
    assert queue_over_time([], 50) == []
    with pytest.raises(ToolkitError, match="2 days of demand but 3 of capacity"):
        queue_over_time([1, 2], [1, 2, 3])


def test_queue_grows_with_equal_averages_when_demand_varies() -> None:
    # average demand 50 = capacity 50, yet 10 are still waiting at the end: the quiet
    # first day's 10 spare appointments were lost, not saved for the busy days
    demand = [40, 60, 60, 40, 40, 60, 60, 40]
    assert sum(demand) / len(demand) == 50
    assert queue_over_time(demand, 50) == [0, 10, 20, 10, 0, 10, 20, 10]
    assert queue_over_time([50] * 8, 50) == [0] * 8  # no variation, no queue


def test_cover_capacity_and_days_short() -> None:
    # 10 days: 9 must be covered -> the 9th lowest
    assert cover_capacity([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 0.9) == 9
    assert cover_capacity([40, 45, 50, 55, 60], 0.9) == 60  # 4.5 -> all 5 days
    assert cover_capacity([40, 45, 50, 55, 60], 0.8) == 55
    assert days_short([40, 45, 50, 55, 60], 50) == 2
    with pytest.raises(ToolkitError):
        cover_capacity([])
    with pytest.raises(ToolkitError, match="share"):
        cover_capacity([1], 1.5)


def test_demand_days_columns_by_hand() -> None:
    f = DemandDays.from_frame(_log()).frame
    assert f["weekday"].tolist() == ["Monday", "Tuesday", "Wednesday", "Thursday"]
    assert f["true_demand"].tolist() == [60, 46, 42, 50]
    assert f["booked"].tolist() == [50, 50, 44, 50]
    assert f["gap"].tolist() == [10, -4, -2, 0]  # callbacks make booked exceed new needs
    assert f["capacity"].tolist() == [50, 50, 48, 50]
    assert f["queue"].tolist() == [10, 6, 0, 0]


def test_summary_and_weekday_by_hand() -> None:
    days = DemandDays.from_frame(_log())
    s = days.summary()
    assert s.loc["true demand (unique needs)", "total"] == 198
    assert s.loc["turned away (call back tomorrow)", "total"] == 12
    assert s.loc["gap: true demand not booked", "total"] == 4
    assert s.loc["capacity after carve-out", "a day"] == 49.5
    w = days.by_weekday("capacity")
    assert w.loc["Wednesday", "mean"] == 48 and w.index[0] == "Monday"
    assert days.queue(55) == [5, 0, 0, 0]


def test_demand_days_does_not_modify_its_input() -> None:
    log = _log()
    before = log.copy()
    DemandDays.from_frame(log)
    pd.testing.assert_frame_equal(log, before)


@pytest.mark.parametrize(
    ("changes", "where", "words"),
    [
        ({"repeats": [0, 60, 2, 0]}, "request log:3:repeats", "60 repeats but only 52 requests"),
        ({"turned_away": [9, 2, 0, 0]}, "request log:2:turned_away", "is not requests 60"),
        ({"held_back": [8, 8, 70, 8]}, "request log:4:held_back", "70 slots held back"),
        ({"slots": [58, -1, 58, 58]}, "request log:3:slots", "type a whole number"),
        ({"requests": [60, 52, 44.5, 50]}, "request log:4:requests", "whole number"),
        ({"repeats": [0, None, 2, 0]}, "request log:3:repeats", "whole number"),
    ],
)
def test_bad_rows_name_row_and_column(changes: dict, where: str, words: str) -> None:
    with pytest.raises(ToolkitError) as err:
        DemandDays.from_frame(_log(**changes))
    assert where in str(err.value) and words in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_columns_and_empty_log() -> None:
    with pytest.raises(ToolkitError, match="no repeats, held_back columns"):
        DemandDays.from_frame(_log().drop(columns=["repeats", "held_back"]))
    with pytest.raises(ToolkitError, match="no days in the log"):
        DemandDays.from_frame(_log().iloc[0:0])
