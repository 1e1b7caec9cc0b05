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
    assert table["level"].tolist() == [1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4]
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
    assert (out["result"] == "not yet available").all()
