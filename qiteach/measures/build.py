"""Build a measure's series from raw records, ready for ``compute_chart``.

Every builder returns a DataFrame with one row per period (or event):

- ``x`` — period start (weeks start on Monday; months on the 1st) or event date;
- ``y`` — what ``compute_chart`` takes as ``y``: the numerator count for
  ratio measures (p, u charts, with ``n``), or the value itself;
- ``n`` — the denominator (ratio measures only);
- ``numerator`` — the count on top (same as ``y`` for ratio measures);
- ``value`` — what people read: ``multiply × numerator / n`` (e.g. a percent),
  or the value itself.

So ``compute_chart(df, x="x", y="y", n="n", chart="p", multiply=100)`` charts
a weekly DNA %. Inputs are never modified.

>>> import pandas as pd
>>> log = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-08",
...                                             "2026-01-12", "2026-01-14"]),
...                     "status": ["attended", "DNA", "attended", "DNA", "DNA"]})
>>> dna_series(log)
           x  y  n  numerator  value
0 2026-01-05  1  3          1   33.3...
1 2026-01-12  2  2          2  100.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from qiteach.dates import parse_times
from qiteach.exceptions import ToolkitError

__all__ = [
    "aggregate",
    "cases_between",
    "days_between",
    "dna_series",
    "hba1c_in_range_series",
    "period_start",
]

Period = Literal["week", "month"]
Selector = str | Callable[[pd.DataFrame], Any] | None


def period_start(dates: pd.Series, by: Period = "week") -> pd.Series:
    """The start of each date's period: the Monday of its week, or the 1st of its month.

    >>> period_start(pd.Series(pd.to_datetime(["2026-01-04", "2026-01-05", "2026-01-31"])))
    0   2025-12-29
    1   2026-01-05
    2   2026-01-26
    dtype: datetime64[...]
    >>> period_start(pd.Series(pd.to_datetime(["2026-01-31"])), "month").iloc[0].date()
    datetime.date(2026, 1, 1)
    """
    d = parse_times(pd.Series(dates)).dt.normalize()  # text: ISO or UK dd/mm/yyyy
    if by == "week":
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    if by == "month":
        return d - pd.to_timedelta(d.dt.day - 1, unit="D")
    raise ToolkitError(f"unknown period {by!r}", column="by", fix='use by="week" or by="month"')


def _raise_at_first(
    mask: Any, message: Callable[[int], str], *, source: str | None, column: str | None, fix: str
) -> None:
    """Raise ToolkitError at the first row where ``mask`` is true (header = row 1).

    ``message`` gets the row's position, for messages that quote its value.
    """
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    if hits.size:
        i = int(hits[0])
        raise ToolkitError(message(i), file=source, row=i + 2, column=column, fix=fix)


def _dates(
    records: pd.DataFrame, column: str, source: str | None, *, blank_ok: Any = None
) -> pd.Series:
    """Parse a date column; rows where ``blank_ok`` is true may leave the date empty."""
    if column not in records.columns:
        raise ToolkitError(
            f"there is no {column!r} column",
            file=source,
            column=column,
            fix="name the date column with date=..., one of: "
            + ", ".join(map(str, records.columns)),
        )
    parsed = parse_times(records[column])
    _raise_at_first(
        parsed.isna() & records[column].notna(),
        lambda i: f"{records[column].iloc[i]!r} is not a date",
        source=source, column=column, fix="write dates as YYYY-MM-DD",
    )  # fmt: skip
    empty = parsed.isna().to_numpy().copy()
    if blank_ok is not None:
        empty &= ~np.asarray(blank_ok, dtype=bool)
    _raise_at_first(
        empty, lambda i: "the date is empty", source=source, column=column, fix="fill in the date"
    )
    return parsed


_YES_NO = {"yes": 1.0, "y": 1.0, "true": 1.0, "no": 0.0, "n": 0.0, "false": 0.0}


def _one_date(value: Any, name: str, source: str | None) -> pd.Timestamp:
    """A single date option (``start=``, ``end=``), read like the data: UK dd/mm/yyyy day-first."""
    parsed = parse_times(pd.Series([value]))
    if parsed.isna().iloc[0]:
        raise ToolkitError(
            f"{name}={value!r} is not a date", file=source, fix="write dates as YYYY-MM-DD"
        )
    return pd.Timestamp(parsed.iloc[0])


def _select(
    records: pd.DataFrame,
    sel: Selector,
    what: str,
    source: str | None,
    *,
    allow_blank: bool = False,
) -> pd.Series:
    """A numeric Series from a column name or a function of the records (yes/no read as 1/0).

    Text that is not a number or yes/no, and blanks unless ``allow_blank``, raise
    ToolkitError naming the row.
    """
    if callable(sel):
        out = sel(records)
        out = pd.Series(out, index=records.index) if not isinstance(out, pd.Series) else out
    else:
        if sel not in records.columns:
            raise ToolkitError(
                f"there is no {sel!r} column for the {what}",
                file=source,
                column=str(sel),
                fix=f"pass {what}= a column name or a function of the records",
            )
        out = records[sel]
    if out.dtype == bool or str(out.dtype) == "boolean":
        return out.astype("float64").fillna(0.0)
    column = None if callable(sel) else str(sel)
    num = pd.to_numeric(out, errors="coerce")
    if out.dtype == object or isinstance(out.dtype, pd.StringDtype):
        words = out.astype("string").str.strip().str.lower().map(_YES_NO.get)
        num = num.fillna(pd.to_numeric(words, errors="coerce"))
    _raise_at_first(
        num.isna() & out.notna(),
        lambda i: f"the {what} {out.iloc[i]!r} is not a number or yes/no",
        source=source, column=column, fix="use numbers or true/false",
    )  # fmt: skip
    if not allow_blank:
        _raise_at_first(
            num.isna(), lambda i: f"the {what} is empty",
            source=source, column=column, fix="fill it in",
        )  # fmt: skip
    return num.astype("float64")


def aggregate(
    records: pd.DataFrame,
    *,
    date: str,
    by: Period = "week",
    numerator: Selector,
    denominator: Selector | Literal["count"] = "count",
    multiply: float = 1.0,
    source: str | None = None,
) -> pd.DataFrame:
    """Sum records into weekly or monthly points.

    ``numerator`` is a column (numbers or true/false) or a function of the
    records returning a boolean/number Series. ``denominator`` is ``"count"``
    (the number of records in the period, the default), a column or function
    (summed), or ``None`` for plain counts (c chart): then empty periods
    between the first and last record are filled with 0, and there is no
    ``n``. With a denominator, periods with no records are left out (nothing
    could happen in them).

    >>> df = pd.DataFrame({"day": pd.to_datetime(["2026-01-05", "2026-01-20"]), "falls": [2, 1]})
    >>> aggregate(df, date="day", numerator="falls", denominator=None)
               x    y  numerator  value
    0 2026-01-05  2.0        2.0    2.0
    1 2026-01-12  0.0        0.0    0.0
    2 2026-01-19  1.0        1.0    1.0
    """
    dates = _dates(records, date, source)
    num = _select(records, numerator, "numerator", source)
    key = period_start(dates, by)
    if denominator is None:
        if not len(records):
            empty = pd.Series([], dtype="float64")
            return pd.DataFrame(
                {
                    "x": pd.Series([], dtype="datetime64[ns]"),
                    "y": empty,
                    "numerator": empty,
                    "value": empty,
                }
            )
        summed = num.groupby(key.to_numpy()).sum()
        freq = "W-MON" if by == "week" else "MS"
        full = pd.date_range(summed.index.min(), summed.index.max(), freq=freq)
        summed = summed.reindex(full, fill_value=0.0)
        return pd.DataFrame(
            {
                "x": summed.index,
                "y": summed.to_numpy(),
                "numerator": summed.to_numpy(),
                "value": summed.to_numpy() * multiply,
            }
        )
    if isinstance(denominator, str) and denominator == "count":
        den = pd.Series(1.0, index=records.index)
    else:
        den = _select(records, denominator, "denominator", source)
    frame = pd.DataFrame({"num": num.to_numpy(), "den": den.to_numpy(), "x": key.to_numpy()})
    g = frame.groupby("x", sort=True)[["num", "den"]].sum()
    g = g[g["den"] > 0]
    out = pd.DataFrame(
        {
            "x": g.index,
            "y": g["num"].to_numpy(),
            "n": g["den"].to_numpy(),
            "numerator": g["num"].to_numpy(),
        }
    )
    out["value"] = multiply * out["numerator"] / out["n"]
    if denominator == "count" and (out["y"] == out["y"].round()).all():
        out[["y", "n", "numerator"]] = out[["y", "n", "numerator"]].astype("int64")
    return out


def dna_series(
    appointments: pd.DataFrame,
    *,
    date: str = "date",
    status: str = "status",
    dna: Sequence[str] = ("dna", "did not attend", "did not attend (dna)", "missed"),
    attended: Sequence[str] = ("attended", "seen", "arrived", "finished", "in progress"),
    ignore: Sequence[str] = ("cancelled", "cancelled by patient", "cancelled by practice"),
    by: Period = "week",
    source: str | None = "appointments",
) -> pd.DataFrame:
    """Weekly (or monthly) DNA % from an appointment log, one row per appointment.

    Numerator: appointments whose ``status`` is a DNA value; denominator: DNA
    plus attended appointments (cancelled ones, in ``ignore``, count in
    neither). Statuses are matched case-insensitively; any other status raises
    ToolkitError naming the row, so nothing is silently miscounted.
    ``value`` is the DNA percent.
    """
    if status not in appointments.columns:
        raise ToolkitError(
            f"there is no {status!r} column",
            file=source,
            column=status,
            fix="name the attended/DNA column with status=...",
        )
    s = appointments[status].astype("string").str.strip().str.lower()
    dna_set = {v.lower() for v in dna}
    known = dna_set | {v.lower() for v in attended} | {v.lower() for v in ignore}
    unknown = ~s.isin(list(known)).fillna(False).astype(bool) | s.isna()
    _raise_at_first(
        unknown,
        lambda i: f"status {appointments[status].iloc[i]!r} is neither attended nor DNA",
        source=source, column=status, fix="pass it in dna=, attended= or ignore=",
    )  # fmt: skip
    keep = ~s.isin(list({v.lower() for v in ignore})).astype(bool)
    booked = appointments.loc[keep.to_numpy()]
    is_dna = s[keep].isin(list(dna_set)).astype(bool)
    return aggregate(
        booked.assign(_dna=is_dna.to_numpy()),
        date=date,
        by=by,
        numerator="_dna",
        denominator="count",
        multiply=100.0,
        source=source,
    )


def hba1c_in_range_series(
    results: pd.DataFrame,
    *,
    patient: str = "patient_id",
    date: str = "date",
    value: str = "hba1c",
    threshold: float = 58.0,
    lookback_months: int | None = None,
    start: Any = None,
    end: Any = None,
    source: str | None = "hba1c",
) -> pd.DataFrame:
    """Monthly % of patients whose most recent HbA1c is in range (≤ ``threshold``).

    ``results`` has one row per HbA1c result (columns ``patient``, ``date``,
    ``value``; by default ``patient_id``, ``date``, ``hba1c``); a list with only
    each patient's last result is the special case of one row per patient, where
    a patient never tested has both the date and the value blank. **Definition**:
    for each month from ``start`` to ``end``
    (default: the months of the first and last result), take each patient's
    most recent result on or before the last day of that month. The
    denominator is the patients with such a result; the numerator those whose
    result is ≤ ``threshold`` (58 mmol/mol by default). With
    ``lookback_months`` (e.g. 12, as QOF does), a most-recent result older than
    that counts as *not* in range (no recent test), the patient staying in the
    denominator. ``x`` is the month start.

    >>> res = pd.DataFrame({"patient_id": ["a", "a", "b"],
    ...                     "date": pd.to_datetime(["2026-01-10", "2026-03-02", "2026-02-15"]),
    ...                     "hba1c": [62, 55, 50]})
    >>> hba1c_in_range_series(res)[["x", "y", "n", "value"]]
               x  y  n  value
    0 2026-01-01  0  1    0.0
    1 2026-02-01  1  2   50.0
    2 2026-03-01  2  2  100.0
    """
    for col in (patient, value):
        if col not in results.columns:
            raise ToolkitError(
                f"there is no {col!r} column",
                file=source,
                column=col,
                fix=f"name the column with {'patient' if col == patient else 'value'}=...",
            )
    vals = _select(results, value, "HbA1c value", source, allow_blank=True)  # blank: no result
    # a patient never tested has neither a date nor a result: not an error, just no result
    dates = _dates(results, date, source, blank_ok=vals.isna().to_numpy())
    tests = pd.DataFrame(
        {
            "patient": results[patient].astype("string").to_numpy(),
            "date": dates.to_numpy(),
            "value": vals.to_numpy(),
        }
    ).dropna(subset=["value"])
    first = _one_date(start, "start", source) if start is not None else tests["date"].min()
    last = _one_date(end, "end", source) if end is not None else tests["date"].max()
    months = pd.date_range(
        first.to_period("M").start_time, last.to_period("M").start_time, freq="MS"
    )
    month_end = months + pd.offsets.MonthEnd(0) + pd.Timedelta(hours=23, minutes=59, seconds=59)
    patients = tests["patient"].drop_duplicates()
    grid = pd.DataFrame(
        {
            "patient": np.repeat(patients.to_numpy(), len(months)),
            "x": np.tile(months.to_numpy(), len(patients)),
            "as_of": np.tile(month_end.to_numpy(), len(patients)),
        }
    ).sort_values("as_of", kind="stable")
    latest = pd.merge_asof(
        grid,
        tests.sort_values("date", kind="stable"),
        left_on="as_of",
        right_on="date",
        by="patient",
        direction="backward",
    ).dropna(subset=["value"])
    in_range = latest["value"] <= threshold
    if lookback_months is not None:
        window_start = latest["x"] - pd.DateOffset(months=lookback_months - 1)
        in_range &= latest["date"] >= window_start
    latest = latest.assign(in_range=in_range.astype("int64"))
    g = latest.groupby("x", sort=True)["in_range"].agg(["sum", "count"])
    out = pd.DataFrame(
        {
            "x": g.index,
            "y": g["sum"].to_numpy(),
            "n": g["count"].to_numpy(),
            "numerator": g["sum"].to_numpy(),
        }
    )
    out["value"] = 100.0 * out["y"] / out["n"]
    return out.reset_index(drop=True)


def days_between(
    incidents: pd.DataFrame | Sequence[Any] | pd.Series,
    *,
    date: str = "date",
    source: str | None = "incidents",
) -> pd.DataFrame:
    """Days between consecutive incidents, for a t chart (time between rare events).

    One row per incident after the first: ``x`` its date, ``y`` (= ``value``)
    the days since the previous incident (fractions of a day when times are
    given). Incidents are sorted by date first.

    >>> days_between(pd.to_datetime(pd.Series(["2026-01-01", "2026-01-11", "2026-01-12"])))
               x     y  value
    0 2026-01-11  10.0   10.0
    1 2026-01-12   1.0    1.0
    """
    if isinstance(incidents, pd.DataFrame):
        dates = _dates(incidents, date, source)
    else:
        frame = pd.DataFrame({"date": list(incidents)})
        dates = _dates(frame, "date", source)
    dates = dates.sort_values(kind="stable").reset_index(drop=True)
    if len(dates) < 2:
        raise ToolkitError(
            "fewer than 2 incidents, so there is no time between them",
            file=source,
            column=date,
            fix="a t chart needs at least 2 incident dates",
        )
    gaps = dates.diff().dt.total_seconds() / 86400.0
    out = pd.DataFrame({"x": dates.iloc[1:].to_numpy(), "y": gaps.iloc[1:].to_numpy()})
    out["value"] = out["y"]
    return out


def cases_between(
    records: pd.DataFrame,
    *,
    event: Selector,
    date: str | None = "date",
    order: str | None = None,
    source: str | None = "records",
) -> pd.DataFrame:
    """Cases between consecutive events, for a g chart (e.g. operations between infections).

    ``records`` has one row per case (operation, admission, prescription ...),
    in time order (or sorted by ``order`` or ``date``). ``event`` is a
    column or function marking the cases with the event. For each event after
    the first, ``y`` is the number of cases without the event since the
    previous event; ``x`` is the event's date (or its case number when there
    is no date column).

    >>> cases = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=8),
    ...                       "infection": [0, 1, 0, 0, 0, 1, 1, 0]})
    >>> cases_between(cases, event="infection")
               x    y  value
    0 2026-01-06  3.0    3.0
    1 2026-01-07  0.0    0.0
    """
    frame = records
    if order is not None:
        frame = records.sort_values(order, kind="stable")
    elif date is not None and date in records.columns:
        frame = records.assign(_d=_dates(records, date, source)).sort_values("_d", kind="stable")
    flags = _select(frame, event, "event", source).to_numpy() > 0
    positions = np.flatnonzero(flags)
    if len(positions) < 2:
        raise ToolkitError(
            "fewer than 2 events, so there are no cases between them",
            file=source,
            fix="a g chart needs at least 2 events",
        )
    between = np.diff(positions) - 1
    if date is not None and date in frame.columns:
        x = _dates(frame, date, source).to_numpy()[positions[1:]]
    else:
        x = positions[1:] + 1
    out = pd.DataFrame({"x": x, "y": between.astype("float64")})
    out["value"] = out["y"]
    return out
