"""Session 8 self-checks, storyboard and report preview, on the demo programme."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from qiteach.charts import compute_chart
from qiteach.exercises import session08 as s8


@pytest.fixture(scope="module")
def programme(demo_programme):
    return demo_programme


# ---------------------------------------------------------------- progress score


@pytest.mark.parametrize(
    ("team", "suggested"), [("north", (4.0, 5.0)), ("west", (3.0, 4.0)), ("south", (2.5, 3.0))]
)
def test_evidence_follows_the_charts_and_aim(programme, team, suggested) -> None:
    ev = s8.progress_evidence(programme.team(team))
    assert ev.suggested == suggested
    # the demo teams' own recorded scores sit inside what their data support
    assert suggested[0] <= ev.recorded <= suggested[1]


def test_progress_score_feedback(programme) -> None:
    south = programme.team("south")
    assert s8.check_progress_score(2.5, south).passed
    high = s8.check_progress_score(4.0, south)
    assert high.correct is False and "more than the data show" in high.message
    assert "signal of improvement" in high.hints[0]
    low = s8.check_progress_score(1.0, programme.team("north"))
    assert low.correct is False and "undersells" in low.message
    assert s8.check_progress_score(2.7, south).correct is False  # not on the scale
    assert s8.check_progress_score(None, south).correct is None


# ---------------------------------------------------------------- sustaining


def test_north_holds_after_the_last_noted_change(programme) -> None:
    north = programme.team("north")
    r = s8.sustain_status(north)
    notes = north.measure_series("dna_rate").data["note"]
    assert r.change_row == int(notes.last_valid_index())
    assert r.status == "holding"
    split = r.chart()
    assert split.parts["part"].tolist() == [1, 2]
    before, after = split.points["cl"].iloc[0], split.points["cl"].iloc[r.change_row]
    assert after < before  # DNA rate: lower is better
    assert f"{before:.3g}" in r.sentences[1] and "better way" in r.sentences[1]


def test_too_early_and_no_change(programme) -> None:
    west = s8.sustain_status(programme.team("west"))
    assert west.status == "too early"
    assert len(programme.team("west").measure_series("answered_2min").data) - west.change_row < 8
    south = s8.sustain_status(programme.team("south"))
    assert south.status == "no change adopted" and south.change_row is None


def test_since_date_overrides_and_slipping_is_found(programme) -> None:
    west = programme.team("west")
    r = s8.sustain_status(west, since="2026-01-01")
    assert r.change_row == 12 and r.status in ("holding", "slipping")
    # a level that falls back after the change: data built so the answer is known
    import pandas as pd

    from qiteach.workspace.model import MeasureSeries

    y = [10.0] * 12 + [5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.1, 5.0] + [9.8, 10.1, 9.9, 10.2, 10.0, 9.7]
    data = pd.DataFrame({"x": pd.date_range("2025-01-06", periods=len(y), freq="W-MON"),
                         "y": y, "n": float("nan"), "note": [None] * 12 + ["change"] +
                         [None] * (len(y) - 13)})  # fmt: skip
    measure = {"measure_id": "m", "name": "Waits", "chart": "i", "direction": "decrease"}

    class _Team:
        team_id = "t"
        measures = pd.DataFrame([{**measure, "type": "outcome"}])
        pdsa = pd.DataFrame(columns=["act"])

        def measure_series(self, _id):
            return MeasureSeries(measure, data, "anhoej")

    slip = s8.sustain_status(_Team())
    assert slip.status == "slipping" and slip.change_row == 12
    fb = s8.check_sustain("holding", _Team())
    assert fb.correct is False and "'slipping'" in fb.message


def test_check_sustain_answers(programme) -> None:
    north = programme.team("north")
    assert s8.check_sustain("holding", north).passed
    assert s8.check_sustain(True, north).passed
    assert s8.check_sustain("too early", north).correct is False
    assert s8.check_sustain("maybe", north).correct is False
    assert s8.check_sustain(None, north).correct is None
    assert s8.check_sustain("no change", programme.team("south")).passed


# ---------------------------------------------------------------- spread plan

GOOD = {"change": "Two-way SMS reminders with cancel by reply", "where": "the South practices",
        "who": "practice manager leads", "how": "share the template at a buddy visit",
        "measure": "weekly DNA rate", "when": "from November 2026"}  # fmt: skip


def test_complete_plan_passes(programme) -> None:
    fb = s8.check_spread_plan(GOOD, programme.team("north"))
    assert fb.passed and len(fb.details) == len(s8.SPREAD_FIELDS)


def test_plan_gaps_get_specific_hints(programme) -> None:
    north = programme.team("north")
    plan = {**GOOD, "change": "coloured posters", "where": "Elm Surgery", "when": "soon", "how": ""}
    fb = s8.check_spread_plan(plan, north)
    assert fb.correct is False
    text = " ".join(fb.hints)
    assert "Tested ideas" in text  # change not from the team's tests
    assert "own practices" in text  # where: not a new place
    assert "how: still blank" in text
    assert "month" in text  # when
    assert fb.message == "2 of 6 parts of the plan are there."
    assert s8.check_spread_plan({k: "" for k in GOOD}, north).correct is None
    assert s8.check_spread_plan("a plan", north).correct is False  # type: ignore[arg-type]


# ---------------------------------------------------------------- storyboard and preview


@pytest.mark.parametrize("team", ["north", "south"])
def test_storyboard_has_every_panel(programme, team) -> None:
    t = programme.team(team)
    fig = s8.storyboard(t)
    try:
        gids = {ax.get_gid() for ax in fig.axes}
        assert {"storyboard-header", "storyboard-drivers", "storyboard-chart",
                "storyboard-progress", "storyboard-learning"} <= gids  # fmt: skip
        texts = [tx.get_text() for ax in fig.axes for tx in ax.texts]
        assert any(t.info["project_title"] in x for x in texts)
        assert any(t.info["next_steps"][:30] in x.replace("\n", " ") for x in texts)
        chart = next(ax for ax in fig.axes if ax.get_gid() == "storyboard-chart")
        pdsa_labels = {x.get_text() for x in chart.texts}
        assert set(t.pdsa["cycle_id"]) <= pdsa_labels
        progress = next(ax for ax in fig.axes if ax.get_gid() == "storyboard-progress")
        assert any(line.get_gid() == "progress-team" or "progress" in str(line.get_gid())
                   for line in progress.lines)  # fmt: skip
    finally:
        plt.close(fig)


def test_storyboard_markdown_tells_the_story(programme) -> None:
    north = programme.team("north")
    text = s8.storyboard_markdown(north)
    assert north.info["aim"] in text and "**What we learned.**" in text
    assert "Aim met" in text and "12 cycles" in text


def test_key_figures_come_from_the_evaluation(programme) -> None:
    import qiteach.evaluation as ev

    kf = s8.key_figures(programme, "north").set_index("figure")["value"]
    assert kf["Aim"] == ev.team_aim(programme, "north").status
    assert kf["Progress score"].startswith("4.5")
    assert kf["Measure: DNA rate"] == "improvement"
    assert kf["PDSA cycles"].startswith("12 on")
    rate = kf["Session attendance"]
    assert rate.endswith("%") and 0 < int(rate[:-1]) <= 100


def test_main_measure_is_the_first_outcome(programme) -> None:
    south = programme.team("south")
    mid = s8.main_measure_id(south)
    assert south.measures.set_index("measure_id").loc[mid, "type"] == "outcome"
    assert compute_chart(**south.measure_series(mid).chart_kwargs()).chart == "p"


def test_sustain_works_when_the_programme_uses_mdc_rules(programme):
    north = programme.team("north")
    series = north.measure_series("dna_rate")
    kwargs = s8.chart_kwargs_for(series, "mdc")
    assert (kwargs["chart"], kwargs["rules"]) == ("i", "mdc")  # MDC charts are XmR
    result = s8.sustain_status(north, rules="mdc")
    assert result.status in s8.SUSTAIN_STATUSES and result.status != "too early"
    assert result.sentences[0].startswith("The change:")


@pytest.mark.parametrize(
    ("team_id", "answer"),
    [("north", "Holding."), ("west", "too-early"), ("west", "Too early!"), ("south", "No_change")],
)
def test_check_sustain_reads_punctuation_and_hyphens(programme, team_id, answer) -> None:
    fb = s8.check_sustain(answer, programme.team(team_id))
    assert fb.correct is True, str(fb)


def test_spread_plan_with_capitalised_keys_is_read(programme) -> None:
    north = programme.team("north")
    plan = {
        "Change": s8.adopted_ideas(north)[0],
        "Where": "the West and South practices",
        "Who": "our practice manager leads; a receptionist shows how",
        "How": "share the template and a buddy visit",
        "Measure": "weekly DNA rate on a run chart",
        "When": "start in January 2027",
    }
    assert s8.check_spread_plan(plan, north).passed


# ------------------------------------------------------------------ sustainability
def test_sustainability_check_computes_the_hand_scores() -> None:
    from qiteach.exercises.session08 import check_sustainability
    from qiteach.tools.sustainability import EXAMPLE_RATINGS

    action = "Add the recall searches to the admin rota in June"
    fb = check_sustainability(
        {"ratings": EXAMPLE_RATINGS, "act_on": ["infrastructure"], "action": action}
    )
    # by hand (0-3 a factor): process 2+2+1+3 = 8 of 12, staff 2+3+0+1 = 6 of 12,
    # organisation 2+0 = 2 of 6; total 16 of 30; senior leaders and infrastructure at 0
    assert fb.passed
    assert fb.message.startswith("Total 16 of 30")
    assert "Process 8 of 12, staff 6 of 12, organisation 2 of 6." in fb.details
    assert any("Senior leadership engagement; Infrastructure for sustainability (3 points each)"
               in d for d in fb.details)  # fmt: skip


def test_sustainability_check_refuses_what_a_trainer_would() -> None:
    from qiteach.exercises.session08 import check_sustainability
    from qiteach.tools.sustainability import EXAMPLE_RATINGS

    good = {"ratings": dict(EXAMPLE_RATINGS), "act_on": ["senior_leaders"],
            "action": "Ask the partners to name an owner"}  # fmt: skip
    assert check_sustainability(good).passed
    assert check_sustainability(None).correct is None
    missing = good | {"ratings": {k: v for k, v in EXAMPLE_RATINGS.items() if k != "fit"}}
    fb = check_sustainability(missing)
    assert fb.message == "1 factor is not rated yet."
    assert fb.details == ("Not rated: Fit with the organisation's strategic aims and culture.",)
    fb = check_sustainability(good | {"act_on": ["benefits"]})
    assert not fb.passed
    assert any("Senior leadership engagement; Infrastructure" in h for h in fb.hints)
    fb = check_sustainability(good | {"act_on": ["monitoring"]})
    assert "already fully in place (0 points to gain)" in fb.details[0]
    assert not check_sustainability(good | {"action": "asdf"}).passed
    fb = check_sustainability(good | {"ratings": EXAMPLE_RATINGS | {"fit": "loads"}})
    assert fb.message == "A rating is not one of the levels."


def test_sustainability_form_gives_the_python_feedback(tmp_path) -> None:
    from qiteach.exercises.session08 import check_sustainability
    from qiteach.tools.sustainability import EXAMPLE_RATINGS, FACTORS
    from qiteach.widgets.forms import answer_form

    form = answer_form("session08.sustainability", folder=tmp_path)
    rows = [{"row": f.key, "level": EXAMPLE_RATINGS[f.key]} for f in FACTORS]
    action = "Ask the partners to name an owner in May"
    form.set_values({"ratings": rows, "act_on": ["senior_leaders"], "action": action})
    form.button.click()
    want = check_sustainability({"ratings": EXAMPLE_RATINGS, "act_on": ["senior_leaders"],
                                 "action": action})  # fmt: skip
    assert form.feedback == want and want.passed
    assert "10 of 10 factors rated; act on Senior leadership engagement" in (
        form.understood_html.value
    )
