"""PDSA planner driven headlessly: fill in the form, click check, read the row."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.widgets.pdsa_planner import PDSAPlanner


@pytest.fixture(scope="module")
def team(demo_programme):
    return demo_programme.team("north")


def test_dropdown_lists_the_team_change_ideas(team):
    planner = PDSAPlanner.from_team(team)
    ideas = team.drivers[team.drivers["kind"] == "change_idea"]
    assert [v for _, v in planner.fields["node_id"].options] == ideas["node_id"].tolist()


def test_weak_plan_gets_specific_feedback(team):
    planner = PDSAPlanner.from_team(team)
    planner.fields["objective"].value = "Send reminders"
    planner.fields["scale"].value = "all practices"
    planner.check_button.click()
    fb = planner.feedback
    assert fb.correct is False
    assert any("no prediction" in d for d in fb.details)
    assert any('"all practices" is not small' in d for d in fb.details)
    assert "no prediction" in planner.feedback_html.value


def test_good_plan_passes_and_makes_a_pdsa_row(team):
    planner = PDSAPlanner.from_team(team)
    planner.set_plan(
        node_id="CI2",
        objective="Does a second reminder 2 hours before cut morning DNAs?",
        prediction="Morning DNAs at Elm fall from 6 a week to 3",
        who="Reception at Elm",
        when="w/c 7 September",
        measures="Morning DNAs counted from the appointment book",
        scale="1 practice, 1 week",
    )
    planner.check_button.click()
    assert planner.feedback.correct is True
    row = planner.row(start="2026-09-07")
    used = set(team.pdsa["cycle_id"])
    assert row["cycle_id"] not in used and row["cycle_id"] == f"C{len(used) + 1}"
    assert row["ramp"] not in set(team.pdsa["ramp"])  # CI2 never tested: a new ramp
    assert row["team_id"] == "north" and row["start"] == "2026-09-07"
    assert row["do"] is None and "Who: Reception at Elm." in row["objective"]
    assert list(planner.frame(start="2026-09-07").columns) == list(team.pdsa.columns)
    assert "pdsa.csv" in planner.row_html.value


def test_next_cycle_on_a_tested_idea_continues_its_ramp(team):
    planner = PDSAPlanner.from_team(team)
    planner.set_plan(node_id="CI6", objective="x")
    ramp = team.pdsa[team.pdsa["node_id"] == "CI6"]["ramp"].iloc[-1]
    assert planner.row()["ramp"] == ramp


def test_unknown_field_or_idea_is_a_toolkit_error(team):
    planner = PDSAPlanner.from_team(team)
    with pytest.raises(ToolkitError, match="not a field"):
        planner.set_plan(budget="none")
    with pytest.raises(ToolkitError, match="not a change idea"):
        planner.set_plan(node_id="P1")
