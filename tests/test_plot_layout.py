"""Tests for qiteach.plot.layout: one axes laid out from one measurement, nothing cut off."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import qiteach
from qiteach.charts import compute_chart
from qiteach.plot.chart import plot_chart
from qiteach.plot.layout import FittedLayout
from qiteach.plot.style import new_axes
from qiteach.reports import sections as S
from qiteach.reports.png import figure_png, png_size


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _inside(fig, artist, renderer, slack: float = 1.0) -> bool:
    box = artist.get_tightbbox(renderer)
    w, h = fig.bbox.width, fig.bbox.height
    return box.x0 >= -slack and box.y0 >= -slack and box.x1 <= w + slack and box.y1 <= h + slack


def _surroundings(ax) -> list:
    """Every text (the tick labels drawn) and the legend around the axes."""
    shown = [tick.label1 for axis in (ax.xaxis, ax.yaxis) for tick in axis._update_ticks()]
    texts = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *shown]
    legend = [ax.get_legend()] if ax.get_legend() is not None else []
    return [t for t in texts if t.get_text()] + legend


@pytest.mark.parametrize("rules", [None, "mdc"])
@pytest.mark.parametrize("team", ["aire-valley-01", "derwent-02"])
def test_report_charts_fit_the_canvas_and_keep_constrained_layouts_margins(team, rules) -> None:
    team_ = qiteach.open_workspace("collaborative").team(team)
    for section in S.measure_sections(team_, rules):
        fig = section.figure
        assert isinstance(fig.get_layout_engine(), FittedLayout)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        for artist in _surroundings(ax):
            assert _inside(fig, artist, renderer), (section.name, artist)
        for icon in ax.child_axes:  # the icon ring's edge reaches the top (as constrained has it)
            assert _inside(fig, icon, renderer, slack=3.0), (section.name, icon)
        legend = ax.get_legend().get_window_extent(renderer)
        ticks = ax.xaxis.get_tightbbox(renderer)
        assert legend.y1 <= ticks.y0, (section.name, "legend over the x tick labels")
        title = ax.get_title(loc="left")
        assert title and ax._left_title.get_window_extent(renderer).y0 >= ax.bbox.y1
        fitted = ax.get_window_extent(renderer)
        # the same chart under constrained layout: the same room above, below and left
        fig.set_layout_engine("constrained")
        fig.canvas.draw()
        constrained = ax.get_window_extent(fig.canvas.get_renderer())
        assert abs(fitted.y0 - constrained.y0) <= 3, section.name
        assert abs(fitted.y1 - constrained.y1) <= 3, section.name
        assert fitted.x0 <= constrained.x0 + 3, section.name  # never narrower on the left
        assert fitted.width >= constrained.width - 3, section.name  # never less room for data
        plt.close(fig)


def test_the_whole_canvas_is_the_png_drawn_once() -> None:
    fig, ax = new_axes(figsize=(6, 3), layout="fitted")
    plot_chart(compute_chart(y=[5, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8], chart="i"), ax, title="Calls")
    assert png_size(figure_png(fig, dpi=50)) == (300, 150)
    assert fig.get_layout_engine().passes == 1


def test_tick_labels_that_grow_with_the_axes_are_measured_again() -> None:
    # a tall y axis on a short figure: the first measurement is made with few y ticks
    # ("0", "500"), the fitted axes are taller and get more, wider ones ("250.5"?): the
    # layout measures until the tick labels it measured are the ones shown
    fig, ax = new_axes(figsize=(4, 6), layout="fitted")
    ax.plot([0, 1], [0.0, 1234.5678])
    ax.set_ylabel("Value")
    ax.set_title("Long y axis")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for artist in _surroundings(ax):
        assert _inside(fig, artist, renderer), artist
    assert 1 <= fig.get_layout_engine().passes <= 3


def test_more_than_one_axes_is_laid_out_by_constrained_layout() -> None:
    fig, (a, b) = plt.subplots(1, 2, figsize=(6, 3), layout=FittedLayout())
    a.set_ylabel("A long label for the left axes")
    b.set_ylabel("Another one")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert not a.get_tightbbox(renderer).overlaps(b.get_tightbbox(renderer))
    assert fig.get_layout_engine().passes == 0


def test_a_chart_legend_stays_under_its_x_axis_when_a_second_axes_is_added() -> None:
    fig, ax = new_axes(figsize=(7, 4), layout="fitted")
    y = [5, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8, 12, 13, 12, 14]
    plot_chart(compute_chart(y=y, chart="i"), ax, title="Calls", xlabel="Week")
    fig.add_axes((0.8, 0.8, 0.1, 0.1))  # now two axes: constrained layout lays them out
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= ax.xaxis.get_tightbbox(renderer).y0
    assert _inside(fig, ax.get_legend(), renderer)
