"""Every session's forms give the same check as the Python route, for right and wrong answers.

For each exercise the form is filled in as a participant would (the model
answer and a typical wrong answer), the button is clicked, and the feedback
shown must be exactly what the notebook's Python cell prints for the same
answer, with the same objects from the cells above.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import qiteach
from qiteach.exercises import (
    session02,
    session03,
    session04,
    session05,
    session06,
    session07,
    session08,
)
from qiteach.exercises.common import team_driver_diagram
from qiteach.measures import aggregate, dna_series
from qiteach.tools.demand import cover_capacity
from qiteach.tools.stakeholders import EXAMPLE_STAKEHOLDERS
from qiteach.tools.sustainability import EXAMPLE_RATINGS, FACTORS
from qiteach.widgets.forms import answer_form


@pytest.fixture(scope="module")
def nb(demo_programme) -> dict[str, Any]:
    """The objects the session notebooks make in their cells above the exercises."""
    programme = demo_programme
    team = programme.team("north")
    log = qiteach.load_dataset("appointment-log")
    pharmacist = dna_series(log[log["clinician"] == "pharmacist"])
    hba1c_args = {"x": "month", "y": "in_range", "n": "diabetics", "chart": "p",
                  "multiply": 100, "notes": "note"}  # fmt: skip
    result, _ = session06.team_run_chart(team, rules=programme.rules)
    return {
        "team": team,
        "log": log,
        "days": session02.request_days(),
        "table": session02.reasons_pareto(qiteach.load_dataset("appointment-reasons")),
        "diagram": team_driver_diagram(team),
        "beads": session06.simulate_red_beads(seed=2026),
        "requests": qiteach.load_dataset("chart-run"),
        "result": result,
        "pharmacist": pharmacist,
        "week": session07.hand_point_row(pharmacist),
        "hba1c": qiteach.load_dataset("hba1c-monthly"),
        "hba1c_args": hba1c_args,
    }


def _rows(column: str, answers: dict[Any, str]) -> list[dict[str, str]]:
    return [{"row": str(k), column: v} for k, v in answers.items()]


#: (form key, form context from nb, form values, the Python answer, the Python cell's check)
Case = tuple[
    str,
    Callable[[dict], dict],
    Callable[[dict], dict],
    Callable[[dict], Any],
    Callable[[Any, dict], Any],
]
LEVELS = {"A": "aim", "B": "primary", "C": "change idea", "D": "secondary",
          "E": "primary", "F": "change idea"}  # fmt: skip
TYPES = {1: "outcome", 2: "process", 3: "balancing", 4: "process", 5: "balancing", 6: "process"}
CHARTS = {"dna": "p", "wait": "i", "complaints": "c", "errors": "u", "incidents": "t", "ae": "pp"}
PLAN = {
    "objective": "Does a text reminder the day before reduce DNAs on one GP's list?",
    "prediction": "DNAs on Dr Hale's list fall from about 3 a week to 1",
    "who": "Dr Hale's receptionist",
    "when": "Monday to Friday next week",
    "measures": "DNAs on Dr Hale's list, counted from the appointment book each day",
    "scale": "1 GP, 1 week",
}
SPREAD = {
    "change": "Automatic SMS reminder 24 hours before",
    "where": "the other localities' practices",
    "who": "our practice manager leads; a receptionist shows how it works",
    "how": "share the template and a buddy visit, then a small test in one practice",
    "measure": "weekly DNA rate on a run chart",
    "when": "start in October, first results within 6 weeks",
}
DIAGRAM_ROWS = [
    {"primary": "Enough people answer at peak times",
     "secondary": "The rota matches the demand curve", "idea": "Two admin staff 08:00-10:00"},
    {"primary": "Fewer calls are needed", "secondary": "Patients can use other routes",
     "idea": "Online form link in the hold message"},
    {"primary": "", "secondary": "Results queries handled without a call",
     "idea": "Text normal results to patients"},
]  # fmt: skip
DIAGRAM = {
    "aim": "Increase the % of calls answered within 2 minutes from 45% to 80% "
    "for patients of Meadow Lane Surgery by 31 March 2027",
    "drivers": {
        "Enough people answer at peak times": {
            "The rota matches the demand curve": ["Two admin staff 08:00-10:00"],
        },
        "Fewer calls are needed": {
            "Patients can use other routes": ["Online form link in the hold message"],
            "Results queries handled without a call": ["Text normal results to patients"],
        },
    },
}


def _map_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Map rows as the form hands them over: every field as typed text."""
    return [{k: f"{v:g}" if isinstance(v, float) else str(v) for k, v in r.items()} for r in rows]


def _map_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"steps": [{"row": str(i), **r} for i, r in enumerate(_map_rows(rows), start=1)]}


BP = qiteach.load_dataset("bp-checks-weekly")
SUSTAIN_ROWS = [{"row": f.key, "level": EXAMPLE_RATINGS[f.key]} for f in FACTORS]
SUSTAIN_ACTION = "Practice manager asks the partners to name an owner in May"
STAKE_FIELDS = tuple(session05.STAKEHOLDER_FIELDS)
STAKE_MODEL = [dict(r) for r in EXAMPLE_STAKEHOLDERS]  # the notebook's model answer
for _row in STAKE_MODEL:
    if _row["name"] == "ICB commissioner":
        _row |= {
            "action": "Send the monthly run chart with the LTC scheme return",
            "who": "Practice manager, first week of each month",
        }


def _stake_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The rows as the form holds them: every row, scores as the dropdowns' text."""
    typed = [{k: str(r.get(k, "")) for k in STAKE_FIELDS} for r in rows]
    blank = {k: "" for k in STAKE_FIELDS}
    return typed + [dict(blank) for _ in range(session05.STAKEHOLDER_ROWS - len(typed))]


def _stake_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"stakeholders": [{"row": str(i), **r}
                             for i, r in enumerate(_stake_rows(rows), start=1)]}  # fmt: skip


RESIST_ONE_WRONG = dict(session05.RESISTANCE_KEY, no_time="blocker")
MAP_MODEL = session02.main_path_steps(session02.prescription_map())
MAP_NO_WAITS = [r | {"wait_minutes": 0.0} for r in MAP_MODEL[:4]]


def _need(nb: dict) -> int:
    """Least same-day capacity meeting true demand on 9 days in 10 (65 in the shipped log)."""
    return cover_capacity(nb["days"].frame["true_demand"], 0.9)


WHYS = ["They were not invited for a blood pressure check",
        "The recall search only finds patients with a review date set",
        "Patients added to the register by locums get no review date",
        "The coding template has no step that sets a review date"]  # fmt: skip
INVOLVEMENT = {"1": "informing", "2": "consulting", "3": "collaborating"}


def _why_rows(whys: list[str]) -> list[dict[str, str]]:
    return [{"row": str(i), "answer": (whys + [""] * 5)[i - 1]} for i in range(1, 6)]


def _untested(nb: dict) -> list[str]:
    return [n.node_id for n in nb["diagram"].nodes if n.kind == "change_idea" and n.pdsa_count == 0]


def _fired(nb: dict) -> list[str]:
    from qiteach.charts.rules import RULE_NAMES

    fired = {s.rule for s in nb["result"].signal_spans}
    return [r for r in RULE_NAMES[nb["result"].rules] if r in fired]  # as the ticks list them


CASES: dict[str, Case] = {
    "capacity right": (
        "session02.capacity", lambda nb: {"days": nb["days"]},
        lambda nb: {"capacity": str(_need(nb)), "queue": "builds up"},
        lambda nb: {"capacity": _need(nb), "queue": "builds up"},
        lambda a, nb: session02.check_capacity(a, days=nb["days"]),
    ),
    "capacity booked": (
        "session02.capacity", lambda nb: {"days": nb["days"]},
        lambda nb: {"capacity": str(int(nb["days"].frame["booked"].max())), "queue": ""},
        lambda nb: {"capacity": int(nb["days"].frame["booked"].max()), "queue": None},
        lambda a, nb: session02.check_capacity(a, days=nb["days"]),
    ),
    "capacity words": (
        "session02.capacity", lambda nb: {"days": nb["days"]},
        lambda nb: {"capacity": "about 55", "queue": "stays near zero"},
        lambda nb: {"capacity": "about 55", "queue": "stays near zero"},
        lambda a, nb: session02.check_capacity(a, days=nb["days"]),
    ),
    "capacity queue only": (
        "session02.capacity", lambda nb: {"days": nb["days"]},
        lambda nb: {"capacity": " ", "queue": "clears"},
        lambda nb: {"capacity": None, "queue": "clears"},
        lambda a, nb: session02.check_capacity(a, days=nb["days"]),
    ),
    "astronomical": (
        "session06.astronomical", lambda nb: {"data": BP}, lambda nb: {"week": "2025-11-24"},
        lambda nb: "2025-11-24", lambda a, nb: session06.check_astronomical(a, BP),
    ),
    "astronomical none": (
        "session06.astronomical", lambda nb: {"data": BP}, lambda nb: {"week": "none"},
        lambda nb: "none", lambda a, nb: session06.check_astronomical(a, BP),
    ),
    "process map": (
        "session02.process_map", lambda nb: {}, lambda nb: _map_values(MAP_MODEL),
        lambda nb: _map_rows(MAP_MODEL), lambda a, nb: session02.check_process_map(a),
    ),
    "process map no waits": (
        "session02.process_map", lambda nb: {}, lambda nb: _map_values(MAP_NO_WAITS),
        lambda nb: _map_rows(MAP_NO_WAITS) + [dict.fromkeys(session02.MAP_STEP_FIELDS, "")] * 4,
        lambda a, nb: session02.check_process_map(a),
    ),
    "new causes": (
        "session02.new_causes", lambda nb: {},
        lambda nb: {"causes": [
            {"row": "1", "category": "Patients", "cause": "Letter sent to an old address"},
            {"row": "2", "category": "Process", "cause": "Send more reminders"},
        ]},
        lambda nb: {"Patients": ["Letter sent to an old address"],
                    "Process": ["Send more reminders"]},
        lambda a, nb: session02.check_new_causes(a),
    ),
    "vital few": (
        "session02.vital_few", lambda nb: {"table": nb["table"]},
        lambda nb: {"reasons": nb["table"].loc[nb["table"]["vital_few"], "category"].tolist()},
        lambda nb: nb["table"].loc[nb["table"]["vital_few"], "category"].tolist(),
        lambda a, nb: session02.check_vital_few(a),
    ),
    "levels": (
        "session03.levels", lambda nb: {}, lambda nb: {"levels": _rows("level", LEVELS)},
        lambda nb: LEVELS, lambda a, nb: session03.check_levels(a),
    ),
    "levels wrong": (
        "session03.levels", lambda nb: {},
        lambda nb: {"levels": _rows("level", LEVELS | {"C": "primary"})},
        lambda nb: LEVELS | {"C": "primary"}, lambda a, nb: session03.check_levels(a),
    ),
    "driver diagram": (
        "session03.driver_diagram", lambda nb: {},
        lambda nb: {"aim": DIAGRAM["aim"],
                    "branches": [{"row": str(i), **r} for i, r in enumerate(DIAGRAM_ROWS, 1)]},
        lambda nb: DIAGRAM, lambda a, nb: session03.check_driver_diagram(a),
    ),
    "untested": (
        "session03.untested", lambda nb: {"diagram": nb["diagram"]},
        lambda nb: {"ideas": _untested(nb) or ["(none: every change idea has been tested)"]},
        _untested, lambda a, nb: session03.check_untested(a, nb["diagram"]),
    ),
    "five whys": (
        "session03.five_whys", lambda nb: {},
        lambda nb: {"whys": _why_rows(WHYS), "can_act": "yes"},
        lambda nb: {"whys": WHYS, "can_act": "yes"}, lambda a, nb: session03.check_five_whys(a),
    ),
    "five whys gap and blame": (
        "session03.five_whys", lambda nb: {},
        lambda nb: {"whys": _why_rows(["Not invited", "", "Patients don't care"]),
                    "can_act": "no"},
        lambda nb: {"whys": ["Not invited", "", "Patients don't care"], "can_act": "no"},
        lambda a, nb: session03.check_five_whys(a),
    ),
    "involvement": (
        "session03.involvement", lambda nb: {}, lambda nb: {"rungs": _rows("rung", INVOLVEMENT)},
        lambda nb: INVOLVEMENT, lambda a, nb: session03.check_involvement(a),
    ),
    "involvement wrong": (
        "session03.involvement", lambda nb: {},
        lambda nb: {"rungs": _rows("rung", INVOLVEMENT | {"1": "consulting", "3": ""})},
        lambda nb: {"1": "consulting", "2": "consulting"},
        lambda a, nb: session03.check_involvement(a),
    ),
    "measure types": (
        "session04.measure_types", lambda nb: {}, lambda nb: {"types": _rows("type", TYPES)},
        lambda nb: TYPES, lambda a, nb: session04.check_measure_types(a),
    ),
    "missing parts": (
        "session04.missing_parts", lambda nb: {},
        lambda nb: {"parts": [p for p in session04.DEFINITION_PARTS
                              if p in session04.missing_parts()]},
        lambda nb: [p for p in session04.DEFINITION_PARTS if p in session04.missing_parts()],
        lambda a, nb: session04.check_missing_parts(a),
    ),
    "weekly dna": (
        "session04.weekly_dna", lambda nb: {"log": nb["log"]},
        lambda nb: {"column": "status", "value": "DNA", "date": "date", "multiply": "100"},
        lambda nb: aggregate(nb["log"], date="date",
                             numerator=lambda rows: rows["status"] == "DNA", multiply=100),
        lambda a, nb: session04.check_weekly_dna(a),
    ),
    "weekly dna proportion": (
        "session04.weekly_dna", lambda nb: {"log": nb["log"]},
        lambda nb: {"column": "status", "value": "DNA", "date": "date", "multiply": "1"},
        lambda nb: aggregate(nb["log"], date="date",
                             numerator=lambda rows: rows["status"] == "DNA"),
        lambda a, nb: session04.check_weekly_dna(a),
    ),
    "plan": (
        "session05.plan", lambda nb: {}, lambda nb: PLAN, lambda nb: PLAN,
        lambda a, nb: session05.check_plan(a),
    ),
    "plan weak": (
        "session05.plan", lambda nb: {},
        lambda nb: {"objective": "Text reminders", "prediction": "All patients will come",
                    "when": "soon"},
        lambda nb: {k: "" for k in PLAN} | {"objective": "Text reminders",
                                             "prediction": "All patients will come",
                                             "when": "soon"},
        lambda a, nb: session05.check_plan(a),
    ),
    "weakest": (
        "session05.weakest", lambda nb: {"team": nb["team"]},
        lambda nb: {"principle": session05.weakest_principles(nb["team"])[0][0]},
        lambda nb: session05.weakest_principles(nb["team"])[0][0],
        lambda a, nb: session05.check_weakest_principle(a, nb["team"]),
    ),
    "longest ramp": (
        "session05.longest_ramp", lambda nb: {"team": nb["team"]},
        lambda nb: {"cycles": "3"}, lambda nb: 3,
        lambda a, nb: session05.check_longest_ramp(a, nb["team"]),
    ),
    "stakeholders": (
        "session05.stakeholders", lambda nb: {}, lambda nb: _stake_values(STAKE_MODEL),
        lambda nb: _stake_rows(STAKE_MODEL), lambda a, nb: session05.check_stakeholders(a),
    ),
    "stakeholders gap": (
        "session05.stakeholders", lambda nb: {},
        lambda nb: _stake_values(list(EXAMPLE_STAKEHOLDERS)),
        lambda nb: _stake_rows(list(EXAMPLE_STAKEHOLDERS)),
        lambda a, nb: session05.check_stakeholders(a),
    ),
    "resistance": (
        "session05.resistance", lambda nb: {},
        lambda nb: {"matches": [{"row": k, "meaning": v}
                                for k, v in session05.RESISTANCE_KEY.items()]},
        lambda nb: dict(session05.RESISTANCE_KEY), lambda a, nb: session05.check_resistance(a),
    ),
    "resistance one wrong": (
        "session05.resistance", lambda nb: {},
        lambda nb: {"matches": [{"row": k, "meaning": v} for k, v in RESIST_ONE_WRONG.items()]},
        lambda nb: RESIST_ONE_WRONG, lambda a, nb: session05.check_resistance(a),
    ),
    "bonus nobody": (
        "session06.bonus", lambda nb: {"beads": nb["beads"]}, lambda nb: {"who": "nobody"},
        lambda nb: "nobody", lambda a, nb: session06.check_bonus(a, nb["beads"]),
    ),
    "bonus a worker": (
        "session06.bonus", lambda nb: {"beads": nb["beads"]}, lambda nb: {"who": "Carys"},
        lambda nb: "Carys", lambda a, nb: session06.check_bonus(a, nb["beads"]),
    ),
    "median": (
        "session06.median", lambda nb: {"values": nb["requests"]},
        lambda nb: {"median": f"{nb['requests']['y'].median():g}"},
        lambda nb: nb["requests"]["y"].median(),
        lambda a, nb: session06.check_median(a, nb["requests"]),
    ),
    "runs": (
        "session06.runs", lambda nb: {"values": nb["requests"]},
        lambda nb: {"longest_run": "5", "crossings": "4"},
        lambda nb: {"longest_run": 5, "crossings": 4},
        lambda a, nb: session06.check_runs(a, nb["requests"]),
    ),
    "rules fired": (
        "session06.rules_fired", lambda nb: {"result": nb["result"]},
        lambda nb: {"rules": _fired(nb) or ["(none: no rule fired)"]}, _fired,
        lambda a, nb: session06.check_rules_fired(a, nb["result"]),
    ),
    "chart choice": (
        "session07.chart_choice", lambda nb: {}, lambda nb: {"charts": _rows("chart", CHARTS)},
        lambda nb: CHARTS, lambda a, nb: session07.check_chart_choice(a),
    ),
    "chart choice blank": (
        "session07.chart_choice", lambda nb: {}, lambda nb: {},
        lambda nb: dict.fromkeys(CHARTS), lambda a, nb: session07.check_chart_choice(a),
    ),
    "p point": (
        "session07.p_point", lambda nb: {"data": nb["pharmacist"], "row": nb["week"]},
        lambda nb: {"cl": "0.1", "ucl": "0.3", "lcl": "0"},
        lambda nb: {"cl": 0.1, "ucl": 0.3, "lcl": 0},
        lambda a, nb: session07.check_p_point(a, nb["pharmacist"], row=nb["week"]),
    ),
    "split": (
        "session07.split", lambda nb: {"data": nb["hba1c"], "chart_args": nb["hba1c_args"]},
        lambda nb: {"split_after": "25"}, lambda nb: 25,
        lambda a, nb: session07.check_split(a, nb["hba1c"], **nb["hba1c_args"]),
    ),
    "split too early": (
        "session07.split", lambda nb: {"data": nb["hba1c"], "chart_args": nb["hba1c_args"]},
        lambda nb: {"split_after": "12"}, lambda nb: 12,
        lambda a, nb: session07.check_split(a, nb["hba1c"], **nb["hba1c_args"]),
    ),
    "progress score": (
        "session08.progress_score", lambda nb: {"team": nb["team"]},
        lambda nb: {"score": f"{session08.progress_evidence(nb['team']).suggested[0]:.1f}"},
        lambda nb: session08.progress_evidence(nb["team"]).suggested[0],
        lambda a, nb: session08.check_progress_score(a, nb["team"]),
    ),
    "sustain": (
        "session08.sustain", lambda nb: {"team": nb["team"], "since": ""},
        lambda nb: {"reading": session08.sustain_status(nb["team"], since="").status},
        lambda nb: session08.sustain_status(nb["team"], since="").status,
        lambda a, nb: session08.check_sustain(a, nb["team"], since=""),
    ),
    "sustainability": (
        "session08.sustainability", lambda nb: {},
        lambda nb: {"ratings": SUSTAIN_ROWS, "act_on": ["infrastructure"],
                    "action": SUSTAIN_ACTION},
        lambda nb: {"ratings": dict(EXAMPLE_RATINGS), "act_on": ["infrastructure"],
                    "action": SUSTAIN_ACTION},
        lambda a, nb: session08.check_sustainability(a),
    ),
    "sustainability half rated": (
        "session08.sustainability", lambda nb: {},
        lambda nb: {"ratings": SUSTAIN_ROWS[:4], "act_on": [], "action": ""},
        lambda nb: {"ratings": {r["row"]: r["level"] for r in SUSTAIN_ROWS[:4]}, "act_on": [],
                    "action": None},
        lambda a, nb: session08.check_sustainability(a),
    ),
    "spread plan": (
        "session08.spread_plan", lambda nb: {"team": nb["team"]}, lambda nb: SPREAD,
        lambda nb: SPREAD, lambda a, nb: session08.check_spread_plan(a, nb["team"]),
    ),
    "spread plan nonsense": (
        "session08.spread_plan", lambda nb: {"team": nb["team"]},
        lambda nb: {"change": "xyz"}, lambda nb: dict.fromkeys(SPREAD) | {"change": "xyz"},
        lambda a, nb: session08.check_spread_plan(a, nb["team"]),
    ),
}  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    import pandas as pd

    if isinstance(a, pd.DataFrame):
        return isinstance(b, pd.DataFrame) and a.equals(b)
    return a == b


@pytest.mark.parametrize("case", list(CASES))
def test_form_gives_the_python_feedback(case: str, nb: dict, tmp_path) -> None:
    key, context, values, python_answer, python_check = CASES[case]
    form = answer_form(key, folder=tmp_path, **context(nb))
    form.set_values(values(nb))
    form.button.click()
    expected = python_answer(nb)
    assert _same(form.answer, expected), (form.answer, expected)
    want = python_check(expected, nb)
    (shown,) = form.output.outputs
    assert form.feedback == want
    if want.correct is not None:
        assert shown["data"]["text/plain"] == str(want)
    assert form.feedback.correct == want.correct
    if form.answer is not None:
        assert form.understood_html.value.startswith("<b>I read your")


def test_every_form_is_in_the_cases() -> None:
    from qiteach.widgets.forms import form_keys

    session01 = {k for k in form_keys() if k.startswith("session01.")}  # in test_widgets_forms
    assert {c[0] for c in CASES.values()} == set(form_keys()) - session01


def test_model_answers_pass_in_their_forms(nb: dict, tmp_path) -> None:
    """The notebooks' model answers, typed into the forms, pass (the exercise can be done)."""
    for case in ("levels", "driver diagram", "measure types", "missing parts", "weekly dna",
                 "plan", "weakest", "bonus nobody", "median", "rules fired", "chart choice",
                 "split", "spread plan", "vital few", "capacity right", "untested",
                 "process map", "sustainability", "astronomical", "five whys",
                 "involvement", "stakeholders", "resistance"):  # fmt: skip
        key, context, values, _, _ = CASES[case]
        form = answer_form(key, folder=tmp_path, **context(nb))
        form.set_values(values(nb))
        assert form.check().passed, (case, str(form.feedback))


def test_a_form_missing_its_notebook_objects_says_which_cell_to_run(tmp_path) -> None:
    from qiteach.exceptions import InputError

    with pytest.raises(InputError, match="needs days from the cells above"):
        answer_form("session02.capacity", folder=tmp_path)
