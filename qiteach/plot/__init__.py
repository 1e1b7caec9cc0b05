"""Plotting: draw compute results on matplotlib axes.

Every function takes a result from the compute layer, draws on a given
``Axes`` (or makes a 9×4.5 in figure) and returns it. Nothing here computes a
rule or a limit, and nothing changes matplotlib's global ``rcParams``.

- :mod:`qiteach.plot.chart` — :func:`plot_chart` for run and control charts;
- :mod:`qiteach.plot.describe` — :func:`alt_text`, the same chart in words;
- :mod:`qiteach.plot.chart_points` — reading a chart result (shared by both);
- :mod:`qiteach.plot.icons` — NHS Making Data Count variation/assurance icons;
- :mod:`qiteach.plot.annotate` — PDSA and note markers for any chart;
- :mod:`qiteach.plot.style` — palette, axes styling, date axes, atomic saving.

>>> from qiteach import plot
>>> plot.PALETTE["blue"]
'#0072B2'
"""

from __future__ import annotations

from qiteach.plot.annotate import add_markers, annotate_points
from qiteach.plot.chart import alt_text, plot_chart
from qiteach.plot.icons import add_mdc_icons
from qiteach.plot.style import (
    FIGSIZE,
    PALETTE,
    format_date_axis,
    new_axes,
    save_figure,
    style_axes,
)

__all__ = [
    "FIGSIZE",
    "PALETTE",
    "add_markers",
    "add_mdc_icons",
    "alt_text",
    "annotate_points",
    "format_date_axis",
    "new_axes",
    "plot_chart",
    "save_figure",
    "style_axes",
]
