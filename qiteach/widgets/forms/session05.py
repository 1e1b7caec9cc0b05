"""Forms for session 5: improve a weak plan, the weakest principle, the longest ramp,
your stakeholders, and what resistance tells you.

>>> SPECS[0].to_answer({"prediction": " DNAs fall from 3 a week to 1 "}, {})["prediction"]
'DNAs fall from 3 a week to 1'
>>> SPECS[3].to_answer({"stakeholders": [{"row": "1", "name": "GP partners", "influence": "5",
...                                       "interest": "4", "action": "", "who": ""}]}, {})
[{'name': 'GP partners', 'influence': '5', 'interest': '4', 'action': '', 'who': '', 'when': ''}]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session05
from qiteach.pdsa import PRINCIPLES
from qiteach.widgets.forms.spec import (
    Choice,
    FormSpec,
    Number,
    Table,
    Text,
    number,
    rows_or_none,
    text_or_none,
)
from qiteach.widgets.stakeholder_box import table_columns

__all__ = ["PLAN_KEYS", "SPECS"]

#: the plan fields the exercise asks for (labels from session05.PLAN_FIELDS)
PLAN_KEYS = ("objective", "prediction", "who", "when", "measures", "scale")


def _plan(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    plan = {key: text_or_none(values[key]) or "" for key in PLAN_KEYS}
    return plan if any(plan.values()) else None


def _stakeholders(values: Mapping[str, Any], context: Any) -> list[dict[str, Any]] | None:
    """The filled rows (blank ones dropped; the check numbers rows as the form does)."""
    keys = tuple(session05.STAKEHOLDER_FIELDS)
    rows = [{k: r.get(k, "") for k in keys} for r in values["stakeholders"]]
    return rows if rows_or_none(rows, *keys) else None


def _stakeholders_said(answer: Any, values: Any, context: Any) -> str:
    names = [str(text_or_none(r["name"])) for r in answer if text_or_none(r.get("name"))]
    return f"I read your answer as {len(names)} stakeholders: {'; '.join(names) or 'none named'}."


def _statements(context: Any) -> list[tuple[str, str]]:
    return [(text, key) for key, text in session05.RESISTANCE_STATEMENTS.items()]


def _meanings(context: Any) -> list[str]:
    """The meanings by name (the table above the form spells each one out)."""
    return list(session05.RESISTANCE_MEANINGS)


def _matches(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    out = {r["row"]: r["meaning"] for r in values["matches"] if text_or_none(r.get("meaning"))}
    return out or None


def _principles(context: Any) -> list[tuple[str, str]]:
    return [(p.replace("_", " "), p) for p in PRINCIPLES]


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session05.plan",
        title="Exercise 1: improve a weak plan",
        intro="Keep the idea (text reminders); add a prediction with a number, a small scale, "
        "who and when, and the data you will collect.",
        fields=tuple(
            Text(key, session05.PLAN_FIELDS[key], lines=2 if key == "prediction" else 1)
            for key in PLAN_KEYS
        ),
        answer=_plan,
        check=lambda answer, context: session05.check_plan(answer),
    ),
    FormSpec(
        key="session05.weakest",
        title="Exercise 2: how well did your team use PDSA?",
        fields=(
            Choice("principle", "The principle your team scored lowest on", options=_principles),
        ),
        answer=lambda values, context: values["principle"] or None,
        check=lambda answer, context: session05.check_weakest_principle(answer, context["team"]),
        needs=("team",),
        evidence_name="weakest_principle",
    ),
    FormSpec(
        key="session05.longest_ramp",
        title="Exercise 3: your longest ramp",
        fields=(
            Number(
                "cycles", "Cycles in the longest ramp", placeholder="a whole number", whole=True
            ),
        ),
        answer=lambda values, context: number(values["cycles"]),
        check=lambda answer, context: session05.check_longest_ramp(answer, context["team"]),
        needs=("team",),
    ),
    FormSpec(
        key="session05.stakeholders",
        title="Exercise 4: your project's stakeholders",
        intro="One row per person or group. Score influence and interest from 1 (low) to 5 "
        "(high); for everyone with influence 4 or 5, plan an action and say who does it and "
        "when.",
        fields=(
            Table(
                "stakeholders",
                "Your stakeholders",
                columns=table_columns(form=True),
                rows=session05.STAKEHOLDER_ROWS,
            ),
        ),
        answer=_stakeholders,
        understood=_stakeholders_said,
        check=lambda answer, context: session05.check_stakeholders(answer),
    ),
    FormSpec(
        key="session05.resistance",
        title="Exercise 5: what does resistance tell you?",
        intro="For each thing said in the practice, choose what it tells you (the meanings are "
        "spelt out in the table above).",
        fields=(
            Table(
                "matches",
                "What each statement tells you",
                columns=(Choice("meaning", "what it tells you", options=_meanings),),
                rows=_statements,
            ),
        ),
        answer=_matches,
        check=lambda answer, context: session05.check_resistance(answer),
    ),
)
