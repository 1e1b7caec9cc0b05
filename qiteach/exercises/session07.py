"""Session 7 (statistical process control): self-checks and the helpers its notebook uses.

Three exercises, each checked by recomputing with qiteach's own engines:

- :func:`check_chart_choice` — scenarios → chart type, marked with the Health
  Care Data Guide chart-choice logic in :func:`qiteach.measures.suggest_chart`;
- :func:`check_p_point` — a p chart's centre line and limits worked by hand for
  one week, recomputed with :func:`qiteach.charts.compute_chart`, with feedback
  on the usual slips (mean of the proportions instead of Σy/Σn, the average n
  instead of that week's nᵢ, 2σ, a forgotten square root, a negative LCL);
- :func:`check_split` — where to start a new part (recalculate limits),
  judged by freezing the limits on the points before the split and looking for
  a sustained shift of 8 or more points (HCDG rule 2) straight after it.

Plus :func:`xmr_kwargs` (a team's measure as a Making Data Count XmR chart) and
:func:`mdc_sentences` (its variation and assurance icons in words).

>>> print(check_chart_choice(None))
[not answered yet] Fill in the dictionary: one chart type per scenario, e.g. {"dna": "p", ...}.
>>> answers = {s.key: expected_chart(s.key).chart for s in SCENARIOS}
>>> check_chart_choice(answers).passed
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from qiteach.charts import ChartResult, compute_chart
from qiteach.charts.rules import hcdg, mdc
from qiteach.exceptions import ToolkitError
from qiteach.exercises.feedback import Feedback, is_blank
from qiteach.measures.choice import CHART_NAMES, ChartSuggestion, suggest_chart
from qiteach.wording import number_in

if TYPE_CHECKING:
    from qiteach.charts.result import SignalSpan
    from qiteach.workspace.model import MeasureSeries, Team

__all__ = [
    "SCENARIOS",
    "PPoint",
    "Scenario",
    "SplitAdvice",
    "check_chart_choice",
    "check_p_point",
    "check_split",
    "expected_chart",
    "hand_point_row",
    "incident_counts",
    "main_measure_id",
    "mdc_sentences",
    "normalise_chart",
    "p_point",
    "scenarios_table",
    "split_advice",
    "xmr_kwargs",
]


# ------------------------------------------------------------------ exercise 1: choose the chart
@dataclass(frozen=True, slots=True)
class Scenario:
    """A measure described in words, with the facts the HCDG chart choice needs."""

    key: str
    text: str
    data_type: str
    subgroup_size: int = 1
    equal_opportunity: bool = True
    rare_events: bool = False
    large_denominators: bool = False


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "dna",
        "Each week: booked face-to-face appointments, and how many of them were not "
        "attended (bookings vary from 380 to 450 a week).",
        "classification",
    ),
    Scenario(
        "wait",
        "Once a month: days until the third next available routine GP appointment.",
        "continuous",
    ),
    Scenario(
        "complaints",
        "Written complaints received each month by a practice whose list size hardly changes.",
        "count",
    ),
    Scenario(
        "errors",
        "Prescribing errors found each month, when the number of items issued varies "
        "from 8,000 to 12,000.",
        "count",
        equal_opportunity=False,
    ),
    Scenario(
        "incidents",
        "Significant events (about one a fortnight): the time from each one to the next.",
        "count",
        rare_events=True,
    ),
    Scenario(
        "ae",
        "Weekly share of the 5,000 A&E attendances seen within 4 hours; an ordinary p chart "
        "flags almost every week.",
        "classification",
        large_denominators=True,
    ),
)
_BY_KEY = {s.key: s for s in SCENARIOS}

_ALIASES = {
    "xmr": "i",
    "x-mr": "i",
    "imr": "i",
    "i-mr": "i",
    "x": "i",
    "individuals": "i",
    "p'": "pp",
    "p′": "pp",
    "p prime": "pp",
    "laney p": "pp",
    "laney p'": "pp",
    "u'": "up",
    "u′": "up",
    "u prime": "up",
    "laney u": "up",
    "laney u'": "up",
    "x-bar": "xbar",
    "x̄": "xbar",
    "xbar-s": "xbar",
    "xbar and s": "xbar",
    "moving range": "mr",
}


def normalise_chart(answer: Any) -> str:
    """A chart name as typed (``"XmR"``, ``"p chart"``, ``"p'"``) → qiteach's code.

    >>> normalise_chart(" XmR chart"), normalise_chart("P"), normalise_chart("Laney p'")
    ('i', 'p', 'pp')
    """
    text = re.sub(r"\s+", " ", str(answer).strip().lower()).rstrip(".!")
    text = re.sub(r"[ -]?(control[ -])?chart$", "", text).strip()  # "p-chart" too
    if text not in _ALIASES:
        text = text.replace("-", " ")  # "p-prime"
    return _ALIASES.get(text, text)


def expected_chart(key: str) -> ChartSuggestion:
    """The HCDG chart choice for scenario ``key`` (from :func:`qiteach.measures.suggest_chart`).

    >>> expected_chart("errors").chart
    'u'
    """
    if key not in _BY_KEY:
        raise ToolkitError(
            f"unknown scenario {key!r}",
            column="scenario",
            fix=f"use one of: {', '.join(_BY_KEY)}",
        )
    s = _BY_KEY[key]
    return suggest_chart(
        data_type=s.data_type,
        subgroup_size=s.subgroup_size,
        equal_opportunity=s.equal_opportunity,
        rare_events=s.rare_events,
        large_denominators=s.large_denominators,
    )


def scenarios_table() -> pd.DataFrame:
    """The scenarios as a table to show in the notebook (key and description).

    >>> list(scenarios_table().columns)
    ['scenario', 'description']
    """
    return pd.DataFrame(
        {"scenario": [s.key for s in SCENARIOS], "description": [s.text for s in SCENARIOS]}
    )


def check_chart_choice(answers: Mapping[str, Any] | None) -> Feedback:
    """Mark ``{scenario: chart}`` against the HCDG chart choice, explaining each one.

    >>> fb = check_chart_choice({"dna": "p", "wait": "run", "complaints": "u"})
    >>> fb.correct, fb.message
    (False, '1 of 6 right; 2 to rethink; 3 not answered yet.')
    >>> print(fb.details[1])
    wait: a run chart is always a sound start, but a control chart here would be an i chart \
(XmR): there is one measured value per period ...
    """
    how = 'Fill in the dictionary: one chart type per scenario, e.g. {"dna": "p", ...}.'
    if is_blank(answers):
        return Feedback.not_answered(how)
    if not isinstance(answers, Mapping):
        return Feedback(False, "Your answer should be a dictionary.", hints=(how,))
    unknown = [k for k in answers if k not in _BY_KEY]
    right = wrong = missing = 0
    details: list[str] = []
    hints: list[str] = []
    for s in SCENARIOS:
        want = expected_chart(s.key)
        given = answers.get(s.key)
        if is_blank(given):
            missing += 1
            details.append(f"{s.key}: not answered yet.")
            continue
        code = normalise_chart(given)
        if code == want.chart:
            right += 1
            details.append(f"{s.key}: yes, {want.name} — {want.reason}")
            continue
        wrong += 1
        if code not in CHART_NAMES:
            details.append(f"{s.key}: {given!r} is not a chart type qiteach knows.")
            hints.append(f"Chart types: {', '.join(CHART_NAMES)}.")
        elif code == "run":
            details.append(
                f"{s.key}: a run chart is always a sound start, but a control chart here "
                f"would be {_article(want.chart)} {want.name}: {want.reason}"
            )
        elif code in want.alternatives:
            details.append(
                f"{s.key}: {CHART_NAMES[code]} is a possible alternative, but the usual "
                f"choice is the {want.name}: {want.reason}"
            )
        else:
            details.append(f"{s.key}: not the {CHART_NAMES[code]}. {_question(s)}")
    if wrong:
        hints.append(
            "Ask in turn: is it measured on a scale, a yes/no per case, or a count? Are events "
            "rare? Does the opportunity (denominator) change from period to period?"
        )
    if unknown:
        hints.append(f"Unknown scenario names ignored: {', '.join(map(str, unknown))}.")
    parts = [f"{right} of {len(SCENARIOS)} right"]
    if wrong:
        parts.append(f"{wrong} to rethink")
    if missing:
        parts.append(f"{missing} not answered yet")
    message = "; ".join(parts) + "."
    correct = None if right == 0 and wrong == 0 else (wrong == 0 and missing == 0)
    return Feedback(correct, message, tuple(details), tuple(dict.fromkeys(hints)))


def _article(chart: str) -> str:
    return "an" if chart in ("i", "s", "xbar", "mr") else "a"


def _question(s: Scenario) -> str:
    """A nudge towards the deciding fact, without naming the chart."""
    if s.rare_events:
        return "Most periods would have no event at all: what could you plot instead of counts?"
    if s.data_type == "continuous":
        return "The value is measured on a scale, one number per period."
    if s.data_type == "classification":
        if s.large_denominators:
            return "Each case is yes/no, but with thousands per period the limits hug the line."
        return "Each case is either yes or no: you chart a proportion."
    if s.equal_opportunity:
        return "You count events, and the opportunity for them stays about the same."
    return "You count events, but the opportunity for them changes month to month."


# ------------------------------------------------------------------ exercise 2: p chart by hand
@dataclass(frozen=True, slots=True)
class PPoint:
    """A p chart's lines at one point (proportions, not percentages)."""

    row: int
    y: float
    n: float
    cl: float
    lcl: float
    ucl: float
    sigma: float


def _yn(data: pd.DataFrame, y: str, n: str) -> tuple[np.ndarray, np.ndarray]:
    for col in (y, n):
        if col not in data.columns:
            raise ToolkitError(
                f"no column {col!r}", column=col, fix=f"use one of {', '.join(data.columns)}"
            )
    return data[y].to_numpy(dtype=float), data[n].to_numpy(dtype=float)


def hand_point_row(data: pd.DataFrame, *, n: str = "n") -> int:
    """The row to work by hand: the first with the smallest denominator (widest limits).

    >>> hand_point_row(pd.DataFrame({"n": [20, 15, 18, 15]}))
    1
    """
    return int(np.argmin(data[n].to_numpy(dtype=float)))


def p_point(data: pd.DataFrame, *, row: int, y: str = "y", n: str = "n") -> PPoint:
    """The p chart's centre line and limits at ``row`` (0-based), computed by the chart engine.

    >>> d = pd.DataFrame({"y": [2, 3, 1, 4], "n": [20, 30, 10, 40]})
    >>> pt = p_point(d, row=2)
    >>> round(pt.cl, 3), round(pt.ucl, 3), pt.lcl
    (0.1, 0.385, 0.0)
    """
    ys, ns = _yn(data, y, n)
    if not 0 <= row < len(ys):
        raise ToolkitError(
            f"row {row} is outside the data (0 to {len(ys) - 1})",
            column="row",
            fix="count rows from 0",
        )
    res = compute_chart(y=ys, n=ns, chart="p", rules="hcdg")
    pt = res.points.iloc[row]
    return PPoint(
        row,
        float(ys[row]),
        float(ns[row]),
        float(pt["cl"]),
        float(pt["lcl"]),
        float(pt["ucl"]),
        (float(pt["ucl"]) - float(pt["cl"])) / 3.0,
    )


def _limits(cl: float, n: float, k: float = 3.0, root: bool = True) -> tuple[float, float]:
    var = cl * (1 - cl) / n
    s = math.sqrt(var) if root else var
    return cl + k * s, cl - k * s


def _get(answer: Mapping[str, Any], *names: str) -> float | None:
    """The first of ``names`` in ``answer`` as a number ("5.6%" reads as 5.6; NaN if not one)."""
    for name in names:
        if name in answer and not is_blank(answer[name]):
            value = answer[name]
            if isinstance(value, str):
                value = value.strip().removesuffix("%").strip()
            try:
                return float(value)
            except (TypeError, ValueError):
                return math.nan
    return None


def _near(given: float, truth: float, share: float = 0.1) -> bool:
    """True when ``given`` is within ``share`` (10%) of ``truth``: rounding, not a slip.

    >>> _near(0.06, 0.0565), _near(0.1, 0.0565)
    (True, False)
    """
    return abs(given - truth) <= share * abs(truth)


def _rounds_to(given: float, truth: float) -> bool:
    """True when ``given`` is ``truth`` rounded to the decimal places ``given`` shows.

    >>> _rounds_to(0.06, 0.0565), _rounds_to(5.6, 5.649), _rounds_to(0.06, 0.0683)
    (True, True, False)
    """
    places = next((d for d in range(7) if round(given, d) == given), 7)
    return round(truth, places) == given


def check_p_point(
    answer: Mapping[str, Any] | None,
    data: pd.DataFrame,
    *,
    row: int,
    y: str = "y",
    n: str = "n",
) -> Feedback:
    """Check a hand-worked centre line and limits for one point of a p chart.

    ``answer`` is ``{"cl": ..., "ucl": ..., "lcl": ...}`` as proportions (0.056)
    or percentages (5.6); a centre line above 1 is read as percentages.

    >>> d = pd.DataFrame({"y": [2, 3, 1, 4], "n": [20, 30, 10, 40]})
    >>> check_p_point({"cl": 0.1, "ucl": 0.385, "lcl": 0}, d, row=2).passed
    True
    >>> fb = check_p_point({"cl": 0.1, "ucl": 0.28, "lcl": 0.01}, d, row=2)
    >>> fb.correct, fb.details[1][:42]
    (False, 'UCL: 0.28 looks like the limit from the av')
    """
    how = 'Give your three numbers, e.g. {"cl": 0.05, "ucl": 0.2, "lcl": 0}.'
    if is_blank(answer):
        return Feedback.not_answered(how)
    if not isinstance(answer, Mapping):
        return Feedback(False, "Your answer should be a dictionary.", hints=(how,))
    percent = any(isinstance(v, str) and "%" in v for v in answer.values())
    answer = {str(k).strip().lower().replace(" ", "_"): v for k, v in answer.items()}
    cl = _get(answer, "cl", "centre", "center", "centre_line")
    ucl = _get(answer, "ucl", "upper")
    lcl = _get(answer, "lcl", "lower")
    if cl is None and ucl is None and lcl is None:
        return Feedback.not_answered(how)
    if any(v is not None and math.isnan(v) for v in (cl, ucl, lcl)):
        return Feedback(False, "Each value should be a number.", hints=(how,))
    truth = p_point(data, row=row, y=y, n=n)
    ys, ns = _yn(data, y, n)
    ok_rows = ns > 0
    scale = 100.0 if percent or (cl is not None and cl > 1) else 1.0
    cl, ucl, lcl = (None if v is None else v / scale for v in (cl, ucl, lcl))
    mean_p = float(np.mean(ys[ok_rows] / ns[ok_rows]))
    n_bar = float(np.mean(ns[ok_rows]))
    tol = max(0.0015, 0.02 * truth.cl)
    unit = "%" if scale == 100 else ""

    def show(v: float) -> str:
        return f"{v * scale:.3g}{unit}"

    details: list[str] = []
    hints: list[str] = []
    good = 0
    # centre line
    if cl is None:
        details.append("Centre line: not answered yet.")
    elif abs(cl - truth.cl) <= tol:
        good += 1
        details.append(
            f"Centre line {show(cl)}: right — p̄ = Σy/Σn = {ys[ok_rows].sum():g}/"
            f"{ns[ok_rows].sum():g} = {show(truth.cl)}."
        )
    elif _rounds_to(cl * scale, truth.cl * scale) and _near(cl, truth.cl):
        good += 1  # the working is right; the rounding is a habit to fix, not an error
        details.append(
            f"Centre line {show(cl)}: right, rounded — p̄ = Σy/Σn = {show(truth.cl)}; keep three "
            "significant figures so the limits come out right."
        )
        hints.append("Round only at the end: small rounding in p̄ moves the limits.")
    elif _rounds_to(cl * scale, truth.cl * scale):
        details.append(
            f"Centre line {show(cl)}: that is p̄ = Σy/Σn = {show(truth.cl)} rounded too far; "
            "keep three significant figures so the limits come out right."
        )
        hints.append("Round only at the end: small rounding in p̄ moves the limits.")
    elif abs(cl - mean_p) < abs(cl - truth.cl):
        details.append(
            f"Centre line {show(cl)}: that is the average of the weekly proportions "
            f"({show(mean_p)}). A p chart's centre line is Σy/Σn = {show(truth.cl)}, which "
            "gives weeks with more appointments their due weight."
        )
        hints.append("Add up all the numerators, add up all the denominators, then divide.")
    else:
        details.append(f"Centre line {show(cl)}: not yet — recheck Σy/Σn.")
        hints.append("p̄ = (sum of the numerators) / (sum of the denominators).")
    # upper limit: compare with the right answer and the usual slips
    rounded_cl = cl is not None and _rounds_to(cl * scale, truth.cl * scale) and _near(cl, truth.cl)
    base = (
        cl
        if cl is not None and not rounded_cl and abs(cl - mean_p) < abs(cl - truth.cl)
        else truth.cl
    )
    slips = {
        "right": _limits(base, truth.n)[0],
        "nbar": _limits(base, n_bar)[0],
        "two": _limits(base, truth.n, k=2.0)[0],
        "root": _limits(base, truth.n, root=False)[0],
    }
    if ucl is None:
        details.append("UCL: not answered yet.")
    else:
        best = min(slips, key=lambda k: abs(ucl - slips[k]))
        if best == "right" and abs(ucl - slips["right"]) <= tol:
            if abs(base - truth.cl) <= tol:
                good += 1
                details.append(
                    f"UCL {show(ucl)}: right — p̄ + 3·√(p̄(1−p̄)/nᵢ) with this week's nᵢ = "
                    f"{truth.n:g} gives {show(truth.ucl)}."
                )
            else:
                details.append(
                    f"UCL {show(ucl)}: the right formula, but from your centre line; with "
                    f"p̄ = Σy/Σn it is {show(truth.ucl)}."
                )
        elif best == "nbar":
            details.append(
                f"UCL: {show(ucl)} looks like the limit from the average n ({n_bar:.3g}). Each "
                f"point has its own limits from its own nᵢ: here nᵢ = {truth.n:g}, so the UCL "
                f"is {show(truth.ucl)}."
            )
            hints.append("Use this week's denominator nᵢ in σᵢ = √(p̄(1−p̄)/nᵢ).")
        elif best == "two":
            details.append(f"UCL: {show(ucl)} is p̄ + 2σ; control limits are at 3σ.")
            hints.append("Multiply σᵢ by 3, not 2.")
        elif best == "root":
            details.append(f"UCL: {show(ucl)} — did you forget the square root in σᵢ?")
            hints.append("σᵢ = √(p̄(1−p̄)/nᵢ): take the square root.")
        elif _rounds_to(ucl * scale, truth.ucl * scale) and _near(ucl, truth.ucl):
            good += 1
            details.append(
                f"UCL {show(ucl)}: right, rounded — the engine's {show(truth.ucl)}; give three "
                "significant figures."
            )
        elif _rounds_to(ucl * scale, truth.ucl * scale):
            details.append(
                f"UCL {show(ucl)}: that is the engine's {show(truth.ucl)} rounded; give three "
                "significant figures."
            )
        else:
            details.append(f"UCL {show(ucl)}: not yet; the engine gets {show(truth.ucl)}.")
            hints.append("UCL = p̄ + 3·√(p̄(1−p̄)/nᵢ).")
    # lower limit
    raw_lcl = _limits(truth.cl, truth.n)[1]
    if lcl is None:
        details.append("LCL: not answered yet.")
    elif lcl < -tol / 10:
        details.append(
            f"LCL {show(lcl)}: a proportion cannot fall below 0, so a negative lower limit "
            "is set to 0 (there is no lower limit)."
        )
        hints.append("Clip the LCL at 0.")
    elif abs(lcl - truth.lcl) <= tol:
        good += 1
        why = f" (p̄ − 3σᵢ = {show(raw_lcl)} is below 0, so it is set to 0)" if raw_lcl < 0 else ""
        details.append(f"LCL {show(lcl)}: right{why}.")
    else:
        details.append(f"LCL {show(lcl)}: not yet; the engine gets {show(truth.lcl)}.")
        hints.append("LCL = p̄ − 3·√(p̄(1−p̄)/nᵢ), and never below 0.")
    answered = sum(v is not None for v in (cl, ucl, lcl))
    if good == 3:
        return Feedback(
            True,
            f"All three match the chart engine for row {row} (nᵢ = {truth.n:g}).",
            tuple(details),
        )
    msg = f"{good} of 3 match the chart engine" + ("" if answered == 3 else " so far") + "."
    return Feedback(False, msg, tuple(details), tuple(dict.fromkeys(hints)))


# ------------------------------------------------------------------ exercise 3: where to split
#: HCDG rule 2: a shift is 8 or more points on one side of the centre line (the rule set's)
SHIFT_POINTS = hcdg.SHIFT
#: the fewest points a baseline should have before limits mean much
MIN_BASELINE = 12


@dataclass(frozen=True, slots=True)
class SplitAdvice:
    """Whether starting a new part after point ``split_after`` (1-based) is justified.

    ``verdict`` is ``"justified"``, ``"too early"``, ``"too late"``,
    ``"not sustained"`` or ``"no shift"``; ``suggested`` the split the chart
    supports (or None); ``sentences`` the reasons in words.
    """

    split_after: int
    verdict: str
    suggested: int | None
    sentences: tuple[str, ...]

    @property
    def justified(self) -> bool:
        """True when the chart supports a new part here."""
        return self.verdict == "justified"


def _x_name(x: Any, row: int) -> str:
    value = x[row]
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).strftime("%b %Y")
    return f"point {row + 1}"


def split_advice(
    data: pd.DataFrame | None = None,
    *,
    split_after: int,
    y: Any,
    x: Any = None,
    n: Any = None,
    chart: str = "i",
    multiply: float = 1.0,
    notes: Any = None,
    **_ignored: Any,
) -> SplitAdvice:
    """Judge a new part starting after point ``split_after`` (1-based) with the chart engine.

    The limits are frozen on the points up to the split (the old process) and
    extended forward; HCDG rule 2 then looks for a shift of 8 or more points
    on one side of the old centre line. A new part is justified when such a
    shift starts at the first or second point after the split and lasts to
    the latest point. Extra keyword arguments (e.g. ``rules``, ``freeze`` from
    ``chart_kwargs()``) are ignored, so a measure's kwargs can be passed whole.

    >>> y = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10] + [14, 15, 13, 14, 15, 14, 13, 15, 14]
    >>> split_advice(y=y, split_after=12).verdict
    'justified'
    >>> a = split_advice(y=y, split_after=8)
    >>> a.verdict, a.suggested
    ('too early', 12)
    >>> split_advice(y=y, split_after=15).verdict
    'too late'
    """
    kw = {"data": data, "y": y, "x": x, "n": n, "chart": chart, "multiply": multiply}
    whole = compute_chart(**kw, notes=notes, rules="hcdg")
    count = len(whole.points)
    if not 1 <= split_after < count:
        raise ToolkitError(
            f"split_after {split_after} is outside 1 to {count - 1}",
            column="split_after",
            fix="give the number of the last point of the old process",
        )
    xs = whole.points["x"].to_numpy(dtype=object)
    last = count - 1
    k = int(split_after)

    def shifts(freeze: int) -> list[SignalSpan]:
        res = compute_chart(**kw, freeze=freeze, rules="hcdg")
        return [s for s in res.signal_spans if s.rule == "shift_8"]

    def lasting(span: SignalSpan) -> bool:
        return span.end >= last - 1

    mine = shifts(k)
    after = [s for s in mine if s.end >= k]
    sentences: list[str] = []
    note = _note_near(whole.points, k)
    if after:
        pool = [s for s in after if lasting(s)] or after
        span = min(pool, key=lambda s: abs(s.start - k))
        length = span.end - span.start + 1
        side = "above" if span.direction == "up" else "below"
        where = f"from {_x_name(xs, span.start)} to {_x_name(xs, span.end)}"
        early = f"Point {k}" if span.start + 1 == k else f"Points {span.start + 1}-{k}"
        if not lasting(span):
            verdict, suggested = "not sustained", None
            sentences.append(
                f"There are {length} points {side} the old centre line ({where}) but the "
                "shift did not last to the latest point: a new part is for a lasting change, "
                "so keep the limits as they are."
            )
        elif span.start < k:
            verdict, suggested = "too late", int(span.start)
            sentences.append(
                f"The shift began before your split: {length} points {side} the old centre line "
                f"{where}. {early} {'is' if span.start + 1 == k else 'are'} already at the new "
                "level and would "
                f"drag the old part's centre line and limits towards it; split after point "
                f"{span.start} instead."
            )
        elif span.start > k + 1:
            verdict, suggested = "too early", int(span.start)
            sentences.append(
                f"The shift only starts at point {span.start + 1} ({where}, {length} points "
                f"{side}); points {k + 1}-{span.start} still belong to the old process. Split "
                f"after point {span.start}."
            )
        else:
            verdict, suggested = "justified", k
            sentences.append(
                f"With the limits frozen on points 1-{k}, the {length} points {where} all sit "
                f"{side} the old centre line (HCDG rule 2 needs {SHIFT_POINTS}) and the shift "
                "lasts to the latest point: the process has changed, so a new part with its "
                "own centre line and limits is justified."
            )
    else:
        verdict, suggested = "no shift", None
        sentences.append(
            f"With the limits frozen on points 1-{k}, no run of {SHIFT_POINTS} or more points "
            "sits on one side of the old centre line after the split: recalculating now would "
            "only chase common-cause variation."
        )
        # a lasting shift elsewhere?
        for cand in (s for s in shifts(count) if lasting(s) and s.start >= MIN_BASELINE):
            suggested = int(cand.start)
            sentences.append(
                f"The whole-data chart has a lasting shift from point {cand.start + 1} "
                f"({_x_name(xs, cand.start)}): try splitting after point {cand.start}."
            )
            break
    if k < MIN_BASELINE:
        sentences.append(
            f"Only {k} points before the split: a baseline of at least {MIN_BASELINE} "
            "(ideally 20) points gives limits you can trust."
        )
    if note:
        sentences.append(f"The chart's note at {note[0]} records a change: “{note[1]}”.")
    return SplitAdvice(k, verdict, suggested, tuple(sentences))


def _note_near(points: pd.DataFrame, k: int, within: int = 2) -> tuple[str, str] | None:
    notes = points["note"].to_numpy(dtype=object)
    xs = points["x"].to_numpy(dtype=object)
    lo, hi = max(0, k - within), min(len(notes), k + within + 1)
    for row in range(lo, hi):
        text = notes[row]
        if isinstance(text, str) and text.strip():
            return _x_name(xs, row), text.strip()
    return None


def check_split(answer: Any, data: pd.DataFrame | None = None, **chart_args: Any) -> Feedback:
    """Check the point after which a new part (recalculated limits) should start.

    ``answer`` is the number (1-based) of the last point of the old process;
    ``chart_args`` are :func:`split_advice`'s (``y``, ``x``, ``n``, ``chart`` ...).

    >>> y = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10] + [14, 15, 13, 14, 15, 14, 13, 15, 14]
    >>> check_split(12, y=y).passed
    True
    >>> print(check_split(9, y=y).message)
    Too early: the chart supports a new part after point 12, not 9.
    """
    how = "Give the number of the last point of the old process, e.g. split_after = 20."
    if is_blank(answer):
        return Feedback.not_answered(how)
    if isinstance(answer, str) and number_in(answer) is not None:
        answer = number_in(answer)  # "25", "after 25"
    if isinstance(answer, bool) or not isinstance(answer, int | np.integer | float):
        return Feedback(False, "Your answer should be a whole number.", hints=(how,))
    if float(answer) != int(answer):
        return Feedback(False, "Your answer should be a whole number of points.", hints=(how,))
    try:
        advice = split_advice(data, split_after=int(answer), **chart_args)
    except ToolkitError as exc:
        return Feedback(False, exc.problem.message, hints=(how,))
    if advice.justified:
        return Feedback(
            True, f"Yes: a new part after point {advice.split_after} is justified.",
            advice.sentences,
            ("Record why on the chart (a note) and keep the old limits visible for comparison.",),
        )  # fmt: skip
    where = "" if advice.suggested is None else f"a new part after point {advice.suggested}, "
    messages = {
        "too early": f"Too early: the chart supports {where}not {advice.split_after}.",
        "too late": f"Too late: the chart supports {where}not {advice.split_after}.",
        "not sustained": "Not yet: the change after your split did not last.",
        "no shift": f"No sustained shift starts after point {advice.split_after}.",
    }
    return Feedback(
        False,
        messages[advice.verdict],
        advice.sentences,
        (
            f"Look for where {SHIFT_POINTS} or more points in a row first sit on the new side "
            "of the line.",
        ),
    )


# ------------------------------------------------------------------ team data
def main_measure_id(team: Team) -> str | None:
    """The team's main measure: its first outcome measure, else its first measure.

    >>> main_measure_id(demo_programme.team("west"))
    'answered_2min'
    """
    measures = team.measures
    if measures.empty:
        return None
    outcome = measures[measures["type"] == "outcome"]
    row = outcome.iloc[0] if len(outcome) else measures.iloc[0]
    return str(row["measure_id"])


def incident_counts(
    records: pd.DataFrame, *, date: str = "date", by: Literal["week", "month"] = "month"
) -> pd.DataFrame:
    """Events per month (or week) from a log with one row per event, for a c chart.

    Periods with no events between the first and last are filled with 0.

    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-01-03", "2026-01-20", "2026-03-02"])})
    >>> incident_counts(log)["y"].tolist()
    [2.0, 0.0, 1.0]
    """
    from qiteach.measures import aggregate

    return aggregate(
        records, date=date, by=by, numerator=lambda d: pd.Series(1.0, index=d.index),
        denominator=None, source="incidents",
    )  # fmt: skip


# ------------------------------------------------------------------ Making Data Count
def xmr_kwargs(series: MeasureSeries) -> dict[str, Any]:
    """A team measure as an XmR chart with the Making Data Count rules (``compute_chart`` kwargs).

    Making Data Count puts every measure on an XmR (i) chart: ratio measures
    are charted as their values (``multiply × y / n``, e.g. a percent). The
    measure's direction, target and baseline carry over (``series.spec("mdc")``).

    >>> ms = demo_programme.team("north").measure_series("dna_rate")
    >>> kw = xmr_kwargs(ms)
    >>> kw["chart"], kw["rules"], kw["direction"], kw["target"]
    ('i', 'mdc', 'decrease', 5.0)
    """
    return series.chart_kwargs(mdc.MDC.name)


def mdc_sentences(result: ChartResult | None) -> list[str]:
    """The variation and assurance icons of an mdc chart result, in words.

    >>> r = compute_chart(y=[5, 6, 5, 7, 6, 5, 6, 7, 6, 5, 6, 5, 6], chart="i", rules="mdc",
    ...                   direction="increase", target=20)
    >>> print(mdc_sentences(r)[1])
    Assurance: the target (20) lies outside the limits on the bad side, so the process will \
consistently miss it unless the system changes.
    """
    if result is None:  # no chart yet (see qiteach.exercises.plots.plot_team_mdc)
        return []
    if result.rule_set is not mdc.MDC:
        raise ToolkitError(
            "the icons belong to Making Data Count charts",
            column="rules",
            fix='compute the chart with chart="i", rules="mdc"',
        )
    last = result.parts.iloc[-1]
    variation = last.get("variation")
    assurance = last.get("assurance")
    out = []
    if isinstance(variation, str):
        out.append(f"Variation: {mdc.VARIATION_WORDS.get(variation, variation)}.")
    else:
        out.append("Variation: no icon (no data in the latest part).")
    if isinstance(assurance, str):
        text = mdc.ASSURANCE_WORDS[assurance].replace(
            "the target", f"the target ({result.target:g})", 1
        )
        out.append(f"Assurance: {text}.")
    elif result.target is None:
        out.append("Assurance: no icon, because the measure has no target.")
    else:
        out.append("Assurance: no icon, because the measure has no direction of improvement.")
    out += [w for w in result.warnings if "trial limits" in w]
    return out
