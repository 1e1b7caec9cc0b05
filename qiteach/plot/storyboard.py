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
    grid = fig.add_gridspec(
        3, 2, height_ratios=(0.32, 1.6, 1.2), width_ratios=(1.0, 1.2),
        left=0.03, right=0.97, top=0.97, bottom=0.04, hspace=0.32, wspace=0.12,
    )  # fmt: skip
    head = fig.add_subplot(grid[0, :])
    head.set_axis_off()
    head.set_gid("storyboard-header")
    head.text(0, 1.0, title, fontsize=20, fontweight="bold", color=TEXT, va="top")
    head.text(0, 0.6, textwrap.fill(f"Aim: {aim}", 150), fontsize=12, color=TEXT, va="top")
    head.text(0, 0.05, status, fontsize=11, color=TEXT, va="bottom", style="italic")

    ax_dd = fig.add_subplot(grid[1, 0])
    ax_dd.set_gid("storyboard-drivers")
    if len(diagram) > 1:
        plot_driver_diagram(diagram, ax_dd, legend=False, font_size=8)
    else:
        ax_dd.set_axis_off()
        ax_dd.text(0.5, 0.5, "No driver diagram yet", ha="center", va="center")
    ax_dd.set_title("Driver diagram", loc="left", fontsize=FONT["title"], color=TEXT)

    ax_chart = fig.add_subplot(grid[1, 1])
    ax_chart.set_gid("storyboard-chart")
    if chart is not None:
        plot_chart(
            chart.result, ax_chart, title=chart.name, pdsa=dict(chart.cycles), show_values=False
        )
    else:
        ax_chart.set_axis_off()
        ax_chart.text(0.5, 0.5, "No measure data yet", ha="center", va="center")

    ax_prog = fig.add_subplot(grid[2, 0])
    ax_prog.set_gid("storyboard-progress")
    box = ax_prog.get_position()  # room on the left for the scale's labels
    ax_prog.set_position((box.x0 + 0.15, box.y0, box.width - 0.15, box.height))
    if len(progress):
        plot_progress(progress, ax_prog)
    else:
        ax_prog.set_axis_off()
        ax_prog.text(0.5, 0.5, "No progress scores yet", ha="center", va="center")

    ax_text = fig.add_subplot(grid[2, 1])
    ax_text.set_axis_off()
    ax_text.set_gid("storyboard-learning")
    y = 1.0
    for heading, body in blocks:
        ax_text.text(0, y, heading, fontsize=13, fontweight="bold", color=TEXT, va="top")
        wrapped = textwrap.fill(body, 95)
        ax_text.text(0, y - 0.09, wrapped, fontsize=11, color=TEXT, va="top")
        y -= 0.16 + 0.07 * (wrapped.count("\n") + 1)
    return fig
