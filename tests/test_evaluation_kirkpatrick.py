"""Tests for qiteach.evaluation.kirkpatrick on the hand-made tiny programme."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qiteach
from qiteach.evaluation.kirkpatrick import kirkpatrick_table, measures_up_to_date

TINY = Path(__file__).parent / "fixtures" / "evaluation" / "tiny"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return kirkpatrick_table(qiteach.open_workspace(TINY)).set_index("indicator")


def test_levels_and_sources(table) -> None:
    # level 2: the two survey domains, then the two measured self-check indicators
    assert table["level"].tolist() == [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4]
    assert set(table["level_name"]) == {"reaction", "learning", "behaviour", "results"}
    assert table["source"].str.len().gt(0).all()


def test_hand_checked_figures(table) -> None:
    fig = table["figure"]
    # L1: ratings 5,4,3,4 / 4,2,5 -> mean 27/7; 5 of 7 are 4 or 5; 7 of 10 places attended
    assert fig["Mean session rating (1-5)"] == pytest.approx(27 / 7)
    assert fig["Ratings of 4 or 5 (%)"] == pytest.approx(500 / 7)
    assert fig["Attendance rate (%)"] == pytest.approx(70.0)
    # L2: participant confidence changes +2, +1, +1.5, 0 -> Walsh-average median 1.125;
    # only 3 changed, so no test; no post knowledge survey yet
    conf = table.loc["Confidence: median change pre to post (Likert 1-5)"]
    assert conf["figure"] == pytest.approx(1.125)
    assert "too few pairs to test" in conf["result"]
    know = table.loc["Knowledge: median change pre to post (Likert 1-5)"]
    assert know["status"] == "not yet available" and pd.isna(know["figure"])
    # L3: 5 cycles; team a's ramp R1 is complete; reception_hours stops in November
    assert fig["PDSA cycles run"] == 5
    assert table.loc["PDSA cycles run", "result"] == "5 cycles by 2 of 3 teams"
    assert fig["Teams with at least one complete ramp"] == 1
    assert fig["Measures with data in the latest period (%)"] == pytest.approx(200 / 3)
    assert fig["Latest progress score (median across teams)"] == pytest.approx(2.25)
    # L4: team a improves and meets its aim; b has no target; c has no measure yet
    assert fig["Teams with special-cause improvement on an outcome measure"] == 1
    improving = table.loc["Teams with special-cause improvement on an outcome measure"]
    assert improving["result"] == "1 of 3 teams (Team A)"  # names, not file ids
    assert fig["Aims met"] == 1
    assert table.loc["Aims met", "result"] == (
        "1 of 1 teams with a target and data (Team A); 2 not yet judged"
    )


def test_up_to_date_flags() -> None:
    p = qiteach.open_workspace(TINY)
    flags = measures_up_to_date(p).set_index("measure_id")["up_to_date"]
    assert flags.to_dict() == {"dna": True, "reception_hours": False, "calls": True}


def test_start_of_programme_everything_not_yet_available() -> None:
    teams = pd.read_csv(TINY / "teams.csv")
    out = kirkpatrick_table({"teams": teams})
    assert (out["status"] == "not yet available").all()
    measured = out["source"] == "learning"
    assert measured.sum() == 2
    assert (out.loc[~measured, "result"] == "not yet available").all()
    # without consent the measured-learning rows say why there is nothing to show
    assert (out.loc[measured, "result"].str.startswith("not recorded")).all()


def _learning_source(n_people: int, consent: bool = True) -> dict:
    people = pd.DataFrame(
        {"participant_id": [f"p{i:02d}" for i in range(n_people)], "display_name": "x",
         "role": ["GP", "nurse"] * (n_people // 2) + ["GP"] * (n_people % 2), "team_id": "a"}
    )  # fmt: skip
    rows = []
    for i, pid in enumerate(people["participant_id"]):
        for ex, session in (("aim", 1), ("capacity", 2)):
            first = "pass" if i % 3 else "not yet"
            rows.append({"participant_id": pid, "team_id": "a", "session": session,
                         "exercise": ex, "first_result": first, "final_result": "pass" if
                         i % 4 else first, "attempts": 1 if first == "pass" else 2,
                         "date": pd.Timestamp("2026-01-19"), "answer": None})  # fmt: skip
    return {"participants": people, "learning": pd.DataFrame(rows),
            "meta": {"learning_evidence": consent}}  # fmt: skip


def test_measured_learning_beside_the_survey() -> None:
    src = _learning_source(10)
    out = kirkpatrick_table(src).set_index("indicator")
    # 10 people x 2 exercises; first try passes for i % 3 != 0 (6 of 10 people -> 12 of 20);
    # final passes when i % 4 != 0, or the first did (i = 0, 4, 8: first passes only for 4, 8)
    done = out.loc["Self-check exercises completed (%)"]
    first = out.loc["Self-check exercises passed first time (%)"]
    assert first["figure"] == pytest.approx(100 * 12 / 20)
    assert done["figure"] == pytest.approx(100 * 18 / 20)
    assert done["result"] == "90% of 20 exercises answered by 10 participants"
    assert done["level"] == 2 and done["status"] == "available"


def test_fewer_than_five_people_are_too_few_to_show() -> None:
    from qiteach.evaluation.learning import learning_summary

    out = kirkpatrick_table(_learning_source(4)).set_index("indicator")
    row = out.loc["Self-check exercises completed (%)"]
    assert row["status"] == "too few to show" and pd.isna(row["figure"])
    assert row["result"] == "too few to show (fewer than 5 people)"
    s = learning_summary(_learning_source(8))  # 4 GPs, 4 nurses: both roles hidden
    assert set(s.by_role["completed"]) == {"too few to show"}
    assert s.by_session["people"].tolist() == ["8", "8"]
    assert s.shown


def test_no_consent_no_measured_learning() -> None:
    out = kirkpatrick_table(_learning_source(10, consent=False)).set_index("indicator")
    row = out.loc["Self-check exercises passed first time (%)"]
    assert pd.isna(row["figure"]) and row["result"].startswith("not recorded")
