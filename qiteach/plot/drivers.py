"""Draw a driver diagram left to right with matplotlib (no graphviz needed).

Columns Aim | Primary drivers | Secondary drivers | Change ideas, wrapped text
in rounded boxes, elbow connectors from each box to its parent (strong links
solid and thick, weak links dashed and thin), change ideas under test filled
and badged with their PDSA count. Geometry comes from
:func:`qiteach.drivers.layout.layout_diagram`; this module only draws it.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qiteach.drivers import DriverDiagram
>>> d = DriverDiagram.from_dict({"aim": "Reduce DNAs at Elm Surgery from 8% to 5% by March 2026",
...     "drivers": {"Patients remember": {"Reminders": ["SMS 48h before"]}}})
>>> ax = plot_driver_diagram(d.with_pdsa_counts(["C1", "C1"]), title="Elm Surgery")
>>> sorted(t.get_text() for t in ax.texts if "PDSA" in t.get_text())
['2 PDSAs']
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.textpath import TextToPath

from qiteach.drivers.layout import DiagramLayout, layout_diagram
from qiteach.drivers.model import DriverDiagram
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, figure_of, plain_text, save_figure

__all__ = [
    "AIM_PLACEHOLDER",
    "BOX_STYLE",
    "plot_driver_diagram",
    "save_driver_diagram",
    "text_width",
]

#: what the aim box says while the team has not written its aim: a team may sketch its
#: drivers before its aim is agreed, and the drawing shows where the aim will go
AIM_PLACEHOLDER = "Aim not written yet (teams.csv, column aim)"

#: fill and edge colour per box kind (Okabe-Ito blues, soft so text stays readable)
BOX_STYLE: dict[str, dict[str, str]] = {
    "aim": {"fill": PALETTE["blue"], "edge": PALETTE["blue"], "text": "#FFFFFF"},
    "primary": {"fill": "#D6E9F5", "edge": PALETTE["blue"], "text": TEXT},
    "secondary": {"fill": "#EAF4FB", "edge": PALETTE["sky_blue"], "text": TEXT},
    "change_idea": {"fill": "#FFFFFF", "edge": GREY, "text": TEXT},
    "tested": {"fill": "#FBE3B0", "edge": PALETTE["orange"], "text": TEXT},
}
BADGE_COLOUR = "#B36B00"  # a darker orange that passes contrast with white text
STRONG_WIDTH = 1.8
WEAK_WIDTH = 0.9
TITLE_SPACE = 0.55  # inches above the diagram for the title
LEGEND_SPACE = 0.5  # inches below the diagram for the legend


_TEXT_TO_PATH = TextToPath()


@functools.lru_cache(maxsize=4096)
def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Width in inches of ``text`` in matplotlib's default font (exact glyph metrics).

    >>> text_width("mmol", 10.0) > text_width("iiii", 10.0)
    True
    """
    prop = FontProperties(size=font_size, weight="bold" if bold else "normal")
    w, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return w / 72.0


@plain_text
def plot_driver_diagram(
    diagram: DriverDiagram,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    highlight: Iterable[str] | None = None,
    legend: bool = True,
    font_size: float = 9.0,
) -> Axes:
    """Draw ``diagram`` and return the Axes (its figure is ``ax.figure``).

    Without ``ax`` a figure is made to fit: its height grows with the number
    of change ideas. With ``ax`` the diagram is scaled (text included) to fit
    the axes. ``highlight`` lists node ids to fill as "being tested"; by
    default the change ideas with PDSA cycles (see
    :meth:`DriverDiagram.with_pdsa_counts`) are highlighted. A blank aim is drawn as
    :data:`AIM_PLACEHOLDER`.
    """
    if not diagram.aim:
        diagram = DriverDiagram(AIM_PLACEHOLDER, diagram.nodes, source=diagram.source)
    wanted = None if highlight is None else set(highlight)
    lay = layout_diagram(diagram, font_size=font_size, highlight=wanted, measure=text_width)
    top = TITLE_SPACE if title else 0.1
    bottom = LEGEND_SPACE if legend else 0.1
    total_h = lay.height + top + bottom
    if ax is None:
        fig = plt.figure(figsize=(lay.width, total_h), facecolor="white")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        scale = 1.0
    else:
        bbox = ax.get_position()
        fw, fh = figure_of(ax).get_size_inches()
        scale = min(bbox.width * fw / lay.width, bbox.height * fh / total_h)
    ax.set_xlim(0, lay.width)
    ax.set_ylim(-bottom, lay.height + top)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    _draw(ax, lay, scale=scale)
    if title:
        ax.text(
            lay.width / 2,
            lay.height + top / 2,
            title,
            ha="center",
            va="center",
            fontsize=FONT["title"] * scale,
            fontweight="bold",
            color=TEXT,
            parse_math=False,  # a "$" in a team's text is a dollar, not maths
        )
    if legend:
        _legend(ax, lay, bottom, scale)
    return ax


def _draw(ax: Axes, lay: DiagramLayout, *, scale: float) -> None:
    rounding = 0.07
    for conn in lay.connectors:
        xs, ys = zip(*conn.points, strict=True)
        strong = conn.link != "weak"
        ax.add_line(
            Line2D(
                xs,
                ys,
                color=GREY if strong else "#8C8C8C",
                linewidth=(STRONG_WIDTH if strong else WEAK_WIDTH) * scale,
                linestyle="-" if strong else (0, (4, 2.5)),
                solid_joinstyle="round",
                zorder=1.2 if strong else 1.0,
                gid=f"link:{conn.parent_id}->{conn.child_id}:{conn.link}",
            )
        )
    for text, x, y in lay.headers:
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=FONT["label"] * scale,
            fontweight="bold",
            color=PALETTE["blue"],
        )
    for box in lay.boxes:
        style = BOX_STYLE["tested" if box.highlighted else box.kind]
        patch = FancyBboxPatch(
            (box.x, box.y),
            box.width,
            box.height,
            boxstyle=f"round,pad=0,rounding_size={rounding}",
            facecolor=style["fill"],
            edgecolor=style["edge"],
            linewidth=1.6 * scale if box.kind == "aim" or box.highlighted else 1.0 * scale,
            zorder=2,
            gid=f"box:{box.node_id}",
        )
        ax.add_patch(patch)
        is_aim = box.kind == "aim"
        fs = (lay.aim_font_size if is_aim else lay.font_size) * scale
        text_top = box.top - lay.pad
        ax.text(
            box.x + lay.pad,
            text_top,
            "\n".join(box.lines),
            ha="left",
            va="top",
            fontsize=fs,
            fontweight="bold" if is_aim or box.kind == "primary" else "normal",
            color=style["text"],
            parse_math=False,
            linespacing=1.3,
            zorder=3,
            gid=f"text:{box.node_id}",
        )
        if box.badge:
            ax.text(
                box.right - lay.pad,
                box.y + lay.pad + lay.line_height * 0.45,
                box.badge,
                ha="right",
                va="center",
                fontsize=lay.font_size * 0.85 * scale,
                fontweight="bold",
                color="#FFFFFF",
                zorder=4,
                gid=f"badge:{box.node_id}",
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": BADGE_COLOUR,
                    "edgecolor": "none",
                },
            )


def _legend(ax: Axes, lay: DiagramLayout, bottom: float, scale: float) -> None:
    handles = [
        Line2D([], [], color=GREY, linewidth=STRONG_WIDTH, label="Strong link"),
        Line2D(
            [],
            [],
            color="#8C8C8C",
            linewidth=WEAK_WIDTH,
            linestyle=(0, (4, 2.5)),
            label="Weak link",
        ),
        Patch(
            facecolor=BOX_STYLE["tested"]["fill"],
            edgecolor=BOX_STYLE["tested"]["edge"],
            label="Change idea being tested (PDSA cycles)",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="center",
        bbox_to_anchor=(lay.width / 2, -bottom / 2),
        bbox_transform=ax.transData,
        ncol=3,
        frameon=False,
        fontsize=FONT["legend"] * scale,
        handlelength=2.8,
    )


def save_driver_diagram(
    diagram: DriverDiagram,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    highlight: Iterable[str] | None = None,
    dpi: float = 150,
) -> Path:
    """Draw ``diagram`` and save it atomically; the format comes from the suffix
    (``.png``, ``.svg``, ``.pdf``). Returns the path written.

    >>> import tempfile, pathlib
    >>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs by 2026",
    ...                              "drivers": {"Remember": {"Remind": ["SMS"]}}})
    >>> out = save_driver_diagram(d, pathlib.Path(tempfile.mkdtemp()) / "drivers.svg")
    >>> out.read_text()[:5] in ("<?xml", "<svg ")
    True
    """
    ax = plot_driver_diagram(diagram, title=title, highlight=highlight)
    fig = figure_of(ax)
    try:
        return save_figure(fig, path, dpi=dpi, savefig_kw={"bbox_inches": None})
    finally:
        plt.close(fig)
