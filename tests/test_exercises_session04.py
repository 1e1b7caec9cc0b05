"""Tests for session 4: measure types, definitions, sampling, building the weekly DNA %."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qiteach.datasets import load_dataset
from qiteach.exceptions import ToolkitError
from qiteach.exercises.session04 import (
    FLAWED_DEFINITION,
    HBA1C_THRESHOLD,
    MEASURE_EXAMPLES,
    METHODS,
    check_measure_types,
    check_missing_parts,
    check_weekly_dna,
    draw_sample,
    examples_table,
    in_range_percent,
    missing_parts,
    plan_template,
    sampling_demo,
    sampling_summary,
)
from qiteach.measures import MeasureDefinition, aggregate

KEY = [m.type for m in MEASURE_EXAMPLES]


@pytest.fixture(scope="module")
def patients() -> pd.DataFrame:
    return load_dataset("patients-hba1c")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return load_dataset("appointment-log")


# ---------------------------------------------------------------- measure types
def test_examples_cover_the_family() -> None:
    assert set(KEY) == {"outcome", "process", "balancing"}
    assert examples_table().items == tuple(m.name for m in MEASURE_EXAMPLES)


def test_measure_types_key_passes_as_list_and_dict() -> None:
    assert check_measure_types(KEY).passed
    spelled = {str(i): f"{k.title()} measure" for i, k in enumerate(KEY, start=1)}
    assert check_measure_types(spelled).passed


def test_measure_types_wrong_and_unknown() -> None:
    answer = list(KEY)
    answer[0] = "balancing"
    answer[1] = "input"
    fb = check_measure_types(answer)
    assert fb.message == f"{len(KEY) - 2} of {len(KEY)} measures sorted correctly."
    assert fb.details[0].endswith("is not a balancing measure.")
    assert "'input' is not outcome, process or balancing" in fb.details[1]
    assert "does it tell you whether the aim is being met?" in fb.hints[0]


def test_measure_types_blank_and_bad_type() -> None:
    assert check_measure_types(None).correct is None
    assert check_measure_types("outcome").correct is False


# ---------------------------------------------------------------- definitions
def test_flawed_definition_problems_are_computed_by_the_library() -> None:
    assert missing_parts() == {"definition", "denominator", "direction", "frequency"}
    complete = MeasureDefinition(
        "m", "DNA rate", "outcome", "p", definition="Booked appointments coded DNA, as % of booked",
        numerator="DNA", denominator="Booked", direction="decrease", data_source="EMIS",
        frequency="weekly", plan=FLAWED_DEFINITION.plan,
    )  # fmt: skip
    assert missing_parts(complete) == set()


def test_missing_parts_all_found_with_everyday_words() -> None:
    fb = check_missing_parts(["bottom of the fraction", "how often", "Direction", "definition"])
    assert fb.passed
    assert fb.hints[0].startswith("Fix definition:")


def test_missing_parts_partly_found_names_what_to_look_at() -> None:
    fb = check_missing_parts(["denominator", "target", "colour"])
    assert fb.message == "You found 1 of the 4 problems."
    assert fb.details[1] == "target: given (5%) and fine as it is."
    assert "'colour' is not a part of a definition" in fb.details[2]
    assert any("higher or lower" in h for h in fb.hints)
    assert not any("out of what" in h for h in fb.hints)  # found already


def test_missing_parts_all_plus_an_extra_is_not_yet() -> None:
    fb = check_missing_parts(["denominator", "frequency", "direction", "definition", "unit"])
    assert fb.correct is False and "named some parts that are fine" in fb.message


def test_plan_template_marks_gaps() -> None:
    md = plan_template(FLAWED_DEFINITION)
    assert "| Who collects the data | Reception lead |" in md
    assert "| Where | **to agree** |" in md
    assert "| Analysis tool (chart) | p chart |" in md


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_plan_template_for_each_demo_outcome_measure(team: str, demo_programme) -> None:
    measures = demo_programme.team(team).measures
    row = measures[measures["type"] == "outcome"].iloc[0]
    defn = MeasureDefinition.from_row(row)
    md = plan_template(defn)
    assert md.startswith(f"**Data collection plan: {defn.name}**")
    assert f"| From what source | {defn.data_source} |" in md


# ---------------------------------------------------------------- sampling
def test_in_range_percent_counts_untested_as_not_in_range(patients) -> None:
    by_hand = 100 * (patients["last_hba1c"] <= HBA1C_THRESHOLD).sum() / len(patients)
    assert in_range_percent(patients) == pytest.approx(by_hand)
    with pytest.raises(ToolkitError):
        in_range_percent(patients.iloc[:0])


@pytest.mark.parametrize("method", METHODS)
def test_samples_have_the_right_size_no_repeats_and_are_seeded(patients, method) -> None:
    a = draw_sample(patients, 40, method, seed=3)
    b = draw_sample(patients, 40, method, seed=3)
    assert len(a) == 40 and a.index.is_unique
    pd.testing.assert_frame_equal(a, b)
    assert not draw_sample(patients, 40, method, seed=4).equals(a)


def test_systematic_sample_is_evenly_spaced(patients) -> None:
    s = draw_sample(patients, 40, "systematic", seed=9)
    gaps = np.diff(s.index.to_numpy())
    assert set(gaps) == {len(patients) // 40}


def test_stratified_sample_is_proportional(patients) -> None:
    young = int((patients["age"] < 65).sum())
    s = draw_sample(patients, 40, "stratified", seed=1)
    # 40 x 275/480 = 22.9 -> 23 under 65; 40 x 205/480 = 17.1 -> 17 aged 65 and over
    assert young == 275
    assert (s["age"] < 65).sum() == 23 and (s["age"] >= 65).sum() == 17


def test_bad_sample_requests(patients) -> None:
    with pytest.raises(ToolkitError, match="does not fit"):
        draw_sample(patients, 0, "systematic", seed=1)
    with pytest.raises(ToolkitError, match="unknown sampling method"):
        draw_sample(patients, 5, "convenience", seed=1)


def test_sampling_demo_centres_on_the_truth_and_bigger_samples_spread_less(patients) -> None:
    demo = sampling_demo(patients, sizes=(20, 80), repeats=150, seed=11)
    summary = sampling_summary(demo)
    assert (summary["truth"] == round(in_range_percent(patients), 1)).all()
    for method in METHODS:
        small, large = summary.loc[(method, 20)], summary.loc[(method, 80)]
        assert abs(large["mean"] - large["truth"]) < 2.0  # ~4.5 SE of the mean of 150
        assert large["sd"] < small["sd"]


# ---------------------------------------------------------------- weekly DNA %
def test_weekly_dna_built_with_aggregate_passes(log) -> None:
    weekly = aggregate(log, date="date", numerator=lambda r: r["status"] == "DNA", multiply=100)
    fb = check_weekly_dna(weekly)
    assert fb.passed
    dnas = int((log["status"] == "DNA").sum())
    assert fb.details[0] == f"{dnas} DNAs out of {len(log)} booked appointments in all."


def test_weekly_dna_hand_example() -> None:
    log = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-13"]),
            "status": ["DNA", "attended", "attended", "DNA"],
        }
    )
    assert check_weekly_dna([100 / 3, 100.0], log=log).passed
    assert check_weekly_dna(pd.Series([33.33, 100.0]), log=log).passed
    assert "1 of 2 weeks" in check_weekly_dna([33.3, 50.0], log=log).message


def test_weekly_dna_common_mistakes(log) -> None:
    props = aggregate(log, date="date", numerator=lambda r: r["status"] == "DNA")
    assert "proportions" in check_weekly_dna(props).hints[0]
    counts = props["numerator"].tolist()
    assert "counts of DNAs" in check_weekly_dna(counts).hints[0]
    attended = 100 - 100 * props["value"]
    assert "% attended" in check_weekly_dna(attended).hints[0]
    monthly = aggregate(log, date="date", by="month", numerator=lambda r: r["status"] == "DNA")
    fb = check_weekly_dna(monthly)
    assert "looks monthly" in fb.hints[0]
    assert check_weekly_dna("lots").correct is False
    assert check_weekly_dna(None).correct is None


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_team_measure_is_the_first_outcome_measure(team: str, demo_programme) -> None:
    from qiteach.exercises.session04 import team_measure

    t = demo_programme.team(team)
    defn = team_measure(t)
    first = t.measures[t.measures["type"] == "outcome"].iloc[0]
    assert (defn.measure_id, defn.type) == (first["measure_id"], "outcome")
    balancing = team_measure(t, "balancing")
    assert balancing.type == "balancing"


def test_wrong_type_feedback_uses_the_right_article():
    from qiteach.exercises import session04

    fb = session04.check_measure_types({1: "outcome", 2: "outcome", 3: "process"})
    assert any("is not an outcome measure" in d for d in fb.details)
    assert any("is not a process measure" in d for d in fb.details)


@pytest.mark.parametrize("answer", [3, 4.0, False, {"numerator": 1}])
def test_missing_parts_not_given_as_a_list_says_so(answer):
    fb = check_missing_parts(answer)
    assert fb.correct is False
    assert "list" in fb.message


def test_team_measure_for_a_team_with_no_measures_is_a_blank_outline(new_team):
    from qiteach.exercises.session04 import team_measure
    from qiteach.measures import check_definition

    m = team_measure(new_team)
    assert m.type == "outcome" and "not defined yet" in m.name
    parts = {p.column for p in check_definition(m)}
    assert {"definition", "data_source", "frequency", "plan"} <= parts
    assert "**to agree**" in plan_template(m)


def test_measure_types_with_punctuation_or_plural_measures():
    key = {1: "outcome", 2: "process", 3: "balancing", 4: "process", 5: "balancing", 6: "process"}
    assert check_measure_types({k: v.title() + "." for k, v in key.items()}).correct is True
    assert check_measure_types({k: f"{v} measures" for k, v in key.items()}).correct is True
