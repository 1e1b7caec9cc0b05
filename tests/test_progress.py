"""IHI progress scale, score validation and a team's trajectory."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.progress import (
    PROGRESS_LABELS,
    PROGRESS_SCALE,
    clean_progress,
    describe_score,
    trajectory,
    validate_score,
)
from qiteach.workspace.schema import PROGRESS_SCORES


def test_scale_matches_schema_and_qi_methods():
    assert tuple(PROGRESS_SCALE["score"]) == PROGRESS_SCORES
    assert list(PROGRESS_SCALE.columns) == ["score", "label", "definition"]
    assert PROGRESS_LABELS[0.5] == "Intent to participate"
    assert PROGRESS_LABELS[3.0] == "Modest improvement"
    assert PROGRESS_LABELS[5.0] == "Outstanding sustainable results"
    assert PROGRESS_SCALE["definition"].str.len().min() > 30


@pytest.mark.parametrize("bad", [0, 0.25, 2.7, 5.5, "x", "nan"])
def test_off_scale_scores_rejected(bad):
    with pytest.raises(ToolkitError, match="not on the IHI progress scale"):
        validate_score(bad)


def test_describe_score():
    assert describe_score("4").startswith("4.0 Significant improvement: expected results")


@pytest.fixture
def north():
    return pd.DataFrame(
        {
            "team_id": ["north"] * 4,
            "date": ["2026-03-31", "2026-01-31", "2026-02-28", "2026-04-30"],
            "score": [2.5, 1.0, 2.5, 3.0],
            "note": ["", "", "", ""],
        }
    )


def test_trajectory_hand_checked(north):
    before = north.copy()
    t = trajectory(north, as_of="2026-05-15")
    assert list(t.frame["date"].dt.strftime("%m-%d")) == ["01-31", "02-28", "03-31", "04-30"]
    # 1.0 for 28 days; 2.5 for 31 + 30 days; 3.0 from 30 Apr to 15 May
    assert list(t.frame["days"]) == [28, 31, 30, 15]
    assert t.time_at_level == {1.0: 28, 2.5: 61, 3.0: 15}
    assert (t.first, t.latest, t.change, t.team_id) == (1.0, 3.0, 2.0, "north")
    assert str(t.latest_date) == "2026-04-30"
    assert t.as_text().endswith("up 2.0 since 2026-01-31.")
    pd.testing.assert_frame_equal(north, before)


def test_trajectory_accepts_mapping_and_reports_falls():
    t = trajectory({"2026-01-31": 3.0, "2026-02-28": 2.5})
    assert t.change == -0.5 and "down 0.5" in t.as_text()
    assert t.time_at_level == {2.5: 0, 3.0: 28}


def test_trajectory_errors(north):
    bad = north.copy()
    bad.loc[2, "score"] = 2.2
    with pytest.raises(ToolkitError, match=r"progress.csv:4:score: 2.2 is not on"):
        trajectory(bad)
    two = north.copy()
    two.loc[0, "team_id"] = "south"
    with pytest.raises(ToolkitError, match="rows for 2 teams"):
        trajectory(two)
    dup = north.copy()
    dup.loc[1, "date"] = "2026-03-31"
    with pytest.raises(ToolkitError, match="two scores on 2026-03-31"):
        trajectory(dup)
    with pytest.raises(ToolkitError, match="'soon' is not a date"):
        trajectory([{"date": "soon", "score": 1.0}])
    with pytest.raises(ToolkitError, match="no 'score' column"):
        trajectory(north.drop(columns="score"))
    with pytest.raises(ToolkitError, match="before the latest score"):
        trajectory(north, as_of="2026-01-01")
    with pytest.raises(ToolkitError, match="no progress scores"):
        trajectory([])


def test_uk_dates_are_day_first() -> None:
    # 05/01/2026 is 5 January in a UK progress sheet, not 1 May
    t = trajectory([{"date": "05/01/2026", "score": 1.0}, {"date": "02/03/2026", "score": 2.0}])
    assert [d.date().isoformat() for d in t.frame["date"]] == ["2026-01-05", "2026-03-02"]
    assert t.time_at_level == {1.0: 56, 2.0: 0}
    later = trajectory([{"date": "05/01/2026", "score": 1.0}], as_of="01/02/2026")
    assert later.time_at_level == {1.0: 27}  # to 1 February, not 2 January (before the score)


def test_a_blank_score_says_it_is_empty() -> None:
    with pytest.raises(ToolkitError, match=r"progress.csv:3:score: the score is empty"):
        clean_progress(
            [{"date": "2026-01-31", "score": 1.0}, {"date": "2026-02-28", "score": None}]
        )
    with pytest.raises(ToolkitError, match="the score is empty"):
        validate_score(None)
    with pytest.raises(ToolkitError, match="the score is empty"):
        validate_score(pd.NA)  # a blank in a nullable Float64 column
