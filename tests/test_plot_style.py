"""Tests for qiteach.plot.style: palette, axes styling, value formatting, atomic saving."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from qiteach.exceptions import InputError
from qiteach.plot import style


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_palette_is_okabe_ito():
    expected = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                "#CC79A7"}  # fmt: skip
    assert set(style.PALETTE.values()) == expected
    for colour in style.MDC_COLOURS.values():
        to_rgb(colour)  # every colour is valid


def test_new_axes_size_and_layout():
    fig, ax = style.new_axes()
    assert tuple(fig.get_size_inches()) == style.FIGSIZE == (9.0, 4.5)
    assert ax.figure is fig


def test_style_axes_changes_the_axes_not_rcparams():
    before = dict(matplotlib.rcParams)
    _, ax = style.new_axes()
    style.style_axes(ax)
    assert dict(matplotlib.rcParams) == before
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert all(line.get_visible() for line in ax.yaxis.get_gridlines())
    assert not any(line.get_visible() for line in ax.xaxis.get_gridlines())


def test_format_date_axis_gives_concise_month_labels():
    fig, ax = style.new_axes()
    dates = np.arange("2021-01", "2023-07", dtype="datetime64[M]").astype("datetime64[D]")
    ax.plot(dates, np.arange(len(dates)))
    style.format_date_axis(ax, maxticks=8)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert 3 <= len(labels) <= 9
    assert "2022" in labels  # the year is shown where it changes
    assert any(lab in {"Apr", "Jul", "Oct", "Mar", "May", "Sep"} for lab in labels)


@pytest.mark.parametrize(
    ("value", "scale", "text"),
    [(0.215, 1.0, "21.5%"), (35.0, 100.0, "35%"), (12.3456, None, "12.3"), (0.001234, None,
     "0.00123"), (25000.4, None, "25,000")],
)  # fmt: skip
def test_format_value(value, scale, text):
    assert style.format_value(value, percent_scale=scale) == text


def test_percent_formatter_scales():
    assert style.percent_formatter(scale=1.0, decimals=0).format_pct(0.5, 1) == "50%"
    assert style.percent_formatter(scale=100.0, decimals=0).format_pct(50, 100) == "50%"
    assert style.percent_formatter(scale=50.0, decimals=1).format_pct(5, 50) == "10.0%"


def test_save_figure_writes_atomically_and_replaces(tmp_path):
    fig, ax = style.new_axes(figsize=(3, 2))
    ax.plot([1, 2, 3])
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    out = style.save_figure(fig, target)
    assert out == target
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert os.listdir(tmp_path) == ["chart.png"]  # no temp file left behind
    svg = style.save_figure(fig, tmp_path / "chart.svg")
    assert b"<svg" in svg.read_bytes()[:500]


def test_save_figure_leaves_no_temp_file_on_failure(tmp_path):
    fig, _ = style.new_axes(figsize=(3, 2))
    with pytest.raises(ValueError):
        style.save_figure(fig, tmp_path / "chart.notaformat")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name", ["chart", "missing/chart.png"])
def test_save_figure_bad_path_is_input_error(tmp_path, name):
    fig, _ = style.new_axes(figsize=(3, 2))
    with pytest.raises(InputError, match="fix:"):
        style.save_figure(fig, tmp_path / name)
