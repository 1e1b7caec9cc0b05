"""The stakeholder box: a team keeps its stakeholder analysis in the notebook and saves it.

The table is the team's rows of ``stakeholders.csv`` (name, influence and interest
from 1 to 5, the planned action, who and when), drawn with the forms' own table
(:class:`~qiteach.widgets.forms.spec.Table`) and filled in from the team's saved
rows. "Save our stakeholders" checks the rows first
(:func:`~qiteach.workspace.save.stakeholder_row_problems`: one line per problem,
naming the row and the fix), then saves them through the shared strip
(:class:`~qiteach.widgets._save.SavePanel`: the ``save_stakeholders`` operation,
locked, recorded, undoable), re-reads the saved rows and redraws the
influence/interest grid (:func:`~qiteach.plot.stakeholders.plot_stakeholder_grid`).
"Reload" fetches what a team mate saved meanwhile.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> box = StakeholderBox(ws, "north")
>>> box.rows()[0]["stakeholder"], box.rows()[0]["influence"]
('GP partners', '5')
>>> box.set_row(3, action="Ask them to run the reminder search", who="Lead nurse", when="May")
>>> box.panel.save_button.click()
>>> box.panel.message
"Saved: North Locality's stakeholders, 5 stakeholders (1 changed)."
>>> box.set_row(1, interest="")
>>> box.panel.save_button.click()
>>> box.panel.message
'Not saved: Row 1, interest: GP partners has no interest score (fix: give a whole number ...'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from qiteach.exceptions import ToolkitError
from qiteach.exercises.session05 import STAKEHOLDER_FIELDS
from qiteach.tools.stakeholders import SCORES, StakeholderGrid, read_score
from qiteach.widgets._base import messages_html
from qiteach.widgets._table_box import TableBox
from qiteach.widgets.forms.spec import Choice, Table, Text
from qiteach.workspace.save import stakeholder_row_problems
from qiteach.workspace.schema import TABLES

if TYPE_CHECKING:
    from qiteach.widgets.forms.form import _Control

__all__ = ["COLUMNS", "FORM_NAMES", "StakeholderBox", "table_columns"]

#: the table's columns: (name in stakeholders.csv, placeholder); headings are the
#: exercise's own (:data:`~qiteach.exercises.session05.STAKEHOLDER_FIELDS`)
_HINTS: tuple[tuple[str, str], ...] = (
    ("stakeholder", "e.g. GP partners"),
    ("influence", ""),
    ("interest", ""),
    ("action", "e.g. 15 min at partners' meeting"),
    ("who", "e.g. practice manager"),
    ("when", "e.g. 3 June"),
)
#: a csv column's name in session 5's stakeholder form, where it differs
FORM_NAMES = {"stakeholder": "name"}
#: the table's columns: (name in stakeholders.csv, heading, placeholder)
COLUMNS: tuple[tuple[str, str, str], ...] = tuple(
    (name, STAKEHOLDER_FIELDS[FORM_NAMES.get(name, name)], hint) for name, hint in _HINTS
)
#: blank rows the table always offers (at least), and spare rows under the saved ones
MIN_ROWS, SPARE_ROWS = 8, 2
_SCORES = tuple(str(n) for n in SCORES)
_NAMES = tuple(name for name, _, _ in COLUMNS)
assert set(_NAMES) == set(TABLES["stakeholders"].names) - {"team_id"}


def table_columns(*, form: bool = False) -> tuple[Choice | Text, ...]:
    """The table's columns (scores picked from 1-5), named as in ``stakeholders.csv`` or,
    with ``form=True``, as in session 5's stakeholder form.

    >>> [c.name for c in table_columns()][-3:], table_columns(form=True)[0].name
    (['action', 'who', 'when'], 'name')
    """
    return tuple(
        Choice(name, label, options=_SCORES) if name in ("influence", "interest")
        else Text(FORM_NAMES.get(name, name) if form else name, label, placeholder=hint)
        for name, label, hint in COLUMNS
    )  # fmt: skip


def _table(rows: int) -> Table:
    """The form table with ``rows`` rows.

    >>> [c.name for c in _table(3).columns][:3], _table(3).rows
    (['stakeholder', 'influence', 'interest'], 3)
    """
    return Table("stakeholders", "Our stakeholders", columns=table_columns(), rows=rows)


def _cell(value: Any, name: str) -> str:
    """A saved cell as the table shows it (scores as "1"-"5"; blank as "").

    >>> _cell(5.0, "influence"), _cell(float("nan"), "who"), _cell(" QI lead ", "who")
    ('5', '', 'QI lead')
    """
    if name in ("influence", "interest"):
        try:
            score = read_score(value)
        except ValueError:
            return ""
        return "" if score is None else str(score)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


class StakeholderBox(TableBox):
    """The team's stakeholders: type them, "Save our stakeholders", see the grid drawn."""

    operation = "save_stakeholders"
    save_label = "Save our stakeholders"
    form_key = "session05.stakeholders"

    def controls(self) -> list[Any]:
        """The gaps still to plan, then the table (built when the rows are known)."""
        import ipywidgets as w

        self.table: _Control | None = None
        self.base: list[dict[str, Any]] = []
        self.grid: StakeholderGrid | None = None
        self.gaps = w.HTML()
        self.holder = w.VBox()
        return [self.gaps, self.holder]

    # ------------------------------------------------------------------ state
    def reload(self) -> None:
        """Re-read the team's saved rows: fill the table and redraw the grid."""
        from qiteach.widgets.forms.form import _Control

        frame = self._team().stakeholders
        saved = [
            {name: _cell(r.get(name), name) for name in _NAMES} for r in frame.to_dict("records")
        ]
        shown = saved or self._form_rows()
        self._say_from_form(bool(shown) and not saved)
        size = max(MIN_ROWS, len(shown) + SPARE_ROWS)
        if self.table is None or len(self.table._rows) != size:
            self.table = _Control(_table(size), {})
            self.holder.children = (self.table.box,)
        self.table.set([{"row": str(i), **r} for i, r in enumerate(shown, start=1)])
        self.base = [{k: v or None for k, v in r.items()} for r in saved]
        self.problems.value = ""
        self.grid = None
        if not frame.empty:
            try:
                self.grid = StakeholderGrid.from_records(frame)
            except ToolkitError as exc:  # a stakeholders.csv edited by hand
                self._list_problems([str(exc)], title="The saved stakeholders")
        self.redraw()
        self._loaded(saved=bool(saved))

    def _form_rows(self) -> list[dict[str, str]]:
        """The filled rows of this person's saved stakeholder form, as the table's columns.

        An answer saved when the form had one "who, and when" column keeps it under who.
        """
        values = self._form_answer() or {}
        rows = values.get("stakeholders")
        if not isinstance(rows, list):
            return []
        out = [
            {name: _cell(r.get(FORM_NAMES.get(name, name)), name) for name in _NAMES}
            for r in rows
            if isinstance(r, Mapping)
        ]
        return [r for r in out if any(r.values())]

    def redraw(self) -> None:
        """Draw the grid of the saved stakeholders (nothing before any are saved)."""
        from qiteach.plot.stakeholders import plot_stakeholder_grid
        from qiteach.plot.style import figure_of

        gaps = [] if self.grid is None else self.grid.gaps()
        self.gaps.value = messages_html(gaps, title="Still to plan") if gaps else ""
        self._draw(None if self.grid is None else figure_of(plot_stakeholder_grid(self.grid)))

    def set_row(self, number: int, **values: Any) -> None:
        """Fill in row ``number`` (from 1) by column name, e.g. ``influence="4"``."""
        assert self.table is not None
        if not 1 <= number <= len(self.table._cells):
            raise ToolkitError(
                f"there is no row {number} in the table",
                fix=f"use a row from 1 to {len(self.table._cells)}",
            )
        cells = self.table._cells[number - 1]
        for key, value in values.items():
            if key not in cells:
                raise ToolkitError(
                    f'"{key}" is not a column of the stakeholder table',
                    column=key,
                    fix=f"use one of: {', '.join(cells)}",
                )
            cells[key].value = _cell(value, key) if key in ("influence", "interest") else value

    def rows(self) -> list[dict[str, Any]]:
        """Every row of the table (blank ones too, so numbers match) as csv columns."""
        assert self.table is not None
        return [
            {name: (" ".join(str(r[name]).split()) or None) for name in _NAMES}
            for r in self.table.get()
        ]

    def snapshot(self) -> list[dict[str, Any]]:
        """What the table holds now (see :meth:`rows`)."""
        return self.rows()

    def payload(self) -> dict[str, Any]:
        """The rows to save and the rows they replace (a team mate's save in between is refused)."""
        return {"rows": self.rows(), "base": self.base}

    def check(self) -> list[str]:
        """What stops the table from being saved, listed under it (empty when nothing)."""
        problems = stakeholder_row_problems(self.rows())
        self._list_problems(problems, title="Before it can be saved")
        return problems
