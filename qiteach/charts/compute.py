"""``compute_chart``: subgroups -> parts -> limits -> rules -> :class:`ChartResult`.

>>> r = compute_chart(y=[5, 7, 6, 8, 9, 7, 10, 12, 11, 13, 12, 14], chart="i")
>>> round(float(r.points["cl"].iloc[0]), 3), int(r.parts["n_useful"].iloc[0])
(9.5, 12)
>>> print(r.explain()[2])  # doctest: +NORMALIZE_WHITESPACE
The line crosses the centre line only once from point 1 to point 12; at least 3 crossings
are expected for 12 useful points, so the process has probably shifted.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from qiteach.charts.explain import PointNamer, span_text
from qiteach.charts.limits import LIMITS, PartData
from qiteach.charts.prepare import flags, prepare
from qiteach.charts.result import PART_COLUMNS, POINT_COLUMNS, ChartResult, SignalSpan
from qiteach.charts.rules import RULE_NAMES, RULE_SETS
from qiteach.charts.rules.base import PartContext
from qiteach.charts.rules.mdc import SHORT_GROUP, mdc_lines
from qiteach.charts.runs import runs_analysis
from qiteach.exceptions import ChartInputError

__all__ = ["CHART_TYPES", "DIRECTIONS", "RULE_SETS", "compute_chart"]

CHART_TYPES: tuple[str, ...] = tuple(LIMITS)
DIRECTIONS = ("increase", "decrease", "neutral")
#: HCDG: limits set by fewer points than this are trial limits
TRIAL_POINTS = 20
#: Anhøj/IHI: run-chart rules need at least this many useful points
MIN_RUN_POINTS = 10


def _points(n: int, noun: str = "point") -> str:
    """``"1 point"``, ``"3 points"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _check_choice(value: str, allowed: Sequence[str], what: str, flag: str) -> str:
    if value not in allowed:
        raise ChartInputError(
            f"unknown {what} {value!r}", column=flag, fix=f"use one of: {', '.join(allowed)}"
        )
    return value


def compute_chart(
    data: pd.DataFrame | None = None,
    *,
    y: Any,
    x: Any = None,
    n: Any = None,
    chart: str = "run",
    rules: str = "anhoej",
    freeze: int | None = None,
    part: int | Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    direction: str = "neutral",
    target: float | None = None,
    multiply: float = 1.0,
    screen_mr: bool = True,
    notes: Any = None,
    source: str | None = None,
) -> ChartResult:
    """Compute a run or control chart with the chosen rule set (see docs/charts.md).

    ``x``, ``y``, ``n`` and ``notes`` are column names of ``data`` or array-likes.
    ``freeze`` K: the first K subgroups set the limits. ``part`` K: a new part
    starts after subgroup K (1-based; several allowed). ``exclude``: 1-based
    subgroups left out of the centre line, limits and rules but still drawn.
    ``source`` names the input file in error messages.
    """
    _check_choice(chart, CHART_TYPES, "chart type", "chart")
    _check_choice(rules, tuple(RULE_SETS), "rule set", "rules")
    _check_choice(direction, DIRECTIONS, "improvement direction", "improvement")
    multiply = float(multiply)
    if not np.isfinite(multiply) or multiply <= 0:
        raise ChartInputError(
            f"multiply {multiply:g} is not a positive number",
            column="multiply",
            fix="use e.g. 100 for percentages",
        )
    if target is not None:
        target = float(target)
    if rules == "mdc":
        if chart != "i":
            raise ChartInputError(
                f"the mdc rules are for XmR (i) charts, not {chart!r}",
                column="chart",
                fix="use --chart i with --rules mdc",
            )
        if exclude:
            raise ChartInputError(
                "Making Data Count has no excluded points",
                column="exclude",
                fix="remove exclude, or use another rule set",
            )
    sub = prepare(data, y=y, x=x, n=n, notes=notes, chart=chart, source=source)
    if chart in ("p", "pp", "u", "up") and not sub.got_n:
        raise ChartInputError(
            f"a {chart} chart needs a denominator",
            column="n",
            fix="give the column of denominators with --n",
        )
    t = sub.table
    count = len(t)
    if count == 0:
        raise ChartInputError(
            "no data points to chart", file=source, fix="check the y and x columns have values"
        )
    part_id, baseline, include = flags(count, part=part, freeze=freeze, exclude=exclude)
    if rules == "mdc" and freeze is not None:
        # NHSRplotthedots fixes the limits on the first K points of each rebase group
        # (qicharts2 ignores freeze when there are parts), so mark those as the baseline
        starts = np.r_[0, np.flatnonzero(np.diff(part_id)) + 1]
        first = starts[np.searchsorted(starts, np.arange(count), side="right") - 1]
        baseline = np.arange(count) - first < int(freeze)
    names = RULE_NAMES[rules]
    out = {
        c: np.full(count, np.nan)
        for c in ("y", "cl", "lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")
    }
    bits = np.zeros(count, dtype=np.int64)
    point_type = np.full(count, None, dtype=object)
    runs_sig = np.zeros(count, dtype=bool)
    part_rows, spans, warnings = [], [], []
    runs_rules = not (sub.categorical or chart == "mr")
    write = _SpanWriter(t["x"], out["y"], chart)
    arrays = {c: t[c].to_numpy(dtype=float) for c in ("y", "y_sum", "y_len", "y_mean", "y_sd", "n")}
    for p in np.unique(part_id):
        rows = np.flatnonzero(part_id == p)
        sl = slice(rows[0], rows[-1] + 1)
        if rules == "mdc":
            lines = mdc_lines(arrays["y"][sl], fix=freeze, screen_mr=screen_mr)
        else:
            pdata = PartData(
                *(arrays[c][sl] for c in ("y", "y_sum", "y_len", "y_mean", "y_sd", "n")),
                base=baseline[sl] & include[sl],
                categorical=sub.categorical,
            )
            lines = LIMITS[chart](pdata, screen_mr=screen_mr)
        inc = include[sl]
        ra = runs_analysis(lines.y, lines.cl, inc)
        vals = {
            "y": lines.y,
            "cl": lines.cl,
            "lcl": lines.bands[3][0],
            "ucl": lines.bands[3][1],
            "lcl_2s": lines.bands[2][0],
            "ucl_2s": lines.bands[2][1],
            "lcl_1s": lines.bands[1][0],
            "ucl_1s": lines.bands[1][1],
        }
        for key, v in vals.items():
            v = np.asarray(v, dtype=float) * multiply
            if key != "y":
                v = np.where(np.isfinite(v), v, np.nan)
            out[key][sl] = v
        ctx = PartContext(
            int(p),
            out["y"][sl],
            out["cl"][sl],
            out["lcl"][sl],
            out["ucl"][sl],
            out["lcl_2s"][sl],
            out["ucl_2s"][sl],
            out["lcl_1s"][sl],
            out["ucl_1s"][sl],
            inc,
            ra,
            runs_rules,
            chart,
            direction,
            None if target is None else target,
        )
        res = RULE_SETS[rules](ctx)
        for b, name in enumerate(names):
            if name in res.flags:
                bits[sl] |= res.flags[name].astype(np.int64) << b
        if res.point_type is not None:
            point_type[sl] = res.point_type
        runs_sig[sl] = res.runs_signal
        offset = int(rows[0])
        for s in res.spans:
            text = partial(write, s, offset)  # the sentence is written on first use
            spans.append(
                SignalSpan(s.rule, int(p), s.start + offset, s.end + offset, s.direction, text)
            )
        warnings.extend(res.warnings)
        size = rows.size
        if rules == "mdc":
            trial = size < SHORT_GROUP
        else:
            # HCDG: limits are trial limits when fewer than 20 subgroups set them, so
            # count the part's points that do (in the freeze, not excluded, not missing)
            size = int((baseline[sl] & inc & ~np.isnan(arrays["y"][sl])).sum())
            trial = chart != "run" and 0 < size < TRIAL_POINTS  # 0: no limits at all
        if trial and rules == "mdc":
            warnings.append(
                f"Part {p}: only {_points(size)}, so these are trial limits "
                f"(revise them as data reach {SHORT_GROUP} points)."
            )
        elif trial:
            warnings.append(
                f"Part {p}: only {_points(size)} {'sets' if size == 1 else 'set'} the limits, "
                "so these are trial limits "
                f"(revise them once {TRIAL_POINTS} points can set them)."
            )
        if rules in ("anhoej", "ihi") and ra.n_useful < MIN_RUN_POINTS and runs_rules:
            warnings.append(
                f"Part {p}: only {_points(ra.n_useful, 'useful point')}; run-chart rules "
                f"need at least {MIN_RUN_POINTS}."
            )
        sigma = res.flags["outside_limits"]
        part_rows.append(
            {
                "part": int(p),
                "n_obs": ra.n_obs,
                "n_useful": ra.n_useful,
                "longest_run": ra.longest_run,
                "longest_run_max": ra.longest_run_max if rules == "anhoej" else res.longest_run_max,
                "n_crossings": ra.n_crossings,
                "n_crossings_min": ra.n_crossings_min if rules == "anhoej" else res.n_crossings_min,
                "runs_signal": bool(res.runs_signal),
                "sigma_signals": int(sigma.sum()),
                "trial_limits": bool(trial),
                "variation": res.variation,
                "assurance": res.assurance,
            }
        )
    if rules == "mdc":
        # NHSRplotthedots: assurance is the latest rebase group's (the last row decides)
        for row in part_rows[:-1]:
            row["assurance"] = None
    with np.errstate(invalid="ignore"):
        sigma_signal = (out["y"] > out["ucl"]) | (out["y"] < out["lcl"])
    if rules == "mdc":
        sigma_signal = (bits & 1).astype(bool)
    points = pd.DataFrame(
        {
            "x": t["x"],
            "y": out["y"],
            "n": t["n"].to_numpy(dtype=float),
            "part": part_id,
            "cl": out["cl"],
            "lcl": out["lcl"],
            "ucl": out["ucl"],
            "lcl_2s": out["lcl_2s"],
            "ucl_2s": out["ucl_2s"],
            "lcl_1s": out["lcl_1s"],
            "ucl_1s": out["ucl_1s"],
            "baseline": baseline,
            "include": include,
            "sigma_signal": sigma_signal,
            "runs_signal": runs_sig,
            "signals": _signal_tuples(bits, names),
            "point_type": point_type,
            "note": t["note"].to_numpy(dtype=object),
        },
        columns=list(POINT_COLUMNS),
        copy=False,  # every array is this call's own: no second copy into one block
    )
    parts = pd.DataFrame(part_rows, columns=list(PART_COLUMNS))
    return ChartResult(
        chart=chart,
        rules=rules,
        direction=direction,
        target=target,
        multiply=multiply,
        points=points,
        parts=parts,
        signal_spans=tuple(spans),
        warnings=tuple(warnings),
    )


class _SpanWriter:
    """Writes a span's sentence when it is first read (naming points needs x as objects)."""

    def __init__(self, x: pd.Series, y: np.ndarray, chart: str) -> None:
        self._x, self._y, self._chart = x, y, chart
        self._namer: PointNamer | None = None

    def __call__(self, span: Any, offset: int) -> str:
        if self._namer is None:
            self._namer = PointNamer(self._x)
        return span_text(span, offset, self._namer, self._y, self._chart)


def _signal_tuples(bits: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Object array of tuples of rule names, built once per distinct combination."""
    table = np.empty(1 << len(names), dtype=object)
    for code in range(table.size):  # one per possible combination, not per point
        table[code] = tuple(name for b, name in enumerate(names) if code >> b & 1)
    return table[bits]
