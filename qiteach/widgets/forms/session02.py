"""Forms for session 2: capacity, new causes on the fishbone, the vital few, a process map.

>>> SPECS[1].to_answer({"causes": [{"row": "1", "category": "Patients", "cause": "Moved"},
...                                {"row": "2", "category": "", "cause": " "}]}, {})
{'Patients': ['Moved']}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session02
from qiteach.widgets.forms.spec import (
    Choice,
    FormSpec,
    Number,
    Table,
    Text,
    Ticks,
    number,
    rows_or_none,
    text_or_none,
)

__all__ = ["SPECS"]


def _categories(context: Any) -> list[str]:
    """The fishbone's own categories (from the teaching dataset)."""
    return list(session02.dna_fishbone().categories)


def _causes(values: Mapping[str, Any], context: Any) -> dict[str, list[str]] | None:
    out: dict[str, list[str]] = {}
    for row in rows_or_none(values["causes"], "cause"):
        category = str(text_or_none(row.get("category")))
        out.setdefault(category, []).append(str(text_or_none(row["cause"])))
    return out or None


def _causes_gap(values: Mapping[str, Any], context: Any) -> str | None:
    rows = rows_or_none(values["causes"], "cause")
    lost = [str(text_or_none(r["cause"])) for r in rows if not r.get("category")]
    return f"Choose a category for: {'; '.join(lost)}." if lost else None


def _reasons(context: Any) -> list[str]:
    table = context.get("table")
    table = session02.reasons_pareto() if table is None else table
    return [str(c) for c in table["category"]]


def _map_steps(values: Mapping[str, Any], context: Any) -> list[dict[str, Any]] | None:
    """Every row of the map, blank ones too (the check numbers rows as the form does)."""
    rows = [{k: r.get(k, "") for k in session02.MAP_STEP_FIELDS} for r in values["steps"]]
    return rows if rows_or_none(rows, *session02.MAP_STEP_FIELDS) else None


def _map_said(answer: Any, values: Any, context: Any) -> str:
    steps = [str(text_or_none(r["step"])) for r in answer if text_or_none(r.get("step"))]
    return f"I read your map as {len(steps)} steps: {'; '.join(steps) or 'none named'}."


def _queue_options(context: Any) -> list[tuple[str, str]]:
    return [(label, value) for value, label in session02.QUEUE_CHOICES]


def _capacity_answer(values: Mapping[str, Any], context: Any) -> dict[str, Any] | None:
    capacity, queue = number(values["capacity"]), values["queue"] or None
    return None if capacity is None and queue is None else {"capacity": capacity, "queue": queue}


def _capacity_said(answer: Any, values: Any, context: Any) -> str:
    capacity = answer.get("capacity")
    if capacity is None:
        said = "no capacity yet"
    elif isinstance(capacity, int | float):
        said = f"capacity {capacity:g} appointments a day"
    else:
        said = f"capacity {capacity!r}, which is not a number"
    labels = dict(session02.QUEUE_CHOICES)
    queue = labels.get(str(answer.get("queue")), "no choice yet")
    queue = queue[:1].lower() + queue[1:]
    return f"I read your answer as: {said}; the queue: {queue}."


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session02.capacity",
        title="Exercise 1: how much capacity?",
        intro=(
            "Same-day appointments a day (after the carve-out) that meet true demand on 9 days "
            "out of 10; and what happens to the queue at the practice's own capacity."
        ),
        fields=(
            Number("capacity", "Appointments a day", placeholder="e.g. 55", whole=True),
            Choice("queue", "The queue over 13 weeks", options=_queue_options),
        ),
        answer=_capacity_answer,
        check=lambda answer, context: session02.check_capacity(answer, days=context["days"]),
        understood=_capacity_said,
        needs=("days",),
    ),
    FormSpec(
        key="session02.new_causes",
        title="Exercise 2: add causes",
        intro="Write causes (why patients miss appointments), not solutions.",
        fields=(
            Table(
                "causes",
                "Your causes",
                columns=(
                    Choice("category", "category", options=_categories),
                    Text("cause", "cause", placeholder="why patients miss appointments"),
                ),
                rows=4,
            ),
        ),
        answer=_causes,
        incomplete=_causes_gap,
        check=lambda answer, context: session02.check_new_causes(answer),
    ),
    FormSpec(
        key="session02.vital_few",
        title="Exercise 3: the vital few",
        intro="Tick the reasons that make up the vital few.",
        fields=(Ticks("reasons", "Reasons for same-day requests", options=_reasons),),
        answer=lambda values, context: list(values["reasons"]) or None,
        check=lambda answer, context: session02.check_vital_few(answer, table=context.get("table")),
    ),
    FormSpec(
        key="session02.process_map",
        title="Exercise 4: map a process",
        intro="One row per step, first to last. Minutes may be typed as 2 hours or 1 day.",
        fields=(
            Table(
                "steps",
                "Your process, step by step",
                columns=(
                    Text("step", session02.MAP_STEP_FIELDS["step"], placeholder="e.g. GP signs"),
                    Text("lane", session02.MAP_STEP_FIELDS["lane"], placeholder="e.g. GP"),
                    Number("minutes", session02.MAP_STEP_FIELDS["minutes"], placeholder="e.g. 2"),
                    Number(
                        "wait_minutes",
                        session02.MAP_STEP_FIELDS["wait_minutes"],
                        placeholder="e.g. 1 day",
                    ),
                    Choice(
                        "value_added",
                        session02.MAP_STEP_FIELDS["value_added"],
                        options=("yes", "no"),
                    ),
                ),
                rows=session02.MAP_ROWS,
            ),
        ),
        answer=_map_steps,
        understood=_map_said,
        check=lambda answer, context: session02.check_process_map(answer),
    ),
)
