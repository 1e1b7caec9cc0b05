"""Draw a stakeholder analysis as the influence/interest grid.

Interest runs along the bottom, influence up the side (Mendelow's grid: see
:mod:`qiteach.tools.stakeholders`, which computes the quadrants; nothing is
computed here). Each quadrant is shaded and titled; each stakeholder is a dot
at its two scores (stakeholders with the same scores share the cell, set round
its centre) with its name beside it. Names are placed so that no two overlap
and none covers a dot or a quadrant's title: each name is tried at the side of
its dot first, then further away (with a thin line back to the dot), always
inside its own quadrant. A high-influence stakeholder with no planned action
has a red ring and "no action yet" under its name.

Artists carry gids: ``stake-quadrant:<key>`` (the shaded quadrants),
``stake-heading:<key>`` (their titles), ``stake-point:<name>``,
``stake-label:<name>``, ``stake-leader:<name>`` and ``stake-gap:<name>``
(the red ring).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.tools.stakeholders import EXAMPLE_STAKEHOLDERS, StakeholderGrid
>>> ax = plot_stakeholder_grid(StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS))
>>> sorted(t.get_gid() for t in ax.texts if t.get_gid().startswith("stake-heading"))
['stake-heading:keep_informed', 'stake-heading:keep_satisfied', 'stake-heading:manage_closely', 'stake-heading:monitor']
>>> plt.close("all")
"""  # noqa: E501

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from qiteach.plot.drivers import text_width
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, figure_of, plain_text
from qiteach.tools.stakeholders import (
    HIGH_FROM,
    QUADRANTS,
    SCORES,
    Stakeholder,
    StakeholderGrid,
)

__all__ = ["QUADRANT_COLOURS", "plot_stakeholder_grid"]

#: each quadrant's dot colour and (pale) background
QUADRANT_COLOURS: dict[str, tuple[str, str]] = {
    "manage_closely": (PALETTE["blue"], "#DCEBF5"),
    "keep_satisfied": (PALETTE["orange"], "#FBEFD5"),
    "keep_informed": (PALETTE["bluish_green"], "#D9F0E9"),
    "monitor": ("#6E6E6E", "#EFEFEF"),
}
GAP_COLOUR = PALETTE["vermillion"]
_LO, _HI = SCORES[0] - 0.85, SCORES[-1] + 0.85  # room past the end cells for the titles
_SPLIT = HIGH_FROM - 0.5  # the line between low and high
_WRAP = 18  # characters per line of a name
_LABEL_SIZE = 8.5
_DOT = 0.085  # inches: half the size of the box kept clear round a dot
_PAD = 0.03  # inches kept clear round each name


def _wrap(name: str) -> str:
    return "\n".join(textwrap.wrap(name, _WRAP, break_long_words=True)) or name


def _size(text: str, size: float) -> tuple[float, float]:
    """(width, height) in inches of ``text`` drawn at ``size`` points."""
    lines = text.split("\n")
    width = max(text_width(line, size) for line in lines)
    return width, len(lines) * size * 1.2 * 1.17 / 72.0


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches from the axes' corner


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: Box, b: Box) -> bool:
    return b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]


def _dots(people: Sequence[Stakeholder]) -> dict[str, tuple[float, float]]:
    """Data positions: a cell's stakeholders set round its centre, evenly."""
    cells: dict[tuple[int, int], list[Stakeholder]] = {}
    for s in people:
        cells.setdefault((s.interest, s.influence), []).append(s)
    out: dict[str, tuple[float, float]] = {}
    for (x, y), group in cells.items():
        n = len(group)
        radius = 0.0 if n == 1 else min(0.36, 0.14 + 0.025 * n)
        for k, s in enumerate(group):
            angle = math.pi / 2 + 2 * math.pi * k / n
            out[s.name] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return out


def _quadrant_box(key: str) -> tuple[float, float, float, float]:
    q = QUADRANTS[key]
    x0, x1 = (_SPLIT, _HI) if q.high_interest else (_LO, _SPLIT)
    y0, y1 = (_SPLIT, _HI) if q.high_influence else (_LO, _SPLIT)
    return x0, y0, x1, y1


def _candidates(cx: float, cy: float, w: float, h: float) -> list[tuple[Box, bool]]:
    """Boxes for a name round a dot at (cx, cy), nearest first; True if it needs a leader."""
    out: list[tuple[Box, bool]] = []
    gap = _DOT + _PAD
    beside = [
        (cx + gap, cy - h / 2),  # right
        (cx - gap - w, cy - h / 2),  # left
        (cx - w / 2, cy + gap),  # above
        (cx - w / 2, cy - gap - h),  # below
    ]
    out += [((x, y, x + w, y + h), False) for x, y in beside]
    for step in range(1, 60):
        d = gap + 0.08 * step
        for k in range(16):
            a = 2 * math.pi * k / 16
            x, y = cx + d * math.cos(a) * (1 + w / (2 * d)), cy + d * math.sin(a)
            out.append(((x - w / 2, y - h / 2, x + w / 2, y + h / 2), True))
    return out


def _place(
    people: Sequence[Stakeholder],
    dots: Mapping[str, tuple[float, float]],
    sx: float,
    sy: float,
    reserved: list[Box],
) -> dict[str, tuple[Box, bool]]:
    """A box (inches) for every name: inside its quadrant, clear of names, dots, headings."""
    taken = list(reserved)
    for x, y in dots.values():
        px, py = (x - _LO) * sx, (y - _LO) * sy
        taken.append((px - _DOT, py - _DOT, px + _DOT, py + _DOT))
    out: dict[str, tuple[Box, bool]] = {}
    for s in people:
        x0, y0, x1, y1 = _quadrant_box(s.quadrant)
        room = ((x0 - _LO) * sx + _PAD, (y0 - _LO) * sy + _PAD,
                (x1 - _LO) * sx - _PAD, (y1 - _LO) * sy - _PAD)  # fmt: skip
        w, h = _size(_label(s), _LABEL_SIZE)
        w, h = w + 2 * _PAD, h + 2 * _PAD
        cx, cy = (dots[s.name][0] - _LO) * sx, (dots[s.name][1] - _LO) * sy
        chosen = None
        for box, leader in _candidates(cx, cy, w, h):
            if _inside(box, room) and not any(_overlaps(box, t) for t in taken):
                chosen = (box, leader)
                break
        if chosen is None:  # no room in the quadrant: anywhere clear on the grid
            whole = (_PAD, _PAD, (_HI - _LO) * sx - _PAD, (_HI - _LO) * sy - _PAD)
            for box, _ in _candidates(cx, cy, w, h):
                if _inside(box, whole) and not any(_overlaps(box, t) for t in taken):
                    chosen = (box, True)
                    break
        if chosen is None:  # pragma: no cover - more names than the grid holds
            chosen = (_candidates(cx, cy, w, h)[0][0], False)
        taken.append(chosen[0])
        out[s.name] = chosen
    return out


def _label(s: Stakeholder) -> str:
    text = _wrap(s.name)
    if s.high_influence and not (s.action and s.who):
        text += "\nno action yet"
    return text


@plain_text
def plot_stakeholder_grid(
    grid: StakeholderGrid | Sequence[Mapping[str, Any]],
    ax: Axes | None = None,
    *,
    title: str | None = "Stakeholders: influence and interest",
) -> Axes:
    """Draw the grid with every stakeholder named; returns the axes.

    ``grid`` is a :class:`StakeholderGrid` or the rows it is built from. A
    new figure is 9 by 7 inches (taller for more than 12 stakeholders).
    """
    if not isinstance(grid, StakeholderGrid):
        grid = StakeholderGrid.from_records(grid)
    people = list(grid.stakeholders)
    if ax is None:
        height = 7.0 + max(0, len(people) - 12) * 0.15
        fig = plt.figure(figsize=(9.0, height))
        ax = fig.add_axes((0.1, 0.09, 0.86, 0.88 - 0.5 / height))
    fig = figure_of(ax)
    pos = ax.get_position()
    width_in, height_in = fig.get_size_inches()
    sx = pos.width * width_in / (_HI - _LO)  # inches per score
    sy = pos.height * height_in / (_HI - _LO)
    ax.set_xlim(_LO, _HI)
    ax.set_ylim(_LO, _HI)
    reserved: list[Box] = []
    for key, q in QUADRANTS.items():
        x0, y0, x1, y1 = _quadrant_box(key)
        dot, pale = QUADRANT_COLOURS[key]
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=pale, edgecolor="white",
                               linewidth=2, zorder=0, gid=f"stake-quadrant:{key}"))  # fmt: skip
        hx = x1 - 0.06 if q.high_interest else x0 + 0.06
        hy = y1 - 0.06 if q.high_influence else y0 + 0.06
        ha = "right" if q.high_interest else "left"
        va = "top" if q.high_influence else "bottom"
        ax.text(hx, hy, q.title, ha=ha, va=va, fontsize=FONT["label"], fontweight="bold",
                color=dot, zorder=2, gid=f"stake-heading:{key}")  # fmt: skip
        w = text_width(q.title, FONT["label"], bold=True) + 2 * _PAD
        h = FONT["label"] * 1.4 / 72.0 + 2 * _PAD
        bx = (hx - _LO) * sx - (w - _PAD if ha == "right" else _PAD)
        by = (hy - _LO) * sy - (h - _PAD if va == "top" else _PAD)
        reserved.append((bx, by, bx + w, by + h))
    dots = _dots(people)
    boxes = _place(people, dots, sx, sy, reserved)
    for s in people:
        x, y = dots[s.name]
        dot, _ = QUADRANT_COLOURS[s.quadrant]
        ax.plot([x], [y], "o", color=dot, markersize=7, markeredgecolor="white", zorder=4,
                gid=f"stake-point:{s.name}")  # fmt: skip
        gap = s.high_influence and not (s.action and s.who)
        if gap:
            ax.plot([x], [y], "o", markersize=11, markerfacecolor="none",
                    markeredgecolor=GAP_COLOUR, markeredgewidth=1.6, zorder=5,
                    gid=f"stake-gap:{s.name}")  # fmt: skip
        (bx0, by0, bx1, by1), leader = boxes[s.name]
        lx, ly = (bx0 + bx1) / 2 / sx + _LO, (by0 + by1) / 2 / sy + _LO
        if leader:
            ex = min(max(x, bx0 / sx + _LO), bx1 / sx + _LO)  # the box edge nearest the dot
            ey = min(max(y, by0 / sy + _LO), by1 / sy + _LO)
            ax.plot([x, ex], [y, ey], color=GREY, linewidth=0.6, zorder=3,
                    gid=f"stake-leader:{s.name}")  # fmt: skip
        ax.text(lx, ly, _label(s), ha="center", va="center", fontsize=_LABEL_SIZE,
                color=GAP_COLOUR if gap else TEXT, linespacing=1.2, zorder=6,
                gid=f"stake-label:{s.name}")  # fmt: skip
    ax.set_xticks(list(SCORES))
    ax.set_yticks(list(SCORES))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=FONT["tick"], colors=TEXT)
    ax.set_xlabel("Interest: how much the project matters to them (1 low, 5 high)",
                  fontsize=FONT["label"], color=TEXT)  # fmt: skip
    ax.set_ylabel("Influence: power over the project (1 low, 5 high)",
                  fontsize=FONT["label"], color=TEXT)  # fmt: skip
    if title:
        ax.set_title(title, fontsize=FONT["title"], color=TEXT, loc="left")
    return ax
