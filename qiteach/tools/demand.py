"""Demand and capacity done right: demand is requests, not booked appointments.

A practice's daily request log (one row per working day, e.g. the teaching
dataset ``practice-requests``) records every request by every route, how many
were met the same day, how many were turned away ("call back tomorrow") and how
many were repeats: the same patient asking again for the same need. From it:

- **true demand** — unique needs: requests less repeats (:func:`true_demand`);
- **booked activity vs demand** — booked appointments are capped by capacity, so
  they hide the patients turned away; the *gap* is true demand less booked;
- **capacity after carve-out** — slots less those held back for e.g.
  chronic-disease reviews or extended access (:func:`capacity_after_carve_out`);
- **the queue (backlog) over time** — unmet demand carried forward:
  ``queue_t = max(0, queue_{t-1} + demand_t - capacity_t)`` (:func:`queue_over_time`).

Nothing here imports matplotlib (the drawing is :func:`qiteach.plot.demand.plot_demand_capacity`).

>>> log = pd.DataFrame({
...     "date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"]),
...     "requests": [12, 11, 8], "repeats": [0, 3, 1], "met_same_day": [9, 10, 8],
...     "turned_away": [3, 1, 0], "slots": [10, 10, 10], "held_back": [1, 0, 2]})
>>> days = DemandDays.from_frame(log)
>>> days.frame[["true_demand", "booked", "gap", "capacity", "queue"]]
   true_demand  booked  gap  capacity  queue
0           12       9    3         9      3
1            8      10   -2        10      1
2            7       8   -1         8      0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = [
    "COVER_SHARE",
    "DEMAND_COLUMNS",
    "WEEKDAYS",
    "DemandDays",
    "capacity_after_carve_out",
    "cover_capacity",
    "days_short",
    "queue_over_time",
    "true_demand",
]

#: The columns a daily request log needs (extra columns such as the routes are kept).
DEMAND_COLUMNS: tuple[str, ...] = (
    "date",
    "requests",
    "repeats",
    "met_same_day",
    "turned_away",
    "slots",
    "held_back",
)
#: Share of days on which capacity should meet demand ("9 days out of 10").
COVER_SHARE = 0.9
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def true_demand(requests: Iterable[float], repeats: Iterable[float]) -> list[float]:
    """Unique needs per day: requests less repeat requests for the same need.

    >>> true_demand([57, 60], [5, 12])
    [52, 48]
    """
    return [r - p for r, p in zip(requests, repeats, strict=True)]


def capacity_after_carve_out(slots: Iterable[float], held_back: Iterable[float]) -> list[float]:
    """Capacity left for the demand once slots are held back (carved out) for other work.

    >>> capacity_after_carve_out([62, 62], [8, 12])
    [54, 50]
    """
    return [s - h for s, h in zip(slots, held_back, strict=True)]


def queue_over_time(
    demand: Iterable[float], capacity: Iterable[float] | float, *, start: float = 0
) -> list[float]:
    """The queue (backlog) at the end of each day: unmet demand carried forward.

    ``queue_t = max(0, queue_{t-1} + demand_t - capacity_t)``, starting from
    ``start``. ``capacity`` is one number a day, or a single number for every day.
    Spare capacity on a quiet day clears the queue but cannot be saved for later.

    >>> queue_over_time([5, 7, 3, 6], 5)
    [0, 2, 0, 1]
    >>> queue_over_time([5, 7, 3, 6], [4, 4, 8, 4], start=2)
    [3, 6, 1, 3]
    """
    demand = list(demand)
    caps = [capacity] * len(demand) if isinstance(capacity, int | float) else list(capacity)
    if len(caps) != len(demand):
        raise ToolkitError(
            f"{len(demand)} days of demand but {len(caps)} of capacity",
            fix="give one capacity a day, or one number for every day",
        )
    queue, out = start, []
    for d, c in zip(demand, caps, strict=True):
        queue = max(0, queue + d - c)
        out.append(queue)
    return out


def days_short(demand: Iterable[float], capacity: float) -> int:
    """Days on which demand was above a fixed daily capacity.

    >>> days_short([40, 50, 60], 50)
    1
    """
    return sum(1 for d in demand if d > capacity)


def cover_capacity(demand: Sequence[float], share: float = COVER_SHARE) -> int:
    """The smallest whole daily capacity that meets demand on at least ``share`` of days.

    >>> cover_capacity(list(range(1, 11)), 0.9)
    9
    >>> cover_capacity([52, 61, 48, 55, 70], 0.9)
    70
    """
    values = sorted(float(d) for d in demand)
    if not values:
        raise ToolkitError("no days of demand", column="requests", fix="give at least one day")
    if not 0 < share <= 1:
        raise ToolkitError(f"share={share!r} must be above 0 and at most 1", fix="e.g. 0.9")
    k = math.ceil(share * len(values) - 1e-9)  # days that must be covered
    return math.ceil(values[k - 1])


@dataclass(frozen=True, slots=True)
class DemandDays:
    """A daily request log with its true demand, gap, capacity and queue.

    ``frame`` has the log's columns plus ``weekday``, ``true_demand``
    (requests - repeats), ``booked`` (met the same day), ``gap`` (true demand -
    booked), ``capacity`` (slots - held back) and ``queue`` (the backlog if
    every unmet need were kept until met, from :func:`queue_over_time`).
    """

    frame: pd.DataFrame
    source: str = "request log"

    @classmethod
    def from_frame(cls, table: pd.DataFrame, *, source: str = "request log") -> DemandDays:
        """Check a daily request log and add the derived columns.

        Each problem is one line naming the row (as a spreadsheet shows it,
        header = row 1) and the column:

        >>> bad = pd.DataFrame({"date": ["2026-01-05"], "requests": [10], "repeats": [12],
        ...     "met_same_day": [8], "turned_away": [2], "slots": [9], "held_back": [1]})
        >>> DemandDays.from_frame(bad)
        Traceback (most recent call last):
        ...
        qiteach.exceptions.ToolkitError: request log:2:repeats: 12 repeats but only 10 requests...
        """
        missing = [c for c in DEMAND_COLUMNS if c not in table.columns]
        if missing:
            raise ToolkitError(
                f"no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}",
                file=source,
                column=missing[0],
                fix=f"a daily request log has the columns {', '.join(DEMAND_COLUMNS)}",
            )
        if not len(table):
            raise ToolkitError("no days in the log", file=source, fix="add one row per day")
        frame = table.reset_index(drop=True).copy()
        frame["date"] = pd.to_datetime(frame["date"])
        counts = [c for c in DEMAND_COLUMNS if c != "date"]
        for i, row in frame.iterrows():
            _check_row(row, int(str(i)) + 2, counts, source)
        frame["weekday"] = [WEEKDAYS[d] for d in frame["date"].dt.day_of_week]
        frame["true_demand"] = true_demand(frame["requests"], frame["repeats"])
        frame["booked"] = frame["met_same_day"]
        frame["gap"] = frame["true_demand"] - frame["booked"]
        frame["capacity"] = capacity_after_carve_out(frame["slots"], frame["held_back"])
        frame["queue"] = queue_over_time(frame["true_demand"], frame["capacity"])
        return cls(frame, source)

    def queue(self, capacity: float | None = None) -> list[float]:
        """The queue day by day at the log's capacity, or at a fixed daily ``capacity``.

        >>> days = DemandDays.from_frame(pd.DataFrame({"date": ["2026-01-05", "2026-01-06"],
        ...     "requests": [9, 4], "repeats": [0, 1], "met_same_day": [6, 4],
        ...     "turned_away": [3, 0], "slots": [6, 6], "held_back": [0, 0]}))
        >>> days.queue(), days.queue(8)
        ([3, 0], [1, 0])
        """
        caps = self.frame["capacity"] if capacity is None else capacity
        return queue_over_time(self.frame["true_demand"], caps)

    def summary(self) -> pd.DataFrame:
        """Totals and averages a day: requests, repeats, true demand, booked, turned away, gap.

        >>> days = DemandDays.from_frame(pd.DataFrame({"date": ["2026-01-05", "2026-01-06"],
        ...     "requests": [9, 4], "repeats": [0, 1], "met_same_day": [6, 4],
        ...     "turned_away": [3, 0], "slots": [6, 6], "held_back": [0, 1]}))
        >>> days.summary()
                                           total  a day
        requests (every route)                13    6.5
        repeat requests (same need again)      1    0.5
        true demand (unique needs)            12    6.0
        booked (met the same day)             10    5.0
        turned away (call back tomorrow)       3    1.5
        gap: true demand not booked            2    1.0
        slots on the rota                     12    6.0
        held back (carve-out)                  1    0.5
        capacity after carve-out              11    5.5
        """
        f = self.frame
        rows = {
            "requests (every route)": f["requests"],
            "repeat requests (same need again)": f["repeats"],
            "true demand (unique needs)": f["true_demand"],
            "booked (met the same day)": f["booked"],
            "turned away (call back tomorrow)": f["turned_away"],
            "gap: true demand not booked": f["gap"],
            "slots on the rota": f["slots"],
            "held back (carve-out)": f["held_back"],
            "capacity after carve-out": f["capacity"],
        }
        return pd.DataFrame(
            {
                "total": [int(v.sum()) for v in rows.values()],
                "a day": [round(float(v.mean()), 1) for v in rows.values()],
            },
            index=list(rows),
        )

    def carve_out(self) -> pd.DataFrame:
        """Per weekday, on average: slots on the rota, slots held back, capacity left.

        >>> days = DemandDays.from_frame(pd.DataFrame({
        ...     "date": ["2026-01-05", "2026-01-06", "2026-01-12"], "requests": [9, 4, 7],
        ...     "repeats": [0, 1, 0], "met_same_day": [6, 3, 6], "turned_away": [3, 1, 1],
        ...     "slots": [6, 6, 6], "held_back": [0, 3, 1]}))
        >>> days.carve_out()
                   slots  held back  capacity after carve-out
        weekday
        Monday       6.0        0.5                       5.5
        Tuesday      6.0        3.0                       3.0
        """
        groups = self.frame.groupby("weekday")
        table = pd.DataFrame(
            {
                "slots": groups["slots"].mean(),
                "held back": groups["held_back"].mean(),
                "capacity after carve-out": groups["capacity"].mean(),
            }
        ).round(1)
        table = table.loc[[d for d in WEEKDAYS if d in table.index]]
        table.index.name = "weekday"
        return table

    def by_weekday(self, column: str = "true_demand") -> pd.DataFrame:
        """Per weekday: days, mean, lowest, highest and 90th centile of ``column``.

        >>> days = DemandDays.from_frame(pd.DataFrame({
        ...     "date": ["2026-01-05", "2026-01-06", "2026-01-12"], "requests": [9, 4, 7],
        ...     "repeats": [0, 1, 0], "met_same_day": [6, 3, 6], "turned_away": [3, 1, 1],
        ...     "slots": [6, 6, 6], "held_back": [0, 0, 0]}))
        >>> days.by_weekday()
                 days  mean  lowest  highest  p90
        weekday
        Monday      2   8.0       7        9  8.8
        Tuesday     1   3.0       3        3  3.0
        """
        groups = self.frame.groupby("weekday")[column]
        table = pd.DataFrame(
            {
                "days": groups.size(),
                "mean": groups.mean().round(1),
                "lowest": groups.min(),
                "highest": groups.max(),
                "p90": groups.quantile(0.9).round(1),
            }
        )
        table = table.loc[[d for d in WEEKDAYS if d in table.index]]
        table.index.name = "weekday"
        return table


def _check_row(row: pd.Series, line: int, counts: list[str], source: str) -> None:
    """One row of a request log: whole counts of 0 or more that add up."""
    for col in counts:
        value = row[col]
        if pd.isna(value) or float(value) < 0 or float(value) != int(value):
            raise ToolkitError(
                f"{col} is {value!r}", file=source, row=line, column=col,
                fix="type a whole number of 0 or more",
            )  # fmt: skip
    rules = (
        ("repeats", row["repeats"] > row["requests"],
         f"{row['repeats']} repeats but only {row['requests']} requests",
         "repeats are some of the requests, so they cannot be more"),
        ("turned_away", row["met_same_day"] + row["turned_away"] != row["requests"],
         f"met_same_day {row['met_same_day']} + turned_away {row['turned_away']} is not "
         f"requests {row['requests']}", "every request is either met the same day or turned away"),
        ("held_back", row["held_back"] > row["slots"],
         f"{row['held_back']} slots held back but only {row['slots']} slots",
         "held_back counts some of the slots"),
    )  # fmt: skip
    for col, bad, message, fix in rules:
        if bad:
            raise ToolkitError(message, file=source, row=line, column=col, fix=fix)
