"""Tests for qiteach.plot.text_glyphs: text drawn from cached layouts and glyphs, same pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from qiteach.plot import text_glyphs, text_metrics

pytestmark = pytest.mark.skipif(not text_glyphs.SUPPORTED, reason="matplotlib < 3.11")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _figure(offset: float, *, antialiased: bool = True):
    """Texts at fractional positions, rotated, bold, unicode, a "$" (plain text) and mathtext."""
    fig = plt.figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    kw = {"antialiased": antialiased, "parse_math": False}
    fig.text(0.1 + offset, 0.8, "Jan Feb Mar 2024", fontsize=10, **kw)
    fig.text(0.13 + offset, 0.6, "Ünïcode — cost $5", fontsize=9.5, weight="bold", **kw)
    fig.text(0.5, 0.2 + offset, "Rotated 90", rotation=90, fontsize=11, **kw)
    fig.text(0.7, 0.3, "Tilted 30", rotation=30, fontsize=8.5, **kw)
    fig.text(0.1, 0.1 + offset, r"$x^2$ math", fontsize=10, antialiased=antialiased)
    return fig


def _pixels(fig, *, shared: bool) -> bytes:
    if shared:
        renderer = text_metrics.share_text_metrics(fig)
        assert "draw_text" in vars(renderer)
    fig.canvas.draw()
    return bytes(fig.canvas.buffer_rgba())


@pytest.mark.parametrize("antialiased", [True, False])
def test_cached_glyphs_draw_matplotlibs_pixels(antialiased):
    text_metrics._CACHES.clear()
    # offsets move texts by whole pixels (glyph bitmaps reused) and by fractions of a pixel
    for offset in (0.0, 0.0, 0.01, 0.0137, 0.25):
        plain = _pixels(_figure(offset, antialiased=antialiased), shared=False)
        assert _pixels(_figure(offset, antialiased=antialiased), shared=True) == plain, offset


def test_a_second_draw_renders_no_glyph_again():
    text_metrics._CACHES.clear()
    _pixels(_figure(0.0), shared=True)
    ((_, _, layouts, glyphs),) = text_metrics._CACHES.values()
    n_layouts, n_glyphs = len(layouts), len(glyphs)
    assert n_layouts >= 4 and n_glyphs > 30  # the mathtext is drawn by matplotlib, uncached
    _pixels(_figure(0.0), shared=True)
    assert (len(layouts), len(glyphs)) == (n_layouts, n_glyphs)
    _pixels(_figure(0.01), shared=True)  # whole pixels further: the same bitmaps, new places
    assert (len(layouts), len(glyphs)) == (n_layouts, n_glyphs)
    _pixels(_figure(0.0137), shared=True)  # fractions of a pixel: new bitmaps
    assert len(layouts) == n_layouts and len(glyphs) > n_glyphs
