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


# ------------------------------------------------------------------ exercise 4: 5 whys
GOOD_WHYS = ["They were not invited for a blood pressure check",
             "The recall search only finds patients with a review date set",
             "Patients added to the register by locums get no review date"]  # fmt: skip


def test_five_whys_passes_a_chain_the_team_can_act_on() -> None:
    fb = session03.check_five_whys({"whys": GOOD_WHYS, "can_act": "Yes"})
    assert fb.correct is True
    assert fb.message.startswith("A chain of 3 whys ending at a cause your team can act on")


def test_five_whys_asks_whether_the_team_can_act() -> None:
    fb = session03.check_five_whys(GOOD_WHYS)  # a plain list: can_act not said
    assert fb.correct is False and "say whether your team can act" in fb.message
    fb = session03.check_five_whys({"whys": GOOD_WHYS, "can_act": "no"})
    assert fb.correct is False and fb.details[0].startswith("You cannot act on")


def test_five_whys_names_each_weak_link() -> None:
    fb = session03.check_five_whys({"whys": [
        "A third of patients on the hypertension register have no blood pressure reading",
        "Send more invitations", "", "The government"], "can_act": "yes"})  # fmt: skip
    assert fb.message == "The chain has 4 things to strengthen."
    assert [d.split(" ", 2)[:2] for d in fb.details] == [
        ["Why", "1"], ["Why", "2"], ["Why", "3"], ["Why", "4"]]  # fmt: skip
    assert "restates the problem" in fb.details[0] and "solution" in fb.details[1]
    assert "blank" in fb.details[2] and "outside your team's control" in fb.details[3]


def test_five_whys_blank_and_wrong_shapes() -> None:
    assert session03.check_five_whys(None).correct is None
    assert session03.check_five_whys({"whys": [], "can_act": "yes"}).correct is None
    assert session03.check_five_whys({"whys": "because", "can_act": "yes"}).correct is False


# ------------------------------------------------------------------ exercise 5: involving patients
def test_involvement_model_answer_and_the_accepted_alternative() -> None:
    model = {"1": "informing", "2": "consulting", "3": "collaborating"}
    assert session03.check_involvement(model).correct is True
    assert session03.check_involvement(model | {"2": "Involving"}).correct is True
    assert session03.check_involvement({1: "inform", 2: "consult", 3: "co-design"}).correct is True


def test_involvement_says_which_way_a_rung_is_off() -> None:
    fb = session03.check_involvement({"1": "collaborating", "2": "informing", "3": "devolving"})
    assert fb.message == "0 of 3 decisions are on a rung that fits."
    assert fb.details[0].startswith("Scenario 1: collaborating is higher than this decision needs")
    assert fb.details[1].startswith("Scenario 2: informing is too low; consulting fits")
    assert fb.details[2].startswith("Scenario 3: devolving is higher than this decision needs")


def test_involvement_missing_and_unknown() -> None:
    fb = session03.check_involvement({"1": "informing", "2": "xyz"})
    assert fb.correct is False
    assert fb.hints[0] == "Still to choose: scenario 3."
    assert fb.hints[1].startswith("Use a rung of the ladder: informing, consulting")
    assert session03.check_involvement(["informing"]).correct is False
    assert session03.check_involvement(None).correct is None
