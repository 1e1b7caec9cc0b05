"""Was the team's aim met, and what does each measure's chart say, in plain English.

**Aim.** The aim is about the team's first *outcome* measure. Its recent level
is compared with the measure's target in the measure's direction:

* the recent level is the median of the last ``recent`` (default 6) plotted
  points, or — when the chart has been split into parts after a sustained
  shift — the centre line of the latest part;
* ``decrease``: met when recent ≤ target; ``increase``: met when recent ≥ target;
* statuses: ``met``, ``not yet met``, ``no target set``, ``no direction set``
  (a neutral measure cannot meet a target) and ``not yet available`` (no
  outcome measure or no data yet);
* ``borderline`` (met or not): the target is within the 95% margin of the
  recent level, from the chart's own noise (:func:`level_margin`), so the data
  cannot tell the level and the target apart.

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
...            "direction": "decrease", "target": 8, "unit": "%"}
>>> a = assess_aim(measure, res)
>>> a.status, a.value, a.borderline
('met', 6.0, False)
>>> print(a.sentence)
Aim met: the median of the last 6 points (6%) is at or below the target of 8%.
>>> assess_aim(measure | {"target": 6.5}, res).borderline  # within the chart's own noise
True
>>> read_measure(measure, res).verdict
'improvement'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_meta, get_table, programme_start
from qiteach.exceptions import InputError

if TYPE_CHECKING:
    from qiteach.charts import ChartResult
    from qiteach.charts.result import SignalSpan
    from qiteach.evaluation._tables import Source

__all__ = [
    "MIN_POINTS",
    "AimAssessment",
    "MeasureReading",
    "assess_aim",
    "classify_signals",
    "first_cycles",
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
def _team_view(source: Source, team_id: str | None) -> tuple[Any, str]:
    """Return ``(team_like, team_id)``: a workspace Team, or a mapping of the team's tables."""
    if hasattr(source, "measure_series") and hasattr(source, "info"):  # a Team
        return source, str(source.info.get("team_id", team_id))
    if team_id is None:
        raise InputError("which team? no team_id given", fix="pass team_id='...'")
    team = getattr(source, "team", None)
    if callable(team):  # a Programme
        return team(team_id), team_id
    tables: dict[str, Any] = {"meta": get_meta(source)}
    for name in ("teams", "measures", "measurements", "pdsa"):
        frame = get_table(source, name, required=("team_id",))
        tables[name] = frame[frame["team_id"] == team_id].reset_index(drop=True)
    return tables, team_id


def first_cycles(source: Source) -> dict[str, pd.Timestamp]:
    """Start of each team's first PDSA cycle: ``{team_id: date}`` (teams with cycles only).

    >>> pdsa = pd.DataFrame({"team_id": ["a", "a", "b"],
    ...                      "start": ["2026-02-01", "2026-01-10", None]})
    >>> first_cycles({"pdsa": pdsa})
    {'a': Timestamp('2026-01-10 00:00:00')}
    """
    pdsa = get_table(source, "pdsa", required=("team_id", "start"))
    if pdsa.empty:
        return {}
    starts = pd.to_datetime(pdsa["start"], errors="coerce")
    first = starts.groupby(pdsa["team_id"].astype(str)).min().dropna()
    return {str(k): v for k, v in first.items()}


def _team_info(view: Any) -> dict[str, Any]:
    if isinstance(view, Mapping):
        teams = view["teams"]
        return teams.iloc[0].to_dict() if len(teams) else {}
    return dict(view.info)


def _team_measures(view: Any) -> pd.DataFrame:
    return view["measures"] if isinstance(view, Mapping) else view.measures


def measure_chart(
    source: Source, team_id: str | None, measure_id: str, *, rules: str | None = None
) -> ChartResult:
    """Compute the chart of one team measure (a :class:`~qiteach.charts.ChartResult`).

    ``source`` is a Programme, a Team or a mapping of tables. The chart's
    settings (type, direction, target, multiply, baseline) come from the
    measures table; ``rules`` defaults to the programme's rule set.

    For a Programme or Team the result is computed once per team, measure and
    rule set and kept on the programme (reports ask for the same chart in
    several sections); treat it as read-only.

    >>> res = measure_chart(demo_programme, "north", "dna_rate")
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
#: Every verdict a measure can get, best first: the order tables and lists show them in.
VERDICT_ORDER: dict[str, int] = {
    "improvement": 0,
    "concern": 1,
    "special cause": 2,
    "common cause": 3,
    "too early to say": 4,
    "not enough data": 5,
}


def classify_signals(
    spans: Iterable[SignalSpan], direction: str | None, *, since: int | None = None
) -> tuple[str, str | None, list[str]]:
    """Verdict from signal spans: ``(verdict, signal_direction, rules)``.

    ``verdict`` is improvement / concern / special cause / common cause; the
    most recent directional span (latest end, then latest start) decides.
    With ``since`` (a row of the chart's points) only spans ending at or after
    that row count: what the chart shows *now* (:mod:`qiteach.evaluation.timing`).

    >>> from qiteach.charts.result import SignalSpan
    >>> spans = [SignalSpan("long_run", 1, 0, 11, "up", ""),
    ...          SignalSpan("long_run", 1, 12, 21, "down", "")]
    >>> classify_signals(spans, "decrease")
    ('improvement', 'down', ['long_run'])
    >>> classify_signals([], "decrease")
    ('common cause', None, [])
    >>> classify_signals(spans, "decrease", since=22)
    ('common cause', None, [])
    """
    spans = [s for s in spans if since is None or int(s.end) >= since]
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
    #: the verdict from any signal at any time (``verdict`` is what the latest points show)
    ever_verdict: str = ""
    #: date of the first point of the signal the headline quotes (None: no signal)
    signal_start: Any = None
    #: when that signal began: :mod:`qiteach.evaluation.timing` wording, "" when undated
    timing: str = ""
    #: how many points at the end count as "now" (1 with the Making Data Count rules)
    recent_window: int = 6


def read_measure(
    measure: Mapping[str, Any],
    result: ChartResult | None,
    *,
    reason: str | None = None,
    programme_start: Any = None,
    first_cycle: Any = None,
) -> MeasureReading:
    """Read a chart result in the light of the measure's type and direction.

    ``result`` is a ChartResult, or ``None`` when the chart could not be made
    (no data yet): the verdict is then ``"not enough data"`` and ``reason``, when
    given, says why in the headline.

    ``verdict`` says what the chart shows **now** (a signal reaching the last
    :data:`~qiteach.evaluation.timing.RECENT_POINTS` points; with the Making Data
    Count rules, the latest point's variation) and ``ever_verdict`` what any
    signal at any time showed. ``programme_start`` and ``first_cycle`` (the team's
    first PDSA cycle's start) date the signal for attribution (``timing``).
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
    from qiteach.evaluation.timing import RECENT_POINTS, recent_start, timing_of, timing_sentence

    spans = result.signal_spans
    window = 1 if result.rules == "mdc" else RECENT_POINTS  # MDC: the latest point's variation
    since = recent_start(result, window)
    ever, ever_dir, rules = classify_signals(spans, direction)
    verdict, sig_dir, _ = classify_signals(spans, direction, since=since)
    if verdict == "common cause":
        deciding = _deciding_span(spans, ever_dir, None)
    else:
        deciding = _deciding_span(spans, sig_dir, since)
    evidence = "" if deciding is None else deciding.text
    dates = {"programme_start": programme_start, "first_cycle": first_cycle}
    timing = "" if deciding is None else timing_of(result, deciding, **dates)
    when = "" if deciding is None else timing_sentence(result, deciding, timing, **dates)
    recent = "in the latest point" if window == 1 else f"in the last {window} points"
    word = {"up": "higher", "down": "lower"}.get(sig_dir or "", "")
    earlier = {
        "improvement": "improvement",
        "concern": "concern (the unwanted way)",
        "special cause": "special-cause variation",
    }.get(ever, "")
    if mtype == "balancing":
        text = {
            "improvement": f"{name} (balancing) has moved the better way ({word}) {recent}: "
            f"{evidence}",
            "concern": (
                f"Concern: {name} (balancing) has got worse ({word}) {recent}; check the "
                f"changes are not causing harm elsewhere. {evidence}"
            ),
            "special cause": f"{name} (balancing) shows special-cause variation {recent}: "
            f"{evidence}",
            "common cause": (
                f"No sign of unintended harm: {name} (balancing) shows only common-cause "
                f"variation over {n} points."
                if ever == "common cause"
                else f"No sign of unintended harm {recent}: {name} (balancing) shows only "
                f"common-cause variation there. Earlier there was a signal of {earlier}: "
                f"{evidence}"
            ),
        }[verdict]
    else:
        text = {
            "improvement": f"Special-cause improvement in {name} ({word}) {recent}: {evidence}",
            "concern": f"Special-cause concern in {name} ({word}, the unwanted way) {recent}: "
            f"{evidence}",
            "special cause": (
                f"Special-cause variation in {name} (no direction of improvement set) {recent}: "
                f"{evidence}"
            ),
            "common cause": (
                f"No signals yet in {name}: only common-cause variation over {n} points, so "
                "the changes have not yet shown in this measure."
                if ever == "common cause"
                else f"No signal {recent} of {name}: the latest points show only common-cause "
                f"variation. Earlier there was a signal of {earlier}: {evidence}"
            ),
        }[verdict]
    text = text.strip()
    if when:
        text += ("" if text.endswith(".") else ".") + " " + when
    start_x = None if deciding is None else result.points["x"].iloc[int(deciding.start)]
    return MeasureReading(
        **base,
        direction=direction,
        verdict=verdict,
        signal_direction=sig_dir if verdict != "common cause" else ever_dir,
        rules=tuple(rules),
        n_points=n,
        headline=text,
        details=tuple(result.explain()),
        summary=dict(result.summary()),
        ever_verdict=ever,
        signal_start=start_x,
        timing=timing,
        recent_window=window,
    )


def _deciding_span(
    spans: Iterable[SignalSpan], direction: str | None, since: int | None
) -> SignalSpan | None:
    """The span a verdict quotes: of those in ``direction`` ending latest, the longest.

    ``direction`` None (a neutral or non-directional signal) takes any span;
    ``since`` keeps only spans ending at or after that row.
    """
    pool = [s for s in spans if since is None or int(s.end) >= since]
    if direction is not None:
        pool = [s for s in pool if s.direction == direction] or pool
    if not pool:
        return None
    end = max(int(s.end) for s in pool)
    return min((s for s in pool if int(s.end) == end), key=lambda s: int(s.start))


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
    #: 95% half-width of the recent level (from the chart's own noise); None when unknown
    margin: float | None = None
    #: the target lies within ``margin`` of the recent level: too close to call
    borderline: bool = False


def assess_aim(
    measure: Mapping[str, Any] | None,
    result: ChartResult | None,
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
    if result is None or pts is None or ys.empty:  # (pts is None only when result is)
        return AimAssessment(
            **base,
            **info,
            status="not yet available",
            value=None,
            basis="",
            n_points=0,
            sentence=f"Not yet available: no data yet for {name}.",
        )
    parts = pts["part"].dropna().unique()
    k, of_median = 0, True
    if len(parts) > 1:
        last = pts[pts["part"] == parts[-1]]
        value = float(last["cl"].dropna().iloc[-1]) if last["cl"].notna().any() else math.nan
        basis = f"the centre line of the latest part ({len(last)} points)"
        k, of_median = int(last["y"].notna().sum()), result.chart == "run"
    if len(parts) <= 1 or math.isnan(value):
        tail = ys.iloc[-recent:]
        k, of_median = len(tail), True
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
    margin = level_margin(pts, ys, k, of_median=of_median)
    borderline = (
        status in ("met", "not yet met")
        and margin is not None
        and abs(value - float(target)) <= margin  # type: ignore[arg-type]
    )
    if borderline:
        sentence += (
            f" Borderline: the target is within ±{_fmt(float(margin or 0), unit)} of the "
            "recent level, "
            "closer than the measure's own month-to-month noise can tell apart."
        )
    return AimAssessment(
        **base,
        **info,
        status=status,
        value=value,
        basis=basis,
        n_points=len(ys),
        sentence=sentence,
        margin=margin,
        borderline=borderline,
    )


def level_margin(
    points: pd.DataFrame, ys: pd.Series, k: int, *, of_median: bool = True
) -> float | None:
    """95% half-width of a level taken from ``k`` points, from the chart's own noise.

    The noise σ of one point is the chart's: (upper limit − centre line) / 3 at the
    latest point when the chart has limits, else the mean moving range / 1.128
    (qi-methods.md §6). The level's standard error is σ/√k for a mean and
    1.2533·σ/√k for a median (its large-sample efficiency); the margin is 1.96 SE.

    >>> pts = pd.DataFrame({"cl": [10.0] * 6, "ucl": [13.0] * 6})
    >>> round(level_margin(pts, pd.Series([10.0] * 6), 6, of_median=False), 3)
    0.8
    """
    if k < 1:
        return None
    sigma = math.nan
    if points is not None and "ucl" in points and "cl" in points:
        gap = (points["ucl"] - points["cl"]).dropna()
        if len(gap) and math.isfinite(float(gap.iloc[-1])):
            sigma = float(gap.iloc[-1]) / 3.0
    if not math.isfinite(sigma) and len(ys) > 1:
        sigma = float(np.abs(np.diff(ys.to_numpy(float))).mean()) / 1.128
    if not math.isfinite(sigma) or sigma <= 0:
        return None
    return 1.959963984540054 * sigma * (1.2533 if of_median else 1.0) / math.sqrt(k)


def _first_outcome(measures: pd.DataFrame) -> dict[str, Any] | None:
    if measures.empty or "type" not in measures:
        return None
    out = measures[measures["type"] == "outcome"]
    if out.empty:
        return None
    return {k: (None if _is_na(v) else v) for k, v in out.iloc[0].to_dict().items()}


def chart_or_reason(
    source: Source, team_id: str | None, measure_id: str, rules: str | None
) -> tuple[ChartResult | None, str | None]:
    """A measure's chart, or ``(None, why)`` when its data cannot make one yet.

    Reports run mid-programme, so a measure without data is normal: the reason
    (the engine's own one-line message) is shown instead of a chart.

    >>> result, why = chart_or_reason(demo_programme, "north", "dna_rate", None)
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
    source: Source, team_id: str | None = None, *, recent: int = 6, rules: str | None = None
) -> AimAssessment:
    """Assess the aim of one team (a Programme + team_id, a Team, or a mapping + team_id).

    >>> a = team_aim(demo_programme.team("north"))
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
    source: Source, team_id: str | None = None, *, rules: str | None = None
) -> list[MeasureReading]:
    """Plain-English readings of every measure of one team, in file order.

    >>> [r.measure_id for r in team_readings(demo_programme, "north")]
    ['dna_rate', 'sms_reminder', 'sms_cancellations', 'reception_hours']
    """
    view, team_id = _team_view(source, team_id)
    dates = {
        "programme_start": programme_start(getattr(view, "programme", view)),
        "first_cycle": first_cycles(view).get(team_id),
    }
    out = []
    for rec in _team_measures(view).to_dict("records"):
        measure = {k: (None if _is_na(v) else v) for k, v in rec.items()}
        result, why = chart_or_reason(view, team_id, str(measure["measure_id"]), rules)
        out.append(read_measure(measure, result, reason=why, **dates))
    return out
