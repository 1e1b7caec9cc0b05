"""Tests for qiteach.plot.text_metrics and the remembering date locator: the same pixels, sooner."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg

from qiteach.charts import compute_chart
from qiteach.plot import chart, style, text_metrics
from qiteach.plot.chart import plot_chart


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _chart(title: str):
    dates = np.arange("2024-01", "2026-01", dtype="datetime64[M]").astype("datetime64[D]")
    y = [5, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8, 12, 13, 12, 14, 13, 12, 14, 15, 13, 14, 12, 13]
    result = compute_chart(x=dates, y=y, chart="i", target=10.0)
    return plot_chart(result, title=title, ylabel="Calls", pdsa={dates[6]: "PDSA 1: ring back"})


def _pixels(fig) -> bytes:
    fig.canvas.draw()
    return bytes(fig.canvas.buffer_rgba())


@pytest.mark.parametrize("title", ["Calls answered in 2 minutes", "Ünïcode — and a $ sign"])
def test_shared_text_sizes_draw_the_same_pixels(title, monkeypatch):
    with monkeypatch.context() as m:  # matplotlib alone: plot_chart's legend measures unshared
        m.setattr(chart, "share_text_metrics", lambda fig: fig.canvas.get_renderer())
        fig = _chart(title).figure
        assert not getattr(fig.canvas.get_renderer(), "_qiteach_shared", False)
        plain = _pixels(fig)
    text_metrics._CACHES.clear()
    for _ in range(2):  # a first figure fills the caches, a second draws from them
        fig = _chart(title).figure
        renderer = text_metrics.share_text_metrics(fig)
        assert renderer._qiteach_shared and renderer is fig.canvas.get_renderer()
        assert _pixels(fig) == plain


def test_a_second_figure_measures_no_text_again(monkeypatch):
    text_metrics._CACHES.clear()
    _pixels(_chart("First").figure)
    calls = []
    measure = RendererAgg.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        calls.append(s)
        return measure(self, s, prop, ismath)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counting)
    fig = _chart("First").figure  # its renderer is given the caches by plot_chart's legend
    _pixels(fig)
    assert calls == []  # every string and font size was measured by the first figure
    fig2, ax2 = plt.subplots()
    ax2.set_title("A string no figure has measured")
    text_metrics.share_text_metrics(fig2)
    _pixels(fig2)
    assert "A string no figure has measured" in calls  # (the counting does count)


def test_font_heights_match_matplotlibs_own():
    fig, ax = plt.subplots()
    text = ax.set_title("Height", fontsize=13)
    renderer = fig.canvas.get_renderer()
    plain = text.get_window_extent(renderer)
    shared = text.get_window_extent(text_metrics.share_text_metrics(fig))
    assert renderer is fig.canvas.get_renderer()
    assert shared.bounds == plain.bounds


def test_settings_changed_between_figures_are_seen():
    fig, ax = plt.subplots()
    prop = ax.title.get_fontproperties()
    small = text_metrics.share_text_metrics(fig).get_text_width_height_descent("Wide", prop, False)
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans Mono"]}):
        fig2, ax2 = plt.subplots()
        renderer = text_metrics.share_text_metrics(fig2)
        mono = renderer.get_text_width_height_descent("Wide", ax2.title.get_fontproperties(), False)
    assert mono != small


@pytest.mark.parametrize("months", [3, 14, 40, 130])
def test_remembered_date_ticks_equal_the_auto_locators(months):
    _fig, ax = style.new_axes()
    x = np.arange(np.datetime64("2020-01"), np.datetime64("2020-01") + months)
    ax.plot(x, range(months))
    style.format_date_axis(ax)
    remembered = ax.xaxis.get_major_locator()
    plain = mdates.AutoDateLocator(minticks=3, maxticks=10)
    plain.set_axis(ax.xaxis)
    lo, hi = ax.get_xlim()
    for view in [(lo, hi), (lo + 40, hi + 40), (lo, hi), (lo - 400, hi)]:  # pan and come back
        ax.set_xlim(*view)
        assert np.array_equal(remembered(), plain())
        assert remembered._get_unit() == plain._get_unit()
    assert len(remembered._seen) == 3
    first = remembered()
    first[:] = 0  # the caller's copy, not the remembered ticks
    assert np.array_equal(remembered(), plain())
