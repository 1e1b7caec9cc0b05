"""The shipped demo programme has the shape the client asked for
(qiteach/simulate/demo_data.py, the story in qiteach/simulate/story/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from qiteach.datasets import dataset_path

TITLES = [
    "Introduction to QI and the Model for Improvement",
    "Understanding the system",
    "Driver diagrams and change ideas",
    "Measurement for improvement",
    "PDSA cycles",
    "Understanding variation and run charts",
    "Statistical process control",
    "Sustaining, spreading and sharing results",
]


@pytest.fixture(scope="module")
def demo() -> Path:
    return dataset_path("demo-programme")


def _read(folder: Path, table: str, **kw) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", keep_default_na=False, na_values=[""], **kw)


def test_programme_sessions(demo: Path) -> None:
    meta = yaml.safe_load((demo / "programme.yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "SYNTHETIC" in meta["name"]
    sessions = meta["sessions"]
    assert [s["number"] for s in sessions] == list(range(1, 9))
    assert [s["title"] for s in sessions] == TITLES
    dates = [s["date"] for s in sessions]
    assert dates == sorted(dates)
    assert dates[0] == dt.date(2025, 12, 4) and dates[-1].year == 2026 and dates[-1].month == 9


def test_participants_roles_and_teams(demo: Path) -> None:
    people = _read(demo, "participants")
    assert len(people) == 13
    assert people["role"].value_counts().to_dict() == {
        "practice manager": 8,
        "GP": 3,
        "pharmacist": 1,
        "nurse": 1,
    }
    assert set(people["team_id"]) == {"north", "west", "south"}
    teams = _read(demo, "teams")
    assert list(teams["team_id"]) == ["north", "west", "south"]
    for aim in teams["aim"]:  # SMART: how much (from x% to y%) and by when
        assert " from " in aim and "%" in aim and " by " in aim and "2026" in aim


def test_driver_diagrams(demo: Path) -> None:
    drivers = _read(demo, "drivers")
    for team, d in drivers.groupby("team_id"):
        kinds = d["kind"].value_counts()
        assert 2 <= kinds["primary"] <= 4, team
        assert kinds["secondary"] >= kinds["primary"], team
        assert kinds["change_idea"] >= 4, team
        assert set(d["link"]) == {"strong", "weak"}, team


def test_family_of_measures(demo: Path) -> None:
    measures = _read(demo, "measures")
    for team, m in measures.groupby("team_id"):
        assert 3 <= len(m) <= 5, team
        assert {"outcome", "process", "balancing"} <= set(m["type"]), team
        for col in ("definition", "data_source", "frequency", "baseline_points"):
            assert m[col].notna().all(), (team, col)
    outcome = measures[(measures["team_id"] == "north") & (measures["type"] == "outcome")]
    assert outcome.iloc[0][["chart", "frequency"]].tolist() == ["p", "weekly"]


def test_measurements_span_18_to_24_months(demo: Path) -> None:
    m = _read(demo, "measurements", parse_dates=["period"])
    for (team, measure), d in m.groupby(["team_id", "measure_id"]):
        months = (d["period"].max() - d["period"].min()).days / 30.44
        assert 18 <= months <= 24, (team, measure, months)
    p = m.dropna(subset=["denominator"])
    assert (p["numerator"] <= p["denominator"]).all()
    assert (p["numerator"] == p["numerator"].round()).all()


def test_pdsa_ramps(demo: Path) -> None:
    pdsa = _read(demo, "pdsa", parse_dates=["start", "end"])
    drivers = _read(demo, "drivers")
    ci = drivers[drivers["kind"] == "change_idea"]
    ideas = set(zip(ci["team_id"], ci["node_id"], strict=True))
    for team, p in pdsa.groupby("team_id"):
        assert 6 <= len(p) <= 15, team
        assert all((team, n) in ideas for n in p["node_id"]), team
        assert (p.groupby("ramp").size() >= 2).any(), team
        assert p["prediction"].notna().mean() >= 0.7, team
        assert (p["end"].dropna() >= p.loc[p["end"].notna(), "start"]).all()
    assert pdsa["prediction"].isna().any()  # most, not all, cycles have a prediction
    assert {"adopt", "adapt", "abandon", "continue"} <= set(pdsa["act"])
    first_ramp = pdsa[(pdsa["team_id"] == "north") & (pdsa["ramp"] == "R1")]
    assert first_ramp["scale"].iloc[0].startswith("1 GP")
    assert first_ramp["scale"].iloc[-1] == "4 practices"


def test_progress_attendance_survey_feedback(demo: Path) -> None:
    progress = _read(demo, "progress")
    assert progress["score"].between(0.5, 5.0).all()
    final = progress.groupby("team_id")["score"].last()
    assert final["north"] > final["west"] > final["south"]

    attendance = _read(demo, "attendance")
    assert len(attendance) == 13 * 8
    missed = (attendance["attended"] == "no").sum()
    assert 2 <= missed <= 15

    survey = _read(demo, "survey")
    assert survey["score"].between(1, 5).all()
    pre = survey[survey["timepoint"] == "pre"]
    post = survey[survey["timepoint"] == "post"]
    assert pre["participant_id"].nunique() == 13
    assert 10 <= post["participant_id"].nunique() <= 12  # a couple of missing post responses
    assert post["score"].mean() > pre["score"].mean() + 0.8
    assert set(survey["domain"]) == {"confidence", "knowledge"}

    feedback = _read(demo, "feedback")
    came = attendance[attendance["attended"] == "yes"][["participant_id", "session"]]
    assert len(feedback.merge(came)) == len(feedback)  # only people who came give feedback
    assert feedback["comment"].notna().sum() >= 10
    assert feedback["rating"].between(1, 5).all()
