"""Turn raw x/y/n columns into one row per subgroup, with part/baseline/include flags.

Follows qicharts2 0.8 (``qic()`` and ``qic.agg()`` in ``R/qic.R`` and
``R/helper.functions.R``): rows with a missing x are dropped; rows sharing an x
value form one subgroup, in sorted x order (a pandas ``Categorical`` keeps its
category order); with a denominator a row missing either y or n is missing in
both. A subgroup without any value is a gap (NaN), never a zero.

>>> sub = prepare(None, y=[3, 4, None, 5], x=[1, 1, 2, 3])
>>> sub.table[["x", "y", "y_len"]].to_dict("list")
{'x': [1, 2, 3], 'y': [3.5, nan, 5.0], 'y_len': [2, 0, 1]}
>>> flags(3, part=[1], freeze=None, exclude=[3])
(array([1, 2, 2]), array([ True,  True,  True]), array([ True,  True, False]))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qiteach.dates import dates_from_iso_text
from qiteach.exceptions import ChartInputError

__all__ = ["Subgroups", "flags", "prepare"]

#: charts whose numerator may not exceed its denominator
_PROPORTION_CHARTS = frozenset({"p", "pp"})
#: charts whose y (or numerator) counts events, so is never negative
_COUNT_CHARTS = frozenset({"p", "pp", "u", "up", "c", "g"})
#: charts whose y must be a whole count
_WHOLE_COUNT_CHARTS = frozenset({"c", "g"})


@dataclass(frozen=True)
class Subgroups:
    """One row per subgroup: x, y_sum, y_len, y_mean, y_sd, n, y, note; plus x kind."""

    table: pd.DataFrame
    got_n: bool
    categorical: bool  # x is text/categorical: qicharts2 then skips runs analysis
    has_notes: bool = False  # some subgroup has a note (else the note column is all None)


def _column(data: Any, value: Any, role: str, source: str | None) -> tuple[pd.Series, str | None]:
    """Return (values, column name) for a column name of ``data`` or an array-like."""
    if isinstance(value, str) and data is not None:
        if value not in data.columns:
            have = ", ".join(map(str, data.columns))
            raise ChartInputError(
                f"no column {value!r} for {role}",
                file=source,
                column=value,
                fix=f"name one of the columns: {have}",
            )
        return data[value].reset_index(drop=True), value
    if isinstance(value, pd.Series):
        return value.reset_index(drop=True), str(value.name) if value.name is not None else None
    if isinstance(value, np.ndarray):
        # y and n are only read (converted into new arrays): no copy of the caller's array;
        # x and notes may end up in the result, which must not share the caller's memory
        return pd.Series(value, copy=role not in ("y", "n")), None
    return pd.Series(list(value)), None


def _raise_first(
    bad: np.ndarray,
    message: Callable[[int], str],
    *,
    source: str | None,
    column: str,
    fix: str | Callable[[int], str],
) -> None:
    """Raise a one-line error at the first row where ``bad`` holds (header = row 1).

    >>> _raise_first(np.array([False, True]), lambda i: f"bad at {i}", source="d.csv",
    ...              column="y", fix="mend it")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ChartInputError: d.csv:3:y: bad at 1 (fix: mend it)
    >>> _raise_first(np.array([False]), str, source=None, column="y", fix="")
    """
    if not bad.any():
        return
    i = int(np.flatnonzero(bad)[0])
    raise ChartInputError(
        message(i), file=source, row=i + 2, column=column, fix=fix(i) if callable(fix) else fix
    )


def _numeric(values: pd.Series, role: str, name: str | None, source: str | None) -> np.ndarray:
    """Convert to float, raising a one-line error naming the first bad row."""
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=float)
    if pd.api.types.is_numeric_dtype(values):
        out = values.to_numpy(dtype=float, na_value=np.nan)
        _raise_first(
            np.isinf(out),
            lambda i: f"{role} value {out[i]} is not a finite number",
            source=source,
            column=name or role,
            fix="type a number, or leave the cell empty for a missing value",
        )
        return out
    conv = pd.to_numeric(values, errors="coerce")
    bad = conv.isna() & values.notna() & (values.astype(str).str.strip() != "")
    bad |= conv.notna() & ~np.isfinite(conv.astype(float))

    def fix(i: int) -> str:
        text = str(values.iloc[i]).strip()
        if "%" in text:
            return "leave out the % sign (12% is 12, or give numerator and denominator)"
        if "," in text:
            return "use a point for decimals and no thousands separator, e.g. 12.5 or 1402"
        return "type a number, or leave the cell empty for a missing value"

    _raise_first(
        bad.to_numpy(),
        lambda i: f"{role} value {values.iloc[i]!r} is not a number",
        source=source,
        column=name or role,
        fix=fix,
    )
    return conv.to_numpy(dtype=float, na_value=np.nan)


def _check_counts(yv: np.ndarray, chart: str, name: str | None, source: str | None) -> None:
    """Counts (c, g, and the numerators of p, pp, u, up) are never negative; c and g are whole.

    >>> _check_counts(np.array([1.0, 2.5]), "c", "y", "d.csv")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ChartInputError: d.csv:3:y: a c chart counts events, but 2.5 is not a ...
    """
    if chart not in _COUNT_CHARTS:
        return
    _raise_first(
        yv < 0,
        lambda i: f"a {chart} chart counts events, but {yv[i]:g} is negative",
        source=source,
        column=name or "y",
        fix="counts are 0 or more: check the value",
    )
    if chart in _WHOLE_COUNT_CHARTS:
        _raise_first(
            np.isfinite(yv) & (yv % 1 != 0),
            lambda i: f"a {chart} chart counts events, but {yv[i]:g} is not a whole number",
            source=source,
            column=name or "y",
            fix="give whole counts, or use an i chart for measurements",
        )


def _check_times(
    yval: np.ndarray,
    codes: np.ndarray,
    ok: np.ndarray,
    rows: np.ndarray,
    yv: np.ndarray,
    name: str | None,
    source: str | None,
) -> None:
    """A t chart's times must be above 0 (qicharts2 ``qic.t``); name the first bad row.

    As in qicharts2 the subgroup value is checked, so the first row of a subgroup
    whose time is 0 or less is named.

    >>> _check_times(np.array([2.0, 0.0]), np.array([0, 1]), np.array([True, True]),
    ...              np.array([0, 1]), np.array([2.0, 0.0]), "days", "d.csv")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ChartInputError: d.csv:3:days: a t chart needs times between events ...
    """
    bad = np.zeros(yv.size, dtype=bool)
    with np.errstate(invalid="ignore"):
        bad[rows] = (yval <= 0)[codes] & ok
    _raise_first(
        bad,
        lambda i: f"a t chart needs times between events above 0, but {yv[i]:g} is not",
        source=source,
        column=name or "y",
        fix="check the value; for events on the same day use a finer unit "
        "(hours) or a g chart of cases between events",
    )


def prepare(
    data: pd.DataFrame | None,
    *,
    y: Any,
    x: Any = None,
    n: Any = None,
    notes: Any = None,
    chart: str = "run",
    source: str | None = None,
) -> Subgroups:
    """Aggregate rows into subgroups; validate values (``source`` names the file in errors)."""
    ys, y_name = _column(data, y, "y", source)
    yv = _numeric(ys, "y", y_name, source)
    rows = len(yv)
    if x is None:
        xs = pd.Series(np.arange(1, rows + 1), copy=False)  # its own array: no copy
    else:
        xs, _ = _column(data, x, "x", source)
    if len(xs) != rows:
        raise ChartInputError(
            f"x has {len(xs)} values but y has {rows}", fix="give x and y the same length"
        )
    _check_counts(yv, chart, y_name, source)
    got_n = n is not None
    if got_n:
        ns, n_name = _column(data, n, "n", source)
        nv = _numeric(ns, "n", n_name, source)
        if len(nv) != rows:
            raise ChartInputError(
                f"n has {len(nv)} values but y has {rows}", fix="give n and y the same length"
            )
        _raise_first(
            nv <= 0,
            lambda i: f"denominator {nv[i]:g} is not positive",
            source=source,
            column=n_name or "n",
            fix="a denominator must be greater than 0; leave the cell empty if unknown",
        )
        if chart in _PROPORTION_CHARTS:
            _raise_first(
                yv > nv,
                lambda i: f"numerator {yv[i]:g} is greater than denominator {nv[i]:g}",
                source=source,
                column=y_name or "y",
                fix="a proportion's numerator counts cases out of the denominator",
            )
        missing = np.isnan(yv) | np.isnan(nv)
        yv = np.where(missing, np.nan, yv)
        nv = np.where(missing, np.nan, nv)
    else:
        nv = np.full(rows, np.nan)
    if notes is not None:
        note_s, _ = _column(data, notes, "notes", source)
        note_v = note_s.astype(object).where(note_s.notna(), None).to_numpy()
    else:
        note_v = None

    xs = dates_from_iso_text(xs)
    keep = xs.notna().to_numpy()
    categorical = isinstance(xs.dtype, pd.CategoricalDtype) or not (
        pd.api.types.is_numeric_dtype(xs) or pd.api.types.is_datetime64_any_dtype(xs)
    )
    if pd.api.types.is_bool_dtype(xs):
        categorical = True
    xk = xs[keep].reset_index(drop=True) if not keep.all() else xs.reset_index(drop=True)
    codes, uniques = _subgroup_codes(xk)
    one_per_row = uniques is xk  # sorted unique x: subgroup i is row i
    # every row kept (the usual case): the arrays themselves, only read below
    yk, nk = (yv, nv) if keep.all() else (yv[keep], nv[keep])
    g = len(uniques)
    ok = ~np.isnan(yk)
    if one_per_row:  # one value per subgroup: its count is 1 where present (as summed below)
        y_len = ok.astype(int)
    else:
        y_len = _subgroup_sums(codes, g, ok.astype(float), None, one_per_row).astype(int)
    y_sum = _subgroup_sums(codes, g, yk, ok, one_per_row).astype(float, copy=False)
    with np.errstate(invalid="ignore", divide="ignore"):
        y_mean = y_sum / y_len
        if one_per_row:  # no subgroup has 2 values: every SD is NaN below
            y_sd = np.full(g, np.nan)
        else:
            dev = (yk - y_mean[codes]) ** 2
            ss = np.bincount(codes[ok], weights=dev[ok], minlength=g)
            y_sd = np.sqrt(ss / (y_len - 1))
    y_sd[y_len < 2] = np.nan
    y_sum[y_len == 0] = np.nan  # a gap, not a zero
    if got_n:
        okn = ~np.isnan(nk)
        n_sum = _subgroup_sums(codes, g, nk, okn, one_per_row).astype(float)
        n_sum[y_len == 0] = np.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            yval = y_sum / n_sum
    else:
        n_sum = np.full(g, np.nan)
        yval = y_mean
    if chart == "t":
        _check_times(yval, codes, ok, np.flatnonzero(keep), yv, y_name, source)
    if isinstance(uniques, pd.Series):
        xvals = uniques
    elif isinstance(uniques, pd.CategoricalIndex):
        xvals = pd.Series(np.asarray(uniques, dtype=object))
    else:
        xvals = pd.Series(uniques)
    table = pd.DataFrame(
        {
            "x": xvals,
            "y_sum": y_sum,
            "y_len": y_len,
            "y_mean": y_mean,
            "y_sd": y_sd,
            "n": n_sum,
            "y": yval,
        },
        copy=False,  # the arrays are this function's own: no second copy into one block
    )
    note = _notes(note_v[keep] if note_v is not None else None, codes, g)
    has_notes = note is not None
    table["note"] = (
        note if note is not None else pd.Series(np.full(g, None), dtype=object, copy=False)
    )
    return Subgroups(table, got_n, bool(categorical), has_notes)


def _subgroup_codes(xk: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(xk, sort=True)``, skipped when x is already sorted and unique.

    Numbers and (time-zone-naive) dates that strictly increase, as point numbers and
    monthly dates do, are their own sorted uniques: subgroup i is row i, and the
    uniques are returned as the Series itself.

    >>> codes, uniques = _subgroup_codes(pd.Series([1, 2, 5]))
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, 2], [1, 2, 5])
    >>> codes, uniques = _subgroup_codes(pd.Series([2, 1, 2]))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1], [1, 2])
    """
    if isinstance(xk.dtype, np.dtype) and xk.dtype.kind in "iufM" and len(xk):
        v = xk.to_numpy()
        if bool((v[1:] > v[:-1]).all()):
            return np.arange(len(v), dtype=np.intp), xk
    return pd.factorize(xk, sort=True)


def _subgroup_sums(
    codes: np.ndarray, g: int, values: np.ndarray, ok: np.ndarray | None, one_per_row: bool
) -> np.ndarray:
    """Each subgroup's sum of ``values`` (where ``ok``): ``np.bincount`` with weights.

    With ``one_per_row`` (``codes`` is 0, 1, ..., g - 1) a subgroup's sum is its one
    value added to 0.0, as bincount adds (so -0.0 becomes 0.0), or 0.0 when not ok.

    >>> v, ok = np.array([2.5, -0.0, np.nan]), np.array([True, True, False])
    >>> _subgroup_sums(np.arange(3), 3, v, ok, True).tolist()
    [2.5, 0.0, 0.0]
    >>> _subgroup_sums(np.arange(3), 3, v, ok, False).tolist()
    [2.5, 0.0, 0.0]
    """
    if one_per_row:
        return values + 0.0 if ok is None else np.where(ok, values + 0.0, 0.0)
    if ok is None:
        return np.bincount(codes, weights=values, minlength=g)
    return np.bincount(codes[ok], weights=values[ok], minlength=g)


def _notes(note_v: np.ndarray | None, codes: np.ndarray, g: int) -> np.ndarray | None:
    """Join each subgroup's distinct notes with `` | `` (None: no subgroup has a note)."""
    if note_v is None:
        return None
    has = np.array([v is not None and str(v).strip() != "" for v in note_v], dtype=bool)
    if not has.any():
        return None
    out = np.full(g, None, dtype=object)
    frame = pd.DataFrame({"g": codes[has], "note": [str(v).strip() for v in note_v[has]]})
    joined = frame.drop_duplicates().groupby("g", sort=True)["note"].agg(" | ".join)
    out[joined.index.to_numpy()] = joined.to_numpy(dtype=object)
    return out


def _indices(value: int | Sequence[int] | None, name: str) -> list[int]:
    if value is None:
        return []
    items = [value] if isinstance(value, int | np.integer) else list(value)
    out = []
    for v in items:
        if isinstance(v, bool) or not float(v).is_integer():
            raise ChartInputError(
                f"{name} value {v!r} is not a whole number",
                column=name,
                fix=f"give {name} as 1-based point numbers such as 12",
            )
        out.append(int(v))
    return out


def flags(
    count: int,
    *,
    part: int | Sequence[int] | None,
    freeze: int | None,
    exclude: Sequence[int] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (part, baseline, include) arrays for ``count`` subgroups, as qicharts2 does.

    A part starts after each 1-based subgroup in ``part``; the first ``freeze``
    subgroups of each part are its baseline (whether a freeze applies when there
    are parts is :class:`~qiteach.charts.spec.ChartSpec`'s rule); excluded
    subgroups stay drawn but leave the limits and the runs analysis.
    """
    # a freeze past the end is allowed (a baseline still being collected: every point is in it)
    for name, given in (("part", part), ("exclude", exclude)):
        below = [v for v in _indices(given, name) if v < 1]
        if below:  # qicharts2 silently ignores these; a 0-based guess must not pass unseen
            raise ChartInputError(
                f"{name} {below[0]} is below 1",
                column=name,
                fix=f"points are numbered from 1: give {name} as point numbers from 1 to {count}",
            )
        past = [v for v in _indices(given, name) if v > count]
        if past:
            raise ChartInputError(
                f"{name} {past[0]} is past the last point ({count})",
                column=name,
                fix=f"give {name} as point numbers from 1 to {count}",
            )
    cuts = sorted({c for c in [0, *_indices(part, "part")] if 0 <= c < count})
    part_id = np.zeros(count, dtype=int)
    if count:
        part_id[np.asarray(cuts[1:], dtype=int)] = 1
        part_id = np.cumsum(part_id) + 1
    xx = np.arange(1, count + 1)
    baseline = np.ones(count, dtype=bool)
    if freeze is not None and count:
        starts = np.r_[0, np.flatnonzero(np.diff(part_id)) + 1]
        first = starts[np.searchsorted(starts, np.arange(count), side="right") - 1]
        baseline = np.arange(count) - first < int(freeze)
    include = ~np.isin(xx, np.asarray(_indices(exclude, "exclude"), dtype=int))
    return part_id, baseline, include
