"""A figure redrawn in place (qiteach.plot.redraw) looks as a fresh one would, and fits.

The explorer redraws one figure on every click and lays it out again only
when the text around the axes changes shape. These tests drive a series
through the changes a learner makes (points added, values jumping to
thousands, rules firing so the legend grows) and check after every redraw
that nothing is drawn outside the canvas, that the axes sit where a fresh
constrained layout of the same drawing puts them (within 2 pixels), and
that no artist of an earlier drawing is left behind.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from qiteach.charts import compute_chart
from qiteach.plot.chart import plot_chart
from qiteach.plot.redraw import Redrawn
from qiteach.reports.png import figure_png

SIZE = (8.0, 3.6)
LABELS = {"title": "Your run chart", "ylabel": "Value", "xlabel": "Point"}


def _series() -> list[list[float]]:
    """Series a learner builds: a few points, more, a long run, then a jump to thousands."""
    base = [5.0, 7, 4, 6, 5, 8, 4, 6, 7, 5]
    steps = [base[:4], base, [*base, 6], [*base, *[9.0] * 8], [*base, *[9.0] * 8, 4800.0]]
    return [*steps, base, [v * 1000 for v in base], [v / 100 for v in base]]


def _fresh_axes_box(values: list[float]) -> np.ndarray:
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    plot_chart(compute_chart(y=values, chart="run"), ax=ax, **LABELS)
    figure_png(fig)  # draws: the layout runs
    box = ax.get_position().get_points() * fig.bbox.size
    plt.close(fig)
    return box


@pytest.mark.parametrize("step", range(len(_series())))
def test_each_redraw_fits_and_matches_a_fresh_layout(step: int) -> None:
    canvas = Redrawn(figsize=SIZE)
    for values in _series()[: step + 1]:  # the same path a learner takes up to this step
        result = compute_chart(y=values, chart="run")
        png = canvas.redraw(lambda ax, r=result: plot_chart(r, ax=ax, **LABELS))
    fig, ax = canvas.figure, canvas.ax
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    drawn = fig.get_tightbbox(renderer)
    width, height = fig.get_size_inches()
    assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, "something is cut off at the left/bottom"
    assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, "cut off at the right/top"
    here = ax.get_position().get_points() * fig.bbox.size
    assert np.allclose(here, _fresh_axes_box(values), atol=2.0), (here, _fresh_axes_box(values))
    assert Image.open(io.BytesIO(png)).size == (800, 360)
    # the legend hangs under the x axis label, measured where this draw placed the label
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= ax.xaxis.label.get_window_extent(renderer).y0 + 0.5


def test_nothing_of_the_last_drawing_is_left_behind() -> None:
    canvas = Redrawn(figsize=SIZE)
    long_run = [5.0, 7, 4, 6, 5, 8, 4, 6, 7, 5, *[9.0] * 8]
    canvas.redraw(lambda ax: plot_chart(compute_chart(y=long_run), ax=ax, **LABELS))
    assert any(str(line.get_gid()).startswith("span") for line in canvas.ax.lines)
    canvas.redraw(lambda ax: plot_chart(compute_chart(y=long_run[:10]), ax=ax, **LABELS))
    fresh_fig, fresh_ax = plt.subplots(figsize=SIZE, layout="constrained")
    plot_chart(compute_chart(y=long_run[:10]), ax=fresh_ax, **LABELS)
    gids = sorted(str(a.get_gid()) for a in [*canvas.ax.lines, *canvas.ax.collections])
    fresh = sorted(str(a.get_gid()) for a in [*fresh_ax.lines, *fresh_ax.collections])
    assert gids == fresh and not any(g.startswith("span") for g in gids)
    assert [t.get_text() for t in canvas.ax.texts] == [t.get_text() for t in fresh_ax.texts]
    legend = canvas.ax.get_legend()
    fresh_legend = fresh_ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        t.get_text() for t in fresh_legend.get_texts()
    ]
    plt.close(fresh_fig)


def test_layout_runs_only_when_the_surroundings_change() -> None:
    canvas = Redrawn(figsize=SIZE)
    values = [20.1, 18.4, 21.7, 19.9, 22.3, 20.8, 19.2, 21.1, 20.4, 18.9, 21.5, 20.0]
    for extra in (20.5, 19.5, 21.0):  # y ticks keep their shape ("18", "19", ...)
        canvas.redraw(lambda ax, v=[*values, extra]: plot_chart(compute_chart(y=v), ax=ax))
    assert canvas.layouts == 1
    canvas.redraw(lambda ax: plot_chart(compute_chart(y=[*values, 1500.0]), ax=ax))
    assert canvas.layouts == 2  # four-digit tick labels need a wider margin


def test_a_redraw_without_layout_keeps_labels_where_matplotlib_would_place_them() -> None:
    """Kept title and axis-label places give the very pixels matplotlib's own placing gives."""
    canvas = Redrawn(figsize=SIZE)
    base = [5.0, 7, 4, 6, 5, 8, 4, 6, 7, 5]
    canvas.redraw(lambda ax: plot_chart(compute_chart(y=base), ax=ax, **LABELS))
    layouts = canvas.layouts
    kept = canvas.redraw(
        lambda ax: plot_chart(compute_chart(y=[5.0, 6.5, *base[2:]]), ax=ax, **LABELS)
    )
    assert canvas.layouts == layouts  # same surroundings: no layout, places kept
    placed = figure_png(canvas.figure, dpi=canvas.dpi, facecolor="white", crop=False)
    assert kept == placed
