"""Small multiples of one measure across teams: a light panel each, one shared y-scale.

Drawing only: the charts come computed (:class:`~qiteach.charts.ChartResult`).
All panels live in one axes drawn with a few line collections, so dozens of
teams cost little. Each panel names its team and verdict; the target is a dashed
green line; signal points are blue when they go the wanted way and orange when
they go the other way (Okabe-Ito, colour-blind safe; the verdict is also
written, so colour is never the only cue).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qiteach.charts import compute_chart
>>> res = compute_chart(y=[1, 2, 3, 2, 1, 2, 3, 9, 9, 9, 9, 9, 9, 9, 9], chart="run")
>>> fig = plot_measure_panels([("North", "improvement", res), ("West", "not enough data", None)],
...                           direction="increase", title="Demo")
>>> [t.get_text() for t in fig.axes[0].texts][:2]
['North', 'improvement']
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from qiteach.plot.style import plain_text

if TYPE_CHECKING:
    from qiteach.charts.result import ChartResult

__all__ = ["plot_measure_panels"]


def _panel_xy(x: Any, y: Any, lo: float, hi: float, col: int, row: int, n: int) -> tuple:
    """Map a series onto panel (col, row) of the grid: 0.06-0.94 across, 0.1-0.72 up."""
    import numpy as np

    span = hi - lo if hi > lo else 1.0
    px = col + 0.06 + 0.88 * (np.asarray(x, float) / max(n - 1, 1))
    py = -row + 0.10 + 0.62 * ((np.asarray(y, float) - lo) / span)
    return px, py


@plain_text
def plot_measure_panels(
    panels: list[tuple[str, str, ChartResult | None]], *, direction: str, title: str, ncols: int = 6
) -> Figure:
    """One light panel per ``(label, verdict, ChartResult or None)``, on one shared y-scale.

    Every panel lives in one axes (panel ``(col, row)`` spans ``col..col+1`` and
    ``-row..-row+1`` in data coordinates) drawn with a handful of line
    collections, so dozens of teams cost little.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    from qiteach.plot.style import PALETTE, TEXT

    charts = panels
    values = [
        r.points[c].to_numpy(float)
        for _, _, r in charts
        if r is not None
        for c in ("y", "cl", "ucl", "lcl")
        if c in r.points
    ]
    targets = [r.target for _, _, r in charts if r is not None and r.target is not None]
    pool = np.concatenate([v[np.isfinite(v)] for v in values] + [np.asarray(targets, float)])
    lo, hi = (float(pool.min()), float(pool.max())) if pool.size else (0.0, 1.0)
    ncols = min(ncols, max(1, len(charts)))
    nrows = math.ceil(len(charts) / ncols)
    fig = plt.figure(figsize=(2.0 * ncols, 1.45 * nrows + 0.3))
    ax = fig.add_axes((0.005, 0.005, 0.99, 0.99 - 0.3 / (1.45 * nrows + 0.3)))
    ax.set_xlim(0, ncols)
    ax.set_ylim(-nrows + 1, 1)
    ax.set_axis_off()
    fig.text(0.005, 0.995, f"{title}: every panel on one scale "
             f"({lo:.3g} to {hi:.3g})", ha="left", va="top", fontsize=9, color=TEXT)  # fmt: skip
    data: list = []
    centre: list = []
    limits: list = []
    target_lines: list = []
    frames: list = []
    marks: dict[str, tuple[list, list]] = {"up": ([], []), "down": ([], [])}
    for i, ((label, verdict, result)) in enumerate(charts):
        col, r = i % ncols, i // ncols
        frames.append(Rectangle((col + 0.03, -r + 0.04), 0.94, 0.74))
        ax.text(col + 0.03, -r + 0.93, label[:26], fontsize=6.5, color=TEXT, ha="left",
                va="bottom")  # fmt: skip
        ax.text(col + 0.03, -r + 0.80, verdict, fontsize=6, ha="left", va="bottom",
                color={"improvement": PALETTE["blue"], "concern": PALETTE["vermillion"]}.get(
                    verdict, "#555555"))  # fmt: skip
        if result is None:
            continue
        pts = result.points
        x = np.arange(len(pts))
        series = {c: pts[c].to_numpy(float) for c in ("y", "cl", "ucl", "lcl") if c in pts}
        for key, target in (("y", data), ("cl", centre), ("ucl", limits), ("lcl", limits)):
            if key in series and np.isfinite(series[key]).any():
                target.append(np.column_stack(_panel_xy(x, series[key], lo, hi, col, r, len(pts))))
        if result.target is not None:
            tx, ty = _panel_xy([0, len(pts) - 1], [result.target] * 2, lo, hi, col, r, len(pts))
            target_lines.append(np.column_stack([tx, ty]))
        for span in result.signal_spans:
            if span.direction not in marks:
                continue
            rows = np.arange(int(span.start), int(span.end) + 1)
            flagged = rows[np.isfinite(series["y"][rows])]
            px, py = _panel_xy(flagged, series["y"][flagged], lo, hi, col, r, len(pts))
            marks[span.direction][0].extend(px)
            marks[span.direction][1].extend(py)
    ax.add_collection(PatchCollection(frames, facecolor="none", edgecolor="#CCCCCC",
                                      linewidth=0.8))  # fmt: skip
    ax.add_collection(LineCollection(limits, colors="#999999", linewidths=0.5))
    ax.add_collection(LineCollection(centre, colors=TEXT, linewidths=0.7))
    ax.add_collection(LineCollection(target_lines, colors=PALETTE["bluish_green"],
                                     linewidths=0.8, linestyles="dashed"))  # fmt: skip
    ax.add_collection(LineCollection(data, colors="#555555", linewidths=0.8))
    good = {"increase": "up", "decrease": "down"}.get(direction)
    for way, (mx, my) in marks.items():
        if not mx:
            continue
        colour = PALETTE["blue"] if way == good else PALETTE["orange"]
        if good is None:
            colour = PALETTE["reddish_purple"]
        ax.plot(mx, my, "o", markersize=2.2, color=colour, linestyle="")
    return fig
