"""The charter box: a team writes its project charter in the notebook and saves it.

The boxes are the team's own columns of ``charter.csv``
(:data:`~qiteach.tools.charter.CHARTER_FIELDS`; titles from
:data:`~qiteach.tools.charter.CHARTER_PARTS`, hints from the schema), filled in from
the team's saved charter. "Save to our charter" checks the row first
(:func:`~qiteach.tools.charter.charter_problems`: one line per problem, naming the
box and the fix), then saves it through the shared strip
(:class:`~qiteach.widgets._save.SavePanel`: the ``save_charter`` operation, locked,
recorded, undoable), re-reads the saved row and redraws the one-page charter
(:func:`~qiteach.plot.charter.plot_charter`) with the team's aim and measures.
"Reload" fetches what a team mate saved meanwhile. While the team has saved no
charter, the boxes follow what this person saves in session 1's scope-and-sponsor
form (see :mod:`qiteach.widgets._table_box`).

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> box = CharterBox(ws, "west")
>>> box.fields["sponsor"].value
'Dr Farid Lowe, West PCN clinical director'
>>> box.fields["scope_out"].value = "Online consultations; the extended-access hub"
>>> box.panel.save_button.click()
>>> box.panel.message
"Saved: West Locality's charter."
>>> box.charter.scope_out
'Online consultations; the extended-access hub'
>>> box.fields["end"].value = dt.date(2025, 1, 31)
>>> box.panel.save_button.click()
>>> box.panel.message
'Not saved: end: the end 2025-01-31 is before the start 2025-12-01 (fix: pick an end date ...'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError
from qiteach.tools.charter import (
    CHARTER_FIELDS,
    CHARTER_PARTS,
    Charter,
    charter_problems,
    parse_roles,
)
from qiteach.widgets._table_box import TableBox
from qiteach.workspace.schema import TABLES

__all__ = ["CharterBox"]

#: the boxes that take several lines, and their heights (roles: one person a line)
_HEIGHTS = {"problem": "60px", "scope_in": "48px", "scope_out": "48px", "roles": "96px"}
#: a box's label: the charter part's own title (start and end share "Timescale")
_LABELS = {"start": "Starts", "end": "Ends"}
_DATES = tuple(c.name for c in TABLES["charter"].columns if c.kind == "date")


def _label(name: str) -> str:
    """The box's label.

    >>> _label("scope_in"), _label("end")
    ('In scope', 'Ends')
    """
    return _LABELS.get(name) or CHARTER_PARTS[name][0]


def _as_date(value: Any) -> dt.date | None:
    """A saved cell as a date for the date picker (blank or unreadable -> None).

    >>> _as_date(pd.Timestamp("2026-01-05")), _as_date("2026-02-01"), _as_date(None)
    (datetime.date(2026, 1, 5), datetime.date(2026, 2, 1), None)
    """
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _as_text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


class CharterBox(TableBox):
    """The team's project charter: type it, "Save to our charter", see it drawn."""

    operation = "save_charter"
    save_label = "Save to our charter"
    form_key = "session01.charter_scope"  # its fields are named as the charter's columns

    def controls(self) -> list[Any]:
        """One box per column of the team's charter row (dates as date pickers)."""
        import ipywidgets as w

        self.base: dict[str, Any] = {}
        self.charter: Charter | None = None
        table = TABLES["charter"]
        style = {"description_width": "110px"}
        self.fields: dict[str, Any] = {}
        for name in CHARTER_FIELDS:
            col = table.column(name)
            if name in _DATES:
                self.fields[name] = w.DatePicker(description=_label(name), style=style)
                continue
            cls = w.Textarea if name in _HEIGHTS else w.Text
            self.fields[name] = cls(
                description=_label(name),
                placeholder=f"{col.description}, e.g. {col.example}",
                style=style,
                layout=w.Layout(width="95%", height=_HEIGHTS.get(name, "auto")),
            )
        return list(self.fields.values())

    # ------------------------------------------------------------------ state
    def reload(self) -> None:
        """Re-read the team's saved charter: fill the boxes and redraw the page."""
        team = self._team()
        saved = dict(team.charter or {})
        for name, control in self.fields.items():
            value = saved.get(name)
            if name in _DATES:
                control.value = _as_date(value)
            elif name == "roles":  # one person a line in the box, ';' between them in the file
                control.value = "\n".join(f"{p} - {r}" if r else p for p, r in parse_roles(value))
            else:
                control.value = _as_text(value)
        self.base = self.row()
        answer = None if team.charter else self._form_answer()
        filled = False
        for name, value in (answer or {}).items():  # the exercise form's scope and sponsor
            if name in self.fields and name not in _DATES and _as_text(value).strip():
                self.fields[name].value = _as_text(value).strip()
                filled = True
        self._say_from_form(filled)
        self.problems.value = ""
        before, drawn = self.charter, bool(self.drawing.outputs)
        try:
            self.charter = Charter.from_team(team)
        except ToolkitError as exc:  # a charter.csv edited by hand with a bad date
            self.charter = None
            self._list_problems([str(exc)], title="The saved charter")
        if not (drawn and self.charter is not None and self.charter == before):
            self.redraw()  # drawn again only when the saved charter changed
        self._loaded(saved=bool(team.charter))

    def redraw(self) -> None:
        """Draw the team's charter as saved (with its aim and measures) in the box."""
        from qiteach.plot.charter import plot_charter
        from qiteach.plot.style import figure_of

        self._draw(None if self.charter is None else figure_of(plot_charter(self.charter)))

    def set_values(self, **values: Any) -> None:
        """Fill in boxes by column name (e.g. ``sponsor="Dr R Shah"``)."""
        for key, value in values.items():
            if key not in self.fields:
                raise ToolkitError(
                    f'"{key}" is not a box of the charter',
                    column=key,
                    fix=f"use one of: {', '.join(self.fields)}",
                )
            self.fields[key].value = value

    def snapshot(self) -> dict[str, Any]:
        """What the boxes hold now (see :meth:`row`)."""
        return self.row()

    def row(self) -> dict[str, Any]:
        """The boxes as the team's ``charter.csv`` row (no team_id); blanks are None."""
        out: dict[str, Any] = {}
        for name, control in self.fields.items():
            value = control.value
            if name == "roles":
                value = "; ".join(" ".join(line.split()) for line in value.splitlines())
                value = "; ".join(p for p in (x.strip() for x in value.split(";")) if p)
            out[name] = (" ".join(value.split()) or None) if isinstance(value, str) else value
        return out

    def payload(self) -> dict[str, Any]:
        """The row to save and the row it replaces (a team mate's save in between is refused)."""
        return {"row": self.row(), "base": self.base}

    def check(self) -> tuple[str, ...]:
        """What stops the boxes from being saved, listed under them (empty when none)."""
        problems = charter_problems(self.row())
        self._list_problems(problems, title="Before it can be saved")
        return problems
