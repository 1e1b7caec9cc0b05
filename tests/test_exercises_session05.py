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
