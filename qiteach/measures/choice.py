"""Which chart fits a measure: the Health Care Data Guide's chart-choice logic.

qi-methods.md §6 (Provost & Murray, *The Health Care Data Guide*, 2011):
continuous one-per-period → i; continuous subgroups → x̄ and s;
classification (yes/no) → p; counts with equal opportunity → c, unequal → u;
rare events → g (cases between) or t (time between); very large denominators
with over-dispersion → p′/u′. A run chart is always a sound first step.

>>> print(suggest_chart(data_type="classification"))  # doctest: +NORMALIZE_WHITESPACE
Use a p chart: each case (e.g. an appointment) is classified yes/no (e.g. attended/DNA)
and the number of cases varies from period to period.
>>> suggest_chart(data_type="count", equal_opportunity=False).chart
'u'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qiteach.exceptions import ToolkitError
from qiteach.measures.definition import MeasureDefinition

__all__ = ["CHART_NAMES", "DATA_TYPES", "ChartSuggestion", "suggest_chart", "suggest_chart_for"]

#: accepted data types and their aliases
DATA_TYPES: dict[str, str] = {
    "continuous": "continuous",
    "measurement": "continuous",
    "variable": "continuous",
    "classification": "classification",
    "attribute": "classification",
    "yes/no": "classification",
    "binary": "classification",
    "proportion": "classification",
    "count": "count",
    "counts": "count",
}

CHART_NAMES: dict[str, str] = {
    "run": "run chart",
    "i": "i chart (XmR)",
    "mr": "moving range (mR) chart",
    "xbar": "x̄ chart (with an s chart)",
    "s": "s chart",
    "p": "p chart",
    "pp": "p′ chart (Laney)",
    "c": "c chart",
    "u": "u chart",
    "up": "u′ chart (Laney)",
    "g": "g chart",
    "t": "t chart",
}


def _with_article(chart: str) -> str:
    """ "a p chart", "an i chart" (letters read aloud: an i, an s, an x̄, an mR)."""
    name = CHART_NAMES.get(chart, f"{chart} chart")
    return f"{'an' if chart in ('i', 's', 'xbar', 'mr') else 'a'} {name}"


_REASON: dict[str, str] = {
    "p": "each case (e.g. an appointment) is classified yes/no (e.g. attended/DNA) and the "
    "number of cases varies from period to period.",
    "pp": "each case is classified yes/no, but the denominators are so large that ordinary "
    "p-chart limits are too narrow and flag almost every point; p′ allows for the extra "
    "variation between periods.",
    "c": "you count events (e.g. incidents or complaints) and the opportunity for them is "
    "about the same every period.",
    "u": "you count events and the opportunity for them varies (e.g. incidents per 1,000 "
    "bed days), so each count is divided by its exposure.",
    "up": "you count events per unit of exposure, but the exposures are so large that "
    "ordinary u-chart limits are too narrow; u′ allows for the extra variation.",
    "i": "there is one measured value per period (e.g. the average wait in days), so the "
    "limits come from the point-to-point moving ranges.",
    "xbar": "there are several measured values per period (subgroups of {size}); the x̄ "
    "chart tracks their average and the s chart their spread.",
    "g": "the events are rare, so count the cases between them (e.g. operations between "
    "infections) rather than events per period, which would be mostly zeros.",
    "t": "the events are rare, so plot the time between them (e.g. days between falls) "
    "rather than counts per period, which would be mostly zeros.",
}


@dataclass(frozen=True)
class ChartSuggestion:
    """The suggested chart, a one-sentence reason and sound alternatives."""

    chart: str
    reason: str
    alternatives: tuple[str, ...] = ()
    note: str | None = None

    @property
    def name(self) -> str:
        """The chart's full name, e.g. ``"p chart"``."""
        return CHART_NAMES[self.chart]

    def __str__(self) -> str:
        text = f"Use {_with_article(self.chart)}: {self.reason}"
        return text + (f" {self.note}" if self.note else "")

    def _repr_markdown_(self) -> str:
        alts = ", ".join(CHART_NAMES[a] for a in self.alternatives)
        return f"**{self}**" + (f"\n\nAlternatives: {alts}" if alts else "")


def _suggest(chart: str, alternatives: tuple[str, ...], **fmt: Any) -> ChartSuggestion:
    return ChartSuggestion(chart, _REASON[chart].format(**fmt), alternatives)


def suggest_chart(
    *,
    data_type: str,
    subgroup_size: int = 1,
    equal_opportunity: bool = True,
    rare_events: bool = False,
    large_denominators: bool = False,
) -> ChartSuggestion:
    """Suggest a chart from the kind of data (HCDG chart choice).

    ``data_type``: ``"continuous"`` (measured on a scale: minutes, mmol/mol),
    ``"classification"`` (each case yes/no: attended/DNA) or ``"count"``
    (events counted). ``subgroup_size``: measured values per period
    (continuous data). ``equal_opportunity``: for counts, is the area of
    opportunity (patients, bed days) about the same every period?
    ``rare_events``: are the events so rare that most periods have none?
    ``large_denominators``: thousands per period, so p/u limits hug the centre
    line (over-dispersion)?

    >>> suggest_chart(data_type="continuous", subgroup_size=5).alternatives
    ('s', 'run')
    >>> suggest_chart(data_type="classification", rare_events=True).chart
    'g'
    """
    kind = DATA_TYPES.get(str(data_type).strip().lower())
    if kind is None:
        raise ToolkitError(
            f"unknown data type {data_type!r}",
            column="data_type",
            fix="use continuous (measured), classification (yes/no per case) or count",
        )
    if subgroup_size < 1:
        raise ToolkitError(
            f"subgroup size {subgroup_size} is below 1",
            column="subgroup_size",
            fix="give the number of measured values per period (1 or more)",
        )
    if rare_events:
        if kind == "classification":
            return _suggest("g", ("t", "run"))
        return _suggest("t", ("g", "run"))
    if kind == "continuous":
        if subgroup_size > 1:
            return _suggest("xbar", ("s", "run"), size=subgroup_size)
        return _suggest("i", ("mr", "run"))
    if kind == "classification":
        if large_denominators:
            return _suggest("pp", ("p", "run"))
        return _suggest("p", ("run",))
    if large_denominators:
        return _suggest("up", ("u", "run"))
    if equal_opportunity:
        return _suggest("c", ("u", "run"))
    return _suggest("u", ("c", "run"))


#: a denominator that is exposure (u chart), not the cases the numerator counts among (p
#: chart): "Registered patients with diabetes" or "Home visits" are cases, so they are not here
_EXPOSURE = re.compile(
    r"\b(bed[- ]?days?|occupied\s+days?|per\b|1,?000|10,?000|100,?000|list\s+size|population|"
    r"patient[- ]?(?:years?|months?|days?)|person[- ]?(?:years?|months?|days?)|exposure)\b",
    re.I,
)
_CONTINUOUS_UNITS = re.compile(
    r"\b(days?|hours?|minutes?|mins?|seconds?|weeks?|mmol/mol|mmhg|kg|score|£|pounds?)\b", re.I
)
#: "days between falls", "operations between infections"; not "between 08:00 and 10:00"
_BETWEEN = re.compile(r"\bbetween\b(?!\s+(?:\d|\S+\s+and\b))", re.I)
_TIME_WORDS = re.compile(r"\b(time|days?|weeks?|months?|hours?|minutes?)\b", re.I)
#: an average or a rate per something is one measured value per period (i chart)
_AVERAGE = re.compile(r"\b(average|mean|median|divided\s+by|per\s+(?!cent\b))", re.I)
_COUNT_UNITS = re.compile(
    r"\b(count|number|incidents?|falls?|complaints?|errors?|events?|calls?|referrals?|"
    r"appointments?|invitations?|requests?|admissions?|attendances?|prescriptions?|"
    r"consultations?|queries|visits?)\b",
    re.I,
)


def suggest_chart_for(measure: MeasureDefinition | Mapping[str, Any] | Any) -> ChartSuggestion:
    """Suggest a chart for a workspace measure row (dict, Series or MeasureDefinition).

    Reads the row like a reader would: a numerator and denominator make it a
    ratio — a u chart when the denominator is exposure (bed days, per 1,000
    population, patient-years ...), else a p chart (a denominator of people or
    visits is the cases counted among); no denominator and "days/time between"
    in the name or definition is a rare-event t chart, "cases between" a g chart;
    an average, a rate per something, or a time or other measured unit makes an
    i chart; otherwise a count makes a c chart. When the row's own ``chart``
    differs, ``note`` says so.

    >>> s = suggest_chart_for({"measure_id": "dna", "name": "DNA rate", "chart": "run",
    ...     "numerator": "Appointments coded DNA", "denominator": "Booked appointments"})
    >>> s.chart
    'p'
    >>> print(s.note)
    The measure is set to a run chart; a run chart is a fine start, and a p chart adds limits.
    """
    m = (
        measure
        if isinstance(measure, MeasureDefinition)
        else MeasureDefinition.from_row(
            measure if isinstance(measure, Mapping) else dict(measure.items())
        )
    )
    words = " ".join(filter(None, (m.name, m.definition, m.unit)))
    if m.numerator and m.denominator:
        if _EXPOSURE.search(m.denominator) or (m.unit and re.search(r"\bper\b", m.unit, re.I)):
            out = suggest_chart(data_type="count", equal_opportunity=False)
        else:
            out = suggest_chart(data_type="classification")
    elif _BETWEEN.search(words):
        # time between rare events: t chart; cases between them: g chart
        kind = "count" if _TIME_WORDS.search(words) else "classification"
        out = suggest_chart(data_type=kind, rare_events=True)
    elif (
        _AVERAGE.search(words)
        or (m.unit and _CONTINUOUS_UNITS.search(m.unit))
        or (_CONTINUOUS_UNITS.search(words) and not (_COUNT_UNITS.search(words)))
    ):
        out = suggest_chart(data_type="continuous")
    elif _COUNT_UNITS.search(words):
        out = suggest_chart(data_type="count")
    else:
        out = suggest_chart(data_type="continuous")
    current = m.chart
    if current and current != out.chart:
        if (current, out.chart) in (("pp", "p"), ("up", "u")):
            note = (
                f"The measure is set to {_with_article(current)}: right for very large "
                f"denominators, where {_with_article(out.chart)}'s limits are so narrow that "
                "almost every point falls outside them; keep it if that is what you see."
            )
        elif current == "run":
            note = (
                "The measure is set to a run chart; a run chart is a fine start, and "
                f"{_with_article(out.chart)} adds limits."
            )
        else:
            note = (
                f"The measure is set to {_with_article(current)}; check that the operational "
                f"definition fits it, or switch to {_with_article(out.chart)}."
            )
        out = ChartSuggestion(out.chart, out.reason, out.alternatives, note)
    return out
