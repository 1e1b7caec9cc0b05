"""Helpers shared by the learning-session notebooks: team header, driver diagram.

Session notebooks open their workspace with :func:`qiteach.open_workspace`,
which takes what a participant types in the parameters cell: a workspace
folder or ``.xlsx`` file, or the name of a shipped workspace dataset such as
``"demo-programme"``.

>>> from qiteach.workspace import open_workspace
>>> programme = open_workspace("demo-programme")
>>> programme.team_ids
['north', 'west', 'south']
>>> diagram = team_driver_diagram(programme.team("west"))
>>> diagram.primaries[0].node_id, diagram.node("CI1").pdsa_count
('P1', 3)
>>> print(session_header(programme, "west"))  # doctest: +ELLIPSIS
West Locality: Getting through on the phone
  practices: Meadow Lane Surgery; Canal Street Practice; Westfield Medical Group
  team: 4 people (GP, practice manager x3)
  aim: Increase the percentage of calls to the West practices answered within 2 minutes ...
  measures: 4 (2 outcome, 1 process, 1 balancing)
  programme: SYNTHETIC DEMO - Shire Valley QI Leaders 2025-26 (synthetic data: made up for teaching)
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qiteach.drivers import DriverDiagram

if TYPE_CHECKING:
    import pandas as pd

    from qiteach.workspace.model import Programme, Team

__all__ = [
    "FullTable",
    "NumberedList",
    "SessionHeader",
    "full_table",
    "numbered_rows",
    "session_header",
    "team_driver_diagram",
]


def team_driver_diagram(team: Team, *, with_pdsa: bool = True) -> DriverDiagram:
    """A team's driver diagram from the workspace, with PDSA counts on each box.

    ``team`` is a :class:`qiteach.workspace.Team`. A team with no driver rows
    gives a diagram holding just the aim.
    """
    aim = str(team.info.get("aim") or "")
    drivers = team.drivers
    if len(drivers):
        diagram = DriverDiagram.from_frame(drivers, aim, source="drivers.csv", validate=False)
    else:
        diagram = DriverDiagram(aim, source="drivers.csv")
    if with_pdsa and len(team.pdsa):
        diagram = diagram.with_pdsa_counts(team.pdsa)
    return diagram


@dataclass(frozen=True, slots=True)
class SessionHeader:
    """A team's project at a glance, shown at the top of every session notebook.

    Prints as plain text and renders as Markdown in Jupyter. ``rows`` are
    ``(label, text)`` pairs in display order.
    """

    title: str
    rows: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return "\n".join([self.title, *(f"  {k}: {v}" for k, v in self.rows)])

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        lines = [f"### {html.escape(self.title)}", "", "| | |", "|---|---|"]
        lines += [
            f"| {html.escape(k)} | {html.escape(v).replace('|', '/')} |" for k, v in self.rows
        ]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class NumberedList:
    """Items numbered from 1, shown in full (tables would cut long text short).

    >>> print(NumberedList(("Send a reminder", "DNA rate")))
    1. Send a reminder
    2. DNA rate
    """

    items: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join(f"{i}. {item}" for i, item in enumerate(self.items, start=1))

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return "\n".join(f"{i}. {html.escape(item)}" for i, item in enumerate(self.items, start=1))


@dataclass(frozen=True)
class FullTable:
    """A table whose text is shown in full (a DataFrame in a notebook cuts text at 50
    characters with "...": definitions and scenarios participants must read would be lost).

    >>> import pandas as pd
    >>> long = "a definition that is rather longer than fifty characters, and it goes on"
    >>> table = full_table(pd.DataFrame({"score": [1.0], "definition": [long]}))
    >>> long in table._repr_html_() and long in str(table)
    True
    """

    frame: pd.DataFrame
    index: bool = False

    def __str__(self) -> str:
        return str(self.frame.to_string(index=self.index))

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        # DataFrame.to_html does not cut text (only the notebook repr does)
        return str(self.frame.to_html(index=self.index, escape=True, na_rep="", border=0))


def full_table(frame: pd.DataFrame, *, index: bool = False) -> FullTable:
    """``frame`` for display with every cell's text in full (see :class:`FullTable`)."""
    return FullTable(frame, index=index)


def numbered_rows(frame: pd.DataFrame, *, name: str = "row") -> pd.DataFrame:
    """``frame`` with its rows numbered from 1, as a participant counts them.

    >>> import pandas as pd
    >>> numbered_rows(pd.DataFrame({"y": [5, 7]})).index.tolist()
    [1, 2]
    """
    return frame.set_axis(range(1, len(frame) + 1)).rename_axis(name)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def session_header(programme: Programme, team: str) -> SessionHeader:
    """The team's name, project, people, aim and measures, for the top of a session.

    ``programme`` is an open workspace and ``team`` a ``team_id`` from it (an
    unknown id raises :class:`~qiteach.exceptions.WorkspaceError` naming the
    closest one). Blank fields are left out; a synthetic programme says so.
    """
    t = programme.team(team)
    info = t.info
    name = _text(info.get("team_name")) or t.team_id
    project = _text(info.get("project_title"))
    rows: list[tuple[str, str]] = []
    if _text(info.get("practices")):
        rows.append(("practices", _text(info["practices"])))
    people = t.participants
    if len(people):
        roles = Counter(str(r) for r in people["role"])
        mix = ", ".join(f"{r} x{n}" if n > 1 else r for r, n in roles.items())
        rows.append(("team", f"{len(people)} {'person' if len(people) == 1 else 'people'} ({mix})"))
    rows.append(("aim", _text(info.get("aim")) or "not written yet"))
    measures = t.measures
    if len(measures):
        kinds = Counter(str(k) for k in measures["type"])
        split = ", ".join(
            f"{kinds[k]} {k}" for k in ("outcome", "process", "balancing") if kinds[k]
        )
        rows.append(("measures", f"{len(measures)} ({split})"))
    else:
        rows.append(("measures", "none yet"))
    label = programme.name
    if programme.synthetic:
        label += " (synthetic data: made up for teaching)"
    rows.append(("programme", label))
    title = f"{name}: {project}" if project else name
    return SessionHeader(title, tuple(rows))
