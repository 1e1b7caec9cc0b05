"""The programme summary, breakdowns, absolute changes, change ideas and ITS end effect."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qiteach.evaluation import improvement_signals
from qiteach.evaluation.absolute import absolute_changes, combine_changes, level_change
from qiteach.evaluation.ideas import CAUTION, change_ideas, normalise_idea, team_idea_rows
from qiteach.evaluation.its import its_regression
from qiteach.evaluation.summary import breakdown, programme_summary


@pytest.fixture(scope="module")
def collab(collaborative_programme):
    return collaborative_programme


@pytest.fixture(scope="module")
def summary(collab):
    return programme_summary(collab, signals=improvement_signals(collab))


def test_collaborative_aims_by_topic_and_collaborative(summary) -> None:
    # the cross-tabulation the issue made by hand from the report's own verdicts
    assert (summary.figures["aims_met"], summary.figures["aims_judged"]) == (20, 84)
    topic = summary.breakdowns["topic"].set_index("topic")
    assert topic.loc["hypertension", ["aims_met", "judged"]].tolist() == [0, 24]
    assert topic.loc["atrial fibrillation", ["aims_met", "judged"]].tolist() == [10, 24]
    place = summary.breakdowns["locality"].set_index("locality")
    assert place.loc["Fylde", ["aims_met", "judged"]].tolist() == [0, 12]
    assert place.loc["Derwent", ["aims_met", "judged"]].tolist() == [7, 12]
    assert set(summary.breakdowns) == {"area", "locality", "topic"}
    assert summary.breakdowns["area"]["teams"].sum() == 84
    best = summary.sections["Best and worst"]
    assert "By topic: atrial fibrillation did best (10 of 24 aims met" in best[2]
    assert "hypertension did least well (0 of 24 aims met" in best[2]
    assert summary.sections["Aims"][0].startswith("Aims met: 20 of 84 teams with a target (24%)")


def test_list_sizes_add_up_by_group(collab, summary) -> None:
    sizes = collab.teams.set_index("team_id")["list_size"].astype(int)
    area = summary.breakdowns["area"].set_index("area")["list_size"]
    by_hand = sizes.groupby(collab.teams.set_index("team_id")["area"]).sum()
    assert area.sort_index().tolist() == by_hand.sort_index().tolist()
    assert summary.results["list_size"].notna().all()


def test_absolute_change_recomputed_by_hand(collab, summary) -> None:
    rows = collab.measurements
    one = rows[(rows["team_id"] == "calder-01") & (rows["measure_id"] == "bp_target")]
    one = one.sort_values("period")
    num, den = one["numerator"].to_numpy(float), one["denominator"].to_numpy(float)
    base = num[:6].sum() / den[:6].sum()  # baseline_points = 6
    recent = num[-6:].sum() / den[-6:].sum()
    expected = (recent - base) * den[-1]
    got = summary.results.set_index("team_id").loc["calder-01", "change"]
    assert got == pytest.approx(expected, rel=1e-12)
    p = num / den
    se = math.sqrt(np.var(p[:6], ddof=1) / 6 + np.var(p[-6:], ddof=1) / 6) * den[-1]
    assert summary.results.set_index("team_id").loc["calder-01", "se"] == pytest.approx(se)
    # the summary's total is the sum of every hypertension team's change
    bp = summary.changes.set_index("measure_id").loc["bp_target"]
    teams = summary.results[summary.results["measure_id"] == "bp_target"]
    assert bp["total"] == pytest.approx(teams["change"].sum())
    assert bp["ci_high"] - bp["total"] == pytest.approx(
        1.959964 * math.sqrt((teams["se"] ** 2).sum())
    )
    said = summary.sections["What changed"]
    assert any(
        s.startswith(f"Blood pressure at target: {bp['total']:,.0f} more patients") for s in said
    )


def test_level_change_counts_and_decreasing_measures() -> None:
    rows = pd.DataFrame({"value": [10.0, 12, 11, 13, 6, 7, 5, 6], "numerator": None,
                         "denominator": None})  # fmt: skip
    c = level_change(rows, chart="c", baseline=4, recent=4)
    assert (c["baseline"], c["recent"], c["change"]) == (11.5, 6.0, -5.5)
    assert math.isnan(level_change(rows.head(3), chart="c", baseline=4)["change"])
    combined = combine_changes(
        pd.DataFrame({"measure_id": ["x"] * 2, "measure": ["X"] * 2, "chart": ["c"] * 2,
                      "counted": ["events"] * 2, "direction": ["decrease"] * 2,
                      "change": [-5.0, -1.0], "se": [1.0, 2.0], "better": [5.0, 1.0]})
    )  # fmt: skip
    assert combined.loc[0, ["total", "teams_better", "teams_worse"]].tolist() == [-6.0, 1, 0]


def test_absolute_changes_use_the_programme_start_without_baseline_points(tmp_path) -> None:
    tables = {
        "meta": {"start": "2025-04-01"},
        "measures": pd.DataFrame({"team_id": ["a"], "measure_id": ["m"], "name": ["M"],
                                  "type": ["outcome"], "chart": ["p"], "direction": ["increase"],
                                  "numerator": ["seen"], "unit": ["%"]}),
        "measurements": pd.DataFrame({
            "team_id": "a", "measure_id": "m",
            "period": pd.date_range("2025-01-01", periods=6, freq="MS"),
            "value": None, "numerator": [10, 10, 10, 20, 20, 20], "denominator": 100}),
    }  # fmt: skip
    t = absolute_changes(tables)
    assert t.loc[0, ["k_baseline", "baseline", "recent", "change"]].tolist() == [3, 0.1, 0.2, 10.0]


def test_borderline_counts_only_judged_aims() -> None:
    r = pd.DataFrame({"topic": ["a", "a"], "list_size": [None, None],
                      "aim_status": ["met", "no target set"], "borderline": [True, True],
                      "verdict": ["improvement", "common cause"], "chart": ["p", "p"],
                      "change": [1.0, 2.0], "se": [0.0, 0.0]})  # fmt: skip
    b = breakdown(r, "topic")
    assert b.loc[0, ["aims_met", "judged", "borderline"]].tolist() == [1, 1, 1]
    assert b.loc[0, "list_size"] is None


# -- change ideas ------------------------------------------------------------------------------
def _idea_tables(code: bool) -> dict[str, pd.DataFrame]:
    months = pd.date_range("2025-01-01", periods=14, freq="MS")
    ys = {"a": [50] * 7 + [70] * 7, "b": [50] * 14, "c": [50] * 14}
    rows = [
        {"team_id": t, "measure_id": "m", "period": p, "value": v, "numerator": None,
         "denominator": None}
        for t, y in ys.items() for p, v in zip(months, y, strict=True)
    ]  # fmt: skip
    measures = pd.DataFrame({"team_id": list(ys), "measure_id": "m", "name": "M",
                             "type": "outcome", "chart": "run", "direction": "increase",
                             "baseline_points": 6})  # fmt: skip
    drivers = pd.DataFrame({
        "team_id": ["a", "b", "c"], "node_id": ["CI1"] * 3, "parent_id": None,
        "kind": "change_idea", "link": None,
        "text": ["Text reminders!", "text  reminders", "SMS reminder to every patient"],
        "code": ["SMS", "SMS", "SMS"] if code else [None] * 3})  # fmt: skip
    pdsa = pd.DataFrame({
        "team_id": ["a", "a", "b", "c"], "cycle_id": ["C1", "C2", "C1", "C1"],
        "node_id": "CI1", "ramp": "R1",
        "start": pd.to_datetime(["2025-06-10", "2025-07-10", "2025-06-10", "2025-03-01"]),
        "end": pd.NaT, "act": ["adapt", "adopt", "abandon", "continue"]})  # fmt: skip
    return {"measures": measures, "measurements": pd.DataFrame(rows), "drivers": drivers,
            "pdsa": pdsa}  # fmt: skip


def test_change_ideas_match_by_code_or_by_normalised_text() -> None:
    by_text = change_ideas(_idea_tables(code=False)).set_index("key")
    assert normalise_idea("Text reminders!") == "text reminders"
    assert by_text.loc["text reminders", ["tested", "adopted", "abandoned"]].tolist() == [2, 1, 1]
    assert by_text.loc["sms reminder to every patient", "running"] == 1
    by_code = change_ideas(_idea_tables(code=True)).set_index("key")
    row = by_code.loc["SMS"]
    counts = ["on_diagrams", "tested", "wordings", "adopted", "abandoned", "running"]
    assert row[counts].tolist() == [3, 3, 2, 1, 1, 1]
    # team a's run above the median begins in August, after its June cycle: improved after;
    # b and c show no signal
    assert row["improved_after"] == 1
    rows = team_idea_rows(_idea_tables(code=True)).set_index("team_id")
    assert rows["improved_after"].to_dict() == {"a": True, "b": False, "c": False}
    assert "not a controlled comparison" in CAUTION


def test_an_improvement_that_began_before_the_first_cycle_does_not_count() -> None:
    tables = _idea_tables(code=True)
    tables["pdsa"].loc[0:1, "start"] = pd.to_datetime(["2025-10-01", "2025-11-01"])
    rows = team_idea_rows(tables).set_index("team_id")
    assert not rows.loc["a", "improved_after"]


# -- ITS end effect ------------------------------------------------------------------------------
def test_its_end_effect_matches_statsmodels_contrast() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    t = np.arange(20.0)
    y = 50 + 0.2 * t + (t >= 10) * (3 + 0.5 * (t - 10)) + rng.normal(0, 1, 20)
    r = its_regression(None, x=t, y=y, start=10, hac_lags=2)
    design = np.column_stack([np.ones(20), t, t >= 10, (t - 10) * (t >= 10)])
    fit = sm.OLS(y, design).fit(
        cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True}, use_t=True
    )
    test = fit.t_test(np.array([[0.0, 0.0, 1.0, 9.0]]))
    low, high = np.asarray(test.conf_int(alpha=0.05))[0]
    assert r.end_effect == pytest.approx((float(test.effect[0]), low, high), rel=1e-9)
    last = r.fitted.iloc[-1]
    assert r.end_effect[0] == pytest.approx(last["fitted"] - last["counterfactual"])


def test_summary_sentences_are_computed_for_the_demo(demo_programme) -> None:
    demo = demo_programme
    s = programme_summary(demo)
    assert s.sections["Purpose"][0].startswith("3 teams")
    assert s.sections["Caveats"][0] == "These are made-up (SYNTHETIC) data for demonstration."
    met = int((s.results["aim_status"] == "met").sum())
    assert s.sections["Aims"][0].startswith(f"Aims met: {met} of ")


def test_summary_counts_agree_with_their_nouns(demo_programme) -> None:
    """The demo's three teams each have their own topic: '1 team', never '1 teams'."""
    s = programme_summary(demo_programme)
    text = " ".join(line for lines in s.sections.values() for line in lines)
    assert "(1 team, measured by" in text and "across 1 team (" in text
    assert " 1 teams" not in text and "(1 teams" not in text
