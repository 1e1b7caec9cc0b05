"""Reading dates: the one place that says which date texts qiteach accepts, and how.

Every reader of dates uses these functions, so the accepted forms differ only where
the readers' jobs differ, and the difference is written here:

* workspace date columns (:func:`parse_days`): a day, ISO ``YYYY-MM-DD`` or UK
  ``DD/MM/YYYY``; no times (a session or a period is a day);
* raw records turned into a measure (:func:`parse_times`): a day or a time, ISO 8601
  (with optional time and UTC offset) or UK ``DD/MM/YYYY [hh:mm[:ss]]``; times with a
  UTC offset become UK wall-clock times (:func:`uk_local`), so 23:30 UTC on a summer
  Sunday falls on Monday;
* an x column given to ``qiteach chart`` (:func:`parse_months`, then ISO-like text
  with :func:`parse_iso`, else :func:`parse_days`): also month labels as spreadsheets
  write them (``2024-01``, ``Jan 2024``, ``Jan-24``, ``January 2024``);
* one date typed in a cell or an option (:func:`parse_one`: PDSA cycles, progress
  scores, PDSA quality checks): UK ``DD/MM/YYYY`` read day first, else what pandas
  reads (ISO);
* x values given to ``compute_chart`` or ``plot_chart`` as text
  (:func:`dates_from_iso_text`, :data:`ISO_DATE`): ISO dates, optionally with a time;
  other text stays a category.

Never month first: :func:`looks_us` only says so in the error message.

>>> d, bad = parse_days(pd.Series(["2025-10-06", "06/10/2025", "10/13/2025", None]))
>>> [str(x.date()) if pd.notna(x) else None for x in d], bad.tolist()
(['2025-10-06', '2025-10-06', None, None], [False, False, True, False])
>>> parse_times(pd.Series(["2026-06-28T23:30:00Z", "05/01/2026 09:15"])).tolist()
[Timestamp('2026-06-29 00:30:00'), Timestamp('2026-01-05 09:15:00')]
>>> parse_months(pd.Series(["Jan-24", "Feb-24"])).dt.strftime("%Y-%m-%d").tolist()
['2024-01-01', '2024-02-01']
>>> looks_us("10/13/2025"), looks_us("13/10/2025")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

__all__ = [
    "DATE_LIKE",
    "DATE_RANGE_TEXT",
    "FIRST_DATE",
    "ISO_DATE",
    "ISO_LIKE",
    "LAST_DATE",
    "MONTH_FORMATS",
    "UK_TIME_ZONE",
    "dates_from_iso_text",
    "in_date_range",
    "looks_us",
    "parse_days",
    "parse_iso",
    "parse_months",
    "parse_one",
    "parse_times",
    "uk_local",
    "well_formed_date",
]

#: An ISO date, optionally with a time (hh:mm or hh:mm:ss): date-like text x values.
ISO_DATE = r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?"
#: Text that starts as an ISO date with anything time-like after it: read as ISO 8601
#: (and refused on its row if that fails) by ``qiteach chart``.
ISO_LIKE = r"\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?"
#: Text that looks like a date in some order (ISO, UK, US, dotted): a column mostly
#: like this is a date column, and a value in it that is not a date is an error.
DATE_LIKE = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T][\d:.]+)?"
#: Month labels as spreadsheets write them (2024-01, Jan 2024, Jan-24, January 2024):
#: read as the first of the month, or they would sort alphabetically as text
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%b %Y", "%B %Y", "%b-%y", "%b-%Y", "%B-%Y", "%b %y")
#: the time zone of the practices' clocks: times with a UTC offset become UK local times
UK_TIME_ZONE = "Europe/London"
_OFFSET = r"(?:Z|[+-]\d\d:?\d\d)$"
_UK_DAY_TIMES = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
#: The dates qiteach reads: Excel stores none before 1900, and pandas none after 2262.
FIRST_DATE, LAST_DATE = pd.Timestamp("1900-01-01"), pd.Timestamp("2199-12-31")
DATE_RANGE_TEXT = f"from {FIRST_DATE.year} to {LAST_DATE.year}"


def in_date_range(dates: pd.Series) -> pd.Series:
    """True where a parsed date is within :data:`FIRST_DATE` .. :data:`LAST_DATE` (or missing).

    >>> in_date_range(pd.to_datetime(pd.Series(["1899-12-31", "2025-01-01", None]))).tolist()
    [False, True, True]
    """
    return dates.isna() | ((dates >= FIRST_DATE) & (dates <= LAST_DATE))


def _reads(value: str, fmt: str) -> bool:
    """Whether ``value`` reads as a date in strptime format ``fmt``.

    >>> _reads("Jan-24", "%b-%y"), _reads("2024-01-05", "%Y-%m")
    (True, False)
    """
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def well_formed_date(text: object) -> bool:
    """True for a real calendar date in any year, e.g. 0001-01-01 (not for 31/02/2026)."""
    return any(_reads(str(text).strip(), fmt) for fmt in ("%Y-%m-%d", "%d/%m/%Y"))


def parse_days(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse ISO ``YYYY-MM-DD`` or UK ``DD/MM/YYYY`` dates; return (dates, failed mask).

    Empty values are missing, not failed; a date outside :data:`FIRST_DATE` ..
    :data:`LAST_DATE` fails (:func:`well_formed_date` tells the two kinds apart).
    """
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    todo = iso.isna() & values.notna()
    if todo.any():
        uk = pd.to_datetime(values[todo], format="%d/%m/%Y", errors="coerce")
        iso = iso.copy()
        iso[todo] = uk
    iso = iso.where(in_date_range(iso))  # 0001-01-01 or 2262-04-12 would overflow pandas
    failed = iso.isna() & values.notna()
    return iso.astype("datetime64[ns]"), failed


def uk_local(stamps: pd.Series) -> pd.Series:
    """Time-zone-aware times as UK wall-clock times (naive), so days and weeks are local.

    >>> uk_local(pd.Series(pd.to_datetime(["2026-01-05T08:00Z"]))).iloc[0]
    Timestamp('2026-01-05 08:00:00')
    """
    return stamps.dt.tz_convert(UK_TIME_ZONE).dt.tz_localize(None)


def parse_times(values: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD, with optional time and UTC offset) or UK dd/mm/yyyy (with
    optional hh:mm[:ss]); others become NaT.

    Times with a UTC offset ("...Z", "+01:00"; an export spanning the clock change mixes
    them) are read as UK local times, so 23:30 UTC on a summer Sunday falls on Monday.
    Values that already are timestamps pass through (time-zone-aware ones as UK local).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return uk_local(values)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype("string").str.strip()
    aware = text.str.contains(_OFFSET, regex=True).fillna(False).astype(bool)
    iso = pd.to_datetime(text.where(~aware), errors="coerce", format="ISO8601")
    if aware.any():
        utc = pd.to_datetime(text.where(aware), errors="coerce", format="ISO8601", utc=True)
        iso = iso.fillna(uk_local(utc).astype(iso.dtype))
    for fmt in _UK_DAY_TIMES:
        iso = iso.fillna(pd.to_datetime(text.where(iso.isna()), errors="coerce", format=fmt))
    return iso


def parse_months(text: pd.Series) -> pd.Series | None:
    """Month labels parsed with the one format that reads all of them, else None.

    >>> parse_months(pd.Series(["Ward A", "Ward B"])) is None
    True
    >>> parse_months(pd.Series(["2024-01-15", "2024-02-15"])) is None
    True
    """
    first = next((v for v in text if isinstance(v, str)), None)
    if first is not None and re.fullmatch(ISO_LIKE, first):
        return None  # a day (2024-01-15): no month format reads it, so skip trying eight
    for fmt in MONTH_FORMATS:
        if first is not None and not _reads(first, fmt):
            continue  # the first label already fails: no need to parse the column
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        if parsed.notna().all():
            return parsed
    return None


def parse_iso(text: pd.Series) -> pd.Series:
    """ISO 8601 text as timestamps; what does not parse becomes NaT.

    >>> parse_iso(pd.Series(["2024-01-01 10:30", "2024-13-01"])).tolist()
    [Timestamp('2024-01-01 10:30:00'), NaT]
    """
    return pd.to_datetime(text, format="ISO8601", errors="coerce")


def parse_one(value: Any) -> pd.Timestamp:
    """One date from a cell or an option: UK ``DD/MM/YYYY`` day first, else ISO text or a
    date object (``pd.Timestamp`` reads it); raises ValueError when it is not a date.

    >>> parse_one("05/01/2026"), parse_one(" 2026-01-05 "), parse_one(dt.date(2026, 1, 5))
    (Timestamp('2026-01-05 00:00:00'), Timestamp('2026-01-05 00:00:00'), \
Timestamp('2026-01-05 00:00:00'))
    """
    if isinstance(value, str):
        value = value.strip()
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):  # UK: 05/01/2026 is 5 January
            return pd.Timestamp(dt.datetime.strptime(value, "%d/%m/%Y"))
    return pd.Timestamp(value)


def looks_us(text: str) -> bool:
    """True when ``text`` reads as a US (month-first) date, for the error message."""
    return bool(pd.notna(pd.to_datetime(text, format="%m/%d/%Y", errors="coerce")))


def dates_from_iso_text(xs: pd.Series) -> pd.Series:
    """Text that is all ISO dates (as read from a CSV) as dates; anything else unchanged.

    >>> dates_from_iso_text(pd.Series(["2024-01-01", "2024-02-01"])).dt.month.tolist()
    [1, 2]
    >>> dates_from_iso_text(pd.Series(["Lot 1", "Lot 2"])).tolist()
    ['Lot 1', 'Lot 2']
    """
    if xs.dtype != object and not pd.api.types.is_string_dtype(xs):
        return xs
    text = xs.dropna()
    if text.empty or not text.map(lambda v: isinstance(v, str)).all():
        return xs
    if not text.str.strip().str.fullmatch(ISO_DATE).all():
        return xs
    return pd.to_datetime(xs.str.strip(), format="ISO8601")
