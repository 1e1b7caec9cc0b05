"""The one-page storyboard figure of a team's project (session 8), A4 landscape.

Draws what :func:`qiteach.exercises.session08.storyboard` gathers from the team's
workspace: a header (title, aim, where the team is), the driver diagram, the main
measure's chart with PDSA markers, the progress scores, and what the team tested,
learned and will do next. Every panel is a library drawing
(:func:`~qiteach.plot.drivers.plot_driver_diagram`, :func:`~qiteach.plot.chart.plot_chart`,
:func:`~qiteach.plot.progress.plot_progress`); a panel without content says so.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.plot.style import plain_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qiteach.charts import ChartResult
    from qiteach.drivers import DriverDiagram

__all__ = ["StoryboardChart", "plot_storyboard"]


@dataclass(frozen=True)
class StoryboardChart:
    """The storyboard's chart panel: a computed chart, its title and the PDSA starts."""

    result: ChartResult
    name: str
    cycles: Mapping[Any, str]  # cycle start -> cycle id


@plain_text
def plot_storyboard(
    *,
    title: str,
    aim: str,
    status: str,
    diagram: DriverDiagram,
    chart: StoryboardChart | None,
    progress: pd.DataFrame,
    blocks: Sequence[tuple[str, str]],
) -> Figure:
    """Draw the storyboard; ``blocks`` are (heading, text) pairs for the learning panel."""
    import matplotlib.pyplot as plt

    from qiteach.plot.chart import plot_chart
    from qiteach.plot.drivers import plot_driver_diagram
    from qiteach.plot.progress import plot_progress
    from qiteach.plot.style import FONT, TEXT

    fig = plt.figure(figsize=(16.5, 11.7), facecolor="white")
    # the wide column holds what needs width (the driver diagram, the chart); the narrow
    # one what reads well narrow (the learning text, the progress steps)
    grid = fig.add_gridspec(
        3, 2, height_ratios=(0.3, 1.85, 1.15), width_ratios=(1.72, 1.0),
        left=0.055, right=0.985, top=0.97, bottom=0.1, hspace=0.2, wspace=0.12,
    )  # fmt: skip
    head = fig.add_subplot(grid[0, :])
    head.set_axis_off()
    head.set_gid("storyboard-header")
    wrapped_aim = textwrap.fill(f"Aim: {aim}", 150)
    # stacked by points from the top, so a two-line aim pushes the status down
    lines = (
        (title, 0, {"fontsize": 20, "fontweight": "bold"}),
        (wrapped_aim, 30, {"fontsize": 12}),
        (status, 36 + 16 * (wrapped_aim.count("\n") + 1), {"fontsize": 11, "style": "italic"}),
    )
    for text, down, style in lines:
        head.annotate(text, (0, 1), xycoords="axes fraction", xytext=(0, -down),
                      textcoords="offset points", va="top", color=TEXT, **style)  # fmt: skip

    ax_dd = fig.add_subplot(grid[1, 0])
    ax_dd.set_gid("storyboard-drivers")
    if len(diagram) > 1:
        plot_driver_diagram(diagram, ax_dd, legend=False, font_size=10)
    else:
        ax_dd.set_axis_off()
        ax_dd.text(0.5, 0.5, "No driver diagram yet", ha="center", va="center")
    ax_dd.set_title("Driver diagram", loc="left", fontsize=FONT["title"], color=TEXT)

    ax_chart = fig.add_subplot(grid[2, 0])
    ax_chart.set_gid("storyboard-chart")
    if chart is not None:
        # the PDSA markers already mark when things changed; notes drawn beside points as
        # well would sit on the data, so the caller lists them under the text instead
        plot_chart(chart.result, ax_chart, title=chart.name, pdsa=dict(chart.cycles),
                   show_values=False, show_notes=False)  # fmt: skip
    else:
        ax_chart.set_axis_off()
        ax_chart.text(0.5, 0.5, "No measure data yet", ha="center", va="center")

    ax_prog = fig.add_subplot(grid[2, 1])
    ax_prog.set_gid("storyboard-progress")
    box = ax_prog.get_position()  # room on the left for the scale's labels
    ax_prog.set_position((box.x0 + 0.13, box.y0, box.width - 0.13, box.height))
    if len(progress):
        plot_progress(progress, ax_prog)
    else:
        ax_prog.set_axis_off()
        ax_prog.text(0.5, 0.5, "No progress scores yet", ha="center", va="center")

    ax_text = fig.add_subplot(grid[1, 1])
    ax_text.set_axis_off()
    ax_text.set_gid("storyboard-learning")
    y = 1.0
    for heading, body in blocks:
        ax_text.text(0, y, heading, fontsize=13, fontweight="bold", color=TEXT, va="top")
        wrapped = textwrap.fill(body, 64, break_on_hyphens=False)
        ax_text.text(0, y - 0.07, wrapped, fontsize=11, color=TEXT, va="top")
        y -= 0.14 + 0.058 * (wrapped.count("\n") + 1)
    return fig
