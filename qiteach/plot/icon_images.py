"""Small PNG images of the Making Data Count icons, for HTML tables (drawn once per icon).

The icons are drawn by :mod:`qiteach.plot.icons`; this module renders each
distinct icon once to a small PNG (cached), so a matrix of hundreds of cells
costs ten tiny drawings.

>>> png = icon_png("variation", "common_cause")
>>> png[:4]
b'\\x89PNG'
>>> icon_png("variation", "common_cause") is png  # drawn once
True
"""

from __future__ import annotations

import io
from functools import lru_cache

__all__ = ["icon_png"]


@lru_cache(maxsize=32)
def icon_png(kind: str, key: str, *, pixels: int = 40) -> bytes:
    """PNG bytes of one icon: ``kind`` "variation" (a variation key) or "assurance"."""
    from matplotlib.figure import Figure

    from qiteach.plot.icons import draw_assurance_icon, draw_variation_icon

    fig = Figure(figsize=(pixels / 100, pixels / 100), dpi=100)
    icon = fig.add_axes((0, 0, 1, 1))
    icon.set_xlim(0, 1)
    icon.set_ylim(0, 1)
    icon.set_aspect("equal")
    icon.set_axis_off()
    if kind == "variation":
        draw_variation_icon(icon, key, caption=False)
    else:
        draw_assurance_icon(icon, key, caption=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, transparent=False, facecolor="white")
    return out.getvalue()
