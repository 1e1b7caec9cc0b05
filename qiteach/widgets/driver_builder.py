"""Driver-diagram builder: add and remove boxes, see the diagram and its problems.

The learner picks a kind (primary, secondary, change idea), a parent from a
dropdown, types the text, chooses a strong or weak link and clicks "Add"; a
second dropdown removes a box (and everything hanging off it). The diagram is
redrawn with :func:`qiteach.plot.drivers.plot_driver_diagram`, its structural
problems (:meth:`DriverDiagram.problems`) and suggestions
(:func:`qiteach.exercises.session03.diagram_advice`) are listed, and
:attr:`DriverBuilder.outline` gives a plain-text outline to copy.

Removing a box that has boxes hanging off it, or that PDSA cycles test, asks
first ("Yes, remove" / "Cancel"). :meth:`DriverBuilder.save_panel` adds "Save to
your team's workspace": the diagram goes to the team's rows of ``drivers.csv``
through :mod:`qiteach.workspace.save` (refused, with one line, if a team-mate
saved the diagram since it was loaded: "Reload" fetches theirs).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> b = DriverBuilder(aim="Reduce DNAs at Elm Surgery from 8% to 5% by March 2026")
>>> b.add("primary", "Patients remember")
'P1'
>>> b.add("secondary", "Reminders reach patients", parent="P1", link="weak")
'S1'
>>> b.add("change_idea", "SMS 24 hours before", parent="S1")
'C1'
>>> print(b.outline)
Aim: Reduce DNAs at Elm Surgery from 8% to 5% by March 2026
- [P1] Patients remember
  - [S1] Reminders reach patients (weak link)
    - [C1] SMS 24 hours before
>>> b.remove("S1")
>>> [n.node_id for n in b.diagram.nodes]
['P1']
>>> b.add("secondary", "Reminders reach patients", parent="P1")
'S1'
>>> b.request_remove("P1")  # P1 has S1 below it: asks first
False
>>> b.pending_remove, [n.node_id for n in b.diagram.nodes]
('P1', ['P1', 'S1'])
>>> b.confirm_remove()
>>> len(b.diagram)
0
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qiteach.drivers import KINDS, LINKS, DriverDiagram
from qiteach.exceptions import ToolkitError
from qiteach.exercises.session03 import diagram_advice
from qiteach.widgets._base import WidgetBase, messages_html, show_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qiteach.widgets._save import SavePanel
    from qiteach.workspace.model import Team
    from qiteach.workspace.save import SaveResult
    from qiteach.workspace.saver import Saver

__all__ = ["DriverBuilder"]

_KIND_LABELS = {
    "primary": "Primary driver",
    "secondary": "Secondary driver",
    "change_idea": "Change idea",
}
#: which kinds a new box of each kind may hang off (None = the aim)
_PARENT_KINDS: dict[str, tuple[str | None, ...]] = {
    "primary": (None,),
    "secondary": ("primary",),
    "change_idea": ("secondary", "primary"),
}


class DriverBuilder(WidgetBase):
    """Build a driver diagram interactively.

    Start from a :class:`~qiteach.drivers.DriverDiagram` (e.g. the team's, from
    :func:`qiteach.exercises.common.team_driver_diagram`) or from just an aim.
    ``messages`` holds the result of the last action; ``problems`` and
    ``advice`` describe the current diagram; ``figure`` is the last drawing.
    """

    def __init__(
        self, diagram: DriverDiagram | None = None, *, aim: str = "", title: str | None = None
    ) -> None:
        import ipywidgets as w

        self.diagram = diagram if diagram is not None else DriverDiagram(aim)
        self.title = title
        self.messages: list[str] = []
        self.figure: Figure | None = None
        self._syncing = False
        #: node_id -> what uses it in the workspace ("PDSA cycle C1", "measure dna_rate")
        self.uses: dict[str, list[str]] = {}
        #: the box waiting for "Yes, remove" (None when nothing is asked)
        self.pending_remove: str | None = None
        #: True once a removal of a box in use was confirmed (sent with the next save)
        self.confirmed_removal = False
        self.base: list[dict[str, Any]] = self.diagram.to_records()
        self.panel: Any = None

        self.aim_text = w.Text(
            value=self.diagram.aim,
            description="Aim",
            continuous_update=False,
            layout=w.Layout(width="95%"),
        )
        self.kind = w.Dropdown(
            options=[(label, k) for k, label in _KIND_LABELS.items()],
            value="primary",
            description="New box",
        )
        self.parent = w.Dropdown(description="Hangs off")
        self.text = w.Text(description="Text", placeholder="What the box says")
        self.link = w.ToggleButtons(options=list(LINKS), value="strong", description="Link")
        self.add_button = w.Button(description="Add", button_style="primary", icon="plus")
        self.remove_choice = w.Dropdown(description="Remove")
        self.remove_button = w.Button(description="Remove", button_style="warning", icon="trash")
        self.confirm_text = w.HTML()
        self.confirm_button = w.Button(description="Yes, remove", button_style="danger")
        self.cancel_button = w.Button(description="Cancel")
        self.confirm_box = w.VBox(
            [self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])],
            layout=w.Layout(display="none"),
        )
        self.output = w.Output()
        self.report = w.HTML()
        self.outline_box = w.Textarea(
            description="Outline", disabled=True, layout=w.Layout(width="95%", height="140px")
        )

        self.kind.observe(lambda _: self._update_parents(), names="value")
        self.aim_text.observe(self._on_aim, names="value")
        self.add_button.on_click(lambda _: self._add_clicked())
        self.remove_button.on_click(lambda _: self._remove_clicked())
        self.confirm_button.on_click(lambda _: self.confirm_remove())
        self.cancel_button.on_click(lambda _: self.cancel_remove())
        self.ui = w.VBox(
            [
                self.aim_text,
                w.HBox([self.kind, self.parent]),
                w.HBox([self.text, self.link]),
                self.add_button,
                w.HBox([self.remove_choice, self.remove_button]),
                self.confirm_box,
                self.report,
                self.output,
                self.outline_box,
            ]
        )
        self.refresh()

    # ------------------------------------------------------------------ logic
    def add(self, kind: str, text: str, *, parent: str | None = None, link: str = "strong") -> str:
        """Add a box and redraw; returns its id. Raises ToolkitError on bad input."""
        if kind not in KINDS:
            raise ToolkitError(
                f'"{kind}" is not a kind of box',
                column="kind",
                fix=f"use one of {', '.join(KINDS)}",
            )
        if kind == "primary":
            node_id = self.diagram.add_primary(text, link=link)
        elif parent is None:
            raise ToolkitError(
                f"a {_KIND_LABELS[kind].lower()} needs a parent box",
                column="parent_id",
                fix="choose the box it hangs off",
            )
        elif kind == "secondary":
            node_id = self.diagram.add_secondary(parent, text, link=link)
        else:
            node_id = self.diagram.add_change_idea(parent, text, link=link)
        self.messages = [f'Added {node_id} "{self.diagram.node(node_id).text}".']
        self.refresh()
        return node_id

    def remove(self, node_id: str) -> None:
        """Remove a box and every box hanging off it, then redraw."""
        try:
            self.diagram.node(node_id)
        except KeyError:
            raise ToolkitError(
                f"{node_id} is not in the driver diagram", column="node_id", fix="pick a box id"
            ) from None
        gone = self._subtree(node_id)
        kept = [n for n in self.diagram.nodes if n.node_id not in gone]
        self.diagram = DriverDiagram(self.diagram.aim, kept, source=self.diagram.source)
        self.messages = [f"Removed {', '.join(sorted(gone))}."]
        self.refresh()

    def _subtree(self, node_id: str) -> set[str]:
        """``node_id`` and every box hanging off it, however deep."""
        gone = {node_id}
        changed = True
        while changed:
            changed = False
            for n in self.diagram.nodes:
                if n.parent_id in gone and n.node_id not in gone:
                    gone.add(n.node_id)
                    changed = True
        return gone

    def _in_use(self, gone: set[str]) -> list[str]:
        """What in the workspace uses the boxes ``gone`` (PDSA cycles, measures)."""
        found: list[str] = []
        for n in self.diagram.nodes:
            if n.node_id not in gone:
                continue
            named = self.uses.get(n.node_id, [])
            if named:
                found += named
            elif n.pdsa_count:
                found.append(f"{n.pdsa_count} PDSA cycle{'s' if n.pdsa_count > 1 else ''}")
        return found

    def request_remove(self, node_id: str) -> bool:
        """Remove ``node_id`` now (True), or ask first (False) when boxes hang off it or
        PDSA cycles or measures use it; then :meth:`confirm_remove` or :meth:`cancel_remove`.
        """
        try:
            self.diagram.node(node_id)
        except KeyError:
            raise ToolkitError(
                f"{node_id} is not in the driver diagram", column="node_id", fix="pick a box id"
            ) from None
        gone = self._subtree(node_id)
        below = sorted(gone - {node_id})
        used = self._in_use(gone)
        if not below and not used:
            self.remove(node_id)
            return True
        parts = []
        if below:
            many = len(below) > 1
            parts.append(
                f"{len(below)} box{'es' if many else ''} hang{'' if many else 's'} off it "
                f"({', '.join(below)}) and will go too"
            )
        if used:
            parts.append(
                f"it is used by {', '.join(used)}: when you save, its PDSA cycles are deleted "
                "from your team's log and its measures unlinked (Undo last save brings them back)"
            )
        self.pending_remove = node_id
        self.confirm_text.value = (
            f"<b>Remove {html.escape(node_id)}?</b> {html.escape('; '.join(parts))}."
        )
        self.confirm_box.layout.display = "flex"
        self.messages = [f"Removing {node_id} needs a yes: see the question above."]
        self._show_report()
        return False

    def confirm_remove(self) -> None:
        """Go ahead with the removal asked about."""
        node_id = self.pending_remove
        if node_id is None:
            return
        if self._in_use(self._subtree(node_id)):
            self.confirmed_removal = True
        self._close_confirm()
        self.remove(node_id)

    def cancel_remove(self) -> None:
        """Keep the box asked about."""
        node_id = self.pending_remove
        self._close_confirm()
        if node_id is not None:
            self.messages = [f"Kept {node_id}."]
            self._show_report()

    def _close_confirm(self) -> None:
        self.pending_remove = None
        self.confirm_text.value = ""
        self.confirm_box.layout.display = "none"

    def set_aim(self, aim: str) -> None:
        """Change the aim and redraw."""
        self.diagram = DriverDiagram(aim, self.diagram.nodes, source=self.diagram.source)
        if self.aim_text.value != aim:
            self._syncing = True
            try:
                self.aim_text.value = aim
            finally:
                self._syncing = False
        self.refresh()

    @property
    def problems(self) -> list[str]:
        """Structural problems that make the diagram wrong (empty when sound)."""
        return [
            p.message if p.fix is None else f"{p.message} ({p.fix})"
            for p in self.diagram.problems()
        ]

    @property
    def advice(self) -> list[str]:
        """Suggestions that would make the diagram stronger."""
        return diagram_advice(self.diagram)

    @property
    def outline(self) -> str:
        """The diagram as an indented text outline."""
        return self.diagram.to_outline()

    def records(self) -> list[dict[str, Any]]:
        """Rows for the workspace ``drivers`` table (add your team_id)."""
        return self.diagram.to_records()

    # ------------------------------------------------------------------ saving
    @classmethod
    def for_team(
        cls,
        workspace: str | Path,
        team: str,
        *,
        title: str | None = None,
        saver: Saver | None = None,
    ) -> DriverBuilder:
        """A builder holding ``team``'s saved diagram, read now, with its Save strip ready."""
        builder = cls(_saved_diagram(workspace, team), title=title)
        builder.save_panel(workspace, team, saver=saver)
        return builder

    def save_panel(
        self, workspace: str | Path, team: str, *, saver: Saver | None = None
    ) -> SavePanel:
        """The "Save to your team's workspace" strip (Save, Undo, Reload and a status line).

        Reads the workspace once to know which boxes PDSA cycles and measures use.
        """
        import ipywidgets as w

        from qiteach.widgets._save import SavePanel

        self.uses = _uses(workspace, team)
        reload_button = w.Button(
            description="Reload team's diagram", icon="refresh", layout=w.Layout(width="auto")
        )
        self.panel = SavePanel(
            workspace,
            team,
            self._save_request,
            saver=saver,
            label="Save driver diagram",
            after=lambda result: self._after_save(workspace, team, result),
            extra=(reload_button,),
        )
        self.panel.reload_button = reload_button
        reload_button.on_click(lambda _: self.reload(workspace, team))
        return self.panel

    def _save_request(self) -> tuple[str, dict[str, Any]]:
        payload: dict[str, Any] = {"rows": self.records(), "base": self.base}
        if self.confirmed_removal:
            payload["confirmed"] = True
        return "save_drivers", payload

    def _after_save(self, workspace: str | Path, team: str, result: SaveResult) -> None:
        if result.message.startswith("Undone"):
            self.reload(workspace, team, keep_status=True)
            return
        self.base = self.records()
        self.confirmed_removal = False
        self.uses = _uses(workspace, team)

    def reload(self, workspace: str | Path, team: str, *, keep_status: bool = False) -> None:
        """Replace the diagram with the team's saved one (e.g. after a team-mate saved)."""
        self.diagram = _saved_diagram(workspace, team)
        self.base = self.records()
        self.confirmed_removal = False
        self.uses = _uses(workspace, team)
        self._close_confirm()
        if self.aim_text.value != self.diagram.aim:
            self._syncing = True
            try:
                self.aim_text.value = self.diagram.aim
            finally:
                self._syncing = False
        self.messages = [f"Loaded the saved diagram: {len(self.diagram)} boxes."]
        if self.panel is not None and not keep_status:
            self.panel.status.value = ""
        self.refresh()

    # ------------------------------------------------------------------ controls
    def _parent_options(self, kind: str) -> list[tuple[str, str | None]]:
        allowed = _PARENT_KINDS[kind]
        if allowed == (None,):
            return [("the aim", None)]
        return [  # secondary drivers first for a change idea: the usual parent
            (f"{n.node_id}: {n.text[:40]}", n.node_id)
            for kind in allowed
            for n in self.diagram.nodes
            if n.kind == kind
        ]

    def _update_parents(self) -> None:
        options = self._parent_options(self.kind.value)
        current = self.parent.value
        self.parent.options = options or [("(add a box at the level above first)", None)]
        values = [v for _, v in options]
        self.parent.value = current if current in values else (values[0] if values else None)

    def _on_aim(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        if not str(change["new"]).strip():  # a diagram needs an aim: keep the last one
            self.messages = [
                "The aim cannot be empty: write the aim (the diagram keeps the last one)."
            ]
            self._show_report()
            return
        self.set_aim(change["new"])

    def _add_clicked(self) -> None:
        try:
            self.add(
                self.kind.value, self.text.value, parent=self.parent.value, link=self.link.value
            )
        except ToolkitError as exc:
            self.messages = [f"Not added: {exc}"]
            self._show_report()
            return
        self.text.value = ""

    def _remove_clicked(self) -> None:
        if self.remove_choice.value is None:
            self.messages = ["Nothing to remove: the diagram has no boxes yet."]
            self._show_report()
            return
        self.request_remove(self.remove_choice.value)

    def _show_report(self) -> None:
        parts = []
        if self.messages:
            parts.append(messages_html(self.messages))
        problems = self.problems
        parts.append(
            messages_html(problems, title="Problems to fix")
            if problems
            else "<b>No structural problems.</b>"
        )
        advice = self.advice
        if advice:
            parts.append(messages_html(advice, title="Suggestions"))
        self.report.value = "".join(parts)

    def refresh(self) -> None:
        """Redraw the diagram, the problem list, the outline and the dropdowns."""
        self._update_parents()
        self.remove_choice.options = [
            (f"{n.node_id}: {n.text[:40]}", n.node_id) for n in self.diagram.nodes
        ] or [("(no boxes yet)", None)]
        self.outline_box.value = self.outline
        self._show_report()
        if not len(self.diagram):
            self.output.outputs = ()
            self.figure = None
            return
        from qiteach.plot.drivers import plot_driver_diagram
        from qiteach.plot.style import figure_of

        try:  # a blank aim draws as a placeholder; other problems are listed above
            ax = plot_driver_diagram(self.diagram, title=self.title)
        except ToolkitError:
            self.output.outputs = ()
            self.figure = None
            return
        self.figure = figure_of(ax)
        show_figure(self.output, self.figure)


def _team(workspace: str | Path, team: str) -> Team:
    from qiteach.workspace import open_workspace

    return open_workspace(workspace, validate=False).team(team)


def _saved_diagram(workspace: str | Path, team: str) -> DriverDiagram:
    """The team's diagram as saved now (with PDSA counts on each box)."""
    from qiteach.exercises.common import team_driver_diagram

    return team_driver_diagram(_team(workspace, team))


def _uses(workspace: str | Path, team: str) -> dict[str, list[str]]:
    """node_id -> the team's PDSA cycles and measures that use it, as words."""
    t = _team(workspace, team)
    out: dict[str, list[str]] = {}
    for cycle, node in zip(t.pdsa["cycle_id"], t.pdsa["node_id"], strict=True):
        out.setdefault(str(node), []).append(f"PDSA cycle {cycle}")
    if "node_id" in t.measures:
        for measure, node in zip(t.measures["measure_id"], t.measures["node_id"], strict=True):
            if isinstance(node, str) and node:
                out.setdefault(node, []).append(f"measure {measure}")
    return out
