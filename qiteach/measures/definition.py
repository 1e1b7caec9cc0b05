"""Measure definitions: operational definition plus data collection plan.

qi-methods.md §3: an operational definition (name, type, definition,
numerator, denominator, inclusions/exclusions, unit, direction, target, data
source, frequency) and a data collection plan (ELFT QI template: who
collects, what, where, when, how recorded and from what source, every event
or a sample and which sampling, stratifiers, analysis tool, who analyses, who
receives results).

>>> m = MeasureDefinition.from_row({
...     "team_id": "north", "measure_id": "dna_rate", "name": "DNA rate", "type": "outcome",
...     "chart": "p", "unit": "%", "direction": "decrease", "target": 5, "multiply": 100,
...     "definition": "Booked appointments not attended without notice, as % of booked",
...     "numerator": "Appointments coded DNA", "denominator": "All booked appointments",
...     "data_source": "EMIS appointment report", "frequency": "weekly"})
>>> m.name, m.chart, m.target, m.is_ratio
('DNA rate', 'p', 5.0, True)
>>> [p.column for p in check_definition(m)]
['plan']
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from qiteach.exceptions import Problem, ToolkitError
from qiteach.wording import countable, nonsense

__all__ = [
    "DATA_KINDS",
    "MEASURE_TYPES",
    "RATIO_CHARTS",
    "SAMPLING_METHODS",
    "DataCollectionPlan",
    "MeasureDefinition",
    "check_definition",
]

MEASURE_TYPES: tuple[str, ...] = ("outcome", "process", "balancing")
#: charts that plot numerator / denominator
RATIO_CHARTS: frozenset[str] = frozenset({"p", "pp", "u", "up"})
SAMPLING_METHODS: tuple[str, ...] = (
    "simple random",
    "systematic",
    "stratified",
    "judgement",
    "quota",
)
#: what is collected (ELFT template): attribute (yes/no, counts) or continuous
DATA_KINDS: tuple[str, ...] = ("attribute", "continuous")
_VAGUE = re.compile(
    r"\b(better|good|improved?|quality(?!\s+and\s+outcomes?\s+framework)|appropriate|adequate|"
    r"timely|etc|happ\w*|pleased)\b",
    re.I,
)


#: a definition or numerator that starts like an instruction describes a change, not a count
_ACTION = re.compile(
    r"^\s*(?:send|introduce|start|make|give|offer|use|implement|improve|increase|reduce|"
    r"ring|call|phone|text|remind|train)\b",
    re.I,
)
#: how often a value is recorded
_PERIOD = re.compile(
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annual\w*|yearly|hourly|every|each|per|"
    r"day|week|fortnight|month|quarter|year|session|clinic|shift)\b",
    re.I,
)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return str(value).strip() == ""


def _str(value: object) -> str | None:
    return None if _blank(value) else " ".join(str(value).split())


def _float(value: object, column: str, row: int | None) -> float | None:
    if _blank(value):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ToolkitError(
            f"{value!r} is not a number",
            file="measures.csv",
            row=row,
            column=column,
            fix="type a number such as 5 or leave it blank",
        ) from None


@dataclass(frozen=True)
class DataCollectionPlan:
    """Who collects what, where, when and how; sample or every event; who sees results."""

    who_collects: str | None = None
    what: str | None = None  # attribute or continuous
    where: str | None = None
    when: str | None = None
    how_recorded: str | None = None
    source: str | None = None
    every_event: bool | None = None  # False = a sample
    sampling_method: str | None = None
    sample_size: int | None = None
    stratifiers: tuple[str, ...] = ()
    analysis_tool: str | None = None
    who_analyses: str | None = None
    who_receives: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DataCollectionPlan:
        """Build from a dict (e.g. a YAML block or spreadsheet row); unknown keys ignored.

        ``stratifiers`` may be a list or a ``;``/``,``-separated string;
        ``every_event`` accepts yes/no/true/false, or ``sampling: "every event"``.

        >>> DataCollectionPlan.from_mapping({"stratifiers": "day; clinician",
        ...                                  "every_event": "no"}).stratifiers
        ('day', 'clinician')
        """
        names = {f.name for f in fields(cls)}
        kw: dict[str, Any] = {k: data[k] for k in names if k in data and not _blank(data[k])}
        strat = kw.get("stratifiers", ())
        if isinstance(strat, str):
            strat = [s for s in re.split(r"[;,]", strat)]
        kw["stratifiers"] = tuple(s.strip() for s in strat if str(s).strip())
        every = kw.get("every_event")
        if isinstance(every, str):
            kw["every_event"] = every.strip().lower() in ("yes", "true", "y", "1", "every event")
        sampling = _str(data.get("sampling"))
        if sampling and "every_event" not in kw:
            kw["every_event"] = sampling.lower() in ("every event", "all", "every")
        if "sample_size" in kw:
            kw["sample_size"] = int(float(kw["sample_size"]))
        for key in names - {"stratifiers", "every_event", "sample_size"}:
            if key in kw:
                kw[key] = _str(kw[key])
        return cls(**kw)


@dataclass(frozen=True)
class MeasureDefinition:
    """A measure's operational definition (and, optionally, its data collection plan)."""

    measure_id: str
    name: str
    type: str
    chart: str
    definition: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    inclusions: str | None = None
    exclusions: str | None = None
    unit: str | None = None
    direction: str = "neutral"
    target: float | None = None
    multiply: float = 1.0
    data_source: str | None = None
    frequency: str | None = None
    baseline_points: int | None = None
    node_id: str | None = None
    team_id: str | None = None
    plan: DataCollectionPlan | None = None
    row: int | None = field(default=None, compare=False)

    @property
    def is_ratio(self) -> bool:
        """True when the chart plots numerator / denominator (p, p′, u, u′)."""
        return self.chart in RATIO_CHARTS

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | Any, *, row_number: int | None = None):
        """Build from a workspace ``measures`` row (a dict or pandas Series).

        Data-collection-plan fields (``who_collects``, ``sampling_method`` ...)
        are read too when the row has them; otherwise ``plan`` is ``None``.
        """
        data = dict(row.items()) if hasattr(row, "items") else dict(row)
        for required in ("measure_id", "name"):
            if _blank(data.get(required)):
                raise ToolkitError(
                    f"the measure has no {required}",
                    file="measures.csv",
                    row=row_number,
                    column=required,
                    fix=f"fill in {required}",
                )
        plan_keys = {f.name for f in fields(DataCollectionPlan)} | {"sampling"}
        plan = None
        if any(not _blank(data.get(k)) for k in plan_keys):
            plan = DataCollectionPlan.from_mapping(data)
        base = _float(data.get("baseline_points"), "baseline_points", row_number)
        multiply = _float(data.get("multiply"), "multiply", row_number)
        return cls(
            measure_id=str(_str(data["measure_id"])),
            name=str(_str(data["name"])),
            type=(_str(data.get("type")) or "").lower(),
            chart=(_str(data.get("chart")) or "").lower(),
            definition=_str(data.get("definition")),
            numerator=_str(data.get("numerator")),
            denominator=_str(data.get("denominator")),
            inclusions=_str(data.get("inclusions")),
            exclusions=_str(data.get("exclusions")),
            unit=_str(data.get("unit")),
            direction=(_str(data.get("direction")) or "neutral").lower(),
            target=_float(data.get("target"), "target", row_number),
            multiply=1.0 if multiply is None else multiply,
            data_source=_str(data.get("data_source")),
            frequency=_str(data.get("frequency")),
            baseline_points=None if base is None else int(base),
            node_id=_str(data.get("node_id")),
            team_id=_str(data.get("team_id")),
            plan=plan,
            row=row_number,
        )

    def to_markdown(self) -> str:
        """A Markdown table of the definition (and plan) for reports and notebooks.

        >>> print(MeasureDefinition("m1", "DNA rate", "outcome", "p", unit="%",
        ...                         direction="decrease").to_markdown())
        ### DNA rate (outcome measure)
        <BLANKLINE>
        | | |
        |---|---|
        | Chart | p chart |
        | Unit | % |
        | Better is | lower |
        """
        rows: list[tuple[str, Any]] = [
            ("Chart", f"{self.chart} chart" if self.chart else None),
            ("Definition", self.definition),
            ("Numerator", self.numerator),
            ("Denominator", self.denominator),
            ("Included", self.inclusions),
            ("Excluded", self.exclusions),
            ("Unit", self.unit),
            ("Better is", {"increase": "higher", "decrease": "lower"}.get(self.direction)),
            ("Target", None if self.target is None else f"{self.target:g}"),
            ("Data source", self.data_source),
            ("Frequency", self.frequency),
            ("Baseline points", self.baseline_points),
            ("Driver-diagram box", self.node_id),
        ]
        if self.plan is not None:
            p = self.plan
            every = {True: "every event", False: "a sample", None: None}[p.every_event]
            if p.every_event is False and p.sampling_method:
                every = f"a {p.sampling_method} sample" + (
                    f" of {p.sample_size}" if p.sample_size else ""
                )
            rows += [
                ("Who collects", p.who_collects),
                ("What is collected", p.what),
                ("Where", p.where),
                ("When", p.when),
                ("How recorded", p.how_recorded),
                ("From", p.source),
                ("Every event or a sample", every),
                ("Stratified by", ", ".join(p.stratifiers) or None),
                ("Analysis tool", p.analysis_tool),
                ("Who analyses", p.who_analyses),
                ("Who receives results", p.who_receives),
            ]
        out = [f"### {self.name} ({self.type} measure)", "", "| | |", "|---|---|"]
        out += [f"| {k} | {str(v).replace('|', '/')} |" for k, v in rows if not _blank(v)]
        return "\n".join(out)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def check_definition(defn: MeasureDefinition) -> list[Problem]:
    """What is missing or unclear in a measure definition, one Problem each.

    Each problem names ``measures.csv``, the row (when known), the column and
    what to write. An empty list means the definition is complete.

    >>> m = MeasureDefinition("m1", "Reviews", "process", "p", definition="Better reviews")
    >>> for p in check_definition(m):
    ...     print(p.column, "-", p.message)
    definition - the definition "Better reviews" is too vague to count the same way twice
    numerator - a p chart needs a numerator
    denominator - a p chart needs a denominator
    data_source - no data source
    frequency - no frequency
    plan - no data collection plan
    """
    out: list[Problem] = []

    def add(column: str, message: str, fix: str) -> None:
        out.append(Problem("measures.csv", defn.row, column, message, fix))

    if defn.type not in MEASURE_TYPES:
        add(
            "type", f'type "{defn.type}" is not a measure type', "use outcome, process or balancing"
        )
    if not defn.chart:
        add("chart", "no chart type", "see suggest_chart for which chart fits")
    if not defn.definition:
        add(
            "definition",
            "no operational definition",
            "say exactly what is counted, e.g. 'booked appointments coded DNA'",
        )
    elif nonsense(defn.definition) or _ACTION.match(defn.definition):
        add(
            "definition",
            f'the definition "{defn.definition}" does not say what is counted'
            + (" (it reads as an action)" if _ACTION.match(defn.definition) else ""),
            "say exactly what is counted and how, e.g. 'booked appointments coded DNA, "
            "as % of all booked appointments'",
        )
    elif len(defn.definition.split()) < 4 or _VAGUE.search(defn.definition):
        add(
            "definition",
            f'the definition "{defn.definition}" is too vague to count the same way twice',
            "say exactly what is counted and how, e.g. 'booked appointments coded DNA, "
            "as % of all booked appointments'",
        )
    if defn.is_ratio:
        for part in ("numerator", "denominator"):
            text = getattr(defn, part)
            if not text:
                add(
                    part,
                    f"a {defn.chart} chart needs a {part}",
                    f"say what is counted as the {part}",
                )
            elif (
                nonsense(text) or _ACTION.match(text) or _VAGUE.search(text) or not countable(text)
            ):
                add(
                    part,
                    f'the {part} "{text}" is not something two people would count the same way',
                    f"name the records counted as the {part}, e.g. 'appointments coded DNA'",
                )
    elif defn.denominator and defn.chart in ("i", "c", "run", "g", "t"):
        add(
            "chart",
            f"there is a denominator but the chart is {defn.chart}",
            "use a p chart (yes/no per case) or u chart (events per unit) for a ratio",
        )
    if defn.direction not in ("increase", "decrease", "neutral"):
        add(
            "direction",
            f'direction "{defn.direction}" is unknown',
            "use increase, decrease or neutral",
        )
    if defn.target is not None and defn.direction == "neutral":
        add(
            "direction",
            "there is a target but no direction of improvement",
            "say whether higher (increase) or lower (decrease) is better",
        )
    percent = (defn.unit or "").strip().lower() in ("%", "percent", "per cent", "percentage")
    if percent and defn.target is not None and not 0 <= defn.target <= 100:
        add("target", f"target {defn.target:g}% is outside 0-100", "give the target as a percent")
    if not defn.data_source:
        add(
            "data_source",
            "no data source",
            "say where the data come from, e.g. 'EMIS appointment report'",
        )
    elif nonsense(defn.data_source):
        add(
            "data_source",
            f'the data source "{defn.data_source}" does not say where the data come from',
            "name the system or record, e.g. 'EMIS appointment report'",
        )
    if not defn.frequency:
        add("frequency", "no frequency", "say how often a value is recorded, e.g. weekly")
    elif not _PERIOD.search(defn.frequency):
        add(
            "frequency",
            f'"{defn.frequency}" is not a frequency',
            "say how often a value is recorded: daily, weekly, monthly or quarterly",
        )
    plan = defn.plan
    if plan is None:
        add(
            "plan",
            "no data collection plan",
            "say who collects, what, where, when, how, every event or a sample, "
            "who analyses and who receives results",
        )
        return out
    for attr, label in (
        ("who_collects", "who collects the data"),
        ("how_recorded", "how the data are recorded"),
        ("who_analyses", "who analyses the data"),
        ("who_receives", "who receives the results"),
    ):
        if not getattr(plan, attr):
            add(attr, f"the plan does not say {label}", f"fill in {attr}")
    if plan.what and plan.what.lower() not in DATA_KINDS:
        add(
            "what",
            f'"{plan.what}" is not attribute or continuous',
            "attribute = yes/no or counts; continuous = measured on a scale (minutes, mmol/mol)",
        )
    if plan.every_event is None:
        add(
            "every_event",
            "the plan does not say whether every event or a sample is collected",
            "write every event, or the sampling method and sample size",
        )
    elif plan.every_event is False:
        if not plan.sampling_method:
            add(
                "sampling_method",
                "a sample is used but the sampling method is not given",
                f"use one of: {', '.join(SAMPLING_METHODS)}",
            )
        elif plan.sampling_method.lower() not in SAMPLING_METHODS:
            add(
                "sampling_method",
                f'unknown sampling method "{plan.sampling_method}"',
                f"use one of: {', '.join(SAMPLING_METHODS)}",
            )
        if not plan.sample_size:
            add(
                "sample_size",
                "a sample is used but its size is not given",
                "say how many cases per period, e.g. 20 records a week",
            )
    return out
