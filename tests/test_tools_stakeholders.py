"""Tests for the stakeholder analysis (qiteach.tools.stakeholders), hand-checked."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.stakeholders import (
    EXAMPLE_STAKEHOLDERS,
    HIGH_FROM,
    QUADRANTS,
    StakeholderGrid,
    quadrant,
    read_score,
    read_stakeholders,
)


@pytest.mark.parametrize(
    ("influence", "interest", "want"),
    [
        (5, 5, "manage_closely"),
        (4, 4, "manage_closely"),  # the lowest high scores
        (4, 3, "keep_satisfied"),  # 3, the middle, is not high
        (5, 1, "keep_satisfied"),
        (3, 4, "keep_informed"),
        (1, 5, "keep_informed"),
        (3, 3, "monitor"),
        (1, 1, "monitor"),
    ],
)
def test_quadrant_edges(influence: int, interest: int, want: str) -> None:
    assert HIGH_FROM == 4
    assert quadrant(influence, interest) == want


def test_quadrant_wording_is_mendelows_in_nhs_words() -> None:
    assert [q.title for q in QUADRANTS.values()] == [
        "Manage closely", "Keep satisfied", "Keep informed", "Monitor"]  # fmt: skip
    assert all(q.approach.endswith(".") for q in QUADRANTS.values())


@pytest.mark.parametrize(
    ("typed", "want"),
    [(1, 1), ("5", 5), (" 3 ", 3), (4.0, 4), ("2.0", 2), ("LOW", 2), ("high", 4),
     ("very high", 5), ("", None), ("   ", None), (None, None), (math.nan, None)],
)  # fmt: skip
def test_read_score(typed, want) -> None:
    assert read_score(typed) == want


@pytest.mark.parametrize("typed", [0, 6, 2.5, "lots", True, "-1", "4/5"])
def test_read_score_refuses(typed) -> None:
    with pytest.raises(ValueError, match="is not a score: give a whole number from 1"):
        read_score(typed)


def test_example_by_hand() -> None:
    grid = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS)
    # by hand from the table: partners 5/4, nurses 4/5, pharmacist 4/4 -> manage closely;
    # ICB 5/2, practice manager 4/3 -> keep satisfied; reception 2/4, PPG 2/5 -> keep
    # informed; community pharmacy 1/2 -> monitor
    got = {k: [s.name for s in v] for k, v in grid.by_quadrant().items()}
    assert got == {
        "manage_closely": ["GP partners", "Practice nurses", "PCN clinical pharmacist"],
        "keep_satisfied": ["ICB commissioner", "Practice manager"],
        "keep_informed": ["Reception team", "Patient participation group"],
        "monitor": ["Community pharmacy"],
    }
    # community pharmacy has no action either, but low influence is not a gap
    assert [s.name for s in grid.missing_actions()] == ["ICB commissioner"]


def test_engagement_plan_rows_most_effort_first() -> None:
    plan = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS).engagement_plan()
    assert len(plan) == len(EXAMPLE_STAKEHOLDERS)
    assert plan["quadrant"].tolist() == (["Manage closely"] * 3 + ["Keep satisfied"] * 2
                                         + ["Keep informed"] * 2 + ["Monitor"])  # fmt: skip
    # within a quadrant: highest influence, then interest, first
    assert plan["stakeholder"].tolist()[:3] == [
        "GP partners", "Practice nurses", "PCN clinical pharmacist"]  # fmt: skip
    row = plan.set_index("stakeholder").loc["Reception team"]
    assert row["suggested approach"] == QUADRANTS["keep_informed"].approach
    assert (row["who"], row["when"]) == ("QI lead", "Monday huddle")
    assert plan.set_index("stakeholder").loc["ICB commissioner", "planned action"] == ""


def test_gaps_name_missing_action_and_missing_who() -> None:
    grid = StakeholderGrid.from_records([
        {"name": "Partners", "influence": 5, "interest": 5, "action": "Brief them", "who": ""},
        {"name": "ICB", "influence": 4, "interest": 1},
        {"name": "Reception", "influence": 3, "interest": 5},  # 3 is not high: no gap
    ])  # fmt: skip
    assert grid.gaps() == [
        'Partners (manage closely): say who will do "Brief them" (and when).',
        "ICB (keep satisfied) has high influence but no planned action: add one.",
    ]


def test_problems_name_row_and_column() -> None:
    rows = [
        {"name": "GP partners", "influence": 5, "interest": 4},
        {"name": " ", "influence": "", "interest": "", "action": ""},  # blank row: skipped
        {"name": "", "influence": 3, "interest": 3},
        {"name": "gp partners", "influence": 2, "interest": 2},
        {"name": "Nurses", "influence": "", "interest": 9},
    ]
    people, problems = read_stakeholders(rows)
    assert [p.name for p in people] == ["GP partners"]
    assert [(r, c) for r, c, _, _ in problems] == [
        (3, "name"), (4, "name"), (5, "influence"), (5, "interest")]  # fmt: skip
    assert problems[1][2] == "gp partners is listed twice"
    assert problems[2][2] == "Nurses has no influence score"
    assert problems[3][2] == "Nurses: 9 is not a score"


def test_from_records_raises_one_line_for_the_first_problem() -> None:
    with pytest.raises(ToolkitError) as err:
        StakeholderGrid.from_records(pd.DataFrame(
            [{"name": "ICB", "influence": "loads", "interest": 2}]))  # fmt: skip
    assert str(err.value) == (
        '1:influence: ICB: "loads" is not a score (fix: give a whole number from 1 (low) '
        "to 5 (high), or low/high)"
    )
    with pytest.raises(ToolkitError, match="no stakeholders"):
        StakeholderGrid.from_records([])


def test_quadrant_of_is_case_blind_and_names_the_unknown() -> None:
    grid = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS)
    assert grid.quadrant_of(" reception TEAM ") == "keep_informed"
    with pytest.raises(KeyError):
        grid.quadrant_of("Dentists")


# ------------------------------------------------- the optional workspace table `stakeholders`
def test_workspace_table_is_optional_and_read_per_team(demo_programme, tmp_path) -> None:
    from pathlib import Path

    from qiteach.exercises.session05 import team_stakeholders
    from qiteach.workspace import open_workspace
    from qiteach.workspace.schema import TABLES

    table = TABLES["stakeholders"]
    assert table.optional and table.key == ("team_id", "stakeholder")
    assert [c.name for c in table.columns if c.required] == [
        "team_id", "stakeholder", "influence", "interest"]  # fmt: skip
    north = demo_programme.team("north").stakeholders
    assert north["stakeholder"].tolist()[:2] == ["GP partners", "Reception team"]
    # by hand from the demo rows: reception 3/5 is keep informed (3 is not high)
    grid = team_stakeholders(demo_programme.team("north"))
    assert grid.quadrant_of("Reception team") == "keep_informed"
    assert [s.name for s in grid.missing_actions()] == ["ICB primary care team"]
    assert demo_programme.team("south").stakeholders.empty  # a team with no analysis yet
    # a workspace written before the table existed still loads, with an empty table
    old = Path(__file__).parent / "fixtures" / "workspaces" / "good"
    assert not (old / "stakeholders.csv").exists()
    programme = open_workspace(old)
    team = programme.team(programme.team_ids[0])
    assert team.stakeholders.empty
    assert list(team.stakeholders.columns) == list(table.names)
    assert team_stakeholders(team) is None
