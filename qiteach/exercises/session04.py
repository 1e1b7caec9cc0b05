"""Session 4, measurement for improvement: families, definitions, sampling, building a measure.

Compute helpers for the notebook's demonstrations and three self-checks:

- :func:`check_measure_types` — sort :data:`MEASURE_EXAMPLES` into outcome,
  process and balancing measures;
- :func:`check_missing_parts` — spot what is missing in
  :data:`FLAWED_DEFINITION` (the expected answer is computed with
  :func:`qiteach.measures.check_definition`);
- :func:`check_weekly_dna` — the weekly DNA % from the ``appointment-log``
  teaching dataset (recomputed with :func:`qiteach.measures.dna_series`).

The sampling demonstration (:func:`draw_sample`, :func:`sampling_demo`)
estimates the % of patients with diabetes whose last HbA1c is at most
58 mmol/mol from samples of the ``patients-hba1c`` list, with every draw seeded.
Nothing here imports matplotlib (drawings are in :mod:`qiteach.exercises.plots`).

>>> print(check_weekly_dna(None))
[not answered yet] Build the weekly DNA % and put it in weekly (a table from qiteach.measures).
>>> sorted(missing_parts())
['definition', 'denominator', 'direction', 'frequency']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.datasets import load_dataset
from qiteach.exceptions import ToolkitError
from qiteach.exercises.common import NumberedList
from qiteach.exercises.feedback import Feedback, as_list, is_blank, list_expected
from qiteach.measures import DataCollectionPlan, MeasureDefinition, check_definition, dna_series
from qiteach.wording import closest, nonsense

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "DEFINITION_PARTS",
    "FLAWED_DEFINITION",
    "HBA1C_THRESHOLD",
    "MEASURE_EXAMPLES",
    "METHODS",
    "ExampleMeasure",
    "check_measure_types",
    "check_missing_parts",
    "check_weekly_dna",
    "draw_sample",
    "examples_table",
    "in_range_percent",
    "missing_parts",
    "plan_template",
    "sampling_demo",
    "sampling_summary",
    "team_measure",
]

MEASURE_TYPES = ("outcome", "process", "balancing")


@dataclass(frozen=True, slots=True)
class ExampleMeasure:
    """A measure for the classification exercise, its type and why."""

    name: str
    type: str
    why: str


#: The project the example measures belong to.
EXAMPLE_AIM = "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027"
#: Measures for the classification exercise (numbered from 1).
MEASURE_EXAMPLES: tuple[ExampleMeasure, ...] = (
    ExampleMeasure(
        "Weekly % of booked appointments not attended (DNA rate)",
        "outcome",
        "it tracks the aim itself: is the DNA rate falling?",
    ),
    ExampleMeasure(
        "% of booked appointments sent an SMS reminder the day before",
        "process",
        "it shows whether the change (reminders) is happening as planned.",
    ),
    ExampleMeasure(
        "Patient complaints about reminder messages each month",
        "balancing",
        "it watches for harm the change might cause elsewhere.",
    ),
    ExampleMeasure(
        "% of cancelled appointment slots given to another patient",
        "process",
        "a step in the new process (rebooking freed slots) that should go up.",
    ),
    ExampleMeasure(
        "Reception staff hours a week spent phoning patients",
        "balancing",
        "chasing reminders and rebooking could take staff time from other work.",
    ),
    ExampleMeasure(
        "% of patients on the list with a current mobile number",
        "process",
        "reminders only reach patients whose number is right: a process the change needs.",
    ),
)
#: the words people use for each measure type
_TYPE_WORDS = {
    "outcome": "outcome",
    "outcomes": "outcome",
    "process": "process",
    "processes": "process",
    "balancing": "balancing",
    "balance": "balancing",
    "balanced": "balancing",
}
_TYPE_QUESTION = {
    "outcome": "does it tell you whether the aim is being met?",
    "process": "does it tell you whether a change is being carried out as planned?",
    "balancing": "could it get worse because of the changes, somewhere else in the system?",
}


def examples_table() -> NumberedList:
    """The example measures, numbered from 1, for the notebook.

    >>> examples_table().items[0]
    'Weekly % of booked appointments not attended (DNA rate)'
    """
    return NumberedList(tuple(m.name for m in MEASURE_EXAMPLES))


def _a(word: str) -> str:
    """``word`` with its indefinite article: "an outcome", "a process"."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _numbered(answer: Mapping[Any, Any] | Sequence[Any]) -> dict[str, Any]:
    if isinstance(answer, Mapping):
        return {str(k).strip(): v for k, v in answer.items()}
    return {str(i): v for i, v in enumerate(answer, start=1)}


# ------------------------------------------------------------------ exercise 1
def check_measure_types(answer: Mapping[int, str] | Sequence[str] | None) -> Feedback:
    """Check outcome / process / balancing for each of :data:`MEASURE_EXAMPLES`.

    ``answer`` is a list of types in order or a dict ``{number: type}``.

    >>> check_measure_types([m.type for m in MEASURE_EXAMPLES]).message
    'All 6 measures sorted correctly.'
    >>> fb = check_measure_types(["outcome", "process", "process"])
    >>> fb.message
    '2 of 6 measures sorted correctly.'
    >>> fb.details[0]
    "Measure 3 ('Patient complaints about reminder messages each month') is not a process measure."
    >>> fb.hints[0]
    'Measure 3: ask yourself, could it get worse because of the changes, somewhere else in the system?'
    """  # noqa: E501
    if is_blank(answer):
        return Feedback.not_answered(
            'Give one type per measure, e.g. {1: "outcome", 2: "process", ...}.'
        )
    if isinstance(answer, str) or not isinstance(answer, Mapping | Sequence):
        return Feedback(
            False,
            "Give a list of types, or a dict from measure number to type.",
            hints=('e.g. {1: "outcome", 2: "process", 3: "balancing", ...}',),
        )
    given = _numbered(answer)
    details: list[str] = []
    hints: list[str] = []
    right = 0
    for number, measure in enumerate(MEASURE_EXAMPLES, start=1):
        raw = given.get(str(number))
        words = " ".join(re.findall(r"[a-z]+", str(raw).lower()))  # "Outcome." too
        words = words.removesuffix(" measures").removesuffix(" measure")
        kind = None if is_blank(raw) else (closest(words, _TYPE_WORDS) or words)
        if kind is None:
            details.append(f"Measure {number} ({measure.name!r}) has no answer yet.")
        elif kind not in MEASURE_TYPES:
            details.append(f"Measure {number}: {raw!r} is not outcome, process or balancing.")
            hints.append("Use one of: 'outcome', 'process', 'balancing'.")
        elif kind == measure.type:
            right += 1
        else:
            details.append(f"Measure {number} ({measure.name!r}) is not {_a(kind)} measure.")
            hints.append(f"Measure {number}: ask yourself, {_TYPE_QUESTION[measure.type]}")
    if right == len(MEASURE_EXAMPLES):
        return Feedback(
            True,
            f"All {len(MEASURE_EXAMPLES)} measures sorted correctly.",
            tuple(f"{i}. {m.type}: {m.why}" for i, m in enumerate(MEASURE_EXAMPLES, start=1)),
        )
    return Feedback(
        False,
        f"{right} of {len(MEASURE_EXAMPLES)} measures sorted correctly.",
        tuple(details),
        tuple(dict.fromkeys(hints)),
    )


# ------------------------------------------------------------------ exercise 2
#: A measure definition with parts missing, for the "spot what's missing" exercise.
FLAWED_DEFINITION = MeasureDefinition(
    measure_id="dna",
    name="Missed appointments",
    type="outcome",
    chart="p",
    definition="Missed appointments",
    numerator="Appointments with the slot status 'Did not attend'",
    unit="%",
    target=5.0,
    multiply=100.0,
    data_source="EMIS appointment report",
    plan=DataCollectionPlan(
        who_collects="Reception lead",
        what="attribute",
        how_recorded="EMIS appointment report saved to the shared drive",
        source="EMIS",
        every_event=True,
        who_analyses="Practice manager",
        who_receives="Practice team meeting",
    ),
)
#: The parts of a definition a learner may name, with the words that mean each.
DEFINITION_PARTS: dict[str, tuple[str, ...]] = {
    "definition": ("definition", "operational definition", "what is counted", "description"),
    "numerator": ("numerator", "top", "top of the fraction", "what is counted on top"),
    "denominator": ("denominator", "bottom", "bottom of the fraction", "out of what"),
    "direction": ("direction", "direction of improvement", "better is", "up or down"),
    "target": ("target", "goal"),
    "unit": ("unit", "units"),
    "data_source": ("data source", "data_source", "source", "where the data come from"),
    "frequency": ("frequency", "how often", "when"),
    "type": ("type", "measure type"),
    "chart": ("chart", "chart type"),
    "plan": ("plan", "data collection plan"),
    "inclusions": ("inclusions", "included", "who is included"),
    "exclusions": ("exclusions", "excluded", "who is excluded"),
}
_PART_HINT = {
    "definition": "is the definition exact enough that two people would count the same way?",
    "denominator": "a % needs a bottom line too: out of what?",
    "direction": "there is a target, but is higher or lower better?",
    "frequency": "how often is a value recorded?",
    "numerator": "what exactly is counted on top?",
    "data_source": "where do the numbers come from?",
    "plan": "who collects, how, and who sees the results?",
}


def missing_parts(definition: MeasureDefinition = FLAWED_DEFINITION) -> set[str]:
    """The parts :func:`qiteach.measures.check_definition` finds missing or unclear."""
    return {p.column for p in check_definition(definition) if p.column}


#: everyday ways of naming a part, tried in this order ("what is counted on top" is the
#: numerator before "what is counted" is the definition)
_PART_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (part, re.compile(pattern, re.I))
    for part, pattern in (
        ("numerator", r"numerat|\btop\b|on top"),
        ("denominator", r"denomin|bottom|\bout of\b|divid\w*|of what\b|\bbase\s+number"),
        ("definition", r"defin|descri"),
        ("direction", r"direction|which way|higher or lower|lower or higher|up or down|"
                      r"down or up|increase or decrease|(?:is|as) better|better is|good|polarity"),
        ("frequency", r"frequen|how often|\bwhen\b|how regularly|time period|\bperiod"),
        ("data_source", r"source|where .*data|data come"),
        ("definition", r"what exactly|what is counted|exact|vague|unclear what|what counts"),
        ("target", r"target|goal"),
        ("inclusions", r"inclu"),
        ("exclusions", r"exclu"),
        ("unit", r"\bunits?\b"),
        ("chart", r"\bchart"),
        ("type", r"\btype\b"),
        ("plan", r"\bplan\b|collect"),
    )
)  # fmt: skip


def _part(text: str) -> str | None:
    """The part of a definition a learner names, in its words or everyday ones.

    >>> _part("which way is good"), _part("Denominater"), _part("how often"), _part("xyz")
    ('direction', 'denominator', 'frequency', None)
    """
    low = " ".join(str(text).strip().lower().replace("_", " ").split())
    for part, words in DEFINITION_PARTS.items():
        if low in {w.replace("_", " ") for w in words}:
            return part
    if not low or nonsense(low):
        return None
    for part, pattern in _PART_PATTERNS:
        if pattern.search(low):
            return part
    names = {p.replace("_", " "): p for p in DEFINITION_PARTS}
    for word in low.split():
        near = closest(word, names, cutoff=0.8)
        if near:
            return near
    return None


def check_missing_parts(
    answer: Sequence[str] | None, *, definition: MeasureDefinition = FLAWED_DEFINITION
) -> Feedback:
    """Check the list of parts a learner found missing or unclear in ``definition``.

    The expected parts are computed with :func:`qiteach.measures.check_definition`.

    >>> check_missing_parts(["denominator", "frequency", "direction", "definition"]).correct
    True
    >>> fb = check_missing_parts(["denominator", "target"])
    >>> fb.message
    'You found 1 of the 4 problems.'
    >>> fb.details[1]
    'target: given (5%) and fine as it is.'
    """
    if is_blank(answer):
        return Feedback.not_answered('List the parts, e.g. ["numerator", "..."].')
    items = as_list(answer)
    if items is None:
        return list_expected(answer, '["numerator", "..."]')
    answer = items  # type: ignore[assignment]
    problems = {p.column: p for p in check_definition(definition) if p.column}
    expected = set(problems)
    details: list[str] = []
    found: set[str] = set()
    for item in answer:  # type: ignore[union-attr]
        part = _part(item)
        if part is None:
            details.append(
                f"{item!r} is not a part of a definition; use e.g. "
                + ", ".join(sorted(k for k in DEFINITION_PARTS if k != "plan")[:6])
                + " ..."
            )
        elif part in expected:
            found.add(part)
            details.append(f"{part}: yes, {problems[part].message}.")
        else:
            value = getattr(definition, part, None)
            shown = f"{value:g}{definition.unit or ''}" if isinstance(value, float) else value
            details.append(f"{part}: given ({shown}) and fine as it is.")
    missed = sorted(expected - found)
    hints = tuple(f"Look again: {_PART_HINT.get(p, p)}" for p in missed)
    if not missed and found == {_part(a) for a in answer}:  # type: ignore[union-attr]
        fixes = tuple(f"Fix {p}: {problems[p].fix}." for p in sorted(expected))
        return Feedback(True, f"You found all {len(expected)} problems.", tuple(details), fixes)
    if not missed:
        return Feedback(False, "You found them all, but named some parts that are fine.",
                        tuple(details))  # fmt: skip
    return Feedback(
        False, f"You found {len(found)} of the {len(expected)} problems.", tuple(details), hints
    )


def team_measure(team: Team, measure_type: str = "outcome") -> MeasureDefinition:
    """The team's first measure of ``measure_type`` (else its first measure) as a definition.

    A team with no measures yet (session 4 is where teams define them) gets a
    blank outline named "Your ... measure: not defined yet", so the checks and
    the plan template show everything still to agree.

    >>> team_measure(demo_programme.team("south")).name
    'Patients on 10+ medicines with an SMR in 12 months'
    """
    measures = team.measures
    if not len(measures):
        return MeasureDefinition(
            measure_id=f"{measure_type}_measure",
            name=f"Your {measure_type} measure: not defined yet",
            type=measure_type,
            chart="run",
            team_id=team.team_id,
        )
    rows = measures[measures["type"] == measure_type]
    row = rows.iloc[0] if len(rows) else measures.iloc[0]
    return MeasureDefinition.from_row(row)


def plan_template(definition: MeasureDefinition) -> str:
    """A data collection plan table for a measure, as Markdown: given parts filled, gaps marked.

    >>> print(plan_template(FLAWED_DEFINITION).splitlines()[4])
    | Who collects the data | Reception lead |
    """
    plan = definition.plan or DataCollectionPlan()
    todo = "**to agree**"
    sampling = {True: "every event", False: "a sample", None: None}[plan.every_event]
    if plan.every_event is False and plan.sampling_method:
        sampling = f"{plan.sampling_method} sample of {plan.sample_size or '?'}"
    rows = (
        ("Who collects the data", plan.who_collects),
        ("What (attribute or continuous)", plan.what),
        ("Where", plan.where),
        ("When (and how often)", plan.when or definition.frequency),
        ("How it is recorded", plan.how_recorded),
        ("From what source", plan.source or definition.data_source),
        ("Every event or a sample (which sampling)", sampling),
        ("Stratified by", ", ".join(plan.stratifiers) or None),
        ("Analysis tool (chart)", plan.analysis_tool or (definition.chart and
                                                          f"{definition.chart} chart")),
        ("Who analyses", plan.who_analyses),
        ("Who receives the results", plan.who_receives),
    )  # fmt: skip
    lines = [f"**Data collection plan: {definition.name}**", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {str(v).replace('|', '/') if v else todo} |" for k, v in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------ sampling
#: Sampling methods in the demonstration.
METHODS: tuple[str, ...] = ("simple random", "systematic", "stratified")
#: HbA1c at or below this (mmol/mol) counts as in range (NICE NG28 individual target).
HBA1C_THRESHOLD = 58.0


def in_range_percent(patients: pd.DataFrame) -> float:
    """% of patients whose last HbA1c is at most 58 mmol/mol (never tested = not in range).

    >>> in_range_percent(pd.DataFrame({"last_hba1c": [50.0, 70.0, None, 58.0]}))
    50.0
    """
    if not len(patients):
        raise ToolkitError("no patients to count", column="last_hba1c", fix="give a larger sample")
    return float(100 * (patients["last_hba1c"] <= HBA1C_THRESHOLD).sum() / len(patients))


def _age_band(patients: pd.DataFrame) -> pd.Series:
    return pd.Series(
        np.where(patients["age"] < 65, "under 65", "65 and over"), index=patients.index
    )


def draw_sample(
    patients: pd.DataFrame, n: int, method: str, *, seed: int | np.random.Generator
) -> pd.DataFrame:
    """Draw ``n`` patients by ``method`` (one of :data:`METHODS`), seeded.

    - simple random: every set of ``n`` patients equally likely;
    - systematic: every k-th patient in list order (k = list size // n) from a
      random start;
    - stratified: proportional numbers from each age band (under 65, 65 and
      over), simple random within each.

    >>> pts = load_dataset("patients-hba1c")
    >>> s = draw_sample(pts, 40, "systematic", seed=1)
    >>> len(s), s.index[1] - s.index[0]
    (40, 12)
    >>> draw_sample(pts, 40, "stratified", seed=1).pipe(_age_band).value_counts().to_dict()
    {'under 65': 23, '65 and over': 17}
    """
    rng = np.random.default_rng(seed)
    size = len(patients)
    if not 1 <= n <= size:
        raise ToolkitError(
            f"sample size {n} does not fit a list of {size}", column="n",
            fix=f"choose n from 1 to {size}",
        )  # fmt: skip
    if method == "simple random":
        take = np.sort(rng.choice(size, size=n, replace=False))
    elif method == "systematic":
        step = size // n
        start = int(rng.integers(step))
        take = np.arange(start, start + step * n, step)
    elif method == "stratified":
        bands = _age_band(patients).to_numpy()
        names, counts = np.unique(bands, return_counts=True)
        exact = n * counts / size
        alloc = np.floor(exact).astype(int)
        for i in np.argsort(-(exact - alloc), kind="stable")[: n - alloc.sum()]:
            alloc[i] += 1  # largest remainders get the spare places
        parts = [
            rng.choice(np.flatnonzero(bands == name), size=k, replace=False)
            for name, k in zip(names, alloc, strict=True)
        ]
        take = np.sort(np.concatenate(parts))
    else:
        raise ToolkitError(
            f"unknown sampling method {method!r}", column="method",
            fix=f"use one of: {', '.join(METHODS)}",
        )  # fmt: skip
    return patients.iloc[take]


def sampling_demo(
    patients: pd.DataFrame | None = None,
    *,
    sizes: Sequence[int] = (20, 80),
    repeats: int = 200,
    seed: int = 2026,
) -> pd.DataFrame:
    """Estimate the in-range % from many seeded samples: method, n, repeat, estimate.

    The same seed gives the same table. ``attrs["truth"]`` holds the % for the
    whole list.

    >>> demo = sampling_demo(sizes=(20,), repeats=5)
    >>> demo.shape, sorted(demo["method"].unique()) == sorted(METHODS)
    ((15, 4), True)
    >>> demo.equals(sampling_demo(sizes=(20,), repeats=5))
    True
    """
    if patients is None:
        patients = load_dataset("patients-hba1c")
    rng = np.random.default_rng(seed)
    rows = [
        (method, n, r, in_range_percent(draw_sample(patients, n, method, seed=rng)))
        for n in sizes
        for method in METHODS
        for r in range(repeats)
    ]
    out = pd.DataFrame(rows, columns=["method", "n", "repeat", "estimate"])
    out.attrs["truth"] = in_range_percent(patients)
    return out


def sampling_summary(demo: pd.DataFrame) -> pd.DataFrame:
    """Per method and sample size: mean estimate, spread (SD), and the middle 90% range.

    >>> s = sampling_summary(sampling_demo(sizes=(20,), repeats=20))
    >>> list(s.columns)
    ['mean', 'sd', 'low_5', 'high_95', 'truth']
    """
    g = demo.groupby(["method", "n"], sort=False)["estimate"]
    out = pd.DataFrame(
        {
            "mean": g.mean(),
            "sd": g.std(),
            "low_5": g.quantile(0.05),
            "high_95": g.quantile(0.95),
        }
    )
    out["truth"] = demo.attrs.get("truth", np.nan)
    return out.round(1)


# ------------------------------------------------------------------ exercise 3
def _values(answer: Any) -> np.ndarray | None:
    if isinstance(answer, pd.DataFrame):
        for col in ("value", "dna_percent", "percent", "y"):
            if col in answer.columns:
                return pd.to_numeric(answer[col], errors="coerce").to_numpy(dtype=float)
        numeric = answer.select_dtypes("number")
        if numeric.shape[1] == 1:
            return numeric.iloc[:, 0].to_numpy(dtype=float)
        return None
    try:
        return np.asarray(list(answer), dtype=float)
    except (TypeError, ValueError):
        return None


def check_weekly_dna(answer: Any, *, log: pd.DataFrame | None = None) -> Feedback:
    """Check a weekly DNA % series built from the appointment log.

    ``answer`` is a table from :mod:`qiteach.measures` (its ``value`` column is
    read), a Series, or a list of weekly percentages, oldest first. The check
    recomputes the series with :func:`qiteach.measures.dna_series` from ``log``
    (default: the shipped ``appointment-log``) and compares week by week
    (to 0.05 percentage points).

    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-13"]),
    ...                     "status": ["DNA", "attended", "attended"]})
    >>> check_weekly_dna([50, 0], log=log).correct
    True
    >>> fb = check_weekly_dna([0.5, 0.0], log=log)
    >>> fb.message, fb.hints[0]
    ('Not yet: 1 of 2 weeks match.', 'These look like proportions (0-1): multiply by 100 for a %.')
    """
    if is_blank(answer):
        return Feedback.not_answered(
            "Build the weekly DNA % and put it in weekly (a table from qiteach.measures)."
        )
    if log is None:
        log = load_dataset("appointment-log")
    expected = dna_series(log, by="week")
    want = expected["value"].to_numpy(dtype=float)
    got = _values(answer)
    if got is None:
        return Feedback(
            False,
            f"Could not read numbers from a {type(answer).__name__}.",
            hints=("Give the table qiteach.measures made (it has a value column).",),
        )
    n_months = len(dna_series(log, by="month"))
    if len(got) != len(want):
        hints = ["Count one row per week (weeks start on Monday): by='week'."]
        if len(got) == n_months:
            hints.insert(0, f"{len(got)} rows looks monthly; the exercise asks for weekly values.")
        if len(got) == len(log):  # type: ignore[arg-type]
            hints.insert(0, "One row per appointment: add them up into weeks first.")
        return Feedback(
            False,
            f"The log covers {len(want)} weeks; your answer has {len(got)} values.",
            hints=tuple(hints),
        )
    close = np.isclose(got, want, atol=0.05, rtol=0)
    if close.all():
        lo, hi = float(want.min()), float(want.max())
        return Feedback(
            True,
            f"Right: {len(want)} weeks of DNA %, from {lo:.1f}% to {hi:.1f}% "
            f"(median {float(np.median(want)):.1f}%).",
            (
                f"{int(expected['numerator'].sum())} DNAs out of {int(expected['n'].sum())} "
                "booked appointments in all.",
            ),
            ("Next: plot it on a run chart to see whether the weeks differ by more than chance.",),
        )
    hints = []
    if np.isclose(got * 100, want, atol=0.05).all():
        hints.append("These look like proportions (0-1): multiply by 100 for a %.")
    elif np.isclose(got, expected["numerator"].to_numpy(dtype=float)).all():
        hints.append("These are counts of DNAs: divide by the appointments booked that week.")
    elif np.isclose(got, 100 - want, atol=0.05).all():
        hints.append("These are the % attended: the DNA % counts the missed ones.")
    else:
        hints.append("Numerator: appointments with status DNA; denominator: all booked that week.")
    first_bad = int(np.flatnonzero(~close)[0])
    week = pd.Timestamp(expected["x"].iloc[first_bad]).date()
    return Feedback(
        False,
        f"Not yet: {int(close.sum())} of {len(want)} weeks match.",
        (f"The first that differs is the week of {week} (value {got[first_bad]:.2f}).",),
        tuple(hints),
    )
