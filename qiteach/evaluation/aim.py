"""Was the team's aim met, and what does each measure's chart say, in plain English.

**Aim.** The aim is about the team's first *outcome* measure. Its recent level
is compared with the measure's target in the measure's direction:

* the recent level is the median of the last ``recent`` (default 6) plotted
  points, or — when the chart has been split into parts after a sustained
  shift — the centre line of the latest part;
* ``decrease``: met when recent ≤ target; ``increase``: met when recent ≥ target;
* statuses: ``met``, ``not yet met``, ``no target set``, ``no direction set``
  (a neutral measure cannot meet a target) and ``not yet available`` (no
  outcome measure or no data yet).

**Measure readings.** Each chart's signals (``ChartResult.signal_spans``) are
read with the measure's direction: the *most recent* directional signal decides
(a shift down after a baseline shows as a run above then a run below the
centre line; the later run is the change). Signals in the wanted direction are
*improvement*, in the other direction *concern*; on a neutral measure
*special cause*; none is *common cause*. With fewer than ``MIN_POINTS`` (10)
points the verdict is *too early to say*, whatever the chart shows (IHI
guidance: at least 10 points before applying the rules; qi-methods.md §5).
Balancing measures are worded as "is anything getting worse elsewhere?".

>>> import pandas as pd
>>> from qiteach.charts import compute_chart
>>> y = [10, 11, 9, 10, 12, 10, 11, 9, 10, 11, 10, 12, 6, 5, 6, 5, 6, 5, 6, 5, 6, 7]
>>> res = compute_chart(y=y, chart="run", direction="decrease",
...                     x=pd.date_range("2024-01-01", periods=22, freq="MS"))
>>> measure = {"measure_id": "dna", "name": "DNA rate", "type": "outcome",
...            "direction": "decrease", "target": 6.5, "unit": "%"}
>>> a = assess_aim(measure, res)
>>> a.status, a.value
('met', 6.0)
>>> print(a.sentence)
Aim met: the median of the last 6 points (6%) is at or below the target of 6.5%.
>>> read_measure(measure, res).verdict
'improvement'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_meta, get_table
from qiteach.exceptions import InputError

if TYPE_CHECKING:
    from qiteach.charts import ChartResult

__all__ = [
    "MIN_POINTS",
    "AimAssessment",
    "MeasureReading",
    "assess_aim",
    "classify_signals",
    "measure_chart",
    "read_measure",
    "team_aim",
    "team_readings",
]

RATIO_CHARTS = ("p", "pp", "u", "up")
#: Fewest points before a chart is read for a verdict (IHI: at least 10 before applying
#: the rules, qi-methods.md §5); fewer gives "too early to say", never "no improvement".
MIN_POINTS = 10


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _fmt(value: float, unit: str | None) -> str:
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


# -- charts for a team's measure ---------------------------------------------------------------
def _team_view(source: Any, team_id: str | None) -> tuple[Any, str]:
    """Return ``(team_like, team_id)``: a workspace Team, or a mapping of the team's tables."""
    if hasattr(source, "measure_series") and hasattr(source, "info"):  # a Team
        return source, str(source.info.get("team_id", team_id))
    if team_id is None:
        raise InputError("which team? no team_id given", fix="pass team_id='...'")
    if callable(getattr(source, "team", None)):  # a Programme
        return source.team(team_id), team_id
    tables: dict[str, Any] = {"meta": get_meta(source)}
    for name in ("teams", "measures", "measurements"):
        frame = get_table(source, name, required=("team_id",))
        tables[name] = frame[frame["team_id"] == team_id].reset_index(drop=True)
    return tables, team_id


def _team_info(view: Any) -> dict[str, Any]:
    if isinstance(view, Mapping):
        teams = view["teams"]
        return teams.iloc[0].to_dict() if len(teams) else {}
    return dict(view.info)


def _team_measures(view: Any) -> pd.DataFrame:
    return view["measures"] if isinstance(view, Mapping) else view.measures


def measure_chart(
    source: Any, team_id: str | None, measure_id: str, *, rules: str | None = None
) -> ChartResult:
    """Compute the chart of one team measure (a :class:`~qiteach.charts.ChartResult`).

    ``source`` is a Programme, a Team or a mapping of tables. The chart's
    settings (type, direction, target, multiply, baseline) come from the
    measures table; ``rules`` defaults to the programme's rule set.

    For a Programme or Team the result is computed once per team, measure and
    rule set and kept on the programme (reports ask for the same chart in
    several sections); treat it as read-only.

    >>> from qiteach.datasets import dataset_path
    >>> from qiteach.workspace import open_workspace
    >>> demo = open_workspace(dataset_path("demo-programme"))
    >>> res = measure_chart(demo, "north", "dna_rate")
    >>> res.chart, res.direction
    ('p', 'decrease')
    """
    from qiteach.charts import compute_chart

    view, team_id = _team_view(source, team_id)
    if not isinstance(view, Mapping):
        memo = view.programme._index  # the Programme's cache of derived data
        key = ("chart", team_id, measure_id, rules or view.programme.rules)
        if key not in memo:
            try:
                memo[key] = compute_chart(**view.measure_series(measure_id).chart_kwargs(rules))
            except InputError as exc:  # no data yet, too few points ...: same answer next time
                memo[key] = exc
        if isinstance(memo[key], InputError):
            raise memo[key].with_traceback(None)
        return memo[key]
    from qiteach.workspace.model import MeasureSeries

    measures = view["measures"]
    hit = measures[measures["measure_id"] == measure_id]
    if hit.empty:
        raise InputError(
            f'team {team_id} has no measure "{measure_id}"',
            file="measures.csv",
            column="measure_id",
            fix="use a measure_id from measures",
        )
    measure = {k: (None if _is_na(v) else v) for k, v in hit.iloc[0].to_dict().items()}
    rows = view["measurements"]
    rows = rows[rows["measure_id"] == measure_id].sort_values("period", kind="stable")
    ratio = measure.get("chart") in RATIO_CHARTS
    notes = rows["note"] if "note" in rows else pd.Series([None] * len(rows))
    data = pd.DataFrame(
        {
            "x": pd.to_datetime(rows["period"]).to_numpy(),
            "y": (rows["numerator"] if ratio else rows["value"]).to_numpy(dtype=float),
            "n": rows["denominator"].to_numpy(dtype=float) if ratio else np.nan,
            "note": notes.to_numpy(dtype=object),
        }
    )
    default = str(view["meta"].get("rules") or "anhoej").lower()
    return compute_chart(**MeasureSeries(measure, data, default).chart_kwargs(rules))


def _is_na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- signals ----------------------------------------------------------------------------------
def classify_signals(spans: Any, direction: str | None) -> tuple[str, str | None, list[str]]:
    """Verdict from signal spans: ``(verdict, signal_direction, rules)``.

    ``verdict`` is improvement / concern / special cause / common cause; the
    most recent directional span (latest end, then latest start) decides.

    >>> from qiteach.charts.result import SignalSpan
    >>> spans = [SignalSpan("long_run", 1, 0, 11, "up", ""),
    ...          SignalSpan("long_run", 1, 12, 21, "down", "")]
    >>> classify_signals(spans, "decrease")
    ('improvement', 'down', ['long_run'])
    >>> classify_signals([], "decrease")
    ('common cause', None, [])
    """
    spans = list(spans)
    rules = sorted({s.rule for s in spans})
    if not spans:
        return ("common cause", None, rules)
    directional = [s for s in spans if s.direction in ("up", "down")]
    if not directional:
        return ("special cause", None, rules)
    latest = max(directional, key=lambda s: (int(s.end), int(s.start)))
    wanted = {"increase": "up", "decrease": "down"}.get(direction or "neutral")
    if wanted is None:
        verdict = "special cause"
    else:
        verdict = "improvement" if latest.direction == wanted else "concern"
    return (verdict, latest.direction, rules)


@dataclass(frozen=True)
class MeasureReading:
    """Plain-English reading of one measure's chart."""

    measure_id: str
    name: str
    type: str
    direction: str
    verdict: str
    signal_direction: str | None
    rules: tuple[str, ...]
    n_points: int
    headline: str
    details: tuple[str, ...] = field(default_factory=tuple)
    summary: dict[str, Any] = field(default_factory=dict)


def read_measure(
    measure: Mapping[str, Any], result: Any, *, reason: str | None = None
) -> MeasureReading:
    """Read a chart result in the light of the measure's type and direction.

    ``result`` is a ChartResult, or ``None`` when the chart could not be made
    (no data yet): the verdict is then ``"not enough data"`` and ``reason``, when
    given, says why in the headline.
    """
    name = str(measure.get("name") or measure.get("measure_id") or "measure")
    mtype = str(measure.get("type") or "outcome")
    direction = str(measure.get("direction") or "neutral")
    base: dict[str, Any] = {
        "measure_id": str(measure.get("measure_id", "")),
        "name": name,
        "type": mtype,
    }
    if result is None or result.points["y"].notna().sum() == 0:
        return MeasureReading(
            **base,
            direction=direction,
            verdict="not enough data",
            signal_direction=None,
            rules=(),
            n_points=0 if result is None else int(result.points["y"].notna().sum()),
            headline=(
                f"{name}: no chart yet ({reason})."
                if reason and result is None
                else f"{name}: no data yet, so nothing to read from the chart."
            ),
        )
    n = int(result.points["y"].notna().sum())
    if n < MIN_POINTS:
        first = result.signal_spans[-1].text if result.signal_spans else ""
        seen = (
            f" The chart already shows a possible signal: {first[:1].lower()}{first[1:]}"
            if first
            else ""
        )
        return MeasureReading(
            **base,
            direction=direction,
            verdict="too early to say",
            signal_direction=None,
            rules=(),
            n_points=n,
            headline=(
                f"Too early to say: {name} has only {n} point{'s' if n != 1 else ''} so far; "
                f"at least {MIN_POINTS} are needed before the chart can show whether it has "
                f"changed.{seen}"
            ),
            details=tuple(result.explain()),
            summary=dict(result.summary()),
        )
    verdict, sig_dir, rules = classify_signals(result.signal_spans, direction)
    directional = [s for s in result.signal_spans if s.direction == sig_dir]
    evidence = ""
    if directional:  # quote the signal that decided: of those ending latest, the longest
        end = max(int(s.end) for s in directional)
        evidence = min((s for s in directional if int(s.end) == end), key=lambda s: s.start).text
    if not evidence and result.signal_spans:
        evidence = result.signal_spans[-1].text
    word = {"up": "higher", "down": "lower"}.get(sig_dir or "", "")
    if mtype == "balancing":
        text = {
            "improvement": f"{name} (balancing) has moved the better way ({word}): {evidence}",
            "concern": (
                f"Concern: {name} (balancing) has got worse ({word}); check the changes are "
                f"not causing harm elsewhere. {evidence}"
            ),
            "special cause": f"{name} (balancing) shows special-cause variation: {evidence}",
            "common cause": (
                f"No sign of unintended harm: {name} (balancing) shows only common-cause "
                f"variation over {n} points."
            ),
        }[verdict]
    else:
        text = {
            "improvement": f"Special-cause improvement in {name} ({word}): {evidence}",
            "concern": f"Special-cause concern in {name} ({word}, the unwanted way): {evidence}",
            "special cause": (
                f"Special-cause variation in {name} (no direction of improvement set): {evidence}"
            ),
            "common cause": (
                f"No signals yet in {name}: only common-cause variation over {n} points, so "
                "the changes have not yet shown in this measure."
            ),
        }[verdict]
    return MeasureReading(
        **base,
        direction=direction,
        verdict=verdict,
        signal_direction=sig_dir,
        rules=tuple(rules),
        n_points=n,
        headline=text.strip(),
        details=tuple(result.explain()),
        summary=dict(result.summary()),
    )


# -- aim --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AimAssessment:
    """Whether a team's aim was met, with the figures behind the verdict."""

    team_id: str
    aim: str
    measure_id: str | None
    measure_name: str | None
    direction: str | None
    target: float | None
    status: str
    value: float | None
    basis: str
    n_points: int
    sentence: str


def assess_aim(
    measure: Mapping[str, Any] | None,
    result: Any,
    *,
    recent: int = 6,
    team_id: str = "",
    aim: str = "",
) -> AimAssessment:
    """Compare the measure's recent level with its target (see module docstring).

    >>> assess_aim(None, None).status
    'not yet available'
    """
    if recent < 1:
        raise InputError(f"recent must be at least 1, not {recent}")
    base: dict[str, Any] = {"team_id": team_id, "aim": aim}
    if measure is None:
        return AimAssessment(
            **base,
            measure_id=None,
            measure_name=None,
            direction=None,
            target=None,
            status="not yet available",
            value=None,
            basis="",
            n_points=0,
            sentence="Not yet available: the team has no outcome measure to judge the aim by.",
        )
    name = str(measure.get("name") or measure.get("measure_id"))
    unit = measure.get("unit") if not _is_na(measure.get("unit")) else None
    direction = str(measure.get("direction") or "neutral")
    target = _num(measure.get("target"))
    info: dict[str, Any] = {
        "measure_id": str(measure.get("measure_id")),
        "measure_name": name,
        "direction": direction,
        "target": target,
    }
    pts = None if result is None else result.points
    if pts is not None and "include" in pts:
        pts = pts[pts["include"].astype(bool)]
    ys = pd.Series(dtype=float) if pts is None else pts["y"].dropna()
    if ys.empty:
        return AimAssessment(
            **base,
            **info,
            status="not yet available",
            value=None,
            basis="",
            n_points=0,
            sentence=f"Not yet available: no data yet for {name}.",
        )
    parts = pts["part"].dropna().unique()  # type: ignore[index]
    if len(parts) > 1:
        last = pts[pts["part"] == parts[-1]]  # type: ignore[index]
        value = float(last["cl"].dropna().iloc[-1]) if last["cl"].notna().any() else math.nan
        basis = f"the centre line of the latest part ({len(last)} points)"
    if len(parts) <= 1 or math.isnan(value):
        tail = ys.iloc[-recent:]
        value = float(tail.median())
        basis = (
            f"the median of the last {len(tail)} points"
            if len(tail) == recent
            else f"the median of the {len(tail)} points so far"
        )
    level = f"{basis} ({_fmt(value, unit)})"
    if target is None:
        status = "no target set"
        sentence = f"No target set: {level[0].upper()}{level[1:]}; add a target to judge the aim."
    elif direction not in ("increase", "decrease"):
        status = "no direction set"
        sentence = (
            f"No direction set: {level} cannot be judged against the target of "
            f"{_fmt(target, unit)} until the measure says whether higher or lower is better."
        )
    else:
        met = value <= target if direction == "decrease" else value >= target
        side = "at or below" if direction == "decrease" else "at or above"
        other = "above" if direction == "decrease" else "below"
        better = "lower" if direction == "decrease" else "higher"
        status = "met" if met else "not yet met"
        if met:
            sentence = f"Aim met: {level} is {side} the target of {_fmt(target, unit)}."
        else:
            sentence = (
                f"Not yet met: {level} is {other} the target of {_fmt(target, unit)} "
                f"({better} is better)."
            )
    return AimAssessment(
        **base,
        **info,
        status=status,
        value=value,
        basis=basis,
        n_points=len(ys),
        sentence=sentence,
    )


def _first_outcome(measures: pd.DataFrame) -> dict[str, Any] | None:
    if measures.empty or "type" not in measures:
        return None
    out = measures[measures["type"] == "outcome"]
    if out.empty:
        return None
    return {k: (None if _is_na(v) else v) for k, v in out.iloc[0].to_dict().items()}


def chart_or_reason(
    source: Any, team_id: str | None, measure_id: str, rules: str | None
) -> tuple[Any, str | None]:
    """A measure's chart, or ``(None, why)`` when its data cannot make one yet.

    Reports run mid-programme, so a measure without data is normal: the reason
    (the engine's own one-line message) is shown instead of a chart.

    >>> from qiteach.workspace import open_workspace
    >>> result, why = chart_or_reason(open_workspace("demo-programme"), "north", "dna_rate", None)
    >>> result.chart, why
    ('p', None)
    """
    try:
        return measure_chart(source, team_id, measure_id, rules=rules), None
    except InputError as exc:  # e.g. no data yet or too few points for the chart type
        # the engine's row/column/fix name its own x, y, n inputs, not the workspace
        # files, so a report reader gets the plain message only
        return None, exc.problem.message


def team_aim(
    source: Any, team_id: str | None = None, *, recent: int = 6, rules: str | None = None
) -> AimAssessment:
    """Assess the aim of one team (a Programme + team_id, a Team, or a mapping + team_id).

    >>> from qiteach.datasets import dataset_path
    >>> from qiteach.workspace import open_workspace
    >>> demo = open_workspace(dataset_path("demo-programme"))
    >>> a = team_aim(demo.team("north"))
    >>> a.measure_id, a.basis
    ('dna_rate', 'the median of the last 6 points')
    """
    view, team_id = _team_view(source, team_id)
    info = _team_info(view)
    aim = "" if _is_na(info.get("aim")) else str(info.get("aim") or "")
    measure = _first_outcome(_team_measures(view))
    result = None
    if measure is not None:
        result, _ = chart_or_reason(view, team_id, str(measure["measure_id"]), rules)
    return assess_aim(measure, result, recent=recent, team_id=team_id, aim=aim)


def team_readings(
    source: Any, team_id: str | None = None, *, rules: str | None = None
) -> list[MeasureReading]:
    """Plain-English readings of every measure of one team, in file order.

    >>> from qiteach.datasets import dataset_path
    >>> from qiteach.workspace import open_workspace
    >>> demo = open_workspace(dataset_path("demo-programme"))
    >>> [r.measure_id for r in team_readings(demo, "north")]
    ['dna_rate', 'sms_reminder', 'sms_cancellations', 'reception_hours']
    """
    view, team_id = _team_view(source, team_id)
    out = []
    for rec in _team_measures(view).to_dict("records"):
        measure = {k: (None if _is_na(v) else v) for k, v in rec.items()}
        result, why = chart_or_reason(view, team_id, str(measure["measure_id"]), rules)
        out.append(read_measure(measure, result, reason=why))
    return out
