"""check_aim: what, for whom, how much, by when — on good, weak and real-programme aims."""

from __future__ import annotations

import pytest

from qiteach.aims import AimFeedback, check_aim


def test_real_dna_aim_finds_every_piece() -> None:
    fb = check_aim("Reduce the DNA rate at our practice from 8% to 5% by 31 March")
    assert (fb.has_what, fb.has_who, fb.has_how_much, fb.has_by_when) == (True,) * 4
    assert fb.score == 4 and fb.ok
    assert fb.what == "Reduce the DNA rate"
    assert fb.who == "our practice"
    assert fb.how_much == "from 8% to 5%"
    assert fb.by_when == "31 March"
    # no year: a gentle nudge, and the example marks the gap
    assert any("Add the year" in s for s in fb.feedback)
    assert fb.improved_example.endswith("31 March [year]")


def test_hba1c_threshold_is_not_the_how_much() -> None:
    fb = check_aim(
        "Increase the % of patients with diabetes with HbA1c ≤ 58 mmol/mol "
        "from 55% to 65% by March 2026"
    )
    assert fb.ok
    assert fb.how_much == "from 55% to 65%"
    assert fb.by_when == "March 2026"
    assert fb.who == "patients with diabetes"
    assert fb.what.startswith("Increase the % of patients with diabetes")
    assert fb.feedback == ["This aim says what, for whom, how much and by when. Well done!"]
    assert fb.improved_example == fb.text


def test_improve_access_scores_one_with_specific_feedback() -> None:
    fb = check_aim("Improve access")
    assert fb.score == 1 and not fb.ok
    assert fb.has_what and not (fb.has_who or fb.has_how_much or fb.has_by_when)
    text = " ".join(fb.feedback)
    assert '"improve" means' in text
    assert "whose care" in text and "Add a number" in text and "deadline" in text
    assert fb.improved_example.startswith("Improve access")
    for placeholder in ("[who,", "from [where you are now", "by [a date"):
        assert placeholder in fb.improved_example


def test_vague_wish_keeps_their_words_without_lead_in() -> None:
    fb = check_aim("We want to be better at reviewing meds")
    assert fb.score == 1
    assert fb.what == "Be better at reviewing meds"
    assert '"better" means' in fb.feedback[0]
    assert fb.improved_example.startswith("Be better at reviewing meds")


@pytest.mark.parametrize(
    ("aim", "date"),
    [
        ("Reduce DNAs at Elm Surgery from 8% to 5% by March 2026", "March 2026"),
        ("Reduce DNAs at Elm Surgery from 8% to 5% by the end of the year", "the end of the year"),
        ("Reduce DNAs at Elm Surgery from 8% to 5% within 6 months", "within 6 months"),
        ("Reduce DNAs at Elm Surgery from 8% to 5% by 31/03/2026", "31/03/2026"),
        ("Reduce DNAs at Elm Surgery from 8% to 5% by 2026-03-31", "2026-03-31"),
        ("Reduce DNAs at Elm Surgery from 8% to 5% by 31st March 2026", "31st March 2026"),
    ],
)
def test_date_forms(aim: str, date: str) -> None:
    fb = check_aim(aim)
    assert fb.has_by_when and fb.by_when == date
    assert fb.ok


@pytest.mark.parametrize("relative", ["the end of the year", "within 6 months"])
def test_relative_dates_get_a_nudge(relative: str) -> None:
    fb = check_aim(f"Reduce DNAs at Elm Surgery from 8% to 5% {relative}")
    assert any("calendar date" in s for s in fb.feedback)


def test_goal_without_baseline_and_missing_pieces() -> None:
    fb = check_aim("Reduce DNA rate to 5%")
    assert fb.has_how_much and fb.how_much == "to 5%"
    assert not fb.has_who and not fb.has_by_when and fb.score == 2
    assert any("where you start" in s for s in fb.feedback)
    assert fb.improved_example == (
        "Reduce DNA rate to 5% for [who, e.g. patients registered at our practice] "
        "by [a date, e.g. 31 March 2027]"
    )


def test_missing_who_inserted_before_the_date() -> None:
    fb = check_aim("Increase the number of asthma reviews from 40 to 80 by 31 March 2026")
    assert not fb.has_who and fb.has_how_much and fb.has_by_when
    assert fb.improved_example == (
        "Increase the number of asthma reviews from 40 to 80 "
        "for [who, e.g. patients registered at our practice] by 31 March 2026"
    )


def test_aim_starting_with_a_date() -> None:
    fb = check_aim(
        "By March 2026, 80% of over-75s registered with the practice will have had a "
        "medication review"
    )
    assert fb.has_by_when and fb.has_how_much and fb.has_who
    assert fb.how_much == "80%"
    assert fb.what is not None and "medication review" in fb.what


def test_empty_aim() -> None:
    fb = check_aim("")
    assert fb.score == 0 and not fb.ok
    assert "empty" in fb.feedback[0]
    assert "[what" in fb.improved_example


def test_no_direction_word_is_flagged() -> None:
    fb = check_aim("DNA rate at our practice 5% by March 2026")
    assert fb.has_what
    assert any("which way" in s for s in fb.feedback)


def test_str_and_markdown_show_pieces_and_tips() -> None:
    fb = check_aim("Reduce DNA rate to 5%")
    text = str(fb)
    assert "Score: 2/4" in text and "how much:   yes (to 5%)" in text and "Try:" in text
    md = fb._repr_markdown_()
    assert "| How much | yes | to 5% |" in md and "| By when | missing |  |" in md
    assert isinstance(fb, AimFeedback)


@pytest.mark.parametrize(
    ("aim", "who"),
    [
        (
            "Increase the % of patients aged 65 and over who have had a flu vaccination "
            "from 70% to 80% by 31 January 2027",
            "patients aged 65 and over",
        ),
        (
            "Increase flu vaccine uptake in patients aged 65 and over from 70% to 80% "
            "by 31 January 2027",
            "patients aged 65 and over",
        ),
        (
            "Increase the % of patients aged 40-74 who have had an NHS health check "
            "from 30% to 50% by 31 March 2027",
            "patients aged 40-74",
        ),
        (
            "Reduce the DNA rate for patients aged 18 to 25 from 12% to 8% by March 2027",
            "patients aged 18 to 25",
        ),
        (
            "Reduce the number of children under 5 years old seen in A&E from 40 to 30 a month "
            "by December 2026",
            "children under 5 years old seen in A&E",
        ),
    ],
)
def test_age_qualifier_belongs_to_the_population(aim: str, who: str) -> None:
    fb = check_aim(aim)
    assert fb.who == who
    assert fb.ok
    assert fb.how_much is not None and fb.how_much.startswith("from")


def test_numerator_clause_is_not_part_of_the_population() -> None:
    fb = check_aim(
        "Increase the % of patients with diabetes who have had a foot check "
        "from 60% to 80% by 31 March 2027"
    )
    assert fb.who == "patients with diabetes"


@pytest.mark.parametrize(
    ("aim", "how_much"),
    [
        (
            "Reduce the DNA rate for our patients from eight per cent to five per cent "
            "by 31 March 2026",
            "from eight per cent to five per cent",
        ),
        (
            "Reduce the average time to answer the phone for callers to our practice "
            "to under 2 minutes by 1/4/2026",
            "to under 2 minutes",
        ),
        ("Reduce DNAs for our patients by half by 31 March 2027", "by half"),
    ],
)
def test_a_number_that_is_there_is_found(aim: str, how_much: str) -> None:
    fb = check_aim(aim)
    assert fb.how_much == how_much
    assert not any("Add a number" in s for s in fb.feedback)


@pytest.mark.parametrize(
    ("aim", "by_when"),
    [
        (
            "Zero patients waiting more than 2 weeks for a routine appointment by summer 2026",
            "summer 2026",
        ),
        ("Reduce DNAs for our patients from 8% to 5% by Christmas 2026", "Christmas 2026"),
        ("Improve the % of patients with diabetes reviewed from 50% to 70% in 2026", "2026"),
    ],
)
def test_a_year_that_is_there_is_not_asked_for(aim: str, by_when: str) -> None:
    fb = check_aim(aim)
    assert fb.by_when == by_when
    assert not any("Add the year" in s or "Add a deadline" in s for s in fb.feedback)
    assert "2026 2026" not in (fb.what or "") and "  " not in (fb.what or "")


def test_by_next_month_is_a_deadline_that_depends_on_when_you_start() -> None:
    fb = check_aim("Reduce DNAs for our patients from 8% to 5% by next April")
    assert fb.by_when == "next April"
    assert fb.has_by_when
    assert any("depends on when you start" in s for s in fb.feedback)


@pytest.mark.parametrize(
    ("aim", "who"),
    [
        ("Improve patient satisfaction scores from 60% to 75% by 31 March 2027", None),
        (
            "By April 2027, 90% of patients on warfarin will have an INR check recorded",
            "patients on warfarin",
        ),
        (
            "Improve the % of patients with diabetes reviewed in 2026 from 50% to 70%",
            "patients with diabetes",
        ),
    ],
)
def test_population_is_not_a_describing_word_or_a_verb_phrase(aim: str, who: str | None) -> None:
    assert check_aim(aim).who == who


def test_improved_example_does_not_start_with_the_added_population() -> None:
    fb = check_aim("Within 6 months, 80% of new diabetics will be referred to structured education")
    assert not fb.improved_example.startswith("for [who")
    assert fb.improved_example.startswith("Within 6 months, 80% of new diabetics")
    assert "for [who, e.g." in fb.improved_example


@pytest.mark.parametrize(
    ("aim", "who"),
    [
        (
            "Increase the percentage of calls to the West practices answered within 2 minutes "
            "from 60% to 80% by 30 September 2026",
            "the West practices",
        ),
        (
            "Increase the percentage of patients on 10 or more repeat medicines who have had a "
            "structured medication review in the past 12 months from 46% to 75% by 30 September "
            "2026",
            "patients on 10 or more repeat medicines",
        ),
        (
            "Increase the % of patients with asthma reviewed in the last year from 50% to 70% "
            "by March 2027",
            "patients with asthma",
        ),
    ],
)
def test_demo_aims_name_the_population_without_the_verb(aim: str, who: str) -> None:
    fb = check_aim(aim)
    assert fb.who == who
    assert fb.ok


@pytest.mark.parametrize(
    ("aim", "how_much"),
    [
        (
            "Increase the number of NHS health checks completed for our patients from 20 per "
            "month to 40 per month by December 2026",
            "from 20 per month to 40 per month",
        ),
        (
            "Maintain >90% of patients with hypertension with BP recorded by March 2027",
            ">90%",
        ),
    ],
)
def test_rates_per_month_and_kept_above_targets_are_numbers(aim: str, how_much: str) -> None:
    fb = check_aim(aim)
    assert fb.how_much == how_much
    assert not any("Add a number" in s for s in fb.feedback)


def test_a_baseline_given_as_up_from_is_not_asked_for() -> None:
    fb = check_aim(
        "By 31 March 2027, 80% of patients with COPD will have a self-management plan, up from 40%"
    )
    assert not any("where you start" in s for s in fb.feedback)


def test_counted_events_are_a_measure() -> None:
    fb = check_aim("Reduce falls in our care homes from 12 a month to 6 a month by 2027")
    assert not any("Say what you will count" in s for s in fb.feedback)
    assert fb.ok


def test_population_stops_before_receiving() -> None:
    fb = check_aim(
        "Increase the proportion of housebound patients receiving an annual review "
        "from 30% to 60% by March 2027"
    )
    assert fb.who == "housebound patients"


@pytest.mark.parametrize(
    ("aim", "who"),
    [
        (
            "Reduce the average wait for callers from 10 minutes to 3 minutes by March 2027",
            "callers",
        ),
        ("Increase MMR uptake for infants from 85% to 95% by March 2027", "infants"),
        (
            "Reduce emergency admissions for the frail elderly by 10% by March 2027",
            "the frail elderly",
        ),
        (
            "Increase the % of individuals with a learning disability who have a health check "
            "from 50% to 75% by March 2027",
            "individuals with a learning disability",
        ),
        (
            "Increase the % of NHS App users who can book online from 20% to 40% by March 2027",
            "NHS App users",
        ),
    ],
)
def test_more_populations_are_found(aim: str, who: str) -> None:
    assert check_aim(aim).who == who
