"""``compute_chart``: subgroups -> parts -> limits -> rules -> :class:`ChartResult`.

>>> r = compute_chart(y=[5, 7, 6, 8, 9, 7, 10, 12, 11, 13, 12, 14], chart="i")
>>> round(float(r.points["cl"].iloc[0]), 3), int(r.parts["n_useful"].iloc[0])
(9.5, 12)
>>> print(r.explain()[2])  # doctest: +NORMALIZE_WHITESPACE
The line crosses the centre line only once from point 1 to point 12; at least 3 crossings
are expected for 12 useful points, so the process has probably shifted.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from qiteach.charts.explain import PointNamer, span_text
from qiteach.charts.limits import LIMITS, PartData, is_constant
from qiteach.charts.prepare import flags, prepare
from qiteach.charts.result import PART_COLUMNS, POINT_COLUMNS, ChartResult, SignalSpan
from qiteach.charts.rules import DEFAULT, RULE_SETS
from qiteach.charts.rules.base import PartContext, PartFacts, RawSpan, points_text
from qiteach.charts.runs import runs_analysis
from qiteach.charts.spec import CHART_TYPES, DIRECTIONS, ChartSpec
from qiteach.exceptions import ChartInputError

__all__ = ["CHART_TYPES", "DIRECTIONS", "RULE_SETS", "compute_chart"]

#: the settings' defaults, to tell given keywords from a ``spec``
_DEFAULTS = ChartSpec()


def compute_chart(
    data: pd.DataFrame | None = None,
    *,
    y: Any,
    x: Any = None,
    n: Any = None,
    chart: str = "run",
    rules: str = DEFAULT,
    freeze: int | None = None,
    part: int | Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    direction: str = "neutral",
    target: float | None = None,
    multiply: float = 1.0,
    screen_mr: bool = True,
    notes: Any = None,
    source: str | None = None,
    spec: ChartSpec | None = None,
) -> ChartResult:
    """Compute a run or control chart with the chosen rule set (see docs/charts.md).

    ``x``, ``y``, ``n`` and ``notes`` are column names of ``data`` or array-likes.
    ``freeze`` K: the first K subgroups set the limits. ``part`` K: a new part
    starts after subgroup K (1-based; several allowed). ``exclude``: 1-based
    subgroups left out of the centre line, limits and rules but still drawn.
    ``source`` names the input file in error messages. The settings may be
    given instead as one :class:`~qiteach.charts.spec.ChartSpec` (``spec``),
    which the result keeps as ``result.spec``.
    """
    given: dict[str, Any] = {
        "chart": chart, "rules": rules, "freeze": freeze, "part": part, "exclude": exclude,
        "direction": direction, "target": target, "multiply": multiply, "screen_mr": screen_mr,
    }  # fmt: skip
    if spec is None:
        spec = ChartSpec(**given)
    elif ChartSpec(**given) != _DEFAULTS:
        raise ChartInputError(
            "chart settings were given both in spec and as keywords",
            column="spec",
            fix="give them in one place: spec=spec.replace(...) changes a spec",
        )
    with _collector_paused():
        return _compute(data, spec, y=y, x=x, n=n, notes=notes, source=source)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a chart is computed.

    A million-point chart makes some 50,000 small objects (spans, their facts, their
    sentence writers), none in a reference cycle. Every 700 new objects would start a
    collection, and the occasional full one walks the whole heap: about a tenth of
    the chart's time, to free nothing. Reference counting still frees everything as
    usual; the collector is switched back on (if it was on) however the call ends.

    >>> import gc
    >>> with _collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _compute(
    data: pd.DataFrame | None,
    spec: ChartSpec,
    *,
    y: Any,
    x: Any,
    n: Any,
    notes: Any,
    source: str | None,
) -> ChartResult:
    chart, rule_set = spec.chart, spec.rule_set
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
    part_id, baseline, include = flags(
        count, part=spec.part, freeze=spec.freeze, exclude=spec.exclude
    )
    names = rule_set.keys
    # every row belongs to a part, so each column is written in full below: np.empty
    columns = ("y", "cl", "lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s")
    out = {c: np.empty(count) for c in columns}
    bits = np.zeros(count, dtype=_bits_dtype(len(names)))
    point_type: np.ndarray | None = None  # made when a part's rule set classifies its points
    runs_sig = np.zeros(count, dtype=bool)
    sigma_signal = np.zeros(count, dtype=bool)
    part_rows: list[dict[str, Any]] = []
    spans: list[SignalSpan] = []
    warnings: list[str] = []
    runs_rules = not (sub.categorical or chart == "mr")
    write = _SpanWriter(t["x"], out["y"], chart)
    arrays = {c: t[c].to_numpy(dtype=float) for c in ("y", "y_sum", "y_len", "y_mean", "y_sd", "n")}
    for p, sl in _part_slices(part_id):
        pdata = PartData(
            y=arrays["y"][sl],
            y_sum=arrays["y_sum"][sl],
            y_len=arrays["y_len"][sl],
            y_mean=arrays["y_mean"][sl],
            y_sd=arrays["y_sd"][sl],
            n=arrays["n"][sl],
            base=baseline[sl] & include[sl],
            categorical=sub.categorical,
        )
        if rule_set.lines is not None:
            lines = rule_set.lines(pdata, spec)
        else:
            lines = LIMITS[chart](pdata, screen_mr=spec.screen_mr)
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
            _store(out[key][sl], v, spec.multiply, finite=key != "y")
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
            spec.direction,
            spec.target,
        )
        res = rule_set.apply(ctx)
        for b, name in enumerate(names):
            if name in res.flags:
                bits[sl] |= res.flags[name].astype(bits.dtype) << b
        if res.point_type is not None:
            if point_type is None:
                point_type = np.full(count, None, dtype=object)
            point_type[sl] = res.point_type
        runs_sig[sl] = res.runs_signal
        offset, part_no = int(sl.start), int(p)
        spans += [  # each sentence is written on first use
            SignalSpan(
                s.rule,
                part_no,
                s.start + offset,
                s.end + offset,
                s.direction,
                partial(write, s, offset),
            )
            for s in res.spans
        ]
        warnings.extend(res.warnings)
        # points that set this part's limits: in the freeze, not excluded, not missing
        n_base = int((baseline[sl] & inc & ~np.isnan(arrays["y"][sl])).sum())
        trial_text = rule_set.trial_warning(PartFacts(int(p), chart, sl.stop - sl.start, n_base))
        if trial_text is not None:
            warnings.append(trial_text)
        if rule_set.min_useful is not None and ra.n_useful < rule_set.min_useful and runs_rules:
            warnings.append(
                f"Part {p}: only {points_text(ra.n_useful, 'useful point')}; run-chart rules "
                f"need at least {rule_set.min_useful}."
            )
        sigma = res.flags["outside_limits"]
        sigma_signal[sl] = sigma
        part_rows.append(
            {
                "part": int(p),
                "n_obs": ra.n_obs,
                "n_useful": ra.n_useful,
                "longest_run": ra.longest_run,
                "longest_run_max": res.longest_run_max,
                "n_crossings": ra.n_crossings,
                "n_crossings_min": res.n_crossings_min,
                "runs_signal": bool(res.runs_signal),
                "sigma_signals": int(sigma.sum()),
                "trial_limits": trial_text is not None,
                "variation": res.variation,
                "assurance": res.assurance,
            }
        )
    rule_set.finish(part_rows)
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
            "point_type": point_type if point_type is not None else _none_column(count),
            "note": t["note"].to_numpy(dtype=object) if sub.has_notes else _none_column(count),
        },
        columns=list(POINT_COLUMNS),
        copy=False,  # every array is this call's own: no second copy into one block
    )
    parts = pd.DataFrame(part_rows, columns=list(PART_COLUMNS))
    return ChartResult(
        spec=spec,
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

    def __call__(self, span: RawSpan, offset: int) -> str:
        if self._namer is None:
            self._namer = PointNamer(self._x)
        return span_text(span, offset, self._namer, self._y, self._chart)


def _part_slices(part_id: np.ndarray) -> list[tuple[int, slice]]:
    """(part number, rows) of each part; ``part_id`` rises by 1 at each part's first row.

    >>> _part_slices(np.array([1, 1, 2, 2, 2]))
    [(1, slice(0, 2, None)), (2, slice(2, 5, None))]
    """
    starts = [0, *(np.flatnonzero(np.diff(part_id)) + 1).tolist()]
    ends = [*starts[1:], part_id.size]
    return [(int(part_id[a]), slice(a, b)) for a, b in zip(starts, ends, strict=True)]


def _store(out: np.ndarray, values: np.ndarray, multiply: float, *, finite: bool) -> None:
    """Write ``values * multiply`` into ``out``; with ``finite``, infinities become NaN.

    Multiplying by 1.0 changes no float, so it is skipped. A :func:`constant` array
    (one value for the part) is written with a fill, its one value checked once.

    >>> out = np.zeros(3); _store(out, np.array([1.0, np.inf, 2.0]), 2.0, finite=True); out
    array([ 2., nan,  4.])
    >>> from qiteach.charts.limits import constant
    >>> _store(out, constant(np.inf, 3), 1.0, finite=True); out
    array([nan, nan, nan])
    """
    if is_constant(values):
        value = values[0] * multiply if multiply != 1.0 else values[0]
        out.fill(np.nan if finite and not np.isfinite(value) else value)
        return
    out[:] = values
    if multiply != 1.0:
        out *= multiply
    if finite:
        ok = np.isfinite(out)
        if not ok.all():  # most limits are finite everywhere: no second pass
            out[~ok] = np.nan


def _bits_dtype(rules: int) -> type[np.unsignedinteger[Any]]:
    """The smallest unsigned integer type with a bit for each of ``rules`` rules.

    >>> _bits_dtype(5).__name__, _bits_dtype(9).__name__, _bits_dtype(40).__name__
    ('uint8', 'uint16', 'uint64')
    """
    for dtype in (np.uint8, np.uint16, np.uint32):
        if rules <= np.iinfo(dtype).bits:
            return dtype
    return np.uint64


def _none_column(size: int) -> pd.Series:
    """A column of None: pandas would scan every value to infer what the dtype says."""
    return pd.Series(np.full(size, None, dtype=object), dtype=object, copy=False)


def _signal_tuples(bits: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Object array of tuples of rule names, built once per distinct combination."""
    table = np.empty(1 << len(names), dtype=object)
    for code in range(table.size):  # one per possible combination, not per point
        table[code] = tuple(name for b, name in enumerate(names) if code >> b & 1)
    return table[bits]
