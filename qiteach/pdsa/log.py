"""PDSA cycles, ramps and the team's PDSA log, read from the workspace ``pdsa`` table.

A *cycle* is one Plan-Do-Study-Act test of a change idea. Cycles testing the same
change idea one after another form a *ramp* (Langley et al., *The Improvement
Guide*); here a ramp is the cycles sharing a change idea (``node_id``) and a
``ramp`` label, ordered by start date. A blank ``ramp`` label falls back to the
change idea's ``node_id``.

>>> log = PDSALog.from_records([
...     {"cycle_id": "C1", "node_id": "CI1", "ramp": "R1", "start": "2026-01-12",
...      "end": "2026-01-16", "objective": "Text reminders", "act": "adapt"},
...     {"cycle_id": "C2", "node_id": "CI1", "ramp": "R1", "start": "2026-01-19",
...      "end": None, "objective": "Text reminders, 2 GPs"},
... ])
>>> [r.label for r in log.ramps], [c.cycle_id for c in log.ramps[0].cycles]
(['R1'], ['C1', 'C2'])
>>> log.cycles[0].days, log.cycles[1].running
(4, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qiteach.dates import parse_one
from qiteach.exceptions import ToolkitError

__all__ = ["ACTS", "PDSACycle", "PDSALog", "Ramp", "change_idea_texts", "next_cycle_ids"]

#: the Act decisions a cycle can end with (schema ``pdsa.act``)
ACTS: tuple[str, ...] = ("adopt", "adapt", "abandon", "continue")

_FILE = "pdsa.csv"
_REQUIRED = ("cycle_id", "start")
_NO_PREDICTION = frozenset({"none", "n/a", "na", "-", "no", "nil", "tbc", "?"})


def next_cycle_ids(
    cycles: Iterable[tuple[str | None, str | None, str | None]], node_id: str | None
) -> tuple[str, str]:
    """The next free cycle id (C<n>) and the ramp for a new cycle testing ``node_id``.

    ``cycles`` are the team's ``(cycle_id, node_id, ramp)`` in log order. A change
    idea already tested continues its latest ramp; a new one starts R<n>.

    >>> log = [("C1", "CI1", "R1"), ("C2", "CI2", "R2")]
    >>> next_cycle_ids(log, "CI1"), next_cycle_ids(log, "CI9")
    (('C3', 'R1'), ('C3', 'R3'))
    """
    cycles = list(cycles)
    used = {c for c, _, _ in cycles}
    k = len(used) + 1
    while f"C{k}" in used:
        k += 1
    ramps_for = [r for _, n, r in cycles if node_id is not None and n == node_id and r]
    if ramps_for:
        return f"C{k}", ramps_for[-1]
    labels = {r for _, _, r in cycles}
    n = len(labels) + 1
    while f"R{n}" in labels:
        n += 1
    return f"C{k}", f"R{n}"


def _blank(value: object) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() == ""


def _text(value: object) -> str | None:
    return None if _blank(value) else str(value).strip()


@dataclass(frozen=True, slots=True)
class PDSACycle:
    """One PDSA cycle (one row of the ``pdsa`` table).

    ``end`` is ``None`` while the cycle is still running; ``act`` is ``None``
    until the team has decided.

    >>> c = PDSACycle("C1", "CI1", "R1", dt.date(2026, 1, 12), dt.date(2026, 1, 19), "Test")
    >>> c.days, c.running, c.last_date
    (7, False, datetime.date(2026, 1, 19))
    """

    cycle_id: str
    node_id: str | None
    ramp: str
    start: dt.date
    end: dt.date | None
    objective: str | None = None
    prediction: str | None = None
    do: str | None = None
    study: str | None = None
    act: str | None = None
    scale: str | None = None
    team_id: str | None = None

    @property
    def running(self) -> bool:
        """True while the cycle has no end date."""
        return self.end is None

    @property
    def days(self) -> int | None:
        """Length in days (end - start); ``None`` while running."""
        return None if self.end is None else (self.end - self.start).days

    @property
    def has_prediction(self) -> bool:
        """True when a prediction is stated (not blank, "none", "n/a", "-" ...)."""
        return self.prediction is not None and self.prediction.lower() not in _NO_PREDICTION

    @property
    def last_date(self) -> dt.date:
        """The end date, or the start date while running."""
        return self.end or self.start


@dataclass(frozen=True, slots=True)
class Ramp:
    """A series of cycles on one change idea, ordered by start date."""

    label: str
    node_id: str | None
    cycles: tuple[PDSACycle, ...]

    @property
    def start(self) -> dt.date:
        """Start of the first cycle."""
        return self.cycles[0].start


def change_idea_texts(drivers: Any) -> dict[str, str]:
    """Change-idea ``node_id`` -> text from a drivers table, a mapping or records.

    Only rows of kind ``change_idea`` are kept when a ``kind`` column is present.

    >>> change_idea_texts(pd.DataFrame({"node_id": ["P1", "CI1"],
    ...     "kind": ["primary", "change_idea"], "text": ["Memory", "Text reminders"]}))
    {'CI1': 'Text reminders'}
    >>> change_idea_texts({"CI1": "Text reminders"})
    {'CI1': 'Text reminders'}
    """
    if drivers is None:
        return {}
    if isinstance(drivers, Mapping):
        return {str(k).strip(): str(v) for k, v in drivers.items()}
    frame = drivers if isinstance(drivers, pd.DataFrame) else pd.DataFrame(list(drivers))
    for col in ("node_id", "text"):
        if col not in frame.columns:
            raise ToolkitError(
                f"drivers table has no {col!r} column",
                file="drivers.csv",
                column=col,
                fix="pass the drivers table with node_id, kind and text columns",
            )
    if "kind" in frame.columns:
        frame = frame[frame["kind"].astype(str).str.strip() == "change_idea"]
    return {str(n).strip(): str(t) for n, t in zip(frame["node_id"], frame["text"], strict=True)}


def _date(value: object, *, cycle: str, column: str, row: int) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_one(value if isinstance(value, str) else str(value)).date()
    except (ValueError, TypeError):
        raise ToolkitError(
            f"cycle {cycle}: {column} {value!r} is not a date",
            file=_FILE,
            row=row,
            column=column,
            fix="write dates as YYYY-MM-DD",
        ) from None


@dataclass(frozen=True, slots=True)
class PDSALog:
    """One team's PDSA cycles, ordered by start date, with their ramps.

    Build it with :meth:`from_frame` (the workspace ``pdsa`` table, one team's
    rows) or :meth:`from_records` (a list of dicts with the same keys).
    ``change_ideas`` maps change-idea ``node_id`` to its text when a drivers
    table was given.
    """

    cycles: tuple[PDSACycle, ...]
    team_id: str | None = None
    change_ideas: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, drivers: Any = None) -> PDSALog:
        """Build a log from dicts keyed like the ``pdsa`` table's columns."""
        rows = list(records)
        frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(_REQUIRED))
        return cls.from_frame(frame, drivers=drivers)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, drivers: Any = None) -> PDSALog:
        """Build and validate a log from one team's rows of the ``pdsa`` table.

        ``drivers`` (the team's drivers table, or a ``{node_id: text}`` mapping)
        is optional; when given, every cycle must test one of its change ideas.
        Raises :class:`~qiteach.exceptions.ToolkitError` naming the cycle, row
        and column on bad input. The frame is not modified.

        >>> PDSALog.from_records([{"cycle_id": "C1", "start": "2026-01-12",
        ...     "end": "2026-01-05", "node_id": "CI1"}])
        Traceback (most recent call last):
        qiteach.exceptions.ToolkitError: pdsa.csv:2:end: cycle C1 ends (2026-01-05) before it ...
        """
        if not isinstance(frame, pd.DataFrame):
            raise ToolkitError(
                f"expected a pandas DataFrame, got {type(frame).__name__}",
                file=_FILE,
                fix="pass the pdsa table or use PDSALog.from_records(list_of_dicts)",
            )
        for col in _REQUIRED:
            if col not in frame.columns:
                raise ToolkitError(
                    f"no {col!r} column",
                    file=_FILE,
                    column=col,
                    fix="use the pdsa table's columns (cycle_id, node_id, ramp, start, end, ...)",
                )
        team_id = None
        if "team_id" in frame.columns:
            teams = sorted({str(t).strip() for t in frame["team_id"] if not _blank(t)})
            if len(teams) > 1:
                raise ToolkitError(
                    f"rows for {len(teams)} teams ({', '.join(teams)})",
                    file=_FILE,
                    column="team_id",
                    fix="pass one team's rows, e.g. pdsa[pdsa.team_id == 'north']",
                )
            team_id = teams[0] if teams else None
        ideas = change_idea_texts(drivers)
        cycles: list[PDSACycle] = []
        seen: dict[str, int] = {}
        for i, rec in enumerate(frame.to_dict("records")):
            cycles.append(
                _cycle(rec, row=i + 2, seen=seen, drivers=ideas, check=drivers is not None)
            )
        cycles.sort(key=lambda c: (c.start, c.cycle_id))
        return cls(tuple(cycles), team_id, ideas)

    @property
    def ramps(self) -> list[Ramp]:
        """Cycles grouped by (change idea, ramp label), each ordered by start; ramps by start.

        A label used by two change ideas is shown as ``"R1 (CI2)"`` to keep ramps apart.
        """
        groups: dict[tuple[str | None, str], list[PDSACycle]] = {}
        for c in self.cycles:
            groups.setdefault((c.node_id, c.ramp), []).append(c)
        label_count: dict[str, int] = {}
        for _, ramp in groups:
            label_count[ramp] = label_count.get(ramp, 0) + 1
        ramps = [
            Ramp(
                label if label_count[label] == 1 else f"{label} ({node})",
                node,
                tuple(cs),
            )
            for (node, label), cs in groups.items()
        ]
        return sorted(ramps, key=lambda r: (r.start, r.label))

    @property
    def change_idea_ids(self) -> list[str]:
        """Change ideas tested, in order of their first cycle."""
        out: list[str] = []
        for c in self.cycles:
            if c.node_id is not None and c.node_id not in out:
                out.append(c.node_id)
        return out

    def change_idea_text(self, node_id: str | None) -> str:
        """The change idea's text if known, else its id ("no change idea" if blank)."""
        if node_id is None:
            return "no change idea"
        return self.change_ideas.get(node_id, node_id)

    def __len__(self) -> int:
        return len(self.cycles)


def _cycle(
    rec: Mapping[str, Any], *, row: int, seen: dict[str, int], drivers: dict[str, str], check: bool
) -> PDSACycle:
    cycle_id = _text(rec.get("cycle_id"))
    if cycle_id is None:
        raise ToolkitError(
            "cycle has no cycle_id",
            file=_FILE,
            row=row,
            column="cycle_id",
            fix="give every cycle a short code such as C1",
        )
    if cycle_id in seen:
        raise ToolkitError(
            f"cycle {cycle_id} appears twice (rows {seen[cycle_id]} and {row})",
            file=_FILE,
            row=row,
            column="cycle_id",
            fix="give each cycle its own cycle_id",
        )
    seen[cycle_id] = row
    start = _date(rec.get("start"), cycle=cycle_id, column="start", row=row)
    if start is None:
        raise ToolkitError(
            f"cycle {cycle_id} has no start date",
            file=_FILE,
            row=row,
            column="start",
            fix="write the date the test started as YYYY-MM-DD",
        )
    end = _date(rec.get("end"), cycle=cycle_id, column="end", row=row)
    if end is not None and end < start:
        raise ToolkitError(
            f"cycle {cycle_id} ends ({end}) before it starts ({start})",
            file=_FILE,
            row=row,
            column="end",
            fix="check the start and end dates",
        )
    act = _text(rec.get("act"))
    if act is not None:
        act = act.lower()
        if act not in ACTS:
            raise ToolkitError(
                f"cycle {cycle_id} has unknown act {rec.get('act')!r}",
                file=_FILE,
                row=row,
                column="act",
                fix="use adopt, adapt, abandon or continue (blank while undecided)",
            )
    node_id = _text(rec.get("node_id"))
    if check and node_id is None:
        raise ToolkitError(
            f"cycle {cycle_id} is not linked to a change idea",
            file=_FILE,
            row=row,
            column="node_id",
            fix="write the node_id of the change idea it tests (drivers table)",
        )
    if check and node_id not in drivers:
        raise ToolkitError(
            f"cycle {cycle_id} tests {node_id}, which is not a change idea in the driver diagram",
            file=_FILE,
            row=row,
            column="node_id",
            fix="use the node_id of a change_idea box, or add that change idea to drivers",
        )
    ramp = _text(rec.get("ramp")) or node_id or cycle_id
    team = _text(rec.get("team_id"))
    return PDSACycle(
        cycle_id=cycle_id,
        node_id=node_id,
        ramp=ramp,
        start=start,
        end=end,
        objective=_text(rec.get("objective")),
        prediction=_text(rec.get("prediction")),
        do=_text(rec.get("do")),
        study=_text(rec.get("study")),
        act=act,
        scale=_text(rec.get("scale")),
        team_id=team,
    )
