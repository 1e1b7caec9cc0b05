"""The examples issue 13 names, each with the specific sentence the participant now sees.

The corpus (test_exercise_corpus.py) measures agreement with a trainer over many
answers; these pin the feedback wording of the reported cases.
"""

from __future__ import annotations

import pytest

from qiteach.exercises import session01, session02, session03, session04, session05, session08

AIM = "Reduce the DNA rate for patients at Elm Surgery from 8% to 5% by 31 March 2027"


def test_an_aim_whose_direction_contradicts_its_numbers():
    fb = session01.check_aim("Reduce the DNA rate at Elm Surgery from 20% to 40% by March 2027")
    assert fb.correct is False
    assert fb.message == (
        'Your aim has all 4 pieces, but they do not add up yet: "Reduce" goes down, but from '
        "20 to 40 goes up: which is it?"
    )


def test_an_aim_that_cannot_be_measured_asks_how():
    fb = session01.check_aim("Make patients happier by 100% by 2027")
    assert fb.correct is False and fb.hints[0].startswith('How will you measure "happier"?')


def test_lunch_is_not_an_aim_nor_a_question():
    assert session01.check_aim("I want lunch").correct is False
    fb = session01.check_three_questions(
        ["I want lunch", "How will I know I had lunch?", "What can I change for lunch?"]
    )
    assert fb.correct is False
    assert any("is not a question" in d for d in fb.details)
    assert any("know what?" in d for d in fb.details)


@pytest.mark.parametrize(
    ("cause", "words"),
    [("the the the", "repeats one word"), ("send more reminders", "sounds like a solution")],
)
def test_fishbone_refuses_repeats_and_solutions(cause, words):
    fb = session02.check_new_causes({"Patients": [cause]})
    assert fb.correct is False and words in fb.details[0]


def test_drivers_that_are_actions_are_named():
    fb = session03.check_driver_diagram(
        {
            "aim": AIM,
            "drivers": {
                "Send more text reminders": {"Patients get reminders": ["Text the day before"]},
                "Patients can cancel easily": {"Cancelling is quick": ["Reply CANCEL to the text"]},
            },
        }
    )
    assert fb.correct is False
    assert any(d.startswith('P1 (primary driver): "Send more text reminders" is an action')
               for d in fb.details)  # fmt: skip


def test_a_prediction_needs_a_measurable_outcome_and_a_date_a_date():
    plan = {
        "objective": "Does a text reminder cut DNAs?",
        "prediction": "All patients will come",
        "who": "Reception",
        "when": "soon",
        "measures": "DNAs per day",
        "scale": "1 GP",
    }
    fb = session05.check_plan(plan)
    assert fb.correct is False
    assert any("has no number" in d for d in fb.details)
    fb = session05.check_plan(dict(plan, prediction="DNAs fall from 3 a week to 1"))
    assert fb.details == ('When: "soon" is not a date: give a day, a week or a month '
                          '(e.g. "Tuesday 12 January").',)  # fmt: skip
    fb = session05.check_plan(dict(plan, prediction="50%", when="next Tuesday"))
    assert "a number of what?" in fb.details[0]


def test_the_spread_check_does_not_accept_xyz(demo_programme):
    north = demo_programme.team("north")
    fb = session08.check_spread_plan({k: "xyz" for k in session08.SPREAD_FIELDS}, north)
    assert fb.correct is False and fb.message.startswith("0 of 6 parts")
    assert any('where: "xyz" is not a place' in h for h in fb.hints)


def test_everyday_words_are_fine_where_the_notebook_says_so():
    fb = session04.check_missing_parts(
        ["out of what", "how often", "which way is good", "what exactly is counted"]
    )
    assert fb.correct is True, fb
