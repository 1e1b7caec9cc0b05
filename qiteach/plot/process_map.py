"""Draw a process map: a high-level map (one row of boxes, wrapped) and a swim-lane map.

Both take a :class:`~qiteach.tools.process_map.ProcessMap` and return the axes.
Value-added steps are green with a solid edge and the tag ``VA``; the others
orange with a dashed edge and the tag ``NVA`` (colour is never the only mark).
The wait before a step is written under its box; the bottleneck has a thick
vermillion edge and says so under the box; the summary line ("total X min,
value-added Y min (Z %)") comes from :meth:`ProcessMap.summary_line`.

Artists carry gids so tests and notebooks can find them: ``box:<id>`` (the box
or diamond), ``text:<id>`` (the step's words), ``tag:<id>`` (VA/NVA and minutes),
``wait:<id>`` (the line under the box), ``link:<from>-><to>`` (arrows),
``label:<from>-><to>`` (a branch label), ``lane:<name>`` (lane names),
``summary`` (the summary line).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from qiteach.tools.process_map import ProcessMap
>>> pm = ProcessMap.from_frame(pd.DataFrame({
...     "step_id": ["A", "B"], "step": ["Ask", "Sign"], "lane": ["Patient", "GP"],
...     "next": ["B", ""], "minutes": [2, 1], "wait_minutes": [0, 60],
...     "value_added": ["no", "yes"]}))
>>> ax = plot_swimlane_map(pm)
>>> sorted(p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("box:"))
['box:A', 'box:B']
>>> plt.close("all")
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Polygon, Rectangle
from matplotlib.textpath import TextToPath

from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, figure_of, plain_text, save_figure
from qiteach.tools.process_map import BOTTLENECK_RULE, ProcessMap, ProcessStep, format_minutes

__all__ = ["PROCESS_STYLE", "plot_high_level_map", "plot_swimlane_map", "save_process_map"]

#: Fill, edge and edge style of value-added and other steps, and the bottleneck edge.
PROCESS_STYLE: dict[str, dict[str, str]] = {
    "value_added": {"fill": "#D4EFE4", "edge": PALETTE["bluish_green"], "tag": "VA"},
    "not_value_added": {"fill": "#FCE9C7", "edge": "#B36B00", "tag": "NVA"},
    "bottleneck": {"edge": PALETTE["vermillion"]},
}

_STEP_PT = 8.5  # the step's words
_TAG_PT = 7.5  # VA/NVA tag, wait line, branch labels
_LANE_PT = 10.0
_PAD = 0.08  # inches inside a box
_BOX_W = 1.45  # inches: box width
_DIAMOND_W = 1.9  # inches: diamond width (text sits in its middle half)
_CHANNEL = 0.22  # inches above the boxes of a row, where skip and loop arrows run
_TTP = TextToPath()


@functools.lru_cache(maxsize=4096)
def _width(text: str, points: float, bold: bool = False) -> float:
    """Width in inches of one line of ``text`` (exact glyph metrics)."""
    prop = FontProperties(size=points, weight="bold" if bold else "normal")
    return float(_TTP.get_text_width_height_descent(text, prop, ismath=False)[0]) / 72.0


def _line_h(points: float) -> float:
    return points * 1.3 / 72.0


def _wrap(text: str, width: float, points: float) -> list[str]:
    """Greedy word wrap to ``width`` inches; a word longer than the width is cut."""
    lines: list[str] = []
    for word in text.split():
        while _width(word, points) > width and len(word) > 1:  # cut very long words
            k = len(word)
            while k > 1 and _width(word[:k] + "-", points) > width:
                k -= 1
            if lines and lines[-1] == "":
                lines.pop()
            lines.append(word[:k] + "-")
            word = word[k:]
        if lines and _width(lines[-1] + " " + word, points) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass
class _Node:
    step: ProcessStep
    cx: float
    cy: float
    w: float
    h: float
    lines: list[str]
    tag: str
    wait: str

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:  # y grows downwards in these drawings
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2


def _tag(step: ProcessStep) -> str:
    kind = "value_added" if step.value_added else "not_value_added"
    return f"{PROCESS_STYLE[kind]['tag']} · {format_minutes(step.minutes)}"


def _wait(step: ProcessStep, bottleneck: str | None) -> str:
    parts = []
    if step.wait_minutes:
        parts.append(f"wait {format_minutes(step.wait_minutes)}")
    if step.step_id == bottleneck:
        parts.append("bottleneck")
    return " · ".join(parts)


def _node_size(step: ProcessStep) -> tuple[float, float, list[str]]:
    """Width, height and wrapped words of a step's box (or diamond)."""
    tag_h = _line_h(_TAG_PT)
    if step.decision:
        inner_w = _DIAMOND_W / 2  # text sits in the diamond's middle: w/W + h/H <= 1
        lines = _wrap(step.step, inner_w, _STEP_PT)
        inner_h = tag_h + len(lines) * _line_h(_STEP_PT)
        return _DIAMOND_W, 2 * inner_h + 2 * _PAD, lines
    lines = _wrap(step.step, _BOX_W - 2 * _PAD, _STEP_PT)
    return _BOX_W, tag_h + len(lines) * _line_h(_STEP_PT) + 2 * _PAD, lines


def _row_height(steps: Sequence[ProcessStep]) -> tuple[float, float]:
    """Height of a row of boxes and of the tallest box in it."""
    tallest = max(_node_size(s)[1] for s in steps)
    return _CHANNEL + tallest + _line_h(_TAG_PT) + 0.12, tallest


# ---------------------------------------------------------------------- drawing parts
def _draw_node(ax: Axes, node: _Node, *, bottleneck: bool, scale: float) -> None:
    s = node.step
    style = PROCESS_STYLE["value_added" if s.value_added else "not_value_added"]
    edge = PROCESS_STYLE["bottleneck"]["edge"] if bottleneck else style["edge"]
    lw = (3.0 if bottleneck else 1.3) * scale
    ls = "-" if s.value_added or bottleneck else (0, (4, 2))
    patch: Polygon | FancyBboxPatch
    if s.decision:
        x0, x1, y0, y1 = node.left, node.right, node.top, node.bottom
        patch = Polygon(
            [(node.cx, y0), (x1, node.cy), (node.cx, y1), (x0, node.cy)],
            closed=True, facecolor=style["fill"], edgecolor=edge, linewidth=lw,
            linestyle=ls, zorder=2, gid=f"box:{s.step_id}",
        )  # fmt: skip
    else:
        patch = FancyBboxPatch(
            (node.left, node.top), node.w, node.h, boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=style["fill"], edgecolor=edge, linewidth=lw, linestyle=ls, zorder=2,
            gid=f"box:{s.step_id}",
        )  # fmt: skip
    ax.add_patch(patch)
    tag_h = _line_h(_TAG_PT)
    text_h = tag_h + len(node.lines) * _line_h(_STEP_PT)
    top = node.cy - text_h / 2
    ax.text(node.cx, top, node.tag, ha="center", va="top", fontsize=_TAG_PT * scale,
            fontweight="bold", color=TEXT, zorder=3, gid=f"tag:{s.step_id}",
            parse_math=False)  # fmt: skip
    ax.text(node.cx, top + tag_h, "\n".join(node.lines), ha="center", va="top",
            fontsize=_STEP_PT * scale, color=TEXT, linespacing=1.3, zorder=3,
            gid=f"text:{s.step_id}", parse_math=False)  # fmt: skip
    if node.wait:
        ax.text(node.cx, node.bottom + 0.04, node.wait, ha="center", va="top",
                fontsize=_TAG_PT * scale, color=edge if bottleneck else GREY,
                fontweight="bold" if bottleneck else "normal", zorder=3,
                gid=f"wait:{s.step_id}", parse_math=False)  # fmt: skip


def _arrow(
    ax: Axes, points: Sequence[tuple[float, float]], gid: str, *, scale: float, back: bool = False
) -> None:
    xs, ys = zip(*points, strict=True)
    ax.add_line(
        Line2D(
            xs,
            ys,
            color=GREY if not back else PALETTE["reddish_purple"],
            linewidth=1.2 * scale,
            linestyle=(0, (3, 2)) if back else "-",
            solid_joinstyle="miter",
            zorder=1,
            gid=gid,
        )
    )
    ax.annotate(
        "", xy=points[-1], xytext=points[-2],
        arrowprops={"arrowstyle": "-|>", "color": GREY if not back else PALETTE["reddish_purple"],
                    "lw": 1.2 * scale, "shrinkA": 0, "shrinkB": 0,
                    "mutation_scale": 10 * scale},
        zorder=1.5,
    )  # fmt: skip


def _legend(ax: Axes, pm: ProcessMap, x: float, y: float, scale: float, *, loops: bool) -> None:
    va, nva = PROCESS_STYLE["value_added"], PROCESS_STYLE["not_value_added"]
    handles: list[Artist] = [
        Patch(facecolor=va["fill"], edgecolor=va["edge"], linewidth=1.3,
              label=f"{va['tag']}: value-added step"),
        Patch(facecolor=nva["fill"], edgecolor=nva["edge"], linewidth=1.3, linestyle="--",
              label=f"{nva['tag']}: not value-added"),
        Patch(facecolor="white", edgecolor=PROCESS_STYLE["bottleneck"]["edge"], linewidth=3.0,
              label=f"Bottleneck: {BOTTLENECK_RULE}"),
    ]  # fmt: skip
    if loops and pm.back_links:
        handles.append(Line2D([], [], color=PALETTE["reddish_purple"], linestyle=(0, (3, 2)),
                              label="Loop back (rework)"))  # fmt: skip
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(x, y), bbox_transform=ax.transData,
        ncol=2, frameon=False, fontsize=FONT["legend"] * scale, handlelength=2.2,
        borderaxespad=0, borderpad=0,
    )  # fmt: skip


def _frame(
    ax: Axes | None, width: float, height: float
) -> tuple[Axes, float]:  # an axes in inches, y downwards, and the text scale
    if ax is None:
        fig = plt.figure(figsize=(width, height), facecolor="white")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        scale = 1.0
    else:
        bbox = ax.get_position()
        fw, fh = figure_of(ax).get_size_inches()
        scale = min(bbox.width * fw / width, bbox.height * fh / height)
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return ax, scale


def _heading(ax: Axes, pm: ProcessMap, title: str | None, x: float, scale: float) -> float:
    """Title and summary line at the top; returns the y below them."""
    y = 0.15
    if title:
        ax.text(x, y, title, ha="left", va="top", fontsize=FONT["title"] * scale,
                fontweight="bold", color=TEXT, gid="title", parse_math=False)  # fmt: skip
        y += _line_h(FONT["title"]) + 0.05
    line = pm.summary_line()
    if pm.bottleneck:
        line += f"; bottleneck: {pm.step(pm.bottleneck).step}"
    ax.text(x, y, line[0].upper() + line[1:], ha="left", va="top", fontsize=FONT["label"] * scale,
            color=TEXT, gid="summary", parse_math=False)  # fmt: skip
    return y + _line_h(FONT["label"]) + 0.15


def _heading_width(pm: ProcessMap, title: str | None) -> float:
    line = pm.summary_line() + (f"; bottleneck: {pm.step(pm.bottleneck).step}"
                                if pm.bottleneck else "")  # fmt: skip
    return max(_width(line, FONT["label"]), _width(title or "", FONT["title"], True)) + 0.4


_LEGEND_H = 0.55


# ---------------------------------------------------------------------- swim lanes
@plain_text
def plot_swimlane_map(pm: ProcessMap, ax: Axes | None = None, *, title: str | None = None,
                      legend: bool = True) -> Axes:  # fmt: skip
    """Draw a swim-lane map: one lane per ``lane``, steps left to right by order.

    A step's column is its place in the process (:attr:`ProcessMap.ranks`: the
    longest chain of steps before it); steps of one lane in the same column are
    stacked. Arrows run from a step's right edge to the next step's left edge,
    a branch label sits just before the step it leads to, and a loop back to an
    earlier step is dashed purple. Without ``ax`` the figure is sized to the
    map; with ``ax`` the map (text included) is scaled to fit it.
    """
    gap = max(0.55, 2 * (max((_width(lab, _TAG_PT) for *_, lab in pm.links()), default=0) + 0.2))
    slot = max(_DIAMOND_W if any(s.decision for s in pm.steps) else 0.0, _BOX_W)
    lane_row_h = {lane: _row_height([s for s in pm.steps if s.lane == lane])[0]
                  for lane in pm.lanes}  # fmt: skip
    lane_w = max(_width(lane, _LANE_PT, True) for lane in pm.lanes) + 0.35
    # rows: per lane, as many as the most steps sharing one column in it
    sub: dict[str, int] = {}
    per_cell: dict[tuple[str, int], int] = {}
    for s in pm.steps:
        key = (s.lane, pm.ranks[s.step_id])
        sub[s.step_id] = per_cell.get(key, 0)
        per_cell[key] = sub[s.step_id] + 1
    lane_rows = {lane: max(n for (ln, _), n in per_cell.items() if ln == lane)
                 for lane in pm.lanes}  # fmt: skip
    n_cols = max(pm.ranks.values()) + 1
    x0 = lane_w + gap / 2
    width = max(x0 + n_cols * (slot + gap), _heading_width(pm, title))
    head_h = (_line_h(FONT["title"]) + 0.05 if title else 0) + _line_h(FONT["label"]) + 0.3
    map_h = sum(lane_rows[lane] * lane_row_h[lane] for lane in pm.lanes)
    height = head_h + map_h + (_LEGEND_H + 0.2 if legend else 0.15)
    ax, scale = _frame(ax, width, height)
    top = _heading(ax, pm, title, 0.15, scale)
    # lanes
    lane_top: dict[str, float] = {}
    y = top
    for i, lane in enumerate(pm.lanes):
        lane_top[lane] = y
        h = lane_rows[lane] * lane_row_h[lane]
        ax.add_patch(Rectangle((0, y), width, h, facecolor="#F4F4F4" if i % 2 == 0 else "white",
                               edgecolor="#C8C8C8", linewidth=0.8 * scale, zorder=0,
                               gid=f"lane-band:{lane}"))  # fmt: skip
        ax.text(0.15, y + h / 2, "\n".join(_wrap(lane, lane_w - 0.3, _LANE_PT)), ha="left",
                va="center", fontsize=_LANE_PT * scale, fontweight="bold",
                color=PALETTE["blue"], gid=f"lane:{lane}", parse_math=False)  # fmt: skip
        y += h
    ax.plot([lane_w, lane_w], [top, y], color="#C8C8C8", linewidth=0.8 * scale, zorder=0)
    # nodes
    nodes: dict[str, _Node] = {}
    for s in pm.steps:
        w, h, lines = _node_size(s)
        rank = pm.ranks[s.step_id]
        row_h = lane_row_h[s.lane]
        row_top = lane_top[s.lane] + sub[s.step_id] * row_h
        cx = x0 + rank * (slot + gap) + slot / 2
        cy = row_top + _CHANNEL + (row_h - _CHANNEL - _line_h(_TAG_PT) - 0.12) / 2
        nodes[s.step_id] = _Node(s, cx, cy, w, h, lines, _tag(s), _wait(s, pm.bottleneck))
    for n in nodes.values():
        _draw_node(ax, n, bottleneck=n.step.step_id == pm.bottleneck, scale=scale)
    # arrows
    for src, dst, label in pm.links():
        a, b = nodes[src], nodes[dst]
        ra, rb = pm.ranks[src], pm.ranks[dst]
        gx_in = x0 + rb * (slot + gap) - gap / 2
        channel = lane_top[a.step.lane] + sub[src] * lane_row_h[a.step.lane] + _CHANNEL / 2
        if (src, dst) in pm.back_links:
            pts = [(a.cx, a.top), (a.cx, channel), (gx_in - 0.08, channel),
                   (gx_in - 0.08, b.cy), (b.left, b.cy)]  # fmt: skip
            _arrow(ax, pts, f"link:{src}->{dst}", scale=scale, back=True)
        else:
            gx_out = x0 + ra * (slot + gap) + slot + gap / 2
            between = [n for n in nodes.values() if abs(n.cy - a.cy) < 1e-9
                       and ra < pm.ranks[n.step.step_id] < rb]  # fmt: skip
            if rb == ra + 1 or (abs(a.cy - b.cy) < 1e-9 and not between):
                if abs(a.cy - b.cy) < 1e-9:
                    pts = [(a.right, a.cy), (b.left, b.cy)]
                else:
                    pts = [(a.right, a.cy), (gx_out, a.cy), (gx_out, b.cy), (b.left, b.cy)]
            else:
                pts = [(a.right, a.cy), (gx_out, a.cy), (gx_out, channel), (gx_in, channel),
                       (gx_in, b.cy), (b.left, b.cy)]  # fmt: skip
            _arrow(ax, pts, f"link:{src}->{dst}", scale=scale)
        if label:
            ax.text(b.left - 0.06, b.cy - 0.03, label, ha="right", va="bottom",
                    fontsize=_TAG_PT * scale, color=TEXT, style="italic", zorder=3,
                    gid=f"label:{src}->{dst}", parse_math=False)  # fmt: skip
    if legend:
        _legend(ax, pm, 0.15, y + 0.15, scale, loops=True)
    return ax


# ---------------------------------------------------------------------- high level
@plain_text
def plot_high_level_map(pm: ProcessMap, ax: Axes | None = None, *, title: str | None = None,
                        per_row: int = 6, legend: bool = True) -> Axes:  # fmt: skip
    """Draw the main path as one row of boxes, wrapped after ``per_row`` boxes.

    Decisions are drawn as diamonds on their main (first-listed) branch; the
    arrow at the end of a row runs down to the start of the next row.
    """
    steps = [pm.step(i) for i in pm.main_path]
    per_row = max(1, per_row)
    gap = 0.45
    slot = max(_DIAMOND_W if any(s.decision for s in steps) else 0.0, _BOX_W)
    row_h, _ = _row_height(steps)
    n_rows = -(-len(steps) // per_row)
    cols = min(per_row, len(steps))
    width = max(0.3 + cols * (slot + gap) + 0.2, _heading_width(pm, title))
    head_h = (_line_h(FONT["title"]) + 0.05 if title else 0) + _line_h(FONT["label"]) + 0.3
    height = head_h + n_rows * row_h + (_LEGEND_H + 0.2 if legend else 0.15)
    ax, scale = _frame(ax, width, height)
    top = _heading(ax, pm, title, 0.15, scale)
    nodes: list[_Node] = []
    for i, s in enumerate(steps):
        r, c = divmod(i, per_row)
        w, h, lines = _node_size(s)
        cx = 0.3 + gap / 2 + c * (slot + gap) + slot / 2
        cy = top + r * row_h + _CHANNEL + (row_h - _CHANNEL - _line_h(_TAG_PT) - 0.12) / 2
        nodes.append(_Node(s, cx, cy, w, h, lines, _tag(s), _wait(s, pm.bottleneck)))
    for n in nodes:
        _draw_node(ax, n, bottleneck=n.step.step_id == pm.bottleneck, scale=scale)
    for i, (a, b) in enumerate(itertools.pairwise(nodes)):
        gid = f"link:{a.step.step_id}->{b.step.step_id}"
        if (i + 1) % per_row:
            _arrow(ax, [(a.right, a.cy), (b.left, b.cy)], gid, scale=scale)
        else:  # wrap: down the right margin, back along the next row's channel
            channel = top + ((i + 1) // per_row) * row_h + _CHANNEL / 2
            xr, xl = a.right + gap / 2, b.left - gap / 2
            pts = [(a.right, a.cy), (xr, a.cy), (xr, channel), (xl, channel), (xl, b.cy),
                   (b.left, b.cy)]  # fmt: skip
            _arrow(ax, pts, gid, scale=scale)
    if legend:
        _legend(ax, pm, 0.15, top + n_rows * row_h + 0.15, scale, loops=False)
    return ax


def save_process_map(
    pm: ProcessMap,
    path: str | os.PathLike[str],
    *,
    kind: str = "swimlane",
    title: str | None = None,
    dpi: float = 150,
) -> Path:
    """Draw ``pm`` (``kind`` "swimlane" or "high-level") and save it atomically.

    The format comes from the suffix (``.png``, ``.svg``, ``.pdf``).
    """
    ax = plot_high_level_map(pm, title=title) if kind == "high-level" else plot_swimlane_map(
        pm, title=title)  # fmt: skip
    fig = figure_of(ax)
    try:
        return save_figure(fig, path, dpi=dpi, savefig_kw={"bbox_inches": None})
    finally:
        plt.close(fig)
