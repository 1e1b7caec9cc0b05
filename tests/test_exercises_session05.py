"""Session 5 self-checks: plan checks, pdsa rows, and reading the team's log."""

from __future__ import annotations

import pytest

from qiteach.exercises import session05
from qiteach.pdsa import PRINCIPLES, PDSALog, quality_score


@pytest.fixture(scope="module")
def programme(demo_programme):
    return demo_programme


def test_prediction_without_a_number_is_flagged():
    checks = session05.plan_checks({"prediction": "Fewer DNAs"})
    assert checks[1] == (
        False,
        'The prediction "Fewer DNAs" has no number: how much change do you expect '
        "(e.g. 'from 3 DNAs a week to 1')?",
    )
    assert session05.plan_checks({"prediction": "DNAs halve"})[1][0] is True


def test_none_prediction_counts_as_missing():
    texts = [t for ok, t in session05.plan_checks({"prediction": "n/a"}) if not ok]
    assert any("no prediction" in t for t in texts)


def test_weak_plan_fails_and_not_answered():
    assert session05.check_plan(session05.WEAK_PLAN).correct is False
    assert session05.check_plan(None).correct is None


def test_plan_row_matches_the_pdsa_schema(programme):
    team = programme.team("west")
    log = session05.team_log(team)
    row = session05.plan_row(
        {"node_id": "CI5", "objective": "x"}, team_id="west", log=log, start="2026-09-01"
    )
    assert list(row) == list(team.pdsa.columns)
    assert row["cycle_id"] == f"C{len(team.pdsa) + 1}"
    assert row["ramp"] == team.pdsa.loc[team.pdsa["node_id"] == "CI5", "ramp"].iloc[-1]


@pytest.mark.parametrize("team_id", ["north", "west", "south"])
def test_weakest_principle_computed_from_quality_score(programme, team_id):
    team = programme.team(team_id)
    q = quality_score(
        PDSALog.from_frame(team.pdsa, drivers=team.drivers), measurements=team.measurements
    )
    low = min(q.scores.values())
    weakest = [p for p in PRINCIPLES if q.scores[p] == low]
    strongest = max(PRINCIPLES, key=lambda p: q.scores[p])
    assert session05.check_weakest_principle(weakest[0], team).correct is True
    if q.scores[strongest] > low:
        fb = session05.check_weakest_principle(strongest, team)
        assert fb.correct is False and f"{q.scores[strongest]:.2f}" in fb.message
    assert session05.check_weakest_principle("speed", team).correct is False


@pytest.mark.parametrize("team_id", ["north", "west", "south"])
def test_longest_ramp_computed_from_the_log(programme, team_id):
    team = programme.team(team_id)
    counts = team.pdsa.groupby(["node_id", "ramp"]).size()
    longest = int(counts.max())
    assert session05.check_longest_ramp(longest, team).correct is True
    fb = session05.check_longest_ramp(longest - 1, team)
    assert fb.correct is False and "more than" in fb.message
    # a number in words is read as the number (issue 13: everyday words are fine)
    assert session05.check_longest_ramp(str(longest), team).correct is True
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    assert session05.check_longest_ramp(words[longest], team).correct is True
    assert session05.check_longest_ramp("lots", team).correct is False


# ---------------------------------------------------------------- review fixes
@pytest.mark.parametrize("extra", [0.5, 0.1])
def test_longest_ramp_rejects_a_fractional_count(programme, extra):
    team = programme.team("north")
    right = len(session05.longest_ramp(team).cycles)
    assert session05.check_longest_ramp(right, team).correct is True
    fb = session05.check_longest_ramp(right + extra, team)  # int() would truncate it to right
    assert fb.correct is False
    assert "whole number" in fb.message


def test_longest_ramp_true_is_not_a_count(programme):
    assert session05.check_longest_ramp(True, programme.team("north")).correct is False


@pytest.mark.parametrize("form", ["{}s", "{}.", "  {}  ", "['{}']"])
def test_weakest_principle_in_a_slightly_different_form(programme, form):
    team = programme.team("north")
    weakest, _ = session05.weakest_principles(team)
    answer = form.format(weakest[0])
    if answer.startswith("["):
        answer = [weakest[0]]
    assert session05.check_weakest_principle(answer, team).correct is True


def test_plan_with_capitalised_keys_is_read():
    plan = {
        "Objective": "Does a text reminder cut DNAs on one GP's list?",
        "Prediction": "DNAs fall from 4 to 2 a week",
        "Who": "Receptionist Sam",
        "When": "next Monday for one week",
        "Measures": "DNAs per week from the appointment book",
        "Scale": "one GP list, one week",
    }
    assert session05.check_plan(plan).correct is True


def test_plan_that_is_not_a_dict_is_not_called_unanswered():
    fb = session05.check_plan("Send text reminders and see")
    assert fb.correct is False
    assert "dict" in fb.message


# ------------------------------------------------------------ stakeholders and resistance
from qiteach.tools.stakeholders import EXAMPLE_STAKEHOLDERS  # noqa: E402
from qiteach.widgets.forms import get_spec  # noqa: E402

GOOD_STAKEHOLDERS = [
    {"name": "GP partners", "influence": "5", "interest": "4",
     "action": "Present the aim and data at the partners' meeting", "who": "PM, 3 June"},
    {"name": "Practice nurses", "influence": 4, "interest": 5,
     "action": "Co-design the review template", "who": "Lead nurse, next week"},
    {"name": "Reception team", "influence": "low", "interest": "high", "action": "", "who": ""},
    {"name": "Patients' group", "influence": 2, "interest": 5},
]  # fmt: skip


def test_stakeholders_pass_and_say_each_quadrant():
    fb = session05.check_stakeholders(GOOD_STAKEHOLDERS)
    assert fb.correct is True
    assert fb.message == (
        "All 4 stakeholders placed on the grid, and every high-influence one has an action."
    )
    assert fb.details[0].startswith("GP partners: influence 5, interest 4 -> Manage closely.")
    assert fb.details[2].startswith("Reception team: influence 2, interest 4 -> Keep informed.")


def test_the_teaching_example_fails_on_the_commissioner_only():
    fb = session05.check_stakeholders(list(EXAMPLE_STAKEHOLDERS))
    assert fb.correct is False
    assert fb.message == "1 high-influence stakeholder has no planned action: ICB commissioner."
    assert fb.details[0] == (
        "ICB commissioner (keep satisfied) has high influence but no planned action: add one."
    )


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"influence": ""}, "Row 2: Practice nurses has no influence score (give a whole"),
        ({"interest": "lots"}, 'Row 2: Practice nurses: "lots" is not a score (give a whole'),
        ({"interest": 7}, "Row 2: Practice nurses: 7 is not a score ("),
        ({"name": ""}, "Row 2: a row has scores but no stakeholder (name the person"),
        ({"name": "gp PARTNERS"}, "Row 2: gp PARTNERS is listed twice (keep one row"),
    ],
)
def test_stakeholder_rows_that_cannot_be_placed_name_the_row(change, said):
    rows = [dict(r) for r in GOOD_STAKEHOLDERS]
    rows[1] |= change
    fb = session05.check_stakeholders(rows)
    assert fb.correct is False and fb.message == "1 row cannot be placed on the grid yet."
    assert fb.details[0].startswith(said), fb.details


def test_stakeholder_judgements_at_the_edges():
    assert session05.check_stakeholders(None).correct is None
    assert session05.check_stakeholders([]).correct is None
    assert session05.check_stakeholders("the partners").correct is False
    assert session05.check_stakeholders({"name": "GP"}).correct is False
    assert session05.check_stakeholders(["GP partners"]).correct is False
    two = session05.check_stakeholders(GOOD_STAKEHOLDERS[:2])
    assert two.message == "2 stakeholders: list at least 3."
    # influence 3 is the middle, not high: nobody with power over the project
    lows = [dict(r, influence=3) for r in GOOD_STAKEHOLDERS]
    assert session05.check_stakeholders(lows).message == (
        "No one on your list has high influence (4 or 5)."
    )
    # influence 4 is high: an action is needed, and who does it
    no_who = [dict(r) for r in GOOD_STAKEHOLDERS]
    no_who[1]["who"] = ""
    fb = session05.check_stakeholders(no_who)
    assert fb.message == "1 high-influence stakeholder has no planned action: Practice nurses."
    assert fb.details[0] == (
        'Practice nurses (manage closely): say who will do "Co-design the review template" '
        "(and when)."
    )
    mash = [dict(r) for r in GOOD_STAKEHOLDERS]
    mash[0]["action"] = "xyz"
    fb = session05.check_stakeholders(mash)
    assert fb.correct is False and "GP partners" in fb.message
    assert any(d.startswith('GP partners: "xyz" does not read as words') for d in fb.details)


def test_stakeholder_grid_from_what_was_typed_skips_unplaceable_rows():
    rows = [dict(r) for r in GOOD_STAKEHOLDERS]
    rows[3]["interest"] = ""
    grid = session05.stakeholder_grid(rows)
    assert [s.name for s in grid.stakeholders] == [r["name"] for r in GOOD_STAKEHOLDERS[:3]]
    assert session05.stakeholder_grid([{"name": "", "influence": ""}]) is None
    assert session05.stakeholder_grid("GP") is None


def test_stakeholder_form_gives_the_python_feedback(tmp_path):
    spec = get_spec("session05.stakeholders")
    values = spec.blank_values({})
    assert len(values["stakeholders"]) == session05.STAKEHOLDER_ROWS
    for row, typed in zip(values["stakeholders"], GOOD_STAKEHOLDERS, strict=False):
        row |= {k: str(v) for k, v in typed.items()}
    answer, feedback, said = spec.run(values, {})
    assert len(answer) == session05.STAKEHOLDER_ROWS  # blank rows kept: rows keep their numbers
    assert str(feedback) == str(session05.check_stakeholders(GOOD_STAKEHOLDERS))
    assert said == (
        "I read your answer as 4 stakeholders: GP partners; Practice nurses; Reception team; "
        "Patients' group."
    )
    values["stakeholders"][7] |= {"name": "ICB", "influence": "5", "interest": ""}
    _, feedback, _ = spec.run(values, {})
    assert feedback.details == (
        "Row 8: ICB has no interest score (give a whole number from 1 (low) to 5 (high), "
        "or low/high).",
    )
    assert spec.run(spec.blank_values({}), {})[0] is None


def test_resistance_key_and_feedback():
    assert session05.check_resistance(None).correct is None
    assert session05.check_resistance({}).correct is None
    assert session05.check_resistance({"tried_before": ""}).correct is None
    fb = session05.check_resistance(dict(session05.RESISTANCE_KEY))
    assert fb.correct is True and len(fb.details) == 3
    fb = session05.check_resistance(
        {"tried_before": "history", "no_time": "blocker", "evidence": "workload"}
    )
    assert fb.message == "1 of 3 matched."
    assert fb.details[1].startswith("\"I haven't got time")
    assert "resistance is information, not obstruction" in fb.details[1]
    assert fb.details[2].startswith('"How do we know') and ": not workload - " in fb.details[2]
    part = session05.check_resistance({"no_time": "workload"})
    assert part.message == "1 of 3 matched."
    assert part.details[0].startswith("Not matched yet:")
    assert session05.check_resistance({"weather": "history"}).correct is False
    assert session05.check_resistance("history").correct is False
    # the meaning's own words count as the meaning
    full = {k: session05.RESISTANCE_MEANINGS[v] for k, v in session05.RESISTANCE_KEY.items()}
    assert session05.check_resistance(full).correct is True
    odd = session05.check_resistance(dict(session05.RESISTANCE_KEY, evidence="vibes"))
    assert '"vibes" is not one of the meanings.' in odd.details[2]


def test_every_statement_has_one_right_meaning_and_the_trap_is_never_right():
    key = session05.RESISTANCE_KEY
    assert set(key) == set(session05.RESISTANCE_STATEMENTS)
    assert len(set(key.values())) == len(key)
    assert set(key.values()) < set(session05.RESISTANCE_MEANINGS)
    assert "blocker" not in key.values()


def test_resistance_form_gives_the_python_feedback():
    spec = get_spec("session05.resistance")
    values = spec.blank_values({})
    assert [r["row"] for r in values["matches"]] == list(session05.RESISTANCE_STATEMENTS)
    for row in values["matches"]:
        row["meaning"] = session05.RESISTANCE_KEY[row["row"]]
    answer, feedback, _ = spec.run(values, {})
    assert answer == session05.RESISTANCE_KEY
    assert feedback.correct is True
    assert spec.run(spec.blank_values({}), {})[0] is None
