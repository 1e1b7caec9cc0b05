"""Forms for session 4: measure types, what a definition is missing, a weekly measure.

The weekly-measure form asks what the Python answer's ``aggregate(...)`` call
holds (which rows count, the date column, times 100 or not) and makes that
call, so the check sees the same table:

>>> import pandas as pd
>>> log = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-06"]),
...                     "status": ["DNA", "attended"]})
>>> values = {"column": "status", "value": "DNA", "date": "date", "multiply": "100"}
>>> SPECS[2].to_answer(values, {"log": log})["value"].tolist()
[50.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session04
from qiteach.widgets.forms.spec import Choice, FormSpec, Table, Text, Ticks, text_or_none

__all__ = ["SPECS"]

_PART_LABELS = {
    "definition": "definition (what exactly is counted)",
    "numerator": "numerator (top of the fraction)",
    "denominator": "denominator (out of what)",
    "direction": "direction (is higher or lower better?)",
    "target": "target",
    "unit": "unit",
    "data_source": "data source",
    "frequency": "frequency (how often)",
    "type": "type (outcome, process, balancing)",
    "chart": "chart",
    "plan": "data collection plan",
    "inclusions": "who is included",
    "exclusions": "who is excluded",
}


def _types(values: Mapping[str, Any], context: Any) -> dict[int, str] | None:
    chosen = {int(r["row"]): r["type"] for r in values["types"] if r.get("type")}
    return chosen or None


def _parts(context: Any) -> list[tuple[str, str]]:
    return [(_PART_LABELS.get(p, p.replace("_", " ")), p) for p in session04.DEFINITION_PARTS]


def _columns(context: Any) -> list[str]:
    return [str(c) for c in context["log"].columns]


def _weekly(values: Mapping[str, Any], context: Any) -> Any:
    column, date = values["column"], values["date"]
    wanted = text_or_none(values["value"])
    if not column or not date or wanted is None:
        return None
    from qiteach.measures import aggregate

    return aggregate(
        context["log"],
        date=date,
        numerator=lambda rows: rows[column].astype(str).str.strip() == wanted,
        multiply=float(values["multiply"] or 1),
    )


def _weekly_gap(values: Any, context: Any) -> str | None:
    parts = {"the column": values["column"], "the value": text_or_none(values["value"])}
    parts["the date column"] = values["date"]
    missing = [name for name, v in parts.items() if not v]
    if not missing or len(missing) == len(parts):
        return None  # complete, or untouched (the check says "not answered yet")
    return f"Still to fill in: {', '.join(missing)}."


def _weekly_said(answer: Any, values: Any, context: Any) -> str:
    times = " x 100" if values["multiply"] == "100" else ""
    return (
        f"I read your measure as: rows whose {values['column']} is {values['value'].strip()!r}, "
        f"out of all rows in each week of {values['date']}{times} ({len(answer)} weeks)."
    )


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session04.measure_types",
        title="Exercise 1: outcome, process or balancing?",
        intro=f"The aim: {session04.EXAMPLE_AIM}.",
        fields=(
            Table(
                "types",
                "Measures",
                columns=(Choice("type", "type", options=session04.MEASURE_TYPES),),
                rows=tuple(
                    (f"{i}. {m.name}", str(i))
                    for i, m in enumerate(session04.MEASURE_EXAMPLES, start=1)
                ),
            ),
        ),
        answer=_types,
        check=lambda answer, context: session04.check_measure_types(answer),
    ),
    FormSpec(
        key="session04.missing_parts",
        title="Exercise 2: what is missing?",
        intro="Tick the parts of the definition that are missing or unclear.",
        fields=(Ticks("parts", "Parts of an operational definition", options=_parts),),
        answer=lambda values, context: list(values["parts"]) or None,
        check=lambda answer, context: session04.check_missing_parts(answer),
    ),
    FormSpec(
        key="session04.weekly_dna",
        title="Exercise 3: compute a measure from raw records",
        intro="Which rows count in the numerator? The denominator is every row in the week.",
        fields=(
            Choice("column", "Count the rows whose column ...", options=_columns),
            Text("value", "... holds the value", placeholder="e.g. DNA"),
            Choice("date", "The date column", options=_columns),
            Choice(
                "multiply",
                "Show it as",
                options=(("a percentage (x 100)", "100"), ("a proportion (0 to 1)", "1")),
            ),
        ),
        answer=_weekly,
        check=lambda answer, context: session04.check_weekly_dna(answer, log=context["log"]),
        understood=_weekly_said,
        incomplete=_weekly_gap,
        needs=("log",),
    ),
)
