"""Forms for session 7: which chart, a p chart by hand, where the new process starts.

Blank fields give the same placeholders the Python cells start with
(``{"dna": None, ...}``), so the check answers a blank form as it answers a
blank cell.

>>> SPECS[1].to_answer({"cl": "0.056", "ucl": "", "lcl": "0"}, {})
{'cl': 0.056, 'ucl': None, 'lcl': 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session07
from qiteach.widgets.forms.spec import Choice, FormSpec, Number, Table, number

__all__ = ["CHARTS", "SPECS"]

#: the charts offered, as the exercise lists them
CHARTS: tuple[tuple[str, str], ...] = (
    ("p", "p"),
    ("u", "u"),
    ("c", "c"),
    ("i (XmR)", "i"),
    ("g", "g"),
    ("t", "t"),
    ("x̄ and s", "xbar"),
    ("p′ (Laney)", "pp"),
    ("u′ (Laney)", "up"),
    ("run chart", "run"),
)


def _charts(values: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return {r["row"]: r["chart"] or None for r in values["charts"]}


def _limits(values: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return {k: number(values[k]) for k in ("cl", "ucl", "lcl")}


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session07.chart_choice",
        title="Exercise 1: which chart?",
        fields=(
            Table(
                "charts",
                "Measures",
                columns=(Choice("chart", "chart", options=CHARTS),),
                rows=tuple((s.text, s.key) for s in session07.SCENARIOS),
            ),
        ),
        answer=_charts,
        check=lambda answer, context: session07.check_chart_choice(answer),
    ),
    FormSpec(
        key="session07.p_point",
        title="Exercise 2: a p chart by hand",
        intro="Proportions (0.05) or percentages (5).",
        fields=(
            Number("cl", "Centre line p̄"),
            Number("ucl", "Upper limit (UCL)"),
            Number("lcl", "Lower limit (LCL)"),
        ),
        answer=_limits,
        check=lambda answer, context: session07.check_p_point(
            answer, context["data"], row=context["row"]
        ),
        needs=("data", "row"),
    ),
    FormSpec(
        key="session07.split",
        title="Exercise 3: where does the new process start?",
        fields=(
            Number("split_after", "Last month of the old process (months from 1)", whole=True),
        ),
        answer=lambda values, context: number(values["split_after"]),
        check=lambda answer, context: session07.check_split(
            answer, context["data"], **context.get("chart_args", {})
        ),
        needs=("data",),
    ),
)
