"""Small forms that save a team's work: the aim (session 1), a measure (session 4), a
progress score (session 8).

Each reads the team's current value from the workspace when it opens, checks what
is typed with the library's own check where there is one, and has the "Save to your
team's workspace" strip (:class:`~qiteach.widgets._save.SavePanel`): "Saved: ..." or
one line saying why not.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> box = AimBox(ws, "west")
>>> box.text.value = ("Increase flu vaccinations for patients over 65 at Ash Surgery "
...                   "from 70% to 80% by 31 January 2027")
>>> box.panel.save_button.click()
>>> box.panel.message
"Saved: West Locality's aim."
>>> form = ProgressForm(ws, "west")
>>> form.date.value = dt.date(2026, 9, 14); form.score.value = 3.5
>>> form.panel.save_button.click()
>>> form.panel.message
'Saved: progress score 3.5 on 2026-09-14 for West Locality.'
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qiteach.exceptions import ToolkitError
from qiteach.widgets._base import WidgetBase, messages_html
from qiteach.workspace.schema import TABLES

if TYPE_CHECKING:
    from qiteach.workspace.model import Team
    from qiteach.workspace.saver import Saver

__all__ = ["AimBox", "MeasureForm", "ProgressForm"]


def _team(workspace: str | Path, team: str) -> Team:
    from qiteach.workspace import open_workspace

    return open_workspace(workspace, validate=False).team(team)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


# --------------------------------------------------------------------------- aim
class AimBox(WidgetBase):
    """The team's aim statement: type it, "Check my aim", save it to ``teams.csv``."""

    def __init__(self, workspace: str | Path, team: str, *, saver: Saver | None = None) -> None:
        import ipywidgets as w

        from qiteach.widgets._save import SavePanel

        self.team_id = team
        current = _text(_team(workspace, team).info.get("aim"))
        self.text = w.Textarea(
            value=current,
            description="Our aim",
            placeholder="What will improve, for whom, by how much, by when",
            layout=w.Layout(width="95%", height="80px"),
        )
        self.check_button = w.Button(description="Check my aim", icon="check")
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.panel = SavePanel(
            workspace,
            team,
            lambda: ("save_aim", {"aim": self.text.value}),
            saver=saver,
            label="Save our aim",
            after=lambda _: self._reload(workspace, team),
        )
        self.ui = w.VBox([self.text, self.check_button, self.feedback, self.panel.ui])

    def _reload(self, workspace: str | Path, team: str) -> None:
        self.text.value = _text(_team(workspace, team).info.get("aim"))

    def check(self) -> Any:
        """Run :func:`qiteach.aims.check_aim` on the text and show what to add."""
        from qiteach.aims import check_aim

        fb = check_aim(self.text.value)
        title = f"Your aim has {fb.score} of the 4 parts (what, for whom, how much, by when)"
        self.feedback.value = messages_html(
            fb.feedback or ["Well done: all four are there."], title=title
        )
        return fb


# --------------------------------------------------------------------------- measure
_NEW = "(a new measure)"
_MEASURE_LONG = ("definition", "numerator", "denominator", "inclusions", "exclusions")


class MeasureForm(WidgetBase):
    """Add a measure to the team's family, or change one, with its operational definition.

    The boxes are the ``measures.csv`` columns (choices and descriptions come from
    :data:`qiteach.workspace.schema.TABLES`); "Check the definition" runs
    :func:`qiteach.measures.check_definition`.
    """

    def __init__(self, workspace: str | Path, team: str, *, saver: Saver | None = None) -> None:
        import ipywidgets as w

        from qiteach.widgets._save import SavePanel

        self.workspace = workspace
        self.team_id = team
        self.table = TABLES["measures"]
        self.existing: dict[str, dict[str, Any]] = {}
        self.pick = w.Dropdown(description="Measure", layout=w.Layout(width="95%"))
        self.fields: dict[str, Any] = {}
        for col in self.table.columns:
            if col.name == "team_id":
                continue
            label = col.name.replace("_", " ")
            style = {"description_width": "120px"}
            if col.choices:
                options = ([("", None)] if col.nullable else []) + [(c, c) for c in col.choices]
                control = w.Dropdown(options=options, description=label, style=style)
            elif col.name == "node_id":
                control = w.Dropdown(description="driver box", style=style)
            else:
                cls = w.Textarea if col.name in _MEASURE_LONG else w.Text
                control = cls(
                    description=label,
                    placeholder=col.description,
                    style=style,
                    layout=w.Layout(width="95%"),
                )
            self.fields[col.name] = control
        self.check_button = w.Button(description="Check the definition", icon="check")
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.pick.observe(lambda change: self._load(change["new"]), names="value")
        self.panel = SavePanel(
            workspace,
            team,
            self._request,
            saver=saver,
            label="Save this measure",
            after=lambda _: self.refresh(),
        )
        self.ui = w.VBox(
            [self.pick, *self.fields.values(), self.check_button, self.feedback, self.panel.ui]
        )
        self.refresh()

    def refresh(self) -> None:
        """Re-read the team's measures and driver boxes from the workspace."""
        team = _team(self.workspace, self.team_id)
        cols = [c.name for c in self.table.columns if c.name in team.measures.columns]
        self.existing = {
            str(r["measure_id"]): {c: r[c] for c in cols} for r in team.measures.to_dict("records")
        }
        boxes = [
            (f"{r['node_id']}: {str(r['text'])[:40]}", r["node_id"])
            for r in team.drivers.to_dict("records")
        ]
        self.fields["node_id"].options = [("(none)", None), *boxes]
        chosen = self.pick.value
        self.pick.options = [(_NEW, None)] + [
            (f"{k}: {v.get('name')}", k) for k, v in self.existing.items()
        ]
        self.pick.value = chosen if chosen in self.existing else None
        self._load(self.pick.value)

    def _load(self, measure_id: str | None) -> None:
        values = self.existing.get(measure_id or "", {})
        for name, control in self.fields.items():
            value = values.get(name)
            if hasattr(control, "options"):
                allowed = [v for _, v in control.options]
                text = None if value is None or value != value else value
                control.value = text if text in allowed else allowed[0]
            else:
                control.value = "" if value is None or value != value else _plain(value)

    def set_values(self, **values: Any) -> None:
        """Fill in boxes by column name (e.g. ``name="DNA rate", chart="p"``)."""
        for key, value in values.items():
            if key not in self.fields:
                raise ToolkitError(
                    f'"{key}" is not a box of the measure form',
                    column=key,
                    fix=f"use one of: {', '.join(self.fields)}",
                )
            self.fields[key].value = value

    def row(self) -> dict[str, Any]:
        """The form as a ``measures.csv`` row (no team_id); blank boxes are None."""
        out: dict[str, Any] = {}
        for name, control in self.fields.items():
            value = control.value
            out[name] = value.strip() or None if isinstance(value, str) else value
        if not out.get("measure_id") and out.get("name"):
            out["measure_id"] = _measure_id(str(out["name"]), set(self.existing))
        return out

    def _request(self) -> tuple[str, dict[str, Any]]:
        row = self.row()
        if not row.get("name"):
            raise ToolkitError("the measure has no name", column="name", fix="type its name")
        return "save_measures", {"rows": [row]}

    def check(self) -> list[str]:
        """Check the definition with :func:`qiteach.measures.check_definition`; show it."""
        from qiteach.measures import MeasureDefinition, check_definition

        row = {k: v for k, v in self.row().items() if v is not None}
        try:
            problems = [str(p.message) for p in check_definition(MeasureDefinition.from_row(row))]
        except ToolkitError as exc:
            problems = [str(exc)]
        self.feedback.value = (
            messages_html(problems, title="To make the definition clear")
            if problems
            else "<b>The definition is complete.</b>"
        )
        return problems


def _plain(value: Any) -> str:
    """A number as typed (12, not 12.0).

    >>> _plain(12.0), _plain(2.5), _plain("x")
    ('12', '2.5', 'x')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _measure_id(name: str, taken: set[str]) -> str:
    """A measure_id from a name: lower case, words joined by _, made unique.

    >>> _measure_id("Calls answered < 2 min", {"calls_answered_2_min"})
    'calls_answered_2_min_2'
    """
    import re

    base = "_".join(re.findall(r"[a-z0-9]+", name.lower()))[:40] or "measure"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


# --------------------------------------------------------------------------- progress
class ProgressForm(WidgetBase):
    """Score the team on the IHI progress scale for a date; save it to ``progress.csv``."""

    def __init__(self, workspace: str | Path, team: str, *, saver: Saver | None = None) -> None:
        import ipywidgets as w

        from qiteach.progress import PROGRESS_SCALE
        from qiteach.widgets._save import SavePanel

        self.team_id = team
        options = [
            (f"{s:.1f} {label}", float(s))
            for s, label in zip(PROGRESS_SCALE["score"], PROGRESS_SCALE["label"], strict=True)
        ]
        self.date = w.DatePicker(description="Date", value=dt.date.today())
        self.score = w.Dropdown(options=options, description="Score", layout=w.Layout(width="95%"))
        self.meaning = w.HTML()
        self.note = w.Text(
            description="Why",
            placeholder=TABLES["progress"].column("note").description,
            layout=w.Layout(width="95%"),
        )
        self.score.observe(lambda _: self._explain(), names="value")
        scores = _team(workspace, team).progress
        if len(scores):
            last = float(scores["score"].iloc[-1])
            if last in dict((v, v) for _, v in options):
                self.score.value = last
        self._explain()
        self.panel = SavePanel(
            workspace,
            team,
            self._request,
            saver=saver,
            label="Save this score",
        )
        self.ui = w.VBox([self.date, self.score, self.meaning, self.note, self.panel.ui])

    def _explain(self) -> None:
        from qiteach.progress import describe_score

        self.meaning.value = html.escape(describe_score(self.score.value))

    def _request(self) -> tuple[str, dict[str, Any]]:
        if self.date.value is None:
            raise ToolkitError("no date", column="date", fix="pick the date you scored")
        row = {"date": self.date.value, "score": self.score.value, "note": self.note.value}
        return "save_progress", {"rows": [row]}
