"""What a rule set is (:class:`RuleSet`, its :class:`Rule` s), what it receives (one part
of a chart) and returns, plus shared helpers.

A rule set is one frozen object in one module (``qiteach/charts/rules/<name>.py``):
its name and title, the charts it is meant for, its rules (key, legend label,
sentence template, threshold) and the few hooks ``compute_chart`` calls. The
legend, explanations, alt text, report headings, widget messages and exercise
checks all read from it.

>>> idx = np.array([0, 1, 3, 4, 5])
>>> [(int(a), int(b), int(d)) for a, b, d in side_runs(idx, np.array([1, 1, 1, 1, -1]), 4)]
[(0, 4, 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from qiteach.charts.runs import RunsAnalysis, counted_trend_runs, runs

if TYPE_CHECKING:
    from qiteach.charts.limits import Lines, PartData
    from qiteach.charts.spec import ChartSpec

__all__ = [
    "OUTSIDE_LIMITS",
    "TWO_OF_THREE",
    "PartContext",
    "PartFacts",
    "RawSpan",
    "Rule",
    "RuleOutput",
    "RuleSet",
    "hcdg_trial_warning",
    "no_check",
    "no_finish",
    "outside_limits",
    "points_text",
    "shift_flags",
    "side_runs",
    "spans_output",
    "times_text",
    "trend_flags",
    "trends",
]


@dataclass(frozen=True)
class PartContext:
    """One part: positions are 0-based rows within the part."""

    part: int
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2s: np.ndarray
    ucl_2s: np.ndarray
    lcl_1s: np.ndarray
    ucl_1s: np.ndarray
    include: np.ndarray
    runs: RunsAnalysis
    runs_rules: bool  # False for categorical x and mr charts (qicharts2 skips them)
    chart: str
    direction: str = "neutral"
    target: float | None = None

    @cached_property
    def valid(self) -> np.ndarray:
        """Included points with a value: the points rules look at (worked out once)."""
        return self.include & ~np.isnan(self.y)

    @cached_property
    def valid_rows(self) -> np.ndarray:
        """Positions of the :attr:`valid` points (shared by the rules: do not modify)."""
        return np.flatnonzero(self.valid)


#: the facts of a span that has none (read-only, so one can be shared)
_NO_FACTS: Mapping[str, Any] = MappingProxyType({})


class RawSpan(NamedTuple):
    """A run/trend/cluster found by a rule (positions within the part, inclusive).

    A named tuple, immutable: a million-point chart makes thousands, and a frozen
    dataclass takes five times as long to make each.

    >>> RawSpan("shift_8", 0, 7, "up", {"length": 8}).facts["length"]
    8
    """

    rule: str
    start: int
    end: int
    direction: str | None
    facts: Mapping[str, Any] = _NO_FACTS


@dataclass
class RuleOutput:
    """Per-point flags by rule name, spans, and the part summary a rule set fills in."""

    flags: dict[str, np.ndarray]
    spans: list[RawSpan]
    runs_signal: bool
    longest_run_max: float
    n_crossings_min: float
    point_type: np.ndarray | None = None
    variation: str | None = None
    assurance: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartFacts:
    """What a rule set's trial-limit hook needs to know about one part."""

    part: int
    chart: str
    #: subgroups in the part
    n_points: int
    #: subgroups that set the limits: in the freeze, not excluded, not missing
    n_base: int


#: Health Care Data Guide: limits set by fewer subgroups than this are trial limits
TRIAL_POINTS = 20


def points_text(n: int, noun: str = "point") -> str:
    """``"1 point"``, ``"3 points"``.

    >>> points_text(1), points_text(3, "useful point")
    ('1 point', '3 useful points')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def hcdg_trial_warning(facts: PartFacts) -> str | None:
    """Trial limits (HCDG): fewer than 20 subgroups set the limits of a control chart.

    >>> hcdg_trial_warning(PartFacts(1, "i", 12, 12))
    'Part 1: only 12 points set the limits, so these are trial limits (revise them once 20 \
points can set them).'
    >>> hcdg_trial_warning(PartFacts(1, "run", 12, 12)) is None
    True
    """
    size = facts.n_base
    if facts.chart == "run" or not 0 < size < TRIAL_POINTS:  # 0: no limits at all
        return None
    return (
        f"Part {facts.part}: only {points_text(size)} {'sets' if size == 1 else 'set'} the "
        f"limits, so these are trial limits (revise them once {TRIAL_POINTS} points can set them)."
    )


def no_check(spec: ChartSpec) -> None:
    """A rule set that accepts every chart setting."""


def no_finish(parts: list[dict[str, Any]]) -> None:
    """A rule set that leaves the per-part summary rows as the parts computed them."""


#: A sentence template (``str.format`` fields: see :func:`qiteach.charts.explain.span_text`)
#: or a function of the same fields for wording that branches.
Sentence = str | Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Rule:
    """One rule: its key in ``points.signals``, its words, its threshold.

    ``sentence`` is filled in with the span's facts and the words ``where``,
    ``side``, ``way``, ``centre``, ``bound``, ``value`` (see
    :func:`qiteach.charts.explain.span_text`). ``words`` are phrases naming the
    rule in a legend label or in a learner's answer; ``look_for`` tells a
    learner what to look for on the chart; ``part_level`` rules describe a whole
    part rather than particular points.
    """

    key: str
    label: str
    sentence: Sentence
    points: int | None = None
    words: tuple[str, ...] = ()
    look_for: str | None = None
    part_level: bool = False

    def text(self, fields: Mapping[str, Any]) -> str:
        """The sentence for one span."""
        if callable(self.sentence):
            return self.sentence(fields)
        return self.sentence.format_map(fields)


@dataclass(frozen=True)
class RuleSet:
    """A named rule set: its words, its rules and the hooks ``compute_chart`` calls.

    - ``title``: its plain name (``"Anhøj rules"``), used in every heading and sentence;
    - ``charts``: the chart types it is meant for (other code falls back to the
      default rule set where a rule set does not fit a chart);
    - ``looks_for``: a few words on what it looks for (the explorer's dropdown);
    - ``apply``: one part in, flags and spans out (:class:`RuleOutput`);
    - ``check``: raises :class:`~qiteach.exceptions.ChartInputError` for settings
      it cannot judge;
    - ``lines``: its own centre line and limits for one part (None: the chart type's);
    - ``trial_warning``: the trial-limits warning for one part, or None;
    - ``min_useful``: runs rules need at least this many useful points (a warning below);
    - ``freeze_per_part``: the freeze counts from the start of each part (otherwise,
      as in qicharts2, a freeze is ignored when there are parts);
    - ``finish``: adjusts the per-part summary rows once every part is done;
    - ``reasons``: why each runs rule did or did not fire, for one part's summary row
      (the run-chart explorer's messages; None when it has none);
    - ``limit_label`` and ``point_labels``: legend words for the limits and for
      point types (when the rule set classifies points);
    - ``runs_on_text_x``: its run rules still apply when x is text (the points then in
      alphabetical order); qicharts2's rule sets skip them there;
    - ``judgement``: rules of the set that a person applies by looking at the chart and
      that no code flags (IHI's astronomical data point), in words.
    """

    name: str
    title: str
    charts: tuple[str, ...]
    rules: tuple[Rule, ...]
    apply: Callable[[PartContext], RuleOutput]
    looks_for: str = ""
    check: Callable[[ChartSpec], None] = no_check
    lines: Callable[[PartData, ChartSpec], Lines] | None = None
    trial_warning: Callable[[PartFacts], str | None] = hcdg_trial_warning
    min_useful: int | None = None
    freeze_per_part: bool = False
    finish: Callable[[list[dict[str, Any]]], None] = no_finish
    reasons: Callable[[Mapping[str, Any]], list[str]] | None = None
    limit_label: str = "Control limits (3 sigma)"
    point_labels: Mapping[str, str] = field(default_factory=dict)
    runs_on_text_x: bool = False
    judgement: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The rule keys in display order (as ``points.signals`` lists them)."""
        return tuple(r.key for r in self.rules)

    def rule(self, key: str) -> Rule:
        """The rule called ``key``."""
        for r in self.rules:
            if r.key == key:
                return r
        raise KeyError(key)


def times_text(k: int) -> str:
    """ "once", "twice", "3 times".

    >>> times_text(0), times_text(1), times_text(2), times_text(7)
    ('0 times', 'once', 'twice', '7 times')
    """
    return {1: "once", 2: "twice"}.get(k, f"{k} times")


def longest_run_text(part: Mapping[str, Any]) -> str:
    """The start of the explorer's long-run message for one part's summary row."""
    longest = int(part["longest_run"])
    return f"Longest run on one side of the median: {points_text(longest)}; "


def _two_of_three_text(f: Mapping[str, Any]) -> str:
    why = "(2 of 3 points close to a limit is a signal)."
    if int(f.get("length", 3)) <= 3:
        return (
            f"{f['count']} of 3 consecutive points {f['side']} the 2-sigma line {f['where']} {why}"
        )
    return (
        f"{f['count']} points {f['side']} the 2-sigma line in overlapping groups of 3 "
        f"{f['where']} {why}"
    )


#: A point beyond the 3-sigma limits: the same rule in every rule set that has limits.
OUTSIDE_LIMITS = Rule(
    "outside_limits",
    "Point outside the limits",
    "The point {where} ({value}) is {side} the {bound} limit ({limit}).",
    words=("outside",),
    look_for="is any point beyond a limit line?",
)
#: 2 of 3 consecutive points beyond 2 sigma on the same side (HCDG rule 4, MDC).
TWO_OF_THREE = Rule(
    "two_of_three",
    "2 of 3 points near a limit (beyond 2 sigma), same side",
    _two_of_three_text,
    points=2,
    words=("2 of 3", "two of three"),
)


def outside_limits(ctx: PartContext) -> np.ndarray:
    """Points above the upper or below the lower 3σ limit (every point, as qicharts2)."""
    with np.errstate(invalid="ignore"):
        return (ctx.y > ctx.ucl) | (ctx.y < ctx.lcl)


def outside_spans(flag: np.ndarray, ctx: PartContext) -> list[RawSpan]:
    """One span per point outside the limits, with the limit it is beyond."""
    rows = np.flatnonzero(flag)
    up = ctx.y[rows] > ctx.ucl[rows]
    limits = np.where(up, ctx.ucl[rows], ctx.lcl[rows])
    return [
        RawSpan("outside_limits", i, i, "up" if u else "down", {"limit": lim})
        for i, u, lim in zip(rows.tolist(), up.tolist(), limits.tolist(), strict=True)
    ]


def _side_run_rows(
    idx: np.ndarray, signs: np.ndarray, min_len: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(first rows, last rows, sides, lengths) of runs of ``min_len``+ same-side points.

    A run's length counts its points of ``idx`` (the useful points).
    """
    starts, lengths, vals = runs(signs)
    keep = lengths >= min_len
    starts, lengths = starts[keep], lengths[keep]
    return idx[starts], idx[starts + lengths - 1], vals[keep], lengths


def side_runs(idx: np.ndarray, signs: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(first row, last row, side) of runs of ``min_len``+ same-side points.

    ``idx`` are the rows of the useful points and ``signs`` their side (+1/-1).
    """
    first, last, side, _ = _side_run_rows(idx, signs, min_len)
    return list(zip(first.tolist(), last.tolist(), side.tolist(), strict=True))


def _mark_rows(size: int, first: np.ndarray, last: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Boolean mask of ``points`` (row positions) lying in any of the rows first..last."""
    out = np.zeros(size, dtype=bool)
    if not first.size or points.size == 0:
        return out
    cover = np.zeros(size + 1, dtype=int)
    np.add.at(cover, first, 1)  # spans may share an end row: add.at counts each
    np.add.at(cover, last + 1, -1)
    inside = np.cumsum(cover[:-1]) > 0
    if points.size == size:  # every row is a point (rows are distinct): no gather needed
        return inside
    out[points] = inside[points]
    return out


def mark(size: int, spans: list[tuple[int, int, int]], points: np.ndarray) -> np.ndarray:
    """Boolean mask of ``points`` (row positions) lying inside any span.

    >>> mark(6, [(0, 1, 1), (1, 3, -1)], np.array([0, 1, 3, 4])).astype(int).tolist()
    [1, 1, 0, 1, 0, 0]
    """
    rows = np.asarray([(a, b) for a, b, _ in spans], dtype=int).reshape(-1, 2)
    return _mark_rows(size, rows[:, 0], rows[:, 1], points)


def _trend_rows(
    ctx: PartContext, min_points: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(first rows, last rows, directions, point counts) of trends of ``min_points``+ points."""
    idx = ctx.valid_rows
    # every point valid (the usual case): the values are y itself, no gathered copy
    first, last, d, count = counted_trend_runs(ctx.y if idx.size == ctx.y.size else ctx.y[idx])
    keep = (count >= min_points) & (d != 0)
    return idx[first[keep]], idx[last[keep]], d[keep], count[keep]


def trends(ctx: PartContext, min_points: int) -> list[tuple[int, int, int]]:
    """(first row, last row, direction) of trends of ``min_points``+ points, ties skipped."""
    first, last, d, _ = _trend_rows(ctx, min_points)
    return list(zip(first.tolist(), last.tolist(), d.tolist(), strict=True))


def _way(sign: int) -> str:
    return "up" if sign > 0 else "down"


def shift_flags(
    ctx: PartContext, rule: str, min_len: int, *, facts: dict[str, Any] | None = None
) -> tuple[np.ndarray, list[RawSpan]]:
    """Flag and span every run of ``min_len``+ useful points on one side of the centre line.

    Each span's facts are ``facts`` plus ``length`` (useful points in the run).

    >>> from qiteach.charts.runs import runs_analysis
    >>> y = np.array([1.0, 2, 3, 4, 0, 0]); cl = np.full(6, 0.5); inc = np.ones(6, dtype=bool)
    >>> ctx = PartContext(0, y, cl, cl, cl, cl, cl, cl, cl, inc, runs_analysis(y, cl, inc),
    ...                   True, "run")
    >>> flag, spans = shift_flags(ctx, "shift", 4)
    >>> flag.astype(int).tolist(), [(s.start, s.end, s.direction, s.facts) for s in spans]
    ([1, 1, 1, 1, 0, 0], [(0, 3, 'up', {'length': 4})])
    """
    ra = ctx.runs
    # a run's useful points are consecutive among the useful ones: its length is the
    # number of flagged rows from its first to its last row
    first, last, side, lengths = _side_run_rows(ra.useful, ra.signs, min_len)
    flag = _mark_rows(ctx.y.size, first, last, ra.useful)
    spans = [
        RawSpan(rule, a, b, _way(sd), {**(facts or {}), "length": n})
        for a, b, sd, n in zip(
            first.tolist(), last.tolist(), side.tolist(), lengths.tolist(), strict=True
        )
    ]
    return flag, spans


def trend_flags(ctx: PartContext, rule: str, min_points: int) -> tuple[np.ndarray, list[RawSpan]]:
    """Flag and span every trend of ``min_points``+ valid points (tied neighbours count once).

    >>> from qiteach.charts.runs import runs_analysis
    >>> y = np.array([5.0, 1, 2, 2, 3, 4]); cl = np.full(6, 3.0); inc = np.ones(6, dtype=bool)
    >>> ctx = PartContext(0, y, cl, cl, cl, cl, cl, cl, cl, inc, runs_analysis(y, cl, inc),
    ...                   True, "run")
    >>> flag, spans = trend_flags(ctx, "trend", 4)
    >>> flag.astype(int).tolist(), [(s.start, s.end, s.direction, s.facts) for s in spans]
    ([0, 1, 1, 1, 1, 1], [(1, 5, 'up', {'length': 4})])
    """
    first, last, d, count = _trend_rows(ctx, min_points)
    flag = _mark_rows(ctx.y.size, first, last, ctx.valid_rows)
    spans = [
        RawSpan(rule, a, b, _way(sd), {"length": n})
        for a, b, sd, n in zip(
            first.tolist(), last.tolist(), d.tolist(), count.tolist(), strict=True
        )
    ]
    return flag, spans


def spans_output(
    flags: dict[str, np.ndarray],
    spans: list[RawSpan],
    longest_run_max: float,
    *,
    warnings: list[str] | None = None,
    n_crossings_min: float = float("nan"),
) -> RuleOutput:
    """A :class:`RuleOutput` whose runs signal is any span other than ``outside_limits``.

    >>> spans_output({}, [RawSpan("outside_limits", 0, 0, "up")], 7.0).runs_signal
    False
    """
    return RuleOutput(
        flags=flags,
        spans=spans,
        runs_signal=any(s.rule != "outside_limits" for s in spans),
        longest_run_max=longest_run_max,
        n_crossings_min=n_crossings_min,
        warnings=warnings if warnings is not None else [],
    )
