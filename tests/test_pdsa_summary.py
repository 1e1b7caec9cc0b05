"""summarise() and pdsa_markers() on the hand-checked example."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from test_pdsa_example import frame

from qiteach.pdsa import PDSALog, pdsa_markers, summarise


def test_summary_matches_hand_count():
    s = summarise(PDSALog.from_frame(frame()))
    assert s.n_cycles == 9
    assert s.n_ramps == 4
    assert s.cycles_per_ramp == {"R2": 2, "R1": 3, "R4": 1, "R3": 3}
    assert s.acts == {"adopt": 2, "adapt": 3, "abandon": 1, "continue": 1, "undecided": 2}
    # finished cycle lengths 4,4,25,4,4,1,4,2 -> median 4; C8 running
    assert s.median_days == 4.0
    assert s.n_running == 1
    assert s.prediction_share == 7 / 9  # C4 blank, C9 "n/a"
    assert s.change_ideas == ("CI2", "CI1", "CI4", "CI3")
    assert s.first_date == dt.date(2025, 11, 3)
    assert s.last_date == dt.date(2026, 3, 2)
    text = s.as_text()
    assert "9 cycles on 4 change ideas in 4 ramps" in text
    assert "median 4 days" in text and "78%" in text


def test_empty_log():
    s = summarise(PDSALog(()))
    assert (s.n_cycles, s.median_days, s.prediction_share, s.first_date) == (0, None, 0.0, None)


def test_markers_one_per_cycle_start():
    m = pdsa_markers(PDSALog.from_frame(frame()))
    assert list(m.columns) == ["date", "label"]
    assert list(m["label"]) == ["C4", "C5", "C1", "C2", "C3", "C9", "C6", "C7", "C8"]
    assert m["date"].iloc[2] == pd.Timestamp("2026-01-05")
    assert pd.api.types.is_datetime64_any_dtype(m["date"])
