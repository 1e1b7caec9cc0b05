"""PDSALog: reading, ordering, ramps and validation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from test_pdsa_example import DRIVERS, ROWS, frame

from qiteach.exceptions import ToolkitError
from qiteach.pdsa import PDSALog


def test_from_frame_orders_cycles_and_groups_ramps():
    log = PDSALog.from_frame(frame(), drivers=DRIVERS)
    assert log.team_id == "north"
    assert [c.cycle_id for c in log.cycles] == [
        "C4",
        "C5",
        "C1",
        "C2",
        "C3",
        "C9",
        "C6",
        "C7",
        "C8",
    ]
    assert [r.label for r in log.ramps] == ["R2", "R1", "R4", "R3"]
    assert [c.cycle_id for c in log.ramps[1].cycles] == ["C1", "C2", "C3"]
    assert log.change_idea_ids == ["CI2", "CI1", "CI4", "CI3"]
    assert log.change_idea_text("CI4") == "Poster in waiting room"
    c8 = next(c for c in log.cycles if c.cycle_id == "C8")
    assert c8.running and c8.days is None and c8.end is None
    assert log.cycles[0].start == dt.date(2025, 11, 3)


def test_from_records_matches_from_frame_and_input_unchanged():
    df = frame()
    before = df.copy()
    a = PDSALog.from_frame(df)
    b = PDSALog.from_records(ROWS)
    assert a.cycles == b.cycles
    pd.testing.assert_frame_equal(df, before)


def test_ramp_label_shared_by_two_change_ideas_is_split():
    log = PDSALog.from_records(
        [
            {"cycle_id": "A", "node_id": "CI1", "ramp": "R1", "start": "2026-01-01"},
            {"cycle_id": "B", "node_id": "CI2", "ramp": "R1", "start": "2026-01-02"},
            {"cycle_id": "C", "node_id": "CI2", "ramp": "", "start": "2026-01-03"},
        ]
    )
    assert [r.label for r in log.ramps] == ["R1 (CI1)", "R1 (CI2)", "CI2"]


def test_act_is_case_insensitive():
    log = PDSALog.from_records([{"cycle_id": "C1", "start": "2026-01-01", "act": " Adapt "}])
    assert log.cycles[0].act == "adapt"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": "2026-01-01"}, "pdsa.csv:3:end: cycle C2 ends (2026-01-01) before it starts"),
        ({"act": "adoptt"}, "pdsa.csv:3:act: cycle C2 has unknown act 'adoptt'"),
        ({"node_id": None}, "pdsa.csv:3:node_id: cycle C2 is not linked to a change idea"),
        ({"node_id": "P1"}, "pdsa.csv:3:node_id: cycle C2 tests P1, which is not a change idea"),
        ({"start": "12/13/2026x"}, "pdsa.csv:3:start: cycle C2: start '12/13/2026x' is not a date"),
        ({"start": None}, "pdsa.csv:3:start: cycle C2 has no start date"),
        ({"cycle_id": "C1"}, "pdsa.csv:3:cycle_id: cycle C1 appears twice (rows 2 and 3)"),
    ],
)
def test_bad_cycle_names_cycle_row_and_column(change, message):
    rows = [dict(r) for r in ROWS]
    rows[1].update(change)
    with pytest.raises(ToolkitError) as info:
        PDSALog.from_records(rows, drivers=DRIVERS)
    assert str(info.value).startswith(message)
    assert "(fix: " in str(info.value)


def test_unlinked_cycle_allowed_without_drivers():
    rows = [dict(r) for r in ROWS]
    rows[1]["node_id"] = None
    log = PDSALog.from_records(rows)
    assert len(log) == 9


def test_several_teams_and_missing_column_rejected():
    rows = [dict(r) for r in ROWS]
    rows[0]["team_id"] = "south"
    with pytest.raises(ToolkitError, match="rows for 2 teams"):
        PDSALog.from_records(rows)
    with pytest.raises(ToolkitError, match="no 'start' column"):
        PDSALog.from_frame(frame().drop(columns="start"))
    with pytest.raises(ToolkitError, match="expected a pandas DataFrame"):
        PDSALog.from_frame(ROWS)  # type: ignore[arg-type]


def test_typed_workspace_frame_with_timestamps_and_nat():
    df = frame()
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])  # C8's blank end becomes NaT
    log = PDSALog.from_frame(df)
    assert log.cycles == PDSALog.from_frame(frame()).cycles
    assert sum(c.running for c in log.cycles) == 1


def test_uk_dates_are_day_first():
    # a practice typing 05/01/2026 means 5 January, not 1 May
    log = PDSALog.from_records(
        [
            {"cycle_id": "C1", "start": "05/01/2026", "end": "09/01/2026", "node_id": "CI1"},
            {"cycle_id": "C2", "start": "12/01/2026", "end": "16/1/2026", "node_id": "CI1"},
            {"cycle_id": "C3", "start": "2026-02-02", "end": None, "node_id": "CI1"},
        ]
    )
    assert [(c.start, c.end) for c in log.cycles] == [
        (dt.date(2026, 1, 5), dt.date(2026, 1, 9)),
        (dt.date(2026, 1, 12), dt.date(2026, 1, 16)),
        (dt.date(2026, 2, 2), None),
    ]


@pytest.mark.parametrize("value", ["31/02/2026", "next Tuesday", "2026-13-01"])
def test_impossible_dates_name_the_cycle(value):
    with pytest.raises(ToolkitError, match=r"pdsa.csv:2:start: cycle C1: start .* is not a date"):
        PDSALog.from_records([{"cycle_id": "C1", "start": value, "node_id": "CI1"}])


def test_no_records_is_an_empty_log():
    log = PDSALog.from_records([])
    assert len(log) == 0 and log.ramps == []
