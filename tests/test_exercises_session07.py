"""Session 7 self-checks: chart choice, a p chart by hand, where to split, Making Data Count."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qiteach.charts import compute_chart
from qiteach.exceptions import ToolkitError
from qiteach.exercises import session07 as s7
from qiteach.measures import suggest_chart

# ---------------------------------------------------------------- chart choice


def test_every_scenario_matches_the_hcdg_choice_written_out() -> None:
    # the HCDG table (qi-methods.md §6), written out by hand for these scenarios
    assert {s.key: s7.expected_chart(s.key).chart for s in s7.SCENARIOS} == {
        "dna": "p",
        "wait": "i",
        "complaints": "c",
        "errors": "u",
        "incidents": "t",
        "ae": "pp",
    }


def test_all_right_passes_and_explains_each_with_the_reason() -> None:
    answers = {"dna": "p chart", "wait": "XmR", "complaints": "C", "errors": "u",
               "incidents": "t", "ae": "p'"}  # fmt: skip
    fb = s7.check_chart_choice(answers)
    assert fb.passed
    assert fb.message == "6 of 6 right."
    reason = suggest_chart(data_type="count", equal_opportunity=False).reason
    assert any(reason in d for d in fb.details)


def test_wrong_answers_get_a_nudge_not_the_answer() -> None:
    fb = s7.check_chart_choice({"complaints": "p", "wait": "u"})
    assert fb.correct is False
    complaints = next(d for d in fb.details if d.startswith("complaints"))
    assert "opportunity" in complaints and "c chart" not in complaints
    assert fb.hints and "yes/no" in fb.hints[0]
    assert "4 not answered yet" in fb.message


def test_alternative_and_run_chart_answers_are_acknowledged() -> None:
    fb = s7.check_chart_choice({"complaints": "u", "dna": "run"})
    text = "\n".join(fb.details)
    assert "possible alternative" in text and "sound start" in text
    assert fb.correct is False


def test_blank_and_malformed_answers() -> None:
    assert s7.check_chart_choice(None).correct is None
    assert s7.check_chart_choice({}).correct is None
    assert s7.check_chart_choice(["p"]).correct is False  # type: ignore[arg-type]
    fb = s7.check_chart_choice({"dna": "banana"})
    assert "not a chart type" in fb.details[0]
    with pytest.raises(ToolkitError, match="unknown scenario"):
        s7.expected_chart("nope")


# ---------------------------------------------------------------- p chart by hand


@pytest.fixture
def weeks() -> pd.DataFrame:
    # small, unequal denominators so every slip gives a different number
    return pd.DataFrame({"y": [1, 3, 0, 2, 4, 1, 2, 0], "n": [18, 25, 15, 20, 30, 16, 21, 19]})


def _by_hand(weeks: pd.DataFrame, row: int) -> tuple[float, float, float]:
    p = weeks["y"].sum() / weeks["n"].sum()  # 13/164
    s = math.sqrt(p * (1 - p) / weeks["n"].iloc[row])
    return p, p + 3 * s, max(0.0, p - 3 * s)


def test_engine_point_matches_the_textbook_formula(weeks: pd.DataFrame) -> None:
    row = s7.hand_point_row(weeks)
    assert row == 2  # n = 15, the smallest
    _cl, ucl, lcl = _by_hand(weeks, row)
    pt = s7.p_point(weeks, row=row)
    assert pt.cl == pytest.approx(13 / 164)
    assert (pt.ucl, pt.lcl) == (pytest.approx(ucl), pytest.approx(lcl))


def test_right_answer_in_proportions_or_percent(weeks: pd.DataFrame) -> None:
    cl, ucl, _lcl = _by_hand(weeks, 2)
    assert s7.check_p_point(
        {"cl": round(cl, 3), "ucl": round(ucl, 3), "lcl": 0}, weeks, row=2
    ).passed
    pct = {"cl": round(100 * cl, 1), "ucl": round(100 * ucl, 1), "lcl": 0}
    fb = s7.check_p_point(pct, weeks, row=2)
    assert fb.passed and "%" in fb.details[0]


def test_mean_of_proportions_is_named(weeks: pd.DataFrame) -> None:
    mean_p = float((weeks["y"] / weeks["n"]).mean())
    assert abs(mean_p - 13 / 164) > 0.0015  # the fixture does tell them apart
    fb = s7.check_p_point({"cl": mean_p, "ucl": 0.3, "lcl": 0}, weeks, row=2)
    assert fb.correct is False
    assert "average of the weekly proportions" in fb.details[0]


def test_average_n_two_sigma_and_no_root_are_named(weeks: pd.DataFrame) -> None:
    cl = 13 / 164
    nbar = weeks["n"].mean()
    slips = {
        "average n": cl + 3 * math.sqrt(cl * (1 - cl) / nbar),
        "2σ": cl + 2 * math.sqrt(cl * (1 - cl) / 15),
        "square root": cl + 3 * cl * (1 - cl) / 15,
    }
    for words, ucl in slips.items():
        fb = s7.check_p_point({"cl": cl, "ucl": ucl, "lcl": 0}, weeks, row=2)
        assert fb.correct is False
        assert words in fb.details[1], (words, fb.details[1])


def test_negative_lcl_is_explained(weeks: pd.DataFrame) -> None:
    cl, ucl, _ = _by_hand(weeks, 2)
    fb = s7.check_p_point({"cl": cl, "ucl": ucl, "lcl": cl - (ucl - cl)}, weeks, row=2)
    assert fb.correct is False and "cannot fall below 0" in fb.details[2]
    assert fb.message == "2 of 3 match the chart engine."


def test_partial_and_blank_p_answers(weeks: pd.DataFrame) -> None:
    assert s7.check_p_point(None, weeks, row=2).correct is None
    assert s7.check_p_point({"cl": None}, weeks, row=2).correct is None
    fb = s7.check_p_point({"cl": 13 / 164}, weeks, row=2)
    assert fb.message == "1 of 3 match the chart engine so far."
    assert s7.check_p_point({"cl": "a lot"}, weeks, row=2).correct is False
    with pytest.raises(ToolkitError, match="outside the data"):
        s7.p_point(weeks, row=99)


# ---------------------------------------------------------------- where to split

BEFORE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10, 11, 10]
AFTER = [14, 15, 13, 14, 15, 14, 13, 15, 14, 15]


@pytest.mark.parametrize(
    ("split", "verdict", "suggested"),
    [(14, "justified", 14), (13, "justified", 13), (8, "too early", 14), (17, "too late", 14)],
)
def test_split_verdicts(split: int, verdict: str, suggested: int) -> None:
    advice = s7.split_advice(y=BEFORE + AFTER, split_after=split)
    assert (advice.verdict, advice.suggested) == (verdict, suggested)


def test_no_shift_means_do_not_recalculate() -> None:
    rng = np.random.default_rng(7)
    y = list(np.round(rng.normal(10, 1, 30), 1))
    advice = s7.split_advice(y=y, split_after=15)
    assert advice.verdict in ("no shift", "not sustained")
    assert not advice.justified
    assert "chase common-cause" in advice.sentences[0] or "did not last" in advice.sentences[0]


def test_a_shift_that_fades_is_not_sustained() -> None:
    y = BEFORE + AFTER[:9] + [10, 11, 9, 10, 11, 10]
    advice = s7.split_advice(y=y, split_after=14)
    assert advice.verdict == "not sustained"


def test_short_baseline_and_notes_are_mentioned() -> None:
    notes = [None] * 14 + ["New recall system"] + [None] * 9
    advice = s7.split_advice(y=BEFORE + AFTER, split_after=14, notes=notes)
    assert any("New recall system" in s for s in advice.sentences)
    short = s7.split_advice(y=BEFORE[-6:] + AFTER, split_after=6)
    assert any("baseline of at least 12" in s for s in short.sentences)


def test_hba1c_teaching_data_split_is_judged_by_the_engine() -> None:
    # the teaching dataset's change is noted in Apr 2025 (point 25); shift starts May 2025
    d = _hba1c()
    kw = {"x": "month", "y": "in_range", "n": "diabetics", "chart": "p", "multiply": 100,
          "notes": "note"}  # fmt: skip
    frozen = compute_chart(d, **kw, freeze=25, rules="hcdg")
    shift = [s for s in frozen.signal_spans if s.rule == "shift_8" and s.start >= 25]
    first = shift[0].start  # 0-based row of the first new-level point
    assert s7.check_split(first, d, **kw).passed
    late = s7.check_split(first + 4, d, **kw)
    assert late.correct is False and late.message.startswith("Too late")
    assert str(first) in late.message


def test_check_split_answers() -> None:
    y = BEFORE + AFTER
    assert s7.check_split(None, y=y).correct is None
    # a number in quotes is read as the number (issue 13); words are not a number
    assert s7.check_split("14", y=y).correct == s7.check_split(14, y=y).correct
    assert s7.check_split("xyz", y=y).correct is False
    assert s7.check_split(14.5, y=y).correct is False
    fb = s7.check_split(99, y=y)
    assert fb.correct is False and "outside" in fb.message


def _hba1c() -> pd.DataFrame:
    from qiteach.datasets import load_dataset

    return load_dataset("hba1c-monthly")


# ---------------------------------------------------------------- Making Data Count


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_team_measure_as_xmr_uses_its_values(team: str, demo_programme) -> None:
    t = demo_programme.team(team)
    ms = t.measure_series(t.measure_ids[0])
    kw = s7.xmr_kwargs(ms)
    base = ms.chart_kwargs()
    values = kw["data"][kw["y"]].to_numpy(float)
    if base["n"]:
        want = base["multiply"] * ms.data["y"].to_numpy(float) / ms.data["n"].to_numpy(float)
    else:
        want = ms.data["y"].to_numpy(float)
    np.testing.assert_allclose(values, want)
    res = compute_chart(**kw)
    assert res.rules == "mdc" and res.chart == "i"
    sentences = s7.mdc_sentences(res)
    assert sentences[0].startswith("Variation:") and sentences[1].startswith("Assurance:")
    word = {"consistent_pass": "consistently meet", "consistent_fail": "consistently miss",
            "inconsistent": "hit and miss"}[res.parts["assurance"].iloc[-1]]  # fmt: skip
    assert word in sentences[1]


def test_mdc_sentences_without_target_or_wrong_rules() -> None:
    r = compute_chart(y=[5, 6, 5, 7, 6, 5, 6], chart="i", rules="mdc")
    lines = s7.mdc_sentences(r)
    assert "no target" in lines[1]
    assert any("trial limits" in line for line in lines)
    with pytest.raises(ToolkitError, match="Making Data Count"):
        s7.mdc_sentences(compute_chart(y=[1, 2, 3], chart="i"))


# ---------------------------------------------------------------- review fixes
@pytest.fixture
def pharmacist() -> pd.DataFrame:
    # the notebook's own data: the pharmacist clinic's weekly DNAs
    from qiteach.datasets import load_dataset
    from qiteach.measures import dna_series

    log = load_dataset("appointment-log")
    return dna_series(log[log["clinician"] == "pharmacist"])


def test_centre_line_rounded_to_two_places_is_not_called_the_mean_of_proportions(pharmacist):
    row = s7.hand_point_row(pharmacist)
    truth = s7.p_point(pharmacist, row=row)
    rounded = round(truth.cl, 2)  # 0.0565 -> 0.06, which is nearer the mean of proportions
    mean_p = float((pharmacist["y"] / pharmacist["n"]).mean())
    assert abs(rounded - mean_p) < abs(rounded - truth.cl)  # the trap this test is about
    fb = s7.check_p_point({"cl": rounded, "ucl": 0.3, "lcl": 0}, pharmacist, row=row)
    assert "average of the weekly proportions" not in fb.details[0]
    assert "rounded" in fb.details[0]


def test_percent_strings_and_capital_keys_are_read(pharmacist):
    row = s7.hand_point_row(pharmacist)
    t = s7.p_point(pharmacist, row=row)
    answer = {"CL": f"{100 * t.cl:.2f}%", "UCL": f"{100 * t.ucl:.1f} %", "LCL": "0%"}
    fb = s7.check_p_point(answer, pharmacist, row=row)
    assert fb.passed, str(fb)


def test_upper_limit_rounded_to_two_places_says_so(pharmacist):
    row = s7.hand_point_row(pharmacist)
    t = s7.p_point(pharmacist, row=row)
    fb = s7.check_p_point({"cl": t.cl, "ucl": round(t.ucl, 2), "lcl": 0}, pharmacist, row=row)
    # the working is right: rounding within 10% passes, with the advice to keep 3 figures
    assert fb.correct is True
    assert "rounded" in fb.details[1] and "three significant figures" in fb.details[1]
    far = s7.check_p_point({"cl": t.cl, "ucl": round(t.ucl, 1), "lcl": 0}, pharmacist, row=row)
    assert far.correct is False  # 0.2 is far from 0.235: a slip, named as one


@pytest.mark.parametrize(
    ("typed", "code"),
    [("p-chart", "p"), ("I-chart", "i"), ("u-chart.", "u"), ("p-prime", "pp"), ("XmR-chart", "i")],
)
def test_hyphenated_chart_names_are_read(typed, code):
    assert s7.normalise_chart(typed) == code
