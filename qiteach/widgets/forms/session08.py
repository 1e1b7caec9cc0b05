"""Forms for session 8: a progress score, is the new level holding, will it last, a spread plan.

>>> SPECS[0].to_answer({"score": "3.0"}, {})
3.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session08
from qiteach.progress import PROGRESS_SCALE
from qiteach.tools.sustainability import FACTORS, LEVELS
from qiteach.widgets.forms.spec import Choice, FormSpec, Table, Text, Ticks, text_or_none

__all__ = ["SPECS"]


def _scores(context: Any) -> list[tuple[str, str]]:
    return [
        (f"{s:.1f}: {label}", f"{s:.1f}")
        for s, label in zip(PROGRESS_SCALE["score"], PROGRESS_SCALE["label"], strict=True)
    ]


def _plan(values: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return {key: text_or_none(values[key]) for key in session08.SPREAD_FIELDS}


#: the ten factors as (label, value) pairs: the rows of the ratings table and the ticks
_FACTOR_OPTIONS = tuple((f.name, f.key) for f in FACTORS)


def _sustainability(values: Mapping[str, Any], context: Any) -> dict[str, Any] | None:
    ratings = {r["row"]: r["level"] for r in values["ratings"] if text_or_none(r.get("level"))}
    answer = {"ratings": ratings, "act_on": list(values["act_on"]),
              "action": text_or_none(values["action"])}  # fmt: skip
    return answer if ratings or answer["act_on"] or answer["action"] else None


def _sustainability_said(answer: Any, values: Any, context: Any) -> str:
    names = dict((v, k) for k, v in _FACTOR_OPTIONS)
    chosen = ", ".join(names.get(k, k) for k in answer["act_on"]) or "no factor"
    return f"I read your answer as: {len(answer['ratings'])} of 10 factors rated; act on {chosen}."


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session08.progress_score",
        title="Exercise 1: what score does the evidence support?",
        fields=(Choice("score", "Your score for the project today", options=_scores),),
        answer=lambda values, context: float(values["score"]) if values["score"] else None,
        check=lambda answer, context: session08.check_progress_score(answer, context["team"]),
        needs=("team",),
    ),
    FormSpec(
        key="session08.sustain",
        title="Exercise 2: is the new level holding?",
        fields=(Choice("reading", "The chart says", options=session08.SUSTAIN_STATUSES),),
        answer=lambda values, context: values["reading"] or None,
        check=lambda answer, context: session08.check_sustain(
            answer, context["team"], since=context.get("since")
        ),
        needs=("team",),
    ),
    FormSpec(
        key="session08.sustainability",
        title="Exercise 3: will it last?",
        intro="Rate each factor for your project, then choose where to act first.",
        fields=(
            Table(
                "ratings",
                "The ten factors",
                columns=(Choice("level", "level", options=tuple(LEVELS)),),
                rows=_FACTOR_OPTIONS,
            ),
            Ticks("act_on", "Act on first", options=_FACTOR_OPTIONS),
            Text("action", "One thing we will do about it (who, what, when)", lines=2),
        ),
        answer=_sustainability,
        understood=_sustainability_said,
        check=lambda answer, context: session08.check_sustainability(answer),
    ),
    FormSpec(
        key="session08.spread_plan",
        title="Exercise 4: a short spread plan",
        fields=tuple(
            Text(key, f"{key}: {label}", lines=2 if key in ("who", "how") else 1)
            for key, label in session08.SPREAD_FIELDS.items()
        ),
        answer=_plan,
        check=lambda answer, context: session08.check_spread_plan(answer, context["team"]),
        needs=("team",),
    ),
)
