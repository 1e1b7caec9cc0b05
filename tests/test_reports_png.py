"""figure_png and show_figure: one draw, nothing clipped, same bytes every time."""

from __future__ import annotations

import base64
import io

import matplotlib
import numpy as np
import pytest

from qiteach.exceptions import ReportError
from qiteach.reports import show_figure
from qiteach.reports.png import figure_png, png_size

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def _pixels(png: bytes) -> np.ndarray:
    return plt.imread(io.BytesIO(png))[..., :3]


def _legend_below(layout: str | None) -> plt.Figure:
    """A 4 x 2.5 in figure with a legend drawn under the axes (outside them)."""
    fig, ax = plt.subplots(figsize=(4, 2.5), layout=layout)
    ax.plot([1, 2, 3], [3, 1, 2], color="red", label="Data")
    ax.axhline(2, color="blue", label="Centre line")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    return fig


@pytest.fixture(autouse=True)
def _close_all():
    yield
    plt.close("all")


def _tight_height(fig) -> int:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return png_size(buf.getvalue())[1]


def test_legend_outside_a_plain_figure_is_not_clipped():
    fig = _legend_below(None)  # default subplot margins: the legend falls off the canvas
    height = png_size(figure_png(fig, dpi=100))[1]
    assert height > 2.5 * 100  # the page grew to hold the legend
    assert abs(height - _tight_height(_legend_below(None))) <= 2


def test_legend_outside_a_constrained_figure_is_kept_and_drawn_once():
    fig = _legend_below("constrained")
    draws = []
    fig.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    png = figure_png(fig, dpi=100)
    assert png_size(png) == (400, 250)  # the layout made room inside the canvas
    img = _pixels(png)
    legend_band = img[int(0.75 * 250) :]  # the bottom quarter holds the legend handles
    red = (legend_band[..., 0] > 0.8) & (legend_band[..., 1] < 0.3)
    blue = (legend_band[..., 2] > 0.8) & (legend_band[..., 0] < 0.3)
    assert red.any() and blue.any()
    assert len(draws) == 1


def test_plain_figure_is_cropped_to_its_content_like_a_tight_savefig():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [0, 1])
    ax.set_position([0.3, 0.3, 0.4, 0.4])  # wide empty margins
    w, h = png_size(figure_png(fig, dpi=100))
    assert w < 600 and h < 400
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    tw, th = png_size(buf.getvalue())
    assert abs(w - tw) <= 2 and abs(h - th) <= 2


def test_same_figure_same_bytes_white_background_no_metadata():
    a = figure_png(_legend_below("constrained"))
    b = figure_png(_legend_below("constrained"))
    assert a == b
    assert b"Software" not in a and b"matplotlib" not in a
    assert np.allclose(_pixels(a)[0, 0], 1.0)  # white corner


def test_png_holds_exactly_the_drawn_pixels():
    fig = _legend_below("constrained")
    png = figure_png(fig, dpi=100)
    drawn = np.asarray(fig.canvas.buffer_rgba())[..., :3]  # the canvas figure_png drew
    assert np.array_equal(np.round(_pixels(png) * 255).astype(np.uint8), drawn)
    assert _pixels(png).shape[:2] == png_size(png)[::-1] == drawn.shape[:2]


def test_show_figure_displays_png_with_alt_and_closes(monkeypatch):
    shown = []
    monkeypatch.setattr(
        "IPython.display.display", lambda data, **kw: shown.append((data, kw["metadata"]))
    )
    fig = _legend_below("constrained")
    show_figure(fig, alt='Run chart "x" <y>')
    assert plt.get_fignums() == []
    ((data, metadata),) = shown
    assert metadata == {"image/png": {"alt": 'Run chart "x" <y>'}}
    png = base64.b64decode(data["image/png"])
    assert png == figure_png(_legend_below("constrained"))


def test_show_figure_needs_alt_text_and_ignores_no_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    show_figure(None, alt="")  # a section without a chart yet
    assert shown == []
    with pytest.raises(ReportError, match="alt text"):
        show_figure(_legend_below(None), alt="  ")
