"""Tests for qiteach.evaluation.cohort on the hand-made tiny programme."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qiteach
from qiteach.evaluation.cohort import (
    attendance_summary,
    feedback_summary,
    improvement_signals,
    participants_by_role,
    pdsa_activity,
    progress_summary,
)

TINY = Path(__file__).parent / "fixtures" / "evaluation" / "tiny"
DATES = {"measurements": ["period"], "pdsa": ["start", "end"], "progress": ["date"]}


@pytest.fixture(scope="module")
def programme():
    return qiteach.open_workspace(TINY)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The same programme as plain DataFrames (the other accepted input)."""
    import yaml

    out: dict = {"meta": yaml.safe_load((TINY / "programme.yaml").read_text())}
    for path in TINY.glob("*.csv"):
        out[path.stem] = pd.read_csv(path, parse_dates=DATES.get(path.stem, []))
    return out


@pytest.fixture(params=["programme", "tables"])
def source(request):
    return request.getfixturevalue(request.param)


def test_attendance(source) -> None:
    s = attendance_summary(source)
    # 10 rows, 7 "yes": p4 missed session 1; p2 and p5 missed session 2
    assert s.overall_rate == pytest.approx(0.7)
    assert s.n_records == 10
    by = s.by_session.set_index("session")
    assert by.loc[1, "percent"] == pytest.approx(80.0)
    assert by.loc[2, "percent"] == pytest.approx(60.0)
    assert by.loc[2, "title"] == "Measurement"
    wide = s.table()
    assert wide.loc[1, "GP"] == 50.0 and wide.loc[2, "GP"] == 100.0
    assert wide.loc[2, "nurse"] == 0.0 and wide.loc[2, "all"] == 60.0
    assert s.matrix.shape == (5, 2)
    assert s.matrix.loc[("b", "GP", "p4"), 1] == 0.0
    roles = s.by_role.set_index("role")
    assert roles.loc["nurse", "n_attended"] == 2 and roles.loc["nurse", "n_recorded"] == 4


def test_participants_by_role(source) -> None:
    out = participants_by_role(source).set_index("role")
    assert out.loc["GP", "n"] == 2 and out.loc["admin", "n"] == 1
    assert out["percent"].sum() == pytest.approx(100.0)
    per_team = participants_by_role(source, by_team=True)
    assert per_team.groupby("team_id")["percent"].sum().tolist() == pytest.approx([100.0] * 3)


def test_feedback(source) -> None:
    fb = feedback_summary(source)
    assert fb.n_ratings == 7
    assert fb.mean_rating == pytest.approx(27 / 7)
    assert fb.percent_4plus == pytest.approx(100 * 5 / 7)
    by = fb.by_session.set_index("session")
    assert by.loc[1, "mean_rating"] == pytest.approx(4.0)
    assert by.loc[2, "percent_4plus"] == pytest.approx(200 / 3)
    assert fb.comments["comment"].tolist() == ["Great session", "More examples please"]


def test_progress(source) -> None:
    out = progress_summary(source).set_index("team_id")
    assert out.loc["a", "first_score"] == 1.0 and out.loc["a", "latest_score"] == 2.5
    assert out.loc["a", "change"] == pytest.approx(1.5)
    assert out.loc["b", "change"] == 0.0
    assert out.loc["c", "status"] == "not yet available"
    assert pd.isna(out.loc["c", "latest_score"])


def test_pdsa_activity(source) -> None:
    act = pdsa_activity(source)
    by = act.by_team.set_index("team_id")
    assert by.loc["a", ["cycles", "ramps", "running", "adapt", "adopt"]].tolist() == [4, 2, 1, 2, 1]
    assert by.loc["a", "complete_ramps"] == 1  # R1: adapt, adapt, adopt, all finished
    assert by.loc["b", "complete_ramps"] == 0  # a single abandoned cycle is not a ramp
    assert by.loc["c", "cycles"] == 0
    assert act.acts == {"adopt": 1, "adapt": 2, "abandon": 1, "continue": 0}
    assert act.by_month.loc[pd.Timestamp("2025-02-01"), "a"] == 2
    assert act.by_month.loc[pd.Timestamp("2025-03-01")].tolist() == [2, 1]


def test_improvement_signals(source) -> None:
    sig = improvement_signals(source).set_index("team_id")
    a = sig.loc["a"]
    # DNA %: 10 months around 10% then 10 months around 5% -> run of 10 below the
    # median (longest allowed for 20 useful points: round(log2(20)) + 3 = 7)
    assert (a["signal"], a["verdict"], a["direction_consistent"]) == ("yes", "improvement", "yes")
    assert "long_run" in a["rules"] and a["signal_direction"] == "down"
    assert "run of 10 points below" in a["reading"]
    b = sig.loc["b"]
    assert (b["signal"], b["verdict"], b["direction_consistent"]) == ("no", "common cause", "n/a")
    assert "c" not in sig.index  # no measures yet
    balancing = improvement_signals(source, types=("balancing",))
    assert balancing["verdict"].tolist() == ["common cause"]


def test_empty_programme_is_not_yet_available() -> None:
    empty = {"teams": pd.DataFrame({"team_id": ["x"], "team_name": ["X"]})}
    assert attendance_summary(empty).status == "not yet available"
    assert feedback_summary(empty).status == "not yet available"
    assert pdsa_activity(empty).status == "not yet available"
    assert progress_summary(empty)["status"].tolist() == ["not yet available"]
    assert improvement_signals(empty).empty
