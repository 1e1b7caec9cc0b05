"""Forms for session 5: improve a weak plan, the weakest principle, the longest ramp.

>>> SPECS[0].to_answer({"prediction": " DNAs fall from 3 a week to 1 "}, {})["prediction"]
'DNAs fall from 3 a week to 1'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session05
from qiteach.pdsa import PRINCIPLES
from qiteach.widgets.forms.spec import Choice, FormSpec, Number, Text, number, text_or_none

__all__ = ["PLAN_KEYS", "SPECS"]

#: the plan fields the exercise asks for (labels from session05.PLAN_FIELDS)
PLAN_KEYS = ("objective", "prediction", "who", "when", "measures", "scale")


def _plan(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    plan = {key: text_or_none(values[key]) or "" for key in PLAN_KEYS}
    return plan if any(plan.values()) else None


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
)
