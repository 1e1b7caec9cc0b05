"""5 whys: each check on chains worked out by hand."""

from __future__ import annotations

from qiteach.tools.five_whys import MIN_WHYS, FiveWhys

PROBLEM = "Patients with diabetes miss their annual foot check"


def _chain(*whys: str) -> FiveWhys:
    return FiveWhys.from_answers(PROBLEM, list(whys))


def test_a_good_chain_has_no_problems_and_ends_at_its_root_cause() -> None:
    chain = _chain("The check is not booked with the review", "Reception books two slots",
                   "The booking template has one slot type", "")  # fmt: skip
    assert chain.problems(can_act=True) == []
    assert chain.root_cause == "The booking template has one slot type"
    assert chain.answered == 3 == MIN_WHYS


def test_blank_between_answers_and_too_few() -> None:
    problems = _chain("Not booked", "", "").problems()
    assert problems == ["Only 1 why answered: keep asking why (usually 3 to 5 times)."]
    problems = _chain("Not booked", "", "Template has one slot type").problems()
    assert problems[0] == "Why 2 is blank: each answer should explain the one above it."


def test_restating_the_problem_or_an_earlier_answer() -> None:
    # every meaningful word (patient, miss, foot, check) is the problem's own
    problems = _chain("Patients miss the foot check", "Not booked", "One slot type").problems()
    assert problems == ["Why 1 restates the problem: ask why it happens, not what happens."]
    # {reception, book} both times ("did not" and "didn't" carry no meaning here)
    problems = _chain("Reception did not book it", "Reception didn't book it",
                      "One slot type").problems()  # fmt: skip
    assert problems == ["Why 2 repeats why 1: go one step deeper instead."]


def test_a_solution_is_not_a_reason() -> None:
    problems = _chain("Not booked", "Send more reminders", "One slot type").problems()
    assert problems == [
        'Why 2 "Send more reminders" sounds like a solution: answer with a reason; keep the '
        "solution for a change idea."
    ]


def test_the_root_cause_must_be_something_the_team_can_act_on() -> None:
    blame = _chain("Not booked", "Patients forget", "Patients don't care").problems(can_act=True)
    assert blame == [
        "Why 3 \"Patients don't care\" is outside your team's control or blames people: ask why "
        "once more, about how the system lets it happen."
    ]
    funding = _chain("Not invited", "Not booked", "No funding").problems()
    assert "outside your team's control" in funding[0]
    said_no = _chain("Not booked", "No podiatrist", "The podiatry contract").problems(can_act=False)
    assert said_no == ['You cannot act on "The podiatry contract": ask why once more, or go back '
                       "to the last answer your team could change."]  # fmt: skip


def test_nonsense_is_named() -> None:
    assert _chain("asdf", "Not booked", "One slot type").problems()[0].startswith("Why 1: ")
