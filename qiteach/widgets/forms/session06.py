"""Forms for session 6: the bonus, the median, runs and crossings, an astronomical point,
which rules fired.

>>> SPECS[2].to_answer({"longest_run": "7", "crossings": " 3"}, {})
{'longest_run': 7, 'crossings': 3}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.charts.rules import RULE_NAMES
from qiteach.exercises import session06
from qiteach.plot.chart import RULE_STYLES
from qiteach.widgets.forms.spec import Choice, FormSpec, Number, Ticks, number

__all__ = ["NONE_FIRED", "SPECS"]

#: the tick that means "no rule fired" (the Python answer [])
NONE_FIRED = "(none: no rule fired)"


def _workers(context: Any) -> list[str]:
    names = list(dict.fromkeys(str(w) for w in context["beads"]["worker"]))
    return [*names, "nobody"]


def _weeks(context: Any) -> list[tuple[str, str]]:
    return session06.week_options(context["data"])


def _runs(values: Mapping[str, Any], context: Any) -> dict[str, Any] | None:
    runs = {"longest_run": number(values["longest_run"]), "crossings": number(values["crossings"])}
    return runs if any(v is not None for v in runs.values()) else None


def _rules(context: Any) -> list[tuple[str, str]]:
    result = context.get("result")
    names = RULE_NAMES[result.rules] if result is not None else ()
    if result is not None and result.chart == "run":
        names = tuple(n for n in names if n != "outside_limits")  # no limits on a run chart
    return [(RULE_STYLES[n].label if n in RULE_STYLES else n, n) for n in names] + [
        (NONE_FIRED, NONE_FIRED)
    ]


def _fired(values: Mapping[str, Any], context: Any) -> list[str] | None:
    ticked = list(values["rules"])
    if NONE_FIRED in ticked:
        return [t for t in ticked if t != NONE_FIRED]
    return ticked or None


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session06.bonus",
        title="Exercise 1: who gets the bonus?",
        fields=(Choice("who", "The bonus goes to", options=_workers),),
        answer=lambda values, context: values["who"] or None,
        check=lambda answer, context: session06.check_bonus(answer, context["beads"]),
        needs=("beads",),
    ),
    FormSpec(
        key="session06.median",
        title="Exercise 2: the median",
        fields=(Number("median", "Median requests per week", placeholder="a number"),),
        answer=lambda values, context: number(values["median"]),
        check=lambda answer, context: session06.check_median(answer, context["values"]),
        needs=("values",),
    ),
    FormSpec(
        key="session06.runs",
        title="Exercise 3: runs and crossings",
        fields=(
            Number("longest_run", "Longest run (points in a row on one side)", whole=True),
            Number("crossings", "Times the line crosses the median", whole=True),
        ),
        answer=_runs,
        check=lambda answer, context: session06.check_runs(answer, context["values"]),
        needs=("values",),
    ),
    FormSpec(
        key="session06.astronomical",
        title="Exercise 4: an astronomical point?",
        intro="Look at the chart, then choose the week that is obviously different, or none.",
        fields=(Choice("week", "The week", options=_weeks),),
        answer=lambda values, context: values["week"] or None,
        check=lambda answer, context: session06.check_astronomical(answer, context["data"]),
        needs=("data",),
    ),
    FormSpec(
        key="session06.rules_fired",
        title="Exercise 5: your team's run chart",
        intro="Tick every rule that fired (the chart's legend names them).",
        fields=(Ticks("rules", "Rules", options=_rules),),
        answer=_fired,
        check=lambda answer, context: session06.check_rules_fired(answer, context["result"]),
        needs=("result",),
    ),
)
