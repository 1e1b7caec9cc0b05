"""Text drawn from glyphs laid out and rendered once per process, not once per draw.

matplotlib's Agg renderer (3.11) draws a text by laying out its string with
FreeType (``FT2Font._layout``) and then rendering every glyph at its position
(``FT2Font._render_glyph``) at each draw. A team report draws about 180 texts
(tick labels, legends, titles) but only about 40 different ones, with about
2,000 glyphs of which about a third differ. :func:`cached_draw_text` keeps

* the layout of each string (the glyphs and their offsets), keyed on the
  string, the font properties, the font features and language and the hinting,
  as matplotlib computes it; and
* each rendered glyph bitmap, keyed on the font, size, glyph, hinting,
  antialiasing, rotation and the position's fraction of a pixel (in FreeType's
  1/64 pixel units). Moving a glyph by whole pixels moves its bitmap by whole
  pixels and leaves the bitmap unchanged (FreeType rasterises relative to the
  pixel grid), so the bitmap is drawn at the new place: the same pixels.

The caches live with :mod:`qiteach.plot.text_metrics`' (per font settings and
dpi). Only plain text is drawn this way; mathtext and TeX go to matplotlib, and
so does every text on a matplotlib whose FreeType wrapper lacks these methods.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.plot.text_metrics import share_text_metrics
>>> fig, ax = plt.subplots(figsize=(2, 1))
>>> _ = ax.set_title("Jan")
>>> renderer = share_text_metrics(fig)
>>> fig.canvas.draw()
>>> "draw_text" in vars(renderer) or not SUPPORTED  # drawn from the caches
True
>>> plt.close(fig)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.ft2font import FT2Font, RenderMode

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.font_manager import FontProperties

__all__ = ["SUPPORTED", "cached_draw_text"]

#: matplotlib's FreeType wrapper lays out and renders glyph by glyph (matplotlib >= 3.11).
SUPPORTED = hasattr(FT2Font, "_layout") and hasattr(FT2Font, "_render_glyph")

Layouts = dict[tuple[Any, ...], list[tuple[Any, int, float, float]]]
Glyphs = dict[tuple[Any, ...], tuple[np.ndarray, int, int]]
_LIMIT = 50_000  # entries per cache before it is emptied


def _matrix(angle: float) -> tuple[np.ndarray, float, float]:
    """FreeType's 16.16 rotation matrix for ``angle``, as matplotlib builds it, and cos, sin."""
    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[1, 0], [0, 1]]).round().astype(int)
    return matrix, cos, sin


def cached_draw_text(renderer: Any, layouts: Layouts, glyphs: Glyphs) -> Callable[..., None]:
    """A ``draw_text`` for the Agg ``renderer`` drawing plain text from ``layouts`` and ``glyphs``.

    It draws what ``RendererAgg.draw_text`` draws (tests/test_plot_text_metrics.py
    compares the pixels).
    """
    draw = renderer.draw_text  # matplotlib's, for mathtext and TeX

    def draw_text(
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        if ismath:
            draw(gc, x, y, s, prop, angle, ismath, mtext=mtext)
            return
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        thread = threading.get_ident()  # matplotlib keeps one FT2Font per thread
        try:
            key = (s, prop, features, language, flags, thread)
            items = layouts.get(key)
        except TypeError:  # unhashable features or language: as matplotlib does
            draw(gc, x, y, s, prop, angle, ismath, mtext=mtext)
            return
        if items is None:
            font = renderer._prepare_font(prop)
            laid = font._layout(s, flags=flags, features=features, language=language)
            items = [(i.ft_object, i.glyph_index, i.x, i.y) for i in laid]
            if len(layouts) > _LIMIT:
                layouts.clear()
            layouts[(s, prop.copy(), features, language, flags, thread)] = items
        if not items:
            return
        size = prop.get_size_in_points()
        dpi, height = renderer.dpi, renderer.height
        antialiased = gc.get_antialiased()
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        matrix, cos, sin = _matrix(angle)
        draw_image = renderer._renderer.draw_text_image
        if len(glyphs) > _LIMIT:
            glyphs.clear()
        for font, index, dx, dy in items:  # dy is upwards
            tx = round(0x40 * (x + dx * cos - dy * sin))
            ty = round(0x40 * (height - y + dx * sin + dy * cos))  # FreeType's y is upwards
            gkey = (font, size, dpi, index, flags, antialiased, angle, tx & 63, ty & 63)
            found = glyphs.get(gkey)
            if found is None:
                font.set_size(size, dpi)
                font._set_transform(matrix, [tx, ty])
                bitmap = font._render_glyph(index, flags, mode)
                buffer = bitmap.buffer
                if not antialiased:
                    buffer *= 0xFF
                found = glyphs[gkey] = (buffer, bitmap.left - (tx >> 6), bitmap.top - (ty >> 6))
            buffer, left, top = found
            # draw_text_image's y is downwards and the bitmap's bottom side
            draw_image(buffer, left + (tx >> 6), int(height) - (top + (ty >> 6)) + buffer.shape[0],
                       0, gc)  # fmt: skip

    return draw_text
