"""Driver-diagram builder: add and remove boxes, see the diagram and its problems.

The learner picks a kind (primary, secondary, change idea), a parent from a
dropdown, types the text, chooses a strong or weak link and clicks "Add"; a
second dropdown removes a box (and everything hanging off it). The diagram is
redrawn with :func:`qiteach.plot.drivers.plot_driver_diagram`, its structural
problems (:meth:`DriverDiagram.problems`) and suggestions
(:func:`qiteach.exercises.session03.diagram_advice`) are listed, and
:attr:`DriverBuilder.outline` gives a plain-text outline to copy.

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
"""

from __future__ import annotations

from typing import Any

from qiteach.drivers import KINDS, LINKS, DriverDiagram
from qiteach.exceptions import ToolkitError
from qiteach.exercises.session03 import diagram_advice
from qiteach.widgets._base import WidgetBase, messages_html, show_figure

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
        self.figure: Any = None
        self._syncing = False

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
        self.output = w.Output()
        self.report = w.HTML()
        self.outline_box = w.Textarea(
            description="Outline", disabled=True, layout=w.Layout(width="95%", height="140px")
        )

        self.kind.observe(lambda _: self._update_parents(), names="value")
        self.aim_text.observe(self._on_aim, names="value")
        self.add_button.on_click(lambda _: self._add_clicked())
        self.remove_button.on_click(lambda _: self._remove_clicked())
        self.ui = w.VBox(
            [
                self.aim_text,
                w.HBox([self.kind, self.parent]),
                w.HBox([self.text, self.link]),
                self.add_button,
                w.HBox([self.remove_choice, self.remove_button]),
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
        gone = {node_id}
        changed = True
        while changed:
            changed = False
            for n in self.diagram.nodes:
                if n.parent_id in gone and n.node_id not in gone:
                    gone.add(n.node_id)
                    changed = True
        kept = [n for n in self.diagram.nodes if n.node_id not in gone]
        self.diagram = DriverDiagram(self.diagram.aim, kept, source=self.diagram.source)
        self.messages = [f"Removed {', '.join(sorted(gone))}."]
        self.refresh()

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
        self.remove(self.remove_choice.value)

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

        try:  # a blank aim draws as a placeholder; other problems are listed above
            ax = plot_driver_diagram(self.diagram, title=self.title)
        except ToolkitError:
            self.output.outputs = ()
            self.figure = None
            return
        self.figure = ax.figure
        show_figure(self.output, self.figure)
