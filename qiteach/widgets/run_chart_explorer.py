"""Run-chart explorer: add or edit points and see which rule fires, and why.

The logic lives in plain methods so it can be driven from code or tests; the
ipywidgets controls (a text box of values, a slider and "Add point" button for
a new value, "Remove last", a rule-set dropdown) call the same methods.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> explorer = RunChartExplorer([5, 6, 5, 7, 6, 5, 6, 7, 5, 6], rules="anhoej")
>>> explorer.fired
[]
>>> for v in (9, 9, 9, 9, 9, 9, 9, 9):
...     explorer.add_point(v)
>>> explorer.fired
['long_run', 'few_crossings']
>>> print(explorer.messages[1])
Longest run on one side of the median: 8 points; a signal needs more than 7.
>>> explorer.set_rules("ihi")
>>> explorer.fired
['shift', 'too_few_runs']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qiteach.charts import compute_chart
from qiteach.charts.explain import format_number
from qiteach.charts.result import ChartResult
from qiteach.charts.rules import RULE_SETS
from qiteach.charts.rules.anhoej import MIN_USEFUL as MIN_RUN_POINTS
from qiteach.exceptions import InputError
from qiteach.widgets._base import WidgetBase, messages_html, show_png

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from qiteach.plot.redraw import Redrawn

__all__ = ["RUN_RULES", "RunChartExplorer", "parse_values", "why_lines"]

#: rule sets that apply to run charts and explain their runs rules, with the dropdown's words
RUN_RULES: dict[str, str] = {
    name: f"{rules.title} ({rules.looks_for})"
    for name, rules in RULE_SETS.items()
    if "run" in rules.charts and rules.reasons is not None
}
_SPLIT = re.compile(r"[\s,;]+")


def parse_values(text: str) -> list[float]:
    """Numbers typed in a text box, separated by commas, spaces, semicolons or new lines.

    >>> parse_values("12, 14.5; 9\\n10")
    [12.0, 14.5, 9.0, 10.0]
    >>> parse_values("12%, 13.5 %")
    [12.0, 13.5]
    >>> parse_values("12, twelve")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.InputError: values:2: "twelve" is not a number (fix: type numbers ...)
    """
    out: list[float] = []
    # "12%" is 12, as on a chart of percentages
    for i, token in enumerate(t for t in _SPLIT.split((text or "").replace("%", " ")) if t):
        try:
            value = float(token)
        except ValueError:
            value = float("nan")
        if not np.isfinite(value):
            raise InputError(
                f'"{token}" is not a number',
                file="values",
                row=i + 1,
                fix="type numbers separated by commas, e.g. 12, 14.5, 9",
            ) from None
        out.append(value)
    return out


def why_lines(result: ChartResult) -> list[str]:
    """Why each run-chart rule did or did not fire, from the computed figures.

    >>> r = compute_chart(y=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    >>> print(why_lines(r)[1])
    Longest run on one side of the median: 6 points; a signal needs more than 7.
    """
    pts, part = result.points, result.parts.iloc[-1]
    rows = pts[pts["part"] == part["part"]]
    median = float(rows["cl"].iloc[-1])
    n_useful = int(part["n_useful"])
    lines = [
        f"Median {format_number(median)}: {n_useful} of {int(part['n_obs'])} points are "
        "useful (points on the median do not count)."
    ]
    if n_useful == 0:  # the rules count useful points: with none, they cannot be applied
        lines.append("No rule can be applied: every point is on the median. Add other values.")
        return lines
    reasons = result.rule_set.reasons
    if reasons is not None:
        lines += reasons(part)
    return lines


class RunChartExplorer(WidgetBase):
    """Explore the run-chart rules on a series the learner builds point by point.

    ``values`` start the series (a list of numbers or a text of numbers);
    ``rules`` is ``"anhoej"`` or ``"ihi"``. ``result`` is the current
    :class:`~qiteach.charts.ChartResult`, ``fired`` the rules that fired and
    ``messages`` the reasons in plain English. ``figure`` is the last chart drawn.
    """

    def __init__(
        self,
        values: Sequence[float] | str = (),
        *,
        rules: str = "anhoej",
        title: str = "Your run chart",
        ylabel: str = "Value",
    ) -> None:
        import ipywidgets as w

        self.title = title
        self.ylabel = ylabel
        self.values: list[float] = (
            parse_values(values) if isinstance(values, str) else [float(v) for v in values]
        )
        self.rules = self._check_rules(rules)
        self.error: str | None = None
        self.figure: Figure | None = None
        self._canvas: Redrawn | None = None  # one figure, redrawn in place on every click
        self._result: ChartResult | None = None
        self._syncing = False

        self.text = w.Textarea(
            value=self._values_text(),
            description="Values",
            placeholder="e.g. 12, 14, 9, 11",
            layout=w.Layout(width="95%", height="60px"),
        )
        self.slider = w.FloatSlider(
            value=self._slider_start(), description="New point", continuous_update=False
        )
        self.add_button = w.Button(description="Add point", button_style="primary", icon="plus")
        self.remove_button = w.Button(description="Remove last", icon="minus")
        self.rules_dropdown = w.Dropdown(
            options=[(label, key) for key, label in RUN_RULES.items()],
            value=self.rules,
            description="Rules",
        )
        self.output = w.Output()
        self.why = w.HTML()
        self.text.observe(self._on_text, names="value")
        self.add_button.on_click(lambda _: self.add_point(self.slider.value))
        self.remove_button.on_click(lambda _: self.remove_last())
        self.rules_dropdown.observe(lambda change: self.set_rules(change["new"]), names="value")
        self.ui = w.VBox(
            [
                self.text,
                w.HBox([self.slider, self.add_button, self.remove_button]),
                self.rules_dropdown,
                self.output,
                self.why,
            ]
        )
        self._update_slider_range()
        self.refresh()

    # ------------------------------------------------------------------ logic
    @staticmethod
    def _check_rules(rules: str) -> str:
        if rules not in RUN_RULES:
            raise InputError(
                f'"{rules}" is not a run-chart rule set',
                column="rules",
                fix=f"use one of: {', '.join(RUN_RULES)}",
            )
        return rules

    def add_point(self, value: float) -> None:
        """Add a point at the end of the series and redraw."""
        value = float(value)
        if not np.isfinite(value):
            raise InputError("the new point is not a number", column="value", fix="give a number")
        self.values.append(value)
        self._changed()

    def remove_last(self) -> None:
        """Remove the last point (nothing happens on an empty series)."""
        if self.values:
            self.values.pop()
            self._changed()

    def set_values(self, values: Sequence[float] | str) -> None:
        """Replace the whole series (a list of numbers or a text of numbers)."""
        self.values = (
            parse_values(values) if isinstance(values, str) else [float(v) for v in values]
        )
        self._changed()

    def set_rules(self, rules: str) -> None:
        """Switch the rule set (``"anhoej"`` or ``"ihi"``) and redraw."""
        self.rules = self._check_rules(rules)
        if self.rules_dropdown.value != rules:
            self.rules_dropdown.value = rules
        self.refresh()

    @property
    def result(self) -> ChartResult | None:
        """The current chart result (``None`` for an empty series)."""
        return self._result

    @property
    def too_few(self) -> bool:
        """True while the series has fewer useful points than the rules need (then no rule
        is judged: the explorer neither lists nor draws a signal)."""
        if self._result is None:
            return False
        return int(self._result.parts.iloc[-1]["n_useful"]) < MIN_RUN_POINTS

    @property
    def fired(self) -> list[str]:
        """The rules that fired, each once, in the order found ([] while too few points)."""
        if self._result is None or self.too_few:
            return []
        return list(dict.fromkeys(s.rule for s in self._result.signal_spans))

    @property
    def messages(self) -> list[str]:
        """Why the rules did or did not fire, then each signal's sentence and any warnings."""
        if self.error:
            return [self.error]
        if self._result is None:
            return ["Type some values or add points to start the chart."]
        if self.too_few and int(self._result.parts.iloc[-1]["n_useful"]) > 0:
            # the engine still applies the rules (as qicharts2 does) and warns; a teaching
            # tool that says "use at least 10 points" must not also announce a shift
            useful = int(self._result.parts.iloc[-1]["n_useful"])
            return [
                why_lines(self._result)[0],
                f"Only {useful} useful point{'' if useful == 1 else 's'}: the run-chart rules "
                f"need at least {MIN_RUN_POINTS}, so no rule is judged yet. "
                "Add points to see which rule fires.",
            ]
        spans = [s.text for s in self._result.signal_spans]
        verdict = spans or ["No rule fired: this looks like common-cause (random) variation."]
        return [*why_lines(self._result), *self._result.warnings, *verdict]

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Recompute the chart and redraw the figure and the messages."""
        self._result = (
            compute_chart(y=self.values, chart="run", rules=self.rules) if self.values else None
        )
        self.why.value = messages_html(self.messages, title="Which rule fires, and why")
        if self._result is None:
            self.output.outputs = ()
            self.figure = None
            return
        from qiteach.plot.chart import plot_chart

        shown = self._result
        if self.too_few:  # draw the data and median only: no signal is judged yet
            shown = dataclasses.replace(
                shown,
                signal_spans=(),
                points=shown.points.assign(runs_signal=False, signals=[()] * len(shown.points)),
            )
        if self._canvas is None:
            from qiteach.plot.redraw import Redrawn

            self._canvas = Redrawn(figsize=(8, 3.6))
        title, ylabel = self.title, self.ylabel
        png = self._canvas.redraw(
            lambda ax: plot_chart(shown, ax=ax, title=title, ylabel=ylabel, xlabel="Point")
        )
        self.figure = self._canvas.figure
        show_png(self.output, png)

    def _values_text(self) -> str:
        return ", ".join(format_number(v) for v in self.values)

    def _slider_start(self) -> float:
        return float(np.median(self.values)) if self.values else 0.0

    def _update_slider_range(self) -> None:
        if self.values:
            lo, hi = min(self.values), max(self.values)
        else:
            lo, hi = 0.0, 10.0
        pad = max((hi - lo) * 0.5, 1.0)
        lo, hi = lo - pad, hi + pad
        step = 10 ** np.floor(np.log10(hi - lo)) / 10
        self.slider.min, self.slider.max = -1e12, 1e12  # widen first so setting never clamps
        self.slider.min, self.slider.max = float(np.floor(lo)), float(np.ceil(hi))
        self.slider.step = float(step)

    def _changed(self) -> None:
        self.error = None
        self._syncing = True
        try:
            self.text.value = self._values_text()
        finally:
            self._syncing = False
        self._update_slider_range()
        self.refresh()

    def _on_text(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        try:
            values = parse_values(change["new"])
        except InputError as exc:
            self.error = f"{exc} — the chart still shows the last good values."
            self.why.value = messages_html(self.messages, title="Check the values")
            return
        self.values = values
        self.error = None
        self._update_slider_range()
        self.refresh()
