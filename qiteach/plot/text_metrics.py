"""Text sizes measured once per process, not once per figure.

matplotlib caches the size of a text per renderer, and every figure has its own
renderer, so a team report's dozen figures measure "Jan", "Centre line (mean)"
and every tick label a dozen times; and every text layout looks up the font
file and reads its height tables again (``Text._get_layout``, once per text
per measurement: constrained layout measures each text several times). Both
are pure functions of the string, the font properties, the dpi and the font
settings, so :func:`share_text_metrics` gives an Agg renderer process-wide
caches of both. The sizes are the ones matplotlib computes, so the pixels are
unchanged (tests/test_plot_text_metrics.py draws figures with and without).
The renderer also draws plain text from process-wide caches of laid-out strings
and rendered glyphs (:mod:`qiteach.plot.text_glyphs`), the same pixels.

Like matplotlib's own per-renderer cache, a renderer keeps the font settings
(``rcParams``) it was given the caches under; a new figure, with a new
renderer, sees settings changed in between.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> renderer = share_text_metrics(fig)
>>> share_text_metrics(fig) is renderer  # the figure's own renderer, given the caches once
True
>>> w, h, d = renderer.get_text_width_height_descent("Jan", ax.title.get_fontproperties(), False)
>>> w > 0 and h > d >= 0
True
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

from qiteach.plot.text_glyphs import SUPPORTED, Glyphs, Layouts, cached_draw_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = ["share_text_metrics"]

#: rcParams a text's measured size depends on (the font found for a family, hinting).
_FONT_RC = (
    "font.family",
    "font.serif",
    "font.sans-serif",
    "font.cursive",
    "font.fantasy",
    "font.monospace",
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
)

_Sizes = dict[tuple[str, Any], tuple[float, float, float]]
_Heights = dict[Any, tuple[float, float, float] | tuple[None, None, None]]
#: (font settings, dpi) -> caches of text sizes, font heights, string layouts and glyph
#: bitmaps shared by every renderer
_CACHES: dict[tuple[Any, ...], tuple[_Sizes, _Heights, Layouts, Glyphs]] = {}
_LIMIT = 50_000  # entries per cache before it is emptied (strings of many reports)


def _settings_key(dpi: float) -> tuple[Any, ...]:
    rc: Any = mpl.rcParams  # (typed for its known keys only)
    values = tuple(
        tuple(v) if isinstance(v, list) else v for k in _FONT_RC if k in rc for v in [rc[k]]
    )
    return (dpi, len(font_manager.fontManager.ttflist), *values)


def _font_heights(prop: FontProperties, dpi: float) -> tuple[float, float, float] | None:
    """Ascent, descent and line gap of the font, as ``Text._get_layout`` computes them."""
    font: Any = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None


def share_text_metrics(fig: Figure) -> Any:
    """The renderer of ``fig``'s Agg canvas, given the process-wide text caches; returned.

    A canvas that is not Agg (or not yet a canvas) gets no caches: its renderer
    is returned as it is.
    """
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        return canvas.get_renderer()  # type: ignore[attr-defined]
    renderer: Any = canvas.get_renderer()
    if type(renderer) is not RendererAgg or getattr(renderer, "_qiteach_shared", False):
        return renderer
    dpi = renderer.dpi
    key = _settings_key(dpi)
    sizes, heights, layouts, glyphs = _CACHES.setdefault(key, ({}, {}, {}, {}))
    if len(sizes) > _LIMIT or len(heights) > _LIMIT:
        sizes.clear()
        heights.clear()
    measure: Callable[..., tuple[float, float, float]] = renderer.get_text_width_height_descent

    def get_text_width_height_descent(
        s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        if ismath:  # mathtext and TeX are measured as matplotlib does
            return measure(s, prop, ismath)
        found = sizes.get((s, prop))
        if found is None:  # FontProperties is mutable: keep a copy as the key
            found = sizes[(s, prop.copy())] = measure(s, prop, ismath)
        return found

    def _get_font_height_metrics(prop: FontProperties) -> tuple[Any, Any, Any]:
        found = heights.get(prop)
        if found is None:
            found = heights[prop.copy()] = _font_heights(prop, dpi) or (None, None, None)
        return found

    # read by Text._get_layout (matplotlib >= 3.10) when the renderer has it; otherwise
    # matplotlib computes the same numbers itself
    shared: Any = renderer  # (instance attributes matplotlib's types do not declare)
    shared._get_font_height_metrics = _get_font_height_metrics
    shared.get_text_width_height_descent = get_text_width_height_descent
    if SUPPORTED:
        shared.draw_text = cached_draw_text(renderer, layouts, glyphs)
    shared._qiteach_shared = True
    return shared
