"""When a chart's signal happened: at the end of the data or earlier, before or after testing.

A team's verdict should say what its data show **now**, and a reader needs to
know whether a signal could be the team's doing. This module answers both from
a :class:`~qiteach.charts.ChartResult`; :func:`qiteach.evaluation.read_measure`
puts the answers into words.

**Now.** A signal *reaches the recent points* when its last flagged row is one
of the last :data:`RECENT_POINTS` plotted points (the same window the aim is
judged on). With the NHS Making Data Count rules the variation of the latest
point decides instead, as the MDC variation icon does.

**Attribution.** A signal *began before* a date when the period of its first
point (from that point up to the next one) ended on or before the date: a run
that starts in the month of the team's first PDSA cycle is not "before" it. The
dates are the programme's ``start`` and the team's first PDSA cycle's ``start``.

>>> import pandas as pd
>>> from qiteach.charts import compute_chart
>>> y = [5, 6, 5, 6, 5, 6, 9, 10, 9, 10, 9, 10, 9, 10, 9, 10]
>>> res = compute_chart(y=y, chart="run", freeze=6,
...                     x=pd.date_range("2025-06-01", periods=16, freq="MS"))
>>> span = res.signal_spans[0]
>>> print(span.text[:58])
A run of 11 points above the median from Nov 2025 to Sep 2
>>> reaches_recent(res, span), timing_of(res, span, programme_start="2025-10-01",
...                                         first_cycle="2026-01-10")
(True, "before the team's first PDSA cycle")
>>> recent_start(res)
10
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from qiteach.charts import ChartResult
    from qiteach.charts.result import SignalSpan

__all__ = [
    "AFTER_FIRST_CYCLE",
    "BEFORE_FIRST_CYCLE",
    "BEFORE_PROGRAMME",
    "NO_CYCLE_YET",
    "RECENT_POINTS",
    "began_before",
    "reaches_recent",
    "recent_start",
    "timing_of",
    "timing_sentence",
]

#: Points at the end of a chart that count as "now" (and that the aim's level is judged on).
RECENT_POINTS = 6

BEFORE_PROGRAMME = "before the programme started"
BEFORE_FIRST_CYCLE = "before the team's first PDSA cycle"
AFTER_FIRST_CYCLE = "after the team's first PDSA cycle"
NO_CYCLE_YET = "no PDSA cycle recorded yet"


def recent_start(result: ChartResult, recent: int = RECENT_POINTS) -> int:
    """Row of ``result.points`` where the last ``recent`` plotted (non-missing) points begin.

    >>> from qiteach.charts import compute_chart
    >>> recent_start(compute_chart(y=[1.0, 2, 3, 4], chart="run"), recent=6)
    0
    """
    rows = np.flatnonzero(result.points["y"].notna().to_numpy())
    if rows.size == 0:
        return 0
    return int(rows[max(0, rows.size - recent)])


def reaches_recent(result: ChartResult, span: SignalSpan, recent: int = RECENT_POINTS) -> bool:
    """Whether ``span`` (a :class:`~qiteach.charts.result.SignalSpan`) ends in the recent points."""
    return int(span.end) >= recent_start(result, recent)


def _when(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(ts) else ts


def _period_end(result: ChartResult, row: int) -> pd.Timestamp | None:
    """When the period of point ``row`` ends: the next point's date (or one step on)."""
    x = result.points["x"]
    if not pd.api.types.is_datetime64_any_dtype(x):
        return None
    dates = pd.to_datetime(x)
    here = dates.iloc[row]
    if row + 1 < len(dates):
        return dates.iloc[row + 1]
    if row >= 1:
        return here + (here - dates.iloc[row - 1])
    return here


def began_before(result: ChartResult, span: SignalSpan, when: Any) -> bool:
    """Whether the span's first point's period ended on or before ``when`` (a date).

    >>> from qiteach.charts import compute_chart
    >>> from qiteach.charts.result import SignalSpan
    >>> res = compute_chart(y=[1.0, 2, 3], chart="run",
    ...                     x=pd.date_range("2025-09-01", periods=3, freq="MS"))
    >>> s = SignalSpan("long_run", 1, 1, 2, "up", "")
    >>> began_before(res, s, "2025-11-01"), began_before(res, s, "2025-10-20")
    (True, False)
    """
    date = _when(when)
    end = _period_end(result, int(span.start))
    return date is not None and end is not None and end <= date


def timing_of(
    result: ChartResult, span: SignalSpan, *, programme_start: Any = None, first_cycle: Any = None
) -> str:
    """Where the signal began relative to the programme and the team's first PDSA cycle.

    One of :data:`BEFORE_PROGRAMME`, :data:`BEFORE_FIRST_CYCLE`,
    :data:`AFTER_FIRST_CYCLE`, :data:`NO_CYCLE_YET` (a programme start but no cycle),
    or ``""`` when the chart or the caller has no dates to judge by.
    """
    if not pd.api.types.is_datetime64_any_dtype(result.points["x"]):
        return ""
    if _when(programme_start) is None and _when(first_cycle) is None:
        return ""  # nothing to judge by (the caller gave no dates)
    if began_before(result, span, programme_start):
        return BEFORE_PROGRAMME
    if _when(first_cycle) is None:
        return NO_CYCLE_YET
    if began_before(result, span, first_cycle):
        return BEFORE_FIRST_CYCLE
    return AFTER_FIRST_CYCLE


def _month(ts: pd.Timestamp) -> str:
    return f"{ts:%B %Y}"


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%B %Y}"


def timing_sentence(
    result: ChartResult,
    span: SignalSpan,
    timing: str,
    *,
    programme_start: Any = None,
    first_cycle: Any = None,
) -> str:
    """One sentence saying when the signal began and what that means for attribution.

    >>> from qiteach.charts import compute_chart
    >>> from qiteach.charts.result import SignalSpan
    >>> res = compute_chart(y=[1.0, 2, 3], chart="run",
    ...                     x=pd.date_range("2025-09-01", periods=3, freq="MS"))
    >>> s = SignalSpan("long_run", 1, 0, 2, "up", "")
    >>> text = timing_sentence(res, s, BEFORE_PROGRAMME, programme_start="2025-10-01")
    >>> text[:73]
    'The signal began in September 2025, before the programme started (1 Octob'
    """
    if not timing:
        return ""
    began = _month(pd.Timestamp(result.points["x"].iloc[int(span.start)]))
    if timing == BEFORE_PROGRAMME:
        start = _when(programme_start)
        return (
            f"The signal began in {began}, before the programme started ({_day(start)}), so "
            "the programme cannot have started it."
        )
    cycle = _when(first_cycle)
    if timing == BEFORE_FIRST_CYCLE:
        return (
            f"The signal began in {began}, before the team's first PDSA cycle "
            f"({_day(cycle)}), so something other than the changes they tested may have "
            "started it."
        )
    if timing == AFTER_FIRST_CYCLE:
        return f"The signal began in {began}, after the team's first PDSA cycle ({_day(cycle)})."
    return f"The signal began in {began}; the team has no PDSA cycle recorded yet."
