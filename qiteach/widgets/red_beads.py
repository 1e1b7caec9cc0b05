"""Red-bead experiment: draw day after day and watch the "best worker" change.

Each click of "Draw another day" has every willing worker draw a paddle of
beads. The draws are :func:`~qiteach.exercises.session06.simulate_red_beads`'s
for the same seed, day by day (drawing a day more never changes the days
before), so the widget shows the very beads and limits of the table above it
in the notebook, and a class sees the same draws. The p chart of every paddle
so far is redrawn and the messages name each day's best and worst worker and
whether any draw is a special cause.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> game = RedBeads(seed=6, days=2)
>>> len(game.beads), game.days
(12, 2)
>>> game.draw_day()
>>> game.days, game.result.chart
(3, 'p')
>>> game.messages[0].startswith("Day 1: best")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from qiteach.charts.result import ChartResult
from qiteach.exercises.session06 import WORKERS, red_bead_chart, simulate_red_beads
from qiteach.widgets._base import WidgetBase, messages_html, show_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["RedBeads"]


def _names(day: pd.DataFrame, count: int) -> str:
    """The workers who drew ``count`` red beads that day: "Ann", "Ann and Dev", "A, B and C"."""
    names = [str(w) for w in day.loc[day["red_beads"] == count, "worker"]]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class RedBeads(WidgetBase):
    """The red bead experiment as a widget (logic in :meth:`draw_day` and :meth:`reset`)."""

    def __init__(
        self,
        *,
        seed: int = 2026,
        days: int = 1,
        workers: Sequence[str] = WORKERS,
        paddle: int = 50,
    ) -> None:
        import ipywidgets as w

        self.seed = int(seed)
        self.workers = tuple(workers)
        self.paddle = int(paddle)
        self.start_days = int(days)
        self.figure: Figure | None = None
        self._days: list[pd.DataFrame] = []
        self._result: ChartResult | None = None
        # width "auto": the default button width cuts the label to "Draw another ..."
        self.draw_button = w.Button(
            description="Draw another day",
            button_style="primary",
            icon="refresh",
            layout=w.Layout(width="auto"),
        )
        self.reset_button = w.Button(
            description="Start again", icon="undo", layout=w.Layout(width="auto")
        )
        self.output = w.Output()
        self.report = w.HTML()
        self.draw_button.on_click(lambda _: self.draw_day())
        self.reset_button.on_click(lambda _: self.reset())
        self.ui = w.VBox([w.HBox([self.draw_button, self.reset_button]), self.output, self.report])
        self.reset()

    # ------------------------------------------------------------------ logic
    def _draw(self, days: int) -> list[pd.DataFrame]:
        """Days 1..``days`` of the seeded experiment, one table per day."""
        beads = simulate_red_beads(
            workers=self.workers, days=days, paddle=self.paddle, seed=self.seed
        )
        return [day.reset_index(drop=True) for _, day in beads.groupby("day", sort=True)]

    def draw_day(self) -> None:
        """Every worker draws one paddle; redraw the chart."""
        self._days = self._draw(len(self._days) + 1)
        self.refresh()

    def reset(self) -> None:
        """Back to the starting number of days."""
        self._days = self._draw(self.start_days)
        self.refresh()

    @property
    def days(self) -> int:
        """Days drawn so far."""
        return len(self._days)

    @property
    def beads(self) -> pd.DataFrame:
        """Every draw so far: day, worker, red_beads, paddle."""
        return pd.concat(self._days, ignore_index=True)

    @property
    def result(self) -> ChartResult:
        """The p chart of every paddle so far."""
        assert self._result is not None
        return self._result

    @property
    def messages(self) -> list[str]:
        """Each day's best and worst worker, then what the chart says."""
        out = []
        for day in self._days:
            low, high = int(day["red_beads"].min()), int(day["red_beads"].max())
            out.append(
                f"Day {int(day['day'].iloc[0])}: best {_names(day, low)} ({low} red), "
                f"worst {_names(day, high)} ({high} red)."
            )
        pts = self.result.points
        outside = [str(x) for x, f in zip(pts["x"], pts["sigma_signal"], strict=True) if f]
        lo, hi = float(pts["lcl"].iloc[0]), float(pts["ucl"].iloc[0])
        limits = f"{lo:.1f}% to {hi:.1f}%"  # as the bonus exercise's feedback writes them
        if outside:
            out.append(
                f"Outside the limits ({limits}): {', '.join(outside)}. On a real chart you would "
                "look for a "
                "special cause; here every worker draws from the same bowl, so it happened by "
                "chance (a false alarm, likelier the more draws are charted)."
            )
        else:
            out.append(
                f"Every draw is inside the limits ({limits}): the differences are "
                "common-cause variation."
            )
        out.extend(s.text for s in self.result.signal_spans if s.rule != "outside_limits")
        return out

    def refresh(self) -> None:
        """Recompute the chart; redraw the figure and messages."""
        self._result = red_bead_chart(self.beads)
        self.report.value = messages_html(self.messages, title="What the chart says")
        from qiteach.plot.chart import plot_chart
        from qiteach.plot.style import figure_of

        ax = plot_chart(
            self._result,
            title=f"Red beads per paddle of {self.paddle}",
            ylabel="Red beads (%)",
            show_values=False,
            figsize=(9, 3.8),
        )
        self.figure = figure_of(ax)
        show_figure(self.output, self.figure)
