"""Tests for the session 1 self-checks: three questions, aim/measure/change, writing an aim."""

from __future__ import annotations

import pytest

from qiteach.aims import check_aim as library_check_aim
from qiteach.exercises import Feedback
from qiteach.exercises.session01 import (
    KINDS,
    QUESTIONS,
    STATEMENTS,
    check_aim,
    check_classification,
    check_three_questions,
    statements_table,
)

KEY = [s.kind for s in STATEMENTS]


# ---------------------------------------------------------------- three questions
def test_langleys_wording_passes() -> None:
    fb = check_three_questions(list(QUESTIONS))
    assert fb.correct is True
    assert all("good" in d for d in fb.details)


def test_own_words_pass() -> None:
    fb = check_three_questions(
        ("What do we want to achieve?", "How can we tell things got better?",
         "What ideas could we test?")
    )  # fmt: skip
    assert fb.passed


@pytest.mark.parametrize("blank", [None, ..., ""])
def test_blank_is_not_answered(blank) -> None:
    assert check_three_questions(blank).correct is None


def test_wrong_order_is_named() -> None:
    fb = check_three_questions(list(reversed(QUESTIONS)))
    assert fb.correct is False
    assert fb.hints[0].startswith("The order matters")
    assert "asks about the change ideas, but question 1 should ask about the aim" in fb.details[0]


def test_one_word_answers_are_not_enough() -> None:
    fb = check_three_questions(["aim", "measures", "changes"])
    assert fb.correct is False
    assert fb.message == "0 of 3 questions are right."
    assert "write it as a whole question" in fb.details[0]


def test_wrong_length_and_type() -> None:
    assert "your list has 2" in check_three_questions(["a", "b"]).message
    assert check_three_questions("What are we trying to accomplish?").correct is False


# ---------------------------------------------------------------- classification
def test_statements_cover_every_kind_and_table_is_numbered_from_1() -> None:
    assert {s.kind for s in STATEMENTS} == set(KINDS)
    shown = statements_table()
    assert shown.items == tuple(s.text for s in STATEMENTS)
    assert str(shown).splitlines()[-1] == f"{len(STATEMENTS)}. {STATEMENTS[-1].text}"


def test_key_passes_as_list_and_dict_with_aliases() -> None:
    assert check_classification(KEY).passed
    aliased = {i: ("changes" if k == "change idea" else k.upper()) for i, k in enumerate(KEY, 1)}
    assert check_classification(aliased).passed


def test_each_wrong_statement_is_named_with_a_question_to_ask() -> None:
    answer = dict(enumerate(KEY, start=1))
    answer[1] = "measure"  # an aim called a measure
    answer[2] = "change idea"  # a measure called a change idea
    fb = check_classification(answer)
    assert fb.correct is False
    assert fb.message == f"{len(KEY) - 2} of {len(KEY)} statements sorted correctly."
    assert fb.details[0].startswith("Statement 1 (") and fb.details[0].endswith("is not a measure.")
    assert "is not a change idea." in fb.details[1]
    assert fb.hints[0] == (
        "Statement 1: ask yourself, does it say what will improve, for whom, how much and by when?"
    )


def test_unknown_kind_missing_and_extra_numbers() -> None:
    fb = check_classification({1: "aim", 2: "banana", 99: "aim"})
    assert fb.correct is False
    assert any("'banana' is not aim, measure or change idea" in d for d in fb.details)
    assert any("has no answer yet" in d for d in fb.details)
    assert any("There is no statement 99" in d for d in fb.details)
    assert fb.hints[0].startswith("Use one of")


def test_blank_and_bad_types() -> None:
    assert check_classification(None).correct is None
    assert check_classification("aim").correct is False


# ---------------------------------------------------------------- aims
def test_good_aim_passes_with_pieces_listed() -> None:
    aim = "Increase the % of patients with asthma with a review from 50% to 70% by 31 March 2027"
    fb = check_aim(aim)
    assert isinstance(fb, Feedback) and fb.passed
    lib = library_check_aim(aim)
    assert fb.details == (
        f"what: found ({lib.what!r})",
        f"for whom: found ({lib.who!r})",
        f"how much: found ({lib.how_much!r})",
        f"by when: found ({lib.by_when!r})",
    )


def test_weak_aim_lists_what_is_missing_and_offers_a_rewrite() -> None:
    fb = check_aim("We want to reduce DNAs")
    assert fb.correct is False
    assert fb.message.endswith("still missing: for whom, how much, by when.")
    assert "by when: missing" in fb.details
    assert fb.hints[-1].startswith("Try: Reduce DNAs for [who")


def test_ok_aim_with_relative_date_keeps_the_advice() -> None:
    fb = check_aim("Reduce the DNA rate at our practice from 8% to 5% within 6 months")
    assert fb.passed
    assert "by when: found ('within 6 months')" in fb.details
    assert any("calendar date" in h for h in fb.hints)


def test_blank_and_non_text_aims() -> None:
    assert check_aim(None).correct is None
    assert check_aim("   ").correct is None
    fb = check_aim(42)
    assert fb.correct is False and "not int" in fb.message


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_demo_team_aims_pass(team: str, demo_programme) -> None:

    aim = demo_programme.team(team).info["aim"]
    assert check_aim(aim).passed


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_team_model_shows_the_workspace_answers(team: str, demo_programme) -> None:
    from qiteach.exercises.session01 import team_model

    t = demo_programme.team(team)
    model = team_model(t)
    answers = dict(model.rows)
    assert list(answers) == list(QUESTIONS)
    assert answers[QUESTIONS[0]] == t.info["aim"]
    assert answers[QUESTIONS[1]].count(" · ") == len(t.measures) - 1
    ideas = t.drivers.loc[t.drivers["kind"] == "change_idea", "text"].tolist()
    assert answers[QUESTIONS[2]].split(" · ") == ideas


def test_classification_with_punctuation_and_capitals():
    answer = [k.title() + "." for k in KEY]  # "Aim.", "Change Idea."
    assert check_classification(answer).correct is True


# ---------------------------------------------------------------- the charter (exercise 4)
MODEL_SCOPE = {
    "scope_in": "Adults on the hypertension register at Elm Surgery",
    "scope_out": "Care-home residents; changes to anyone's blood pressure medicines",
    "sponsor": "Dr R Shah, senior partner",
}


def test_charter_scope_model_answer_passes() -> None:
    from qiteach.exercises.session01 import check_charter_scope

    fb = check_charter_scope(MODEL_SCOPE)
    assert fb.correct is True and fb.details == ()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"scope_out": ""}, "Out of scope: say what the project leaves out"),
        ({"sponsor": " "}, "Sponsor: name a senior person"),
        ({"scope_in": ""}, "In scope: say which patients, practices or steps"),
        ({"scope_in": "All patients"}, 'In scope: "All patients" could mean anything'),
        ({"scope_out": "nothing"}, 'Out of scope: "nothing" leaves nothing out'),
        ({"scope_out": "adults on the hypertension register"}, "it repeats what is in scope"),
        ({"sponsor": "The team"}, 'Sponsor: "The team" is not one person'),
        ({"sponsor": "NHS England"}, 'Sponsor: "NHS England" is not one person'),
    ],
)
def test_charter_scope_says_which_part_and_why(changes: dict, expected: str) -> None:
    from qiteach.exercises.session01 import check_charter_scope

    fb = check_charter_scope(MODEL_SCOPE | changes)
    assert fb.correct is False and fb.message == "Not yet: 1 part(s) to sharpen."
    assert fb.details[0].startswith(expected) or expected in fb.details[0], fb.details


def test_charter_scope_blank_wrong_type_and_project_lead_as_sponsor(demo_programme) -> None:
    from qiteach.exercises.session01 import check_charter_scope

    assert check_charter_scope(None).correct is None
    assert check_charter_scope({"scope_in": "", "scope_out": " ", "sponsor": None}).correct is None
    assert check_charter_scope("Elm Surgery").correct is False
    north = demo_programme.team("north")  # Beth Carver leads north's project
    fb = check_charter_scope(MODEL_SCOPE | {"sponsor": "Beth Carver"}, team=north)
    assert fb.correct is True and fb.hints[0].startswith("Beth Carver leads the project")
    assert "leads the project" not in " ".join(check_charter_scope(MODEL_SCOPE, team=north).hints)


def test_charter_review_of_the_demo_and_a_new_team(demo_programme, new_team) -> None:
    from qiteach.exercises.session01 import charter_review

    assert str(charter_review(demo_programme.team("north"))) == (
        "Fewer missed appointments: every part of the charter is there."
    )
    south = charter_review(demo_programme.team("south"))
    assert [g.part for g in south.gaps] == ["sponsor"]
    assert "- missing: Sponsor: name a senior person" in south._repr_markdown_()
    fresh = str(charter_review(new_team))
    assert fresh.startswith("Faster repeat prescriptions: your team has no charter yet.")


# ---------------------------------------------------------------- the grid (exercise 5)
def test_priority_grid_key_and_feedback_by_hand() -> None:
    from qiteach.exercises.session01 import GRID_IDEAS, check_priority_grid, grid_table

    key = [
        "quick wins",
        "major projects",
        "major projects",
        "fill-ins",
        "thankless tasks",
        "quick wins",
    ]  # worked out by hand from the scores, 3 or more counting as high
    assert check_priority_grid(key).correct is True
    assert len(grid_table().items) == len(GRID_IDEAS) == 6
    fb = check_priority_grid(dict(enumerate(key, 1)) | {2: "quick wins"})
    assert fb.message == "5 of 6 ideas placed correctly."
    assert fb.details == (
        "Idea 2 ('Lend home BP monitors and take readings by an online form') has impact 5 and "
        "effort 3: impact 5 is high, and effort 3 counts as high (3 or more), so it is a major "
        "project, not a quick win.",
    )
    fb = check_priority_grid(dict(enumerate(key, 1)) | {4: "urgent", 5: ""})
    assert "Idea 4: 'urgent' is not one of the four quadrants." in fb.details
    assert any("Idea 5" in d and "no quadrant yet" in d for d in fb.details)
    assert fb.hints[0] == "Use one of: quick wins, major projects, fill-ins, thankless tasks."
    assert check_priority_grid(None).correct is None
    assert check_priority_grid(42).correct is False
