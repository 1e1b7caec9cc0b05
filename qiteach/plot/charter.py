"""Draw a project charter on one page: a box per part, text wrapped to fit.

Takes a :class:`~qiteach.tools.charter.Charter` and returns the axes. The parts
and their titles come from :data:`~qiteach.tools.charter.CHARTER_PARTS`; the
problem, aim, roles and measures run the full width, the scope (in | out) and
sponsor | timescale sit side by side. A part not written yet is drawn with a
dashed grey edge and says "not written yet" (never colour alone). Below the
parts, a "Still to do" box lists :meth:`Charter.gaps` (left out with
``gaps=False``). Boxes grow with their text and the page grows with the boxes,
so nothing overlaps or runs out of its box.

Artists carry gids: ``box:<part>``, ``heading:<part>``, ``text:<part>``,
``box:gaps``, ``heading:gaps``, ``text:gaps`` and ``title``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qiteach.tools.charter import Charter
>>> ax = plot_charter(Charter.from_mapping({"title": "BP control", "sponsor": "Dr R Shah"}))
>>> sorted(p.get_gid() for p in ax.patches)[:3]
['box:aim', 'box:gaps', 'box:measures']
>>> [t.get_text() for t in ax.texts if t.get_gid() == "text:sponsor"]
['Dr R Shah']
>>> plt.close("all")
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from qiteach.drivers.layout import wrap_text
from qiteach.plot.drivers import text_width
from qiteach.plot.style import GREY, PALETTE, TEXT, figure_of, plain_text, save_figure
from qiteach.tools.charter import CHARTER_PARTS, Charter

__all__ = ["CHARTER_ROWS", "EMPTY_PART", "plot_charter", "save_charter"]

#: The rows of the page: one part (full width) or two parts side by side.
CHARTER_ROWS: tuple[tuple[str, ...], ...] = (
    ("problem",),
    ("aim",),
    ("scope_in", "scope_out"),
    ("sponsor", "timescale"),
    ("roles",),
    ("measures",),
)
#: What a part not written yet says.
EMPTY_PART = "not written yet"

_PAGE_W = 8.27  # inches: A4 width
_MARGIN = 0.45
_GUTTER = 0.2  # between boxes
_PAD = 0.12  # inside a box
_HEAD_PT = 10.5
_BODY_PT = 9.5
_TITLE_PT = 15.0


def _line_h(points: float) -> float:
    return points * 1.35 / 72.0


def _wrap_all(items: list[str], width: float, points: float) -> list[str]:
    out: list[str] = []
    for item in items:
        out += wrap_text(item, width, font_size=points, measure=text_width)
    return out


def _items(charter: Charter, part: str) -> list[str]:
    """The lines a part starts from: one per person or measure, else its text."""
    if part == "roles":
        return [f"{p} - {r}" if r else p for p, r in charter.roles]
    if part == "measures":
        return [f"{n} ({t})" for t, n in charter.measures]
    text = charter.part_text(part)
    return [text] if text else []


@dataclass
class _Box:
    part: str
    x: float
    y: float  # top; y grows downwards
    w: float
    h: float
    heading: str
    lines: list[str]
    empty: bool


def _layout(charter: Charter, *, gaps: bool) -> tuple[list[_Box], float, list[str]]:
    inner = _PAGE_W - 2 * _MARGIN
    title_lines = wrap_text(
        charter.title, inner, font_size=_TITLE_PT, bold=True, measure=text_width
    )
    y = _MARGIN + len(title_lines) * _line_h(_TITLE_PT) + 0.15
    boxes: list[_Box] = []
    rows: list[tuple[tuple[str, str, list[str]], ...]] = [
        tuple((part, CHARTER_PARTS[part][0], _items(charter, part)) for part in row)
        for row in CHARTER_ROWS
    ]
    if gaps:
        rows.append((("gaps", "Still to do", [str(g) for g in charter.gaps()]),))
    for row in rows:
        w = (inner - _GUTTER * (len(row) - 1)) / len(row)
        text_w = w - 2 * _PAD
        wrapped = []
        for part, heading, items in row:
            if part == "gaps":
                items = [f"- {s}" for s in items] or ["Nothing: every part is there."]
            lines = _wrap_all(items, text_w, _BODY_PT) if items else [EMPTY_PART]
            wrapped.append((part, heading, lines, not items))
        h = max(
            2 * _PAD + _line_h(_HEAD_PT) + 0.04 + len(lines) * _line_h(_BODY_PT)
            for _, _, lines, _ in wrapped
        )
        for k, (part, heading, lines, empty) in enumerate(wrapped):
            x = _MARGIN + k * (w + _GUTTER)
            boxes.append(_Box(part, x, y, w, h, heading, lines, empty and part != "gaps"))
        y += h + _GUTTER
    return boxes, y - _GUTTER + _MARGIN, title_lines


@plain_text
def plot_charter(charter: Charter, ax: Axes | None = None, *, gaps: bool = True) -> Axes:
    """Draw ``charter`` as one page and return the axes (its figure is ``ax.figure``).

    Without ``ax`` an A4-wide figure is made, as tall as the text needs. With
    ``ax`` the page is drawn in it at the same scale (give it room).
    """
    boxes, height, title_lines = _layout(charter, gaps=gaps)
    if ax is None:
        fig = plt.figure(figsize=(_PAGE_W, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, _PAGE_W)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    ax.text(
        _MARGIN,
        _MARGIN,
        "\n".join(title_lines),
        ha="left",
        va="top",
        fontsize=_TITLE_PT,
        fontweight="bold",
        color=TEXT,
        linespacing=1.2,
        gid="title",
    )
    for b in boxes:
        gap_box = b.part == "gaps"
        edge = GREY if b.empty else (PALETTE["vermillion"] if gap_box else PALETTE["blue"])
        face = "white" if b.empty else ("#FFF4EC" if gap_box else "#EEF5FB")
        ax.add_patch(
            FancyBboxPatch(
                (b.x, b.y),
                b.w,
                b.h,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=face,
                edgecolor=edge,
                linewidth=1.2,
                linestyle="--" if b.empty else "-",
                gid=f"box:{b.part}",
            )
        )
        ax.text(
            b.x + _PAD,
            b.y + _PAD,
            b.heading,
            ha="left",
            va="top",
            fontsize=_HEAD_PT,
            fontweight="bold",
            color=TEXT,
            gid=f"heading:{b.part}",
        )
        ax.text(
            b.x + _PAD,
            b.y + _PAD + _line_h(_HEAD_PT) + 0.04,
            "\n".join(b.lines),
            ha="left",
            va="top",
            fontsize=_BODY_PT,
            linespacing=1.35,
            color=GREY if b.empty else TEXT,
            style="italic" if b.empty else "normal",
            gid=f"text:{b.part}",
        )
    return ax


def save_charter(charter: Charter, path: str | os.PathLike[str], *, gaps: bool = True) -> Path:
    """Draw ``charter`` and save it (PNG, SVG or PDF by the extension), atomically."""
    ax = plot_charter(charter, gaps=gaps)
    fig = figure_of(ax)
    try:
        return save_figure(fig, path)
    finally:
        plt.close(fig)
