"""Tests for session 2: demand and capacity, the DNA fishbone, the vital few."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.datasets import load_dataset
from qiteach.exceptions import ToolkitError
from qiteach.exercises.session02 import (
    DNA_EFFECT,
    capacity_check,
    capacity_for,
    check_capacity,
    check_new_causes,
    check_vital_few,
    daily_demand,
    demand_by_weekday,
    dna_fishbone,
    reasons_pareto,
)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return load_dataset("appointment-log")


@pytest.fixture(scope="module")
def daily(log) -> pd.DataFrame:
    return daily_demand(log)


# ---------------------------------------------------------------- demand
def test_daily_demand_counts_every_booked_appointment_once(log, daily) -> None:
    assert daily["appointments"].sum() == len(log)
    assert daily["date"].is_monotonic_increasing
    assert set(daily["weekday"]) <= {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}


def test_daily_demand_does_not_modify_input(log) -> None:
    before = log.copy()
    daily_demand(log)
    pd.testing.assert_frame_equal(log, before)


def test_demand_by_weekday_hand_example() -> None:
    log = pd.DataFrame(
        {"date": pd.to_datetime(["2026-01-05"] * 3 + ["2026-01-12"] * 5 + ["2026-01-06"] * 2)}
    )
    table = demand_by_weekday(daily_demand(log))
    assert list(table.index) == ["Monday", "Tuesday"]
    assert table.loc["Monday", "mean"] == 4.0
    assert (table.loc["Monday", "lowest"], table.loc["Monday", "highest"]) == (3, 5)
    assert table.loc["Tuesday", "days"] == 1


def test_missing_date_column_is_a_toolkit_error() -> None:
    with pytest.raises(ToolkitError, match="no 'when' column"):
        daily_demand(pd.DataFrame({"x": [1]}), date="when")


def test_capacity_hand_example() -> None:
    d = pd.DataFrame({"appointments": [40, 45, 50, 55, 60]})
    c = capacity_check(d, 50)
    assert (c.days_over, c.unmet, c.unused) == (2, 15.0, 15.0)
    assert c.share_covered == pytest.approx(0.6)
    # 90% of 5 days = 4.5 -> 5 days must be covered -> the highest day
    assert capacity_for(d, 0.9) == 60
    assert capacity_for(d, 0.8) == 55


def test_capacity_for_bad_input() -> None:
    with pytest.raises(ToolkitError):
        capacity_for(pd.DataFrame({"appointments": []}))
    with pytest.raises(ToolkitError, match="share"):
        capacity_for(pd.DataFrame({"appointments": [1]}), 1.5)


def test_check_capacity_on_shipped_log_uses_the_90th_centile(log) -> None:
    per_day = log.groupby(log["date"].dt.normalize()).size().sort_values().to_numpy()
    k = -(-9 * len(per_day) // 10)  # ceil(0.9 * days)
    need = int(per_day[k - 1])
    assert check_capacity(need).passed
    assert check_capacity(need + 2).passed
    too_many = check_capacity(need + 3)
    assert too_many.correct is False and "more than needed" in too_many.message
    mean = per_day.mean()
    at_mean = check_capacity(round(mean))
    assert at_mean.correct is False
    assert any("plan for the variation, not the average" in h for h in at_mean.hints)


def test_check_capacity_blank_and_text() -> None:
    assert check_capacity(None).correct is None
    assert check_capacity("lots").correct is False


# ---------------------------------------------------------------- fishbone
def test_dna_fishbone_holds_the_dataset_and_extra_causes() -> None:
    table = load_dataset("fishbone-dna")
    fb = dna_fishbone()
    assert fb.effect == DNA_EFFECT
    assert fb.n_causes == table.drop_duplicates(["category", "cause"]).shape[0]
    more = dna_fishbone({"Cost": "Bus fares are too high"})
    assert more.categories["Cost"] == ("Bus fares are too high",)


def test_new_causes_good_duplicate_solution_and_vague() -> None:
    good = check_new_causes({"Patients": ["Appointment letter went to an old address"]})
    assert good.passed
    dup = check_new_causes({"Patients": ["forgot the appointment!"]})
    assert dup.correct is False
    assert "already on the diagram under Patients" in dup.details[0]
    sol = check_new_causes({"Process": ["Send two reminders"]})
    assert sol.correct is False and "sounds like a solution" in sol.details[0]
    vague = check_new_causes({"Process": ["Phones"]})
    assert vague.correct is False and "is short" in vague.details[0]


def test_new_category_is_flagged_with_a_suggestion() -> None:
    fb = check_new_causes({"Patient": ["Hearing loss makes phone calls hard"]})
    assert fb.passed  # the cause is fine; the category note is advice
    assert "did you mean 'Patients'?" in fb.details[0]


def test_mixed_good_and_bad_is_not_yet() -> None:
    fb = check_new_causes({"Process": ["Send two reminders", "Slots booked six weeks ahead"]})
    assert fb.correct is False
    assert fb.message.startswith("1 cause can go on")


def test_new_causes_blank_and_wrong_type() -> None:
    assert check_new_causes(None).correct is None
    assert check_new_causes({}).correct is None
    assert check_new_causes(["a cause"]).correct is False


# ---------------------------------------------------------------- Pareto
def test_vital_few_of_shipped_reasons_by_hand() -> None:
    reasons = load_dataset("appointment-reasons").sort_values("requests", ascending=False)
    real = reasons[reasons["reason"] != "Other"]  # "Other" is a lump, never vital
    total = reasons["requests"].sum()
    running, vital = 0, []
    for reason, n in zip(real["reason"], real["requests"], strict=True):
        vital.append(reason)
        running += n
        if running * 100 >= 80 * total:
            break
    table = reasons_pareto()
    assert table.loc[table["vital_few"], "category"].tolist() == vital
    fb = check_vital_few(vital)
    assert fb.passed
    assert (
        fb.message
        == f"Right: {len(vital)} reasons make up {100 * running / total:.0f}% of requests."
    )


def test_vital_few_accepts_parts_of_names_and_typos() -> None:
    table = reasons_pareto()
    vital = table.loc[table["vital_few"], "category"].tolist()
    short = [v.split()[0].lower() for v in vital]  # "acute", "medication", ...
    assert check_vital_few(short).passed
    typo = [vital[0].replace("Acute", "Acutte"), *vital[1:]]
    assert check_vital_few(typo).passed


def test_vital_few_feedback_for_too_few_too_many_and_other() -> None:
    table = reasons_pareto()
    vital = table.loc[table["vital_few"], "category"].tolist()
    first_useful = table.loc[~table["vital_few"] & ~table["other"], "category"].iloc[0]
    few = check_vital_few(vital[:2])
    assert few.message == f"Not yet: you have 2 of the {len(vital)} vital few."
    share = 100 * table.set_index("category").loc[vital[:2], "count"].sum() / table.attrs["total"]
    assert f"add up to {share:.0f}% of the total" in few.hints[0]
    extra = check_vital_few([*vital, first_useful, "Other", "weather"])
    assert extra.correct is False
    text = "\n".join(extra.details)
    assert f"{first_useful!r} is not in the vital few" in text
    assert "'Other' is a lump of small reasons" in text
    assert "'weather' is not one of the reasons" in text


def test_vital_few_blank() -> None:
    assert check_vital_few(None).correct is None
    assert check_vital_few([]).correct is None


# ---------------------------------------------------------------- review fixes
@pytest.mark.parametrize("answer", [5, 2.5, True])
def test_vital_few_as_a_number_asks_for_a_list(answer):
    fb = check_vital_few(answer)
    assert fb.correct is False
    assert "list" in fb.message


def test_new_causes_with_a_non_list_value_gives_feedback_not_a_traceback():
    fb = check_new_causes({"Patients": None, "Process": 5})
    assert fb.correct is False
    assert any("under 'Patients' is blank" in d for d in fb.details)
    assert any("'5' is short" in d for d in fb.details)


@pytest.mark.parametrize("answer", [float("nan"), float("inf"), "nan"])
def test_capacity_that_is_not_a_finite_number_is_not_right(answer, log):
    fb = check_capacity(answer, daily=daily_demand(log))
    assert fb.correct is False
    assert "is not a number" in fb.message


@pytest.mark.parametrize("extra", [["Forgot"], "Forgot", {"Patients": None, "Process": 5}])
def test_fishbone_with_causes_in_the_wrong_shape_still_draws(extra):
    base = dna_fishbone()
    fb = dna_fishbone(extra)
    added = sum(map(len, fb.categories.values())) - sum(map(len, base.categories.values()))
    assert added == (1 if isinstance(extra, dict) else 0)  # the 5 goes on; None and lists do not


def test_vital_few_plus_an_extra_reason_says_all_are_there():
    t = reasons_pareto()
    vital = list(t.loc[t["vital_few"], "category"])
    extra = str(t.loc[~t["vital_few"] & ~t["other"], "category"].iloc[0])
    fb = check_vital_few([*vital, extra], table=t)
    assert fb.correct is False
    assert fb.message == f"You have all {len(vital)} of the vital few, and more: see below."


# ------------------------------------------------------------------ process map
def _rows_from_csv() -> list[dict[str, object]]:
    """The repeat-prescription main path typed by hand from the shipped CSV
    (R1, R2, R3, R4, R6, R7, R8, R9: the first-listed branch at each decision)."""
    table = [
        ("Patient asks for a repeat (app, phone or paper slip)", "Patient", 5, 0, "no"),
        ("Request logged on the clinical system", "Reception and admin", 3, 120, "no"),
        ("On repeat and review in date?", "Reception and admin", 2, 240, "no"),
        ("Clinical pharmacist checks: safe to issue?", "Clinical pharmacist", 4, 480, "yes"),
        ("GP signs the prescription", "GP", 1, 1440, "yes"),
        ("Sent to the nominated pharmacy (EPS)", "Reception and admin", 1, 10, "no"),
        ("Pharmacy dispenses the medication", "Community pharmacy", 10, 480, "yes"),
        ("Patient collects the medication", "Patient", 10, 720, "yes"),
    ]
    keys = ("step", "lane", "minutes", "wait_minutes", "value_added")
    return [dict(zip(keys, row, strict=True)) for row in table]


def test_model_answer_is_the_csv_main_path() -> None:
    from qiteach.exercises.session02 import main_path_steps, prescription_map

    got = main_path_steps(prescription_map())
    want = _rows_from_csv()
    assert [r["step"] for r in got] == [r["step"] for r in want]
    assert [(r["minutes"], r["wait_minutes"], r["value_added"]) for r in got] == [
        (float(r["minutes"]), float(r["wait_minutes"]), r["value_added"]) for r in want
    ]


def test_process_map_feedback_computes_the_hand_figures() -> None:
    from qiteach.exercises.session02 import check_process_map

    fb = check_process_map(_rows_from_csv())
    # by hand: waits 0+120+240+480+1440+10+480+720 = 3,490; hands-on 5+3+2+4+1+1+10+10 = 36
    # lead 3,526; value-added 4+1+10+10 = 25; 25 / 3,526 = 0.71 %
    assert fb.passed
    assert "8 steps across 5 lanes" in fb.message
    assert "total 3,526 min, value-added 25 min (0.7 %)" in fb.message
    # the longest wait + hands-on: GP signs, 1,441 (collection is 730)
    shown = fb.details[0]
    assert "step 5, 'GP signs the prescription': 1,440 min waiting + 1 min hands-on" in shown


def test_process_map_units_and_blank_rows() -> None:
    from qiteach.exercises.session02 import steps_map

    rows = [
        {"step": "Ask", "lane": "Patient", "minutes": "5", "wait_minutes": ""},
        {"step": "", "lane": "", "minutes": "", "wait_minutes": "", "value_added": ""},
        {"step": "Book", "lane": "Reception", "minutes": 2, "wait_minutes": "2 hours"},
        {"step": "See GP", "lane": "GP", "minutes": 10, "wait_minutes": "1 week",
         "value_added": "yes"},
    ]  # fmt: skip
    pm, problems = steps_map(rows)
    assert problems == []
    assert pm is not None
    assert pm.main_path == ("S1", "S3", "S4")
    assert [s.row for s in pm.steps] == [1, 3, 4]
    assert pm.lead_time == 5 + 2 + 120 + 10 + 7 * 24 * 60


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"lane": ""}, "Row 2 ('Request logged on the clinical system'): say who does it."),
        ({"minutes": "a while"}, "'a while' is not a number of minutes"),
        ({"wait_minutes": -5}, "-5 is less than 0 minutes"),
        ({"value_added": "maybe"}, "Adds value for the patient? is yes or no"),
        ({"step": ""}, "Row 2: say what happens in this step."),
    ],
)
def test_process_map_row_problems_name_the_row(change, said) -> None:
    from qiteach.exercises.session02 import check_process_map

    rows = _rows_from_csv()
    rows[1] = rows[1] | change
    fb = check_process_map(rows)
    assert fb.correct is False
    assert any(said in d for d in fb.details), fb.details


def test_process_map_judgements() -> None:
    from qiteach.exercises.session02 import check_process_map

    assert check_process_map(None).correct is None
    rows = _rows_from_csv()
    too_few = check_process_map(rows[:3]).message
    assert too_few == "Map at least 4 steps, first to last (you have 3)."
    no_value = [r | {"value_added": "no"} for r in rows]
    assert "No step adds value" in check_process_map(no_value).message
    all_value = [r | {"value_added": "yes"} for r in rows]
    assert "Every step is marked" in check_process_map(all_value).message
    no_wait = [r | {"wait_minutes": 0} for r in rows]
    assert "No step has any waiting" in check_process_map(no_wait).message
    one_lane = [r | {"lane": "Practice manager"} for r in rows]
    fb = check_process_map(one_lane)
    assert fb.passed and "1 lane;" in fb.message
    assert any("hand-off" in h for h in fb.hints)
    assert check_process_map("Patient asks then GP signs").correct is False


def test_process_map_form_gives_the_python_feedback(tmp_path) -> None:
    from qiteach.exercises.session02 import MAP_ROWS, check_process_map
    from qiteach.widgets.forms import get_spec

    spec = get_spec("session02.process_map")
    rows = _rows_from_csv()
    values = {"steps": [{"row": str(i + 1), **{k: str(v) for k, v in r.items()}}
                        for i, r in enumerate(rows)]}  # fmt: skip
    answer, feedback, said = spec.run(values, {})
    assert [r["step"] for r in answer] == [r["step"] for r in rows]
    assert str(feedback) == str(check_process_map(rows))
    assert said.startswith("I read your map as 8 steps: Patient asks")
    assert len(spec.blank_values({})["steps"]) == MAP_ROWS
    assert spec.to_answer(spec.blank_values({}), {}) is None
