"""Tests for session 2: demand and capacity, the DNA fishbone, the vital few."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.datasets import load_dataset
from qiteach.exercises.session02 import (
    DNA_EFFECT,
    QUEUE_CHOICES,
    check_capacity,
    check_new_causes,
    check_vital_few,
    dna_fishbone,
    queue_outcome,
    reasons_pareto,
    request_days,
)
from qiteach.tools.demand import DemandDays


@pytest.fixture(scope="module")
def days() -> DemandDays:
    return request_days()


def _small() -> DemandDays:
    """Ten hand-made days: true demand 50..59 plus 2 repeats a day, capacity 52 a day.

    Least capacity meeting true demand on 9 of 10 days: 58. Booked is capped at 52.
    Requests (with repeats) 52..61: 9 in 10 would need 60.
    """
    need = list(range(50, 60))
    requests = [n + 2 for n in need]
    met = [min(r, 52) for r in requests]
    return DemandDays.from_frame(
        pd.DataFrame(
            {
                "date": pd.bdate_range("2026-01-05", periods=10),
                "requests": requests,
                "repeats": [2] * 10,
                "met_same_day": met,
                "turned_away": [r - m for r, m in zip(requests, met, strict=True)],
                "slots": [60] * 10,
                "held_back": [8] * 10,
            }
        )
    )


# ---------------------------------------------------------------- demand
def test_shipped_requests_hide_demand_in_booked_activity(days) -> None:
    f = days.frame
    assert len(f) == 65
    # booked appointments never exceed the capacity left after carve-out ...
    assert (f["booked"] <= f["capacity"]).all()
    # ... so on average they fall below true demand, which is below all requests
    assert f["booked"].mean() < f["true_demand"].mean() < f["requests"].mean()
    # the teaching point: average capacity about average demand, yet the queue builds up
    assert abs(f["capacity"].mean() - f["true_demand"].mean()) < 1.5
    assert queue_outcome(f["queue"].tolist(), f["true_demand"].mean()) == "builds up"


def test_check_capacity_hand_example_right_and_too_many() -> None:
    small = _small()
    # capacity 52 a day: queue 0 0 0 1 3 6 10 15 21 28 -> builds up
    assert small.frame["queue"].tolist() == [0, 0, 0, 1, 3, 6, 10, 15, 21, 28]
    for capacity in (58, 59, 60):
        assert check_capacity({"capacity": capacity, "queue": "builds up"}, days=small).passed
    too_many = check_capacity({"capacity": 61, "queue": "builds up"}, days=small)
    assert too_many.correct is False and "more than needed" in too_many.message


def test_check_capacity_spots_booked_appointments_and_the_average() -> None:
    small = _small()
    booked = check_capacity({"capacity": 52, "queue": "builds up"}, days=small)
    assert booked.correct is False
    assert any("You used booked appointments" in h and "turned-away requests are demand too"
               in h.lower() for h in booked.hints)  # fmt: skip
    average = check_capacity({"capacity": 54, "queue": "builds up"}, days=small)
    assert any("plan for the variation, not the average" in h for h in average.hints)
    assert any("meets true demand on 50% of days" in h for h in average.hints)


def test_check_capacity_spots_repeats_counted_twice(days) -> None:
    f = days.frame
    asked = -(-9 * len(f) // 10)  # ceil(0.9 * days): the 59th lowest day of requests
    requests_need = int(f["requests"].sort_values().iloc[asked - 1])
    fb = check_capacity({"capacity": requests_need, "queue": "builds up"}, days=days)
    assert fb.correct is False
    assert any("same need asked twice" in h for h in fb.hints)


def test_check_capacity_on_shipped_log_uses_true_demand(days) -> None:
    f = days.frame
    need = int(f["true_demand"].sort_values().iloc[-(-9 * len(f) // 10) - 1])
    assert check_capacity({"capacity": need, "queue": "builds up"}).passed
    assert check_capacity({"capacity": need - 1, "queue": "builds up"}).correct is False


def test_check_capacity_queue_part() -> None:
    small = _small()
    wrong = check_capacity({"capacity": 58, "queue": "stays near zero"}, days=small)
    assert wrong.correct is False and "queue answer is not quite right" in wrong.message
    assert not any("the queue reaches" in d for d in wrong.details)  # not given away
    half = check_capacity({"capacity": 58}, days=small)
    assert half.correct is False and "The queue: not answered yet." in half.message
    only_queue = check_capacity({"queue": "builds up"}, days=small)
    assert only_queue.correct is False and "No capacity yet" in only_queue.message
    assert check_capacity(58, days=small).correct is False  # a bare number: capacity only
    odd = check_capacity({"capacity": 58, "queue": "grows a bit"}, days=small)
    assert any("choose one of" in h for h in odd.hints)
    assert [v for v, _ in QUEUE_CHOICES] == ["stays near zero", "builds up", "clears"]


def test_queue_outcome_hand_examples() -> None:
    assert queue_outcome([0, 4, 0], 50) == "stays near zero"  # peak 4 < 5
    assert queue_outcome([0, 5, 4], 50) == "clears"
    assert queue_outcome([0, 5, 5], 50) == "builds up"


def test_check_capacity_blank_and_text() -> None:
    assert check_capacity(None).correct is None
    assert check_capacity({"capacity": None, "queue": ""}).correct is None
    assert check_capacity("lots").correct is False
    two = check_capacity({"capacity": "about 55 or 60", "queue": "builds up"})
    assert "more than one number" in two.message
    negative = check_capacity({"capacity": -5, "queue": "builds up"})
    assert "zero or more" in negative.message


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
def test_capacity_that_is_not_a_finite_number_is_not_right(answer, days):
    fb = check_capacity(answer, days=days)
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
