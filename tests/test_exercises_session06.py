"""Session 6: red-bead simulation and run-chart self-checks, against hand counts."""

from __future__ import annotations

import numpy as np
import pytest

from qiteach.charts import compute_chart
from qiteach.exceptions import ToolkitError
from qiteach.exercises import session06

# hand-checked series: median 5; runs below/above; longest run 4, crossings 3
HAND = [3, 4, 2, 4, 6, 7, 8, 6, 3, 2, 7, 9]


def test_red_beads_are_seeded_and_plausible():
    a = session06.simulate_red_beads(seed=11)
    b = session06.simulate_red_beads(seed=11)
    assert a.equals(b)
    assert not a.equals(session06.simulate_red_beads(seed=12))
    big = session06.simulate_red_beads(days=200, seed=1)
    assert big["red_beads"].mean() / 50 == pytest.approx(0.2, abs=0.01)
    with pytest.raises(ToolkitError, match="paddle"):
        session06.simulate_red_beads(paddle=5000)


def test_red_bead_chart_limits_match_the_p_chart_formula():
    beads = session06.simulate_red_beads(seed=5)
    pts = session06.red_bead_chart(beads).points
    p = beads["red_beads"].sum() / beads["paddle"].sum()
    assert pts["cl"].iloc[0] == pytest.approx(100 * p)
    assert pts["ucl"].iloc[0] == pytest.approx(100 * (p + 3 * np.sqrt(p * (1 - p) / 50)))


def test_bonus_feedback():
    beads = session06.simulate_red_beads(seed=2026)
    assert session06.check_bonus("Nobody", beads).correct is True
    totals = beads.groupby("worker")["red_beads"].sum()
    fb = session06.check_bonus(totals.idxmin(), beads)
    assert fb.correct is False and f"drew {totals.min()} red beads" in fb.message
    assert session06.check_bonus("Zed", beads).correct is False


def test_median_and_mean_hint():
    assert session06.check_median(5, HAND).correct is True
    fb = session06.check_median(float(np.mean(HAND)), HAND)
    assert fb.correct is False and fb.hints[0].startswith("That is the mean")


def test_runs_hand_counted():
    assert session06.check_runs({"longest_run": 4, "crossings": 3}, HAND).correct is True
    fb = session06.check_runs({"longest_run": 5, "crossings": 3}, HAND)
    assert fb.correct is False and fb.message == "1 of 2 counts right."


def test_rules_fired_on_each_team_chart(demo_programme):
    programme = demo_programme
    for team in programme.teams_iter():
        result, measure = session06.team_run_chart(team)
        assert measure["type"] == "outcome"
        fired = sorted({s.rule for s in result.signal_spans})
        assert session06.check_rules_fired(fired, result).correct is True
        assert session06.check_rules_fired(None, result).correct is None
        if fired:
            assert session06.check_rules_fired([], result).correct is False
        else:
            assert session06.check_rules_fired(["long_run"], result).correct is False


def test_rules_can_be_named_in_the_legends_words():
    # 12 rising points: few crossings fires, the longest run (6) does not
    result = session06.compute_chart(y=list(range(1, 13)), chart="run", rules="anhoej")
    legend = ["Unusually few crossings of the centre line"]
    assert session06.check_rules_fired(legend, result).correct is True
    wrong = session06.check_rules_fired(
        ["Unusually long run on one side of the centre line"], result
    )
    assert wrong.correct is False
    # the missed rule is described, not named: the hint nudges without the answer
    assert any("crosses the median" in d for d in wrong.details)
    assert not any("few_crossings:" in d for d in wrong.details)
    assert "outside_limits" not in wrong.hints[0]  # no limits on a run chart


@pytest.mark.parametrize(("rules", "used"), [("ihi", "ihi"), ("hcdg", "anhoej"), ("mdc", "anhoej")])
def test_team_run_chart_uses_a_run_chart_rule_set(rules: str, used: str, demo_programme):
    team = demo_programme.team("west")
    result, _ = session06.team_run_chart(team, rules=rules)
    assert result.chart == "run" and result.rules == used


def test_red_bead_limits_are_shown_to_one_decimal():
    beads = session06.simulate_red_beads(seed=2026)
    pts = session06.red_bead_chart(beads).points
    fb = session06.check_bonus("nobody", beads)
    assert f"({pts['lcl'].iloc[0]:.1f}% to {pts['ucl'].iloc[0]:.1f}%)" in fb.message


# ---------------------------------------------------------------- review fixes
@pytest.mark.parametrize(
    "answer", ["Nobody.", "no one!", "None of them", "nobody - it's the system", "NO-ONE"]
)
def test_bonus_accepts_nobody_written_naturally(answer):
    fb = session06.check_bonus(answer, session06.simulate_red_beads(seed=2026))
    assert fb.correct is True, str(fb)


def test_bonus_with_a_worker_and_punctuation_names_the_worker():
    fb = session06.check_bonus("Ann!", session06.simulate_red_beads(seed=2026))
    assert fb.correct is False
    assert fb.message.startswith("Ann drew ")


@pytest.mark.parametrize("answer", [5, 2.0, True])
def test_rules_fired_with_a_number_asks_for_a_list_not_a_traceback(answer):
    result = compute_chart(y=HAND, chart="run", rules="anhoej")
    fb = session06.check_rules_fired(answer, result)
    assert fb.correct is False
    assert "list" in fb.message


def test_runs_rejects_a_fractional_count():
    # HAND: longest run 4; int(4.6) == 4 must not be accepted
    fb = session06.check_runs({"longest_run": 4.6, "crossings": 3}, HAND)
    assert fb.correct is False
    assert fb.details[0].startswith("longest_run = 4.6: not quite")


def test_runs_accepts_keys_in_other_spellings():
    fb = session06.check_runs({"Longest run": 4, "Crossings": "3"}, HAND)
    assert fb.correct is True, str(fb)


def test_runs_given_as_a_list_says_how_to_write_it():
    fb = session06.check_runs([4, 3], HAND)
    assert fb.correct is False
    assert "longest_run" in fb.message and "crossings" in fb.message


def test_bonus_names_every_worker_tied_for_fewest():
    beads = session06.simulate_red_beads(seed=2026)
    totals = beads.groupby("worker")["red_beads"].sum()
    tied = sorted(totals.index[totals == totals.min()])
    assert len(tied) == 2  # the notebook's default seed has a tie for the "best" worker
    fb = session06.check_bonus("nobody", beads)
    assert f"{int(totals.min())} ({' and '.join(tied)})" in fb.details[0]


def test_bonus_feedback_does_not_contradict_itself_when_a_draw_falls_outside():
    beads = session06.simulate_red_beads(seed=11)  # D4 Ann is beyond the upper limit
    fb = session06.check_bonus("nobody", beads)
    assert fb.correct is True
    assert "D4 Ann fell outside the limits" in fb.message and "by chance" in fb.message
    assert "only D4 Ann" not in fb.message


def test_rules_fired_when_the_team_has_no_chart_yet():
    fb = session06.check_rules_fired(["long_run"], None)
    assert fb.correct is None
    assert "no run chart yet" in fb.message


# ------------------------------------------------------------------ astronomical point
def test_astronomical_candidates_by_hand() -> None:
    from qiteach.charts.astronomical import astronomical_candidates

    # median 40.5; moving ranges 2,6,3,2,111,108,5,3,3 -> median 3; 3.14 x 3 = 9.42
    y = [40, 38, 44, 41, 39, 150, 42, 37, 40, 43]
    assert astronomical_candidates(y) == [5]
    # 50 is 9.5 from the median (> 9.42): suggested; 49 is 8.5: not
    assert astronomical_candidates([*y[:5], 50, *y[6:]]) == [5]
    assert astronomical_candidates([*y[:5], 49, *y[6:]]) == []
    assert astronomical_candidates([y[0], float("nan"), *y[1:]]) == [6]  # positions kept


def test_the_shipped_week_is_the_only_suggestion_and_no_rule_flags_it() -> None:
    import qiteach
    from qiteach.charts.astronomical import astronomical_candidates

    bp = qiteach.load_dataset("bp-checks-weekly")
    assert astronomical_candidates(bp["readings"]) == [8]
    assert bp["note"].fillna("").iloc[8].startswith("Saturday flu clinic")
    for rules in ("ihi", "anhoej"):  # a judgement rule: the computed rules stay silent
        result = qiteach.compute_chart(bp, x="week", y="readings", chart="run", rules=rules)
        assert not result.signal_spans, rules


def test_ihi_rule_set_carries_the_judgement_rule_in_words() -> None:
    from qiteach.charts.rules import RULE_SETS
    from qiteach.charts.rules.ihi import ASTRONOMICAL

    assert RULE_SETS["ihi"].judgement == (ASTRONOMICAL,)
    assert "astronomical" not in RULE_SETS["ihi"].keys  # never computed
    assert RULE_SETS["anhoej"].judgement == ()


def test_astronomical_check_feedback() -> None:
    import qiteach
    from qiteach.exercises.session06 import check_astronomical

    bp = qiteach.load_dataset("bp-checks-weekly")
    fb = check_astronomical("2025-11-24", bp)
    assert fb.passed and fb.message.startswith("24 Nov 2025 (161)")
    assert "Saturday flu clinic" in fb.hints[0]
    fb = check_astronomical("2025-10-20", bp)
    assert not fb.passed
    assert fb.message == (
        "20 Oct 2025 (59) is the highest of the other weeks, not far from the rest."
    )
    assert "median (39.5)" in check_astronomical("none", bp).hints[0]
    flat = bp.assign(readings=bp["readings"].where(bp.index != 8, 40))
    assert check_astronomical("none", flat).passed
    assert check_astronomical(None, bp).correct is None
