"""The form an exercise is answered in: fields, **Check my answer**, feedback.

:class:`AnswerForm` draws a :class:`~qiteach.widgets.forms.spec.FormSpec`
with ipywidgets. Clicking the button turns the fields into the answer the
Python route would give, calls the exercise's own check and shows its
feedback exactly as the Python cell does (the same Markdown), under a line
saying what was understood. Values are saved as they change (see
:class:`~qiteach.widgets.forms.store.AnswerStore`) and filled back in when
the form is built again.

>>> import tempfile
>>> from qiteach.widgets.forms import answer_form
>>> form = answer_form("session01.aim", folder=tempfile.mkdtemp())
>>> form.set_values({"aim": "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027"})
>>> form.check().passed
True
>>> form.understood_html.value.startswith("<b>I read your aim as</b>")
True
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from typing import Any

from qiteach.exercises.feedback import Feedback
from qiteach.widgets._base import WidgetBase
from qiteach.widgets.forms.spec import Choice, FormSpec, Number, Table, Text, Ticks, options_of
from qiteach.widgets.forms.store import AnswerStore

__all__ = ["AnswerForm", "feedback_bundle"]

_WIDE = "min(46rem, 95%)"


def feedback_bundle(feedback: Any) -> dict[str, Any]:
    """What a Python cell shows for ``feedback``: its Markdown and plain text."""
    data = {"text/plain": str(feedback)}
    if hasattr(feedback, "_repr_markdown_"):
        data["text/markdown"] = feedback._repr_markdown_()
    return {"output_type": "display_data", "data": data, "metadata": {}}


class _Control:
    """One field's ipywidgets control(s) with get/set of its raw value."""

    def __init__(self, spec_field: Any, context: Mapping[str, Any]) -> None:
        import ipywidgets as w

        self.field = spec_field
        self.widgets: list[Any] = []
        label = w.HTML(f"<b>{html.escape(spec_field.label)}</b>")
        f = spec_field
        if isinstance(f, Table):
            self._rows = f.row_keys(context)
            self._cells: list[dict[str, Any]] = []
            labelled = not isinstance(f.rows, int)
            grid: list[Any] = [w.HTML("")]  # over the row labels (or numbers)
            grid += [w.HTML(f"<i>{html.escape(c.label)}</i>") for c in f.columns]
            for number, (_key, row_label) in enumerate(self._rows, start=1):
                cells = {c.name: self._simple(c, context, label=False) for c in f.columns}
                for cell in cells.values():
                    cell.layout.width = "auto"  # fill the grid column
                self._cells.append(cells)
                # named rows show their name; counted rows their number (feedback says "Row 3")
                grid.append(w.HTML(html.escape(row_label) if labelled else f"{number}"))
                grid += list(cells.values())
            self.box = w.VBox([label, w.GridBox(grid, layout=_table_layout(f))])
            self.widgets = [c for cells in self._cells for c in cells.values()]
        elif isinstance(f, Ticks):
            self._ticks = [
                (value, w.Checkbox(value=False, description=text, indent=False))
                for text, value in options_of(f.options, context)
            ]
            for _, box in self._ticks:
                box.layout = w.Layout(width="auto")
            self.box = w.VBox([label, *[box for _, box in self._ticks]])
            self.widgets = [box for _, box in self._ticks]
        else:
            control = self._simple(f, context, label=False)
            self.widgets = [control]
            self.box = w.VBox([label, control])

    @staticmethod
    def _simple(f: Any, context: Mapping[str, Any], *, label: bool) -> Any:
        import ipywidgets as w

        layout = w.Layout(width=_WIDE if isinstance(f, Text) and f.lines > 1 else "auto")
        if isinstance(f, Text) and f.lines > 1:
            layout.height = f"{1.6 * f.lines + 0.8:.1f}em"
            return w.Textarea(placeholder=f.placeholder, continuous_update=False, layout=layout)
        if isinstance(f, Text | Number):
            if isinstance(f, Text):
                layout.width = "min(30rem, 95%)"
            return w.Text(placeholder=f.placeholder, continuous_update=False, layout=layout)
        if isinstance(f, Choice):
            opts = [(f.prompt, ""), *options_of(f.options, context)]
            return w.Dropdown(options=opts, value="", layout=layout)
        raise TypeError(f"cannot draw a {type(f).__name__} in a table")

    def get(self) -> Any:
        f = self.field
        if isinstance(f, Table):
            return [
                {"row": key, **{name: c.value for name, c in cells.items()}}
                for (key, _), cells in zip(self._rows, self._cells, strict=True)
            ]
        if isinstance(f, Ticks):
            return [value for value, box in self._ticks if box.value]
        return self.widgets[0].value

    def set(self, value: Any) -> None:
        f = self.field
        if isinstance(f, Table):
            saved = {str(r.get("row")): r for r in value or [] if isinstance(r, Mapping)}
            for (key, _), cells in zip(self._rows, self._cells, strict=True):
                row = saved.get(key, {})
                for name, control in cells.items():
                    _assign(control, row.get(name, ""))
        elif isinstance(f, Ticks):
            chosen = {str(v) for v in value or []}
            for v, box in self._ticks:
                box.value = v in chosen
        else:
            _assign(self.widgets[0], value)


def _table_layout(table: Table) -> Any:
    """A grid whose columns share the output's width: text columns twice as wide as
    number and choice columns, a row-label column first when the rows are named, so the
    headings sit over their boxes and nothing scrolls sideways. The first column holds
    the row names, or the row numbers the feedback refers to.

    >>> from qiteach.widgets.forms.spec import Number, Text
    >>> _table_layout(Table("t", "t", columns=(Text("a", "a"), Number("b", "b")))
    ...               ).grid_template_columns
    '1.5rem minmax(8rem, 2fr) minmax(4rem, 1fr)'
    """
    import ipywidgets as w

    sizes = ["minmax(8rem, 2fr)" if isinstance(c, Text) else "minmax(4rem, 1fr)"
             for c in table.columns]  # fmt: skip
    sizes.insert(0, "1.5rem" if isinstance(table.rows, int) else "minmax(10rem, 2fr)")
    return w.Layout(grid_template_columns=" ".join(sizes), grid_gap="2px 6px",
                    align_items="center", width="100%")  # fmt: skip


def _assign(control: Any, value: Any) -> None:
    """Set a control, ignoring a saved choice the options no longer hold."""
    if hasattr(control, "options"):
        values = [v for _, v in control.options]
        control.value = value if value in values else ""
    else:
        control.value = "" if value is None else str(value)


class AnswerForm(WidgetBase):
    """An exercise answered in a form (logic in :meth:`values`, :meth:`check`)."""

    def __init__(
        self,
        spec: FormSpec,
        context: Mapping[str, Any] | None = None,
        *,
        store: AnswerStore | None = None,
        record_in: tuple[str | os.PathLike[str], str] | None = None,
    ) -> None:
        import ipywidgets as w

        self.spec = spec
        self.record_in = record_in
        self.recorded: str | None = None  # what the last check's learning evidence said
        self.context = dict(context or {})
        missing = [name for name in spec.needs if name not in self.context]
        if missing:
            from qiteach.exceptions import InputError

            raise InputError(
                f"the {spec.key} form needs {', '.join(missing)} from the cells above",
                column=missing[0],
                fix="run the cells above first (Run > Run All Above Selected Cell)",
            )
        self.store = store if store is not None else AnswerStore(spec.session)
        self.feedback: Any = None
        self.answer: Any = None
        self._loading = False
        self.controls = {f.name: _Control(f, self.context) for f in spec.fields}
        self.button = w.Button(
            description="Check my answer",
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),  # the whole label shows
        )
        self.button.on_click(lambda _: self.check())
        self.understood_html = w.HTML()
        self.output = w.Output()
        self.status = w.HTML()
        head = [w.HTML(f"<h4>{html.escape(spec.title)}</h4>")]
        if spec.intro:
            head.append(w.HTML(f"<p>{html.escape(spec.intro)}</p>"))
        self.ui = w.VBox(
            [
                *head,
                *[c.box for c in self.controls.values()],
                self.button,
                self.understood_html,
                self.output,
                self.status,
            ],
            layout=w.Layout(border="1px solid #bbb", padding="0.5em 1em", width=_WIDE),
        )
        saved = self.store.load(spec.key)
        if saved is not None:
            self.set_values(saved, save=False)
            self.status.value = "<small>Your saved answer is filled in.</small>"
        if self.store.problem:
            self.status.value = f"<small>{html.escape(self.store.problem)}: starting blank.</small>"
        for control in self.controls.values():
            for widget in control.widgets:
                widget.observe(lambda _change: self._changed(), names="value")

    # ------------------------------------------------------------------ logic
    def values(self) -> dict[str, Any]:
        """The raw values of every field."""
        return {name: c.get() for name, c in self.controls.items()}

    def set_values(self, values: Mapping[str, Any], *, save: bool = True) -> None:
        """Fill the fields (unknown names are ignored); save them unless ``save=False``."""
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.controls:
                    self.controls[name].set(value)
        finally:
            self._loading = False
        if save:
            self.save()

    def save(self) -> None:
        """Save the current values beside the notebook."""
        try:
            team = self.record_in[1] if self.record_in is not None else None
            path = self.store.save(self.spec.key, self.values(), team=team)
        except OSError as exc:
            self.status.value = (
                f"<small>Could not save your answer ({html.escape(str(exc))}): it is still "
                "here while the notebook is open.</small>"
            )
            return
        self.status.value = f"<small>Saved for next time ({html.escape(path.name)}).</small>"

    def _changed(self) -> None:
        if not self._loading:
            self.save()

    def check(self) -> Any:
        """Check the answer with the exercise's own check; show and return its feedback."""
        self.answer, self.feedback, said = self.spec.run(self.values(), self.context)
        if said and said.startswith("I read"):
            title, _, rest = said.partition(":")
            self.understood_html.value = (
                f"<b>{html.escape(title)}</b>: {html.escape(rest.strip())}" if rest else
                html.escape(said)
            )  # fmt: skip
        else:
            self.understood_html.value = ""
        if self.answer is None:
            # nothing (or not enough) to check: the check's own "not answered" line is
            # written for the Python cell, so the form says what to fill in instead
            prompt = said or "Nothing to check yet: fill in the form, then click Check my answer."
            self.output.outputs = (
                {
                    "output_type": "display_data",
                    "data": {"text/plain": prompt, "text/markdown": f"**{prompt}**"},
                    "metadata": {},
                },
            )
        else:
            self.output.outputs = (feedback_bundle(self.feedback),)
        self.save()
        self._record()
        return self.feedback

    def _record(self) -> None:
        """Record the check as learning evidence (when consented); say so quietly."""
        self.recorded = None
        if self.record_in is None or self.answer is None:
            return
        if not isinstance(self.feedback, Feedback):
            return
        from qiteach.exercises.evidence import record

        workspace, team = self.record_in
        self.recorded = record(
            os.fspath(workspace),
            team,
            exercise=self.spec.exercise,
            feedback=self.feedback,
            answer=self.answer,
        )
        if self.recorded:
            self.status.value += f" <small>{html.escape(self.recorded)}</small>"
