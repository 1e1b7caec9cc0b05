"""Taylor et al. (2014) PDSA quality score on the hand-checked nine-cycle example."""

from __future__ import annotations

import pytest
from test_pdsa_example import MEASUREMENTS, frame

from qiteach.exceptions import ToolkitError
from qiteach.pdsa import PDSALog, quality_score
from qiteach.pdsa.quality import is_small_scale, scale_size, study_uses_data


@pytest.fixture
def log():
    return PDSALog.from_frame(frame())


def test_team_scores_hand_checked(log):
    q = quality_score(log, measurements=MEASUREMENTS)
    # documented: 7 finished cycles x 4 stages + C5 (2 of 4) + running C8 (2 of 2) = 32 / 34
    assert q.scores["documented"] == pytest.approx(32 / 34, abs=1e-4)
    # iterative: all but C5 (after abandon) and C9 (single cycle)
    assert q.scores["iterative"] == pytest.approx(7 / 9, abs=1e-4)
    # prediction: none in C4, "n/a" in C9
    assert q.scores["prediction"] == pytest.approx(7 / 9, abs=1e-4)
    # small scale: R1 ("1 GP, 1 morning") and R3 ("one receptionist, a day") of 4 ramps
    assert q.scores["small_scale"] == 0.5
    # data: study text C1, C2, C3, C9 + measurement weeks overlap C6, C7 -> 6 of 9
    assert q.scores["data"] == pytest.approx(6 / 9, abs=1e-4)
    assert q.total == pytest.approx(32 / 34 + 7 / 9 + 7 / 9 + 0.5 + 6 / 9, abs=1e-3)


def test_reasons_are_plain_english(log):
    r = quality_score(log, measurements=MEASUREMENTS).reasons
    assert r["prediction"] == "7 of 9 cycles stated a prediction (none in C4, C9)."
    assert r["documented"].startswith("8 of 9 cycles recorded every stage due (32 of 34")
    assert "study in C5; act in C5" in r["documented"]
    assert "single cycles: C9" in r["iterative"]
    assert "after an abandoned or undecided cycle: C5" in r["iterative"]
    assert r["small_scale"].startswith("2 of 4 ramps started small; not small: R2 ('all patients")
    assert "R4 (scale not recorded)" in r["small_scale"]
    assert "measurements during C6, C7" in r["data"]
    assert "no data in C4, C5, C8" in r["data"]


def test_without_measurements_only_study_text_counts(log):
    q = quality_score(log)
    assert q.scores["data"] == pytest.approx(4 / 9, abs=1e-4)
    assert "only the study text" in q.reasons["data"]


def test_per_cycle_rows(log):
    pc = quality_score(log, measurements=MEASUREMENTS).per_cycle.set_index("cycle_id")
    assert list(pc.index) == ["C4", "C5", "C1", "C2", "C3", "C9", "C6", "C7", "C8"]
    c5 = pc.loc["C5"]
    assert (c5.documented, c5.iterative, c5.prediction, c5.small_scale, c5.data) == (
        0.5,
        0.0,
        1.0,
        0.0,
        0.0,
    )
    assert c5.total == 1.5
    # C8: running, full plan+do, follows "continue", later cycle of a small ramp, no data
    assert pc.loc["C8", "total"] == 4.0
    assert pc.loc["C1", "total"] == 5.0
    assert pc.loc["C9", "ramp"] == "R4"


def test_growing_numbers_count_as_small_start():
    log = PDSALog.from_records(
        [
            {"cycle_id": "A", "ramp": "R", "start": "2026-01-01", "scale": "5 patients"},
            {"cycle_id": "B", "ramp": "R", "start": "2026-01-08", "scale": "20 patients"},
        ]
    )
    assert quality_score(log).scores["small_scale"] == 1.0
    shrinking = PDSALog.from_records(
        [
            {"cycle_id": "A", "ramp": "R", "start": "2026-01-01", "scale": "20 patients"},
            {"cycle_id": "B", "ramp": "R", "start": "2026-01-08", "scale": "5 patients"},
        ]
    )
    assert quality_score(shrinking).scores["small_scale"] == 0.0


def test_heuristics():
    assert is_small_scale("single practice") and not is_small_scale("every clinic, one day")
    assert scale_size("one morning, 12 patients") == 12
    assert not study_uses_data(None) and study_uses_data("audit of notes")


def test_empty_log_scores_zero():
    q = quality_score(PDSALog(()))
    assert q.total == 0 and q.reasons["data"] == "No PDSA cycles recorded yet."
    assert q.per_cycle.empty


def test_bad_measurements():
    log = PDSALog.from_records([{"cycle_id": "A", "start": "2026-01-01"}])
    with pytest.raises(ToolkitError, match="no 'period' column"):
        quality_score(log, measurements=MEASUREMENTS.drop(columns="period"))
    with pytest.raises(ToolkitError, match="not all dates"):
        quality_score(log, measurements=["2026-01-01", "soon"])
    assert quality_score(log, measurements=["2026-01-01"]).scores["data"] == 1.0


@pytest.mark.parametrize(
    ("study", "uses_data"),
    [
        ("Ran on 12 Jan, staff liked it", False),
        ("Tested 05/01/2026 - went well", False),
        ("Week of 2026-01-12: patients happy", False),
        ("Went well on Monday 3rd", False),
        ("C1 went well, better than in Q3 2025", False),
        ("3 of 40 DNA", True),
        ("12/40 patients replied on 05/01/2026", True),
        ("DNAs fell from 12 to 5 in the week of 12 Jan", True),
        ("See the run chart", True),
    ],
)
def test_dates_and_codes_in_the_study_are_not_data(study, uses_data):
    assert study_uses_data(study) is uses_data


def test_measurement_dates_in_uk_format_are_day_first():
    log = PDSALog.from_records(
        [{"cycle_id": "C1", "node_id": "CI1", "start": "2026-01-05", "end": "2026-01-09",
          "study": "Went well"}]
    )  # fmt: skip
    # weekly measurements from 29 Dec to 26 Jan: the week of 5 January overlaps the cycle
    weeks = ["29/12/2025", "05/01/2026", "12/01/2026", "19/01/2026", "26/01/2026"]
    assert quality_score(log, measurements=weeks).scores["data"] == 1.0
    # weekly measurements in May and June do not
    later = ["04/05/2026", "11/05/2026", "18/05/2026"]
    assert quality_score(log, measurements=later).scores["data"] == 0.0
