"""Draw the prioritisation grid: impact (up) against effort (across), ideas numbered.

Takes the :class:`~qiteach.tools.priority.Placed` ideas of
:func:`~qiteach.tools.priority.prioritise` and returns the axes. Each idea is a
numbered circle in the cell of its scores; ideas sharing a cell sit side by side
in it, so circles and numbers never overlap (up to 25 ideas in one cell). The
ideas' words are in a key beside the grid, grouped by quadrant and wrapped, so
long names never run over the grid. The dividing lines fall between 2 and 3
(a score of :data:`~qiteach.tools.priority.HIGH_FROM` counts as high) and the
quadrant names, from :data:`~qiteach.tools.priority.QUADRANTS`, sit outside the
grid, above and below their half.

Artists carry gids: ``idea:<n>`` (the circle), ``num:<n>`` (its number),
``key:<n>`` (the idea's words in the key), ``label:<quadrant>`` (the name by the
grid), ``heading:<quadrant>`` (the key's heading), ``axis:impact``/``axis:effort``,
``tick:impact:<k>``/``tick:effort:<k>``, ``cell:<quadrant>`` and ``title``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qiteach.tools.priority import prioritise
>>> ax = plot_priority_grid(prioritise([("Texts", 4, 1), ("Clinic", 5, 5), ("Poster", 1, 1)]))
>>> sorted(t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("num:"))
['1', '2', '3']
>>> plt.close("all")
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Rectangle

from qiteach.drivers.layout import wrap_text
from qiteach.exceptions import ToolkitError
from qiteach.plot.drivers import text_width
from qiteach.plot.style import GREY, PALETTE, TEXT, figure_of, plain_text, save_figure
from qiteach.tools.priority import HIGH_FROM, QUADRANTS, SCORES, Placed

__all__ = ["QUADRANT_COLOURS", "plot_priority_grid", "save_priority_grid"]

#: Light fills of the four quadrants (Okabe-Ito hues; the names say which is which).
QUADRANT_COLOURS: dict[str, str] = {
    "quick wins": "#E3F4EE",
    "major projects": "#E4EFF8",
    "fill-ins": "#F4F4F4",
    "thankless tasks": "#FBEBDD",
}
_MARKER = {
    "quick wins": PALETTE["bluish_green"],
    "major projects": PALETTE["blue"],
    "fill-ins": GREY,
    "thankless tasks": PALETTE["vermillion"],
}

_MARGIN = 0.4
_CELL = 1.0  # inches per score step
_AXIS_ROOM = 0.75  # inches left of the grid for the impact label and ticks
_R = 0.08  # circle radius, inches
_STEP = 0.18  # centre-to-centre distance of circles sharing a cell
_KEY_W = 3.4
_PER_CELL = 25  # 5 x 5 circles fit in a cell
_TITLE_PT, _LABEL_PT, _TICK_PT, _NUM_PT, _KEY_PT = 13.0, 10.0, 9.0, 6.5, 8.5


def _lh(points: float) -> float:
    return points * 1.35 / 72.0


def _offsets(n: int) -> list[tuple[float, float]]:
    """Centres (inches from the cell centre) of ``n`` circles sharing a cell."""
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    out = []
    for k in range(n):
        r, c = divmod(k, cols)
        in_row = min(cols, n - r * cols)
        out.append(((c - (in_row - 1) / 2) * _STEP, (r - (rows - 1) / 2) * _STEP))
    return out


@plain_text
def plot_priority_grid(
    ideas: Sequence[Placed], ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw ``ideas`` on the impact/effort grid with a key; return the axes.

    Without ``ax`` a figure is made to fit the grid and the key (taller for a
    long key). Ideas are numbered in the order given.
    """
    n_scores = len(SCORES)
    title = title or "Impact and effort: which change ideas first?"
    top = _MARGIN + _lh(_TITLE_PT) + 0.25 + _lh(_LABEL_PT) + 0.05  # room for the names above
    left = _MARGIN + _AXIS_ROOM
    size = n_scores * _CELL
    key_x = left + size + 0.45
    width = key_x + _KEY_W + _MARGIN
    # the key: headings and wrapped ideas, grouped by quadrant in QUADRANTS order
    key: list[tuple[str, str, float, bool]] = []  # (gid, text, y, bold)
    y = top
    number = {id(p): k for k, p in enumerate(ideas, start=1)}
    for q in QUADRANTS:
        members = [p for p in ideas if p.quadrant == q]
        if not members:
            continue
        key.append((f"heading:{q}", f"{q.capitalize()}: {QUADRANTS[q][2]}", y, True))
        heading = wrap_text(key[-1][1], _KEY_W, font_size=_KEY_PT, bold=True, measure=text_width)
        key[-1] = (key[-1][0], "\n".join(heading), y, True)
        y += len(heading) * _lh(_KEY_PT) + 0.04
        for p in members:
            k = number[id(p)]
            label = f"{k}. {p.idea} (impact {p.impact}, effort {p.effort})"
            lines = wrap_text(label, _KEY_W, font_size=_KEY_PT, measure=text_width)
            key.append((f"key:{k}", "\n".join(lines), y, False))
            y += len(lines) * _lh(_KEY_PT) + 0.03
        y += 0.12
    bottom_grid = top + size + 0.1 + _lh(_TICK_PT) + 0.05 + _lh(_LABEL_PT) + 0.05 + _lh(_LABEL_PT)
    height = max(bottom_grid, y) + _MARGIN
    if ax is None:
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    ax.text(
        _MARGIN,
        _MARGIN,
        title,
        ha="left",
        va="top",
        fontsize=_TITLE_PT,
        fontweight="bold",
        color=TEXT,
        gid="title",
    )

    def cell_x(effort: float) -> float:
        return left + (effort - SCORES[0] + 0.5) * _CELL

    def cell_y(impact: float) -> float:
        return top + (SCORES[-1] - impact + 0.5) * _CELL

    split = HIGH_FROM - SCORES[0]  # cells below the line
    mid_x, mid_y = left + split * _CELL, top + (n_scores - split) * _CELL
    for q, (high_impact, high_effort, _) in QUADRANTS.items():
        x0, x1 = (mid_x, left + size) if high_effort else (left, mid_x)
        y0, y1 = (top, mid_y) if high_impact else (mid_y, top + size)
        ax.add_patch(
            Rectangle(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                facecolor=QUADRANT_COLOURS[q],
                edgecolor="none",
                gid=f"cell:{q}",
            )
        )
        label_y = top - 0.06 if high_impact else top + size + 0.1 + _lh(_TICK_PT) + 0.05
        ax.text(
            (x0 + x1) / 2,
            label_y,
            q.capitalize(),
            ha="center",
            va="bottom" if high_impact else "top",
            fontsize=_LABEL_PT,
            fontweight="bold",
            color=TEXT,
            gid=f"label:{q}",
        )
    ax.add_patch(Rectangle((left, top), size, size, fill=False, edgecolor=GREY, linewidth=1.0))
    ax.plot([mid_x, mid_x], [top, top + size], color=GREY, linewidth=1.2, linestyle="--")
    ax.plot([left, left + size], [mid_y, mid_y], color=GREY, linewidth=1.2, linestyle="--")
    for s in SCORES:
        ax.text(
            cell_x(s),
            top + size + 0.06,
            str(s),
            ha="center",
            va="top",
            fontsize=_TICK_PT,
            color=TEXT,
            gid=f"tick:effort:{s}",
        )
        ax.text(
            left - 0.08,
            cell_y(s),
            str(s),
            ha="right",
            va="center",
            fontsize=_TICK_PT,
            color=TEXT,
            gid=f"tick:impact:{s}",
        )
    effort_y = top + size + 0.1 + _lh(_TICK_PT) + 0.05 + _lh(_LABEL_PT) + 0.05
    ax.text(
        left + size / 2,
        effort_y,
        "Effort (1 little - 5 a great deal)",
        ha="center",
        va="top",
        fontsize=_LABEL_PT,
        color=TEXT,
        gid="axis:effort",
    )
    ax.text(
        _MARGIN,
        top + size / 2,
        "Impact (1 hardly - 5 a lot)",
        ha="left",
        va="center",
        rotation=90,
        fontsize=_LABEL_PT,
        color=TEXT,
        gid="axis:impact",
    )
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, p in enumerate(ideas, start=1):
        cells[(p.effort, p.impact)].append(k)
    for (effort, impact), ks in cells.items():
        if len(ks) > _PER_CELL:
            raise ToolkitError(
                f"{len(ks)} ideas scored impact {impact}, effort {effort}",
                fix=f"the grid shows at most {_PER_CELL} ideas with the same two scores",
            )
        for k, (dx, dy) in zip(ks, _offsets(len(ks)), strict=True):
            p = ideas[k - 1]
            cx, cy = cell_x(effort) + dx, cell_y(impact) + dy
            ax.add_patch(
                Circle(
                    (cx, cy),
                    _R,
                    facecolor=_MARKER[p.quadrant],
                    edgecolor="white",
                    linewidth=0.6,
                    gid=f"idea:{k}",
                )
            )
            ax.text(
                cx,
                cy,
                str(k),
                ha="center",
                va="center",
                fontsize=_NUM_PT,
                fontweight="bold",
                color="white",
                gid=f"num:{k}",
            )
    for gid, text, ky, bold in key:
        ax.text(
            key_x,
            ky,
            text,
            ha="left",
            va="top",
            fontsize=_KEY_PT,
            linespacing=1.35,
            fontweight="bold" if bold else "normal",
            color=TEXT,
            gid=gid,
        )
    return ax


def save_priority_grid(
    ideas: Sequence[Placed], path: str | os.PathLike[str], *, title: str | None = None
) -> Path:
    """Draw the grid and save it (PNG, SVG or PDF by the extension), atomically."""
    ax = plot_priority_grid(ideas, title=title)
    fig = figure_of(ax)
    try:
        return save_figure(fig, path)
    finally:
        plt.close(fig)
