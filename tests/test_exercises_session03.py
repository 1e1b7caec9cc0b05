"""Session 3 self-checks: levels, a participant's diagram, untested change ideas."""

from __future__ import annotations

import pytest

from qiteach.drivers import DriverDiagram
from qiteach.exercises import session03
from qiteach.exercises.common import team_driver_diagram


@pytest.fixture(scope="module")
def programme(demo_programme):
    return demo_programme


def test_levels_accepts_synonyms_and_explains_mistakes():
    answer = dict(session03.LEVEL_ANSWERS, C="change idea", D="Primary Driver", F="")
    fb = session03.check_levels(answer)
    assert fb.correct is False and fb.message == "4 of 6 statements are in the right column."
    assert fb.details[0].startswith(
        'D "Reminders reach patients at the right time": you said primary'
    )
    assert "Still to sort: F." in fb.hints
    assert session03.check_levels({k: "driver" for k in "ABCDEF"}).hints[0].startswith("Use aim")


def test_diagram_with_a_structural_problem_is_not_passed():
    d = DriverDiagram.from_records(
        "Fewer DNAs", [{"node_id": "C1", "kind": "change_idea", "text": "SMS", "parent_id": "S9"}]
    )
    fb = session03.check_driver_diagram(d)
    assert fb.correct is False and "2 problems" in fb.message
    assert any("S9" in d for d in fb.details)


def test_diagram_check_counts_and_advice():
    fb = session03.check_driver_diagram({"aim": "Fewer DNAs", "drivers": {"Remember": {"SMS": []}}})
    assert fb.correct is False
    assert "1 primary driver, 1 secondary driver, 0 change ideas" in fb.message
    assert any("no change ideas yet" in d for d in fb.details)
    assert session03.check_driver_diagram("not a diagram").correct is False
    assert session03.check_driver_diagram(None).correct is None


@pytest.mark.parametrize("team_id", ["north", "west", "south"])
def test_untested_computed_from_the_pdsa_log(programme, team_id):
    team = programme.team(team_id)
    diagram = team_driver_diagram(team)
    ideas = set(team.drivers.loc[team.drivers["kind"] == "change_idea", "node_id"])
    tested = set(team.pdsa["node_id"])
    expected = sorted(ideas - tested)
    assert sorted(session03.untested_change_ideas(diagram)) == expected
    assert session03.check_untested(expected, diagram).correct is True
    wrong = session03.check_untested(sorted(tested)[:1], diagram)
    assert wrong.correct is False and "has been tested" in wrong.details[0]


def test_untested_names_non_change_ideas(programme):
    diagram = team_driver_diagram(programme.team("north"))
    fb = session03.check_untested("P1, X9", diagram)
    assert any("primary driver, not a change idea" in d for d in fb.details)
    assert any("X9 is not a box" in d for d in fb.details)


def test_untested_feedback_nudges_without_naming_the_missed_idea():
    d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"R": {"S": ["a", "b", "c"]}}})
    d = d.with_pdsa_counts(["C1"])
    fb = session03.check_untested(["C2"], d)
    assert fb.correct is False
    assert any("1 more untested change idea is still to find" in x for x in fb.details)
    assert not any("C3" in x for x in fb.details)
    right = session03.check_untested(["C2", "C3"], d)
    assert right.correct is True and "C2, C3" in right.hints[0]  # strong links: test next


def test_levels_given_as_a_list_gets_a_shape_hint():
    fb = session03.check_levels(["aim", "primary"])
    assert fb.correct is False and "dict" in fb.message


@pytest.mark.parametrize("answer", [2, 5.0, True])
def test_untested_as_a_number_asks_for_a_list(programme, answer):
    fb = session03.check_untested(answer, team_driver_diagram(programme.team("north")))
    assert fb.correct is False
    assert "list" in fb.message


def test_untested_on_a_diagram_with_no_change_ideas_says_so():
    empty = DriverDiagram("Reduce DNAs from 8% to 5% by March 2027")
    fb = session03.check_untested([], empty)
    assert fb.correct is None
    assert "no change ideas yet" in fb.message


def test_aim_advice_gives_an_example_of_the_missing_piece_only():
    d = DriverDiagram("Reduce DNAs from 8% to 5% by 31 March 2027")
    advice = session03.diagram_advice(d)
    assert len(advice) == 1 and advice[0].startswith("The aim is missing for whom")
    assert "for patients" in advice[0]
    assert "8% to 5% by" not in advice[0]  # not an example of what is already there


def test_levels_in_plural_hyphenated_or_punctuated_forms():
    answer = {
        "A": "Aim.",
        "B": "primary drivers",
        "C": "Change ideas",
        "D": "secondary-driver",
        "E": "Primary",
        "F": "change-idea",
    }
    assert session03.check_levels(answer).correct is True
