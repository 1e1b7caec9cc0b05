"""Draw a team's PDSA ramps as a timeline, and mark PDSA cycles on a measure's chart.

:func:`plot_ramps` draws one lane per change idea (labelled with its text),
each cycle a horizontal bar from start to end coloured by the Act decision,
with the cycle id above it. :func:`add_pdsa_markers` draws a labelled vertical
line at each cycle's start on an existing run or control chart with a date
axis (using :func:`qiteach.plot.annotate.add_markers`).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.pdsa import PDSALog
>>> log = PDSALog.from_records([
...     {"cycle_id": "C1", "node_id": "CI1", "start": "2026-01-05", "end": "2026-01-09",
...      "act": "adapt"},
...     {"cycle_id": "C2", "node_id": "CI1", "start": "2026-01-12", "end": "2026-01-23",
...      "act": "adopt"}])
>>> ax = plot_ramps(log, drivers={"CI1": "Text reminders"})
>>> [p.get_gid() for p in ax.patches]
['pdsa-cycle-C1', 'pdsa-cycle-C2']
>>> [t.get_text() for t in ax.get_yticklabels()]
['Text reminders']
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import matplotlib.dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from qiteach.exceptions import ToolkitError
from qiteach.pdsa.log import PDSALog, change_idea_texts
from qiteach.pdsa.summary import pdsa_markers
from qiteach.plot.annotate import add_markers
from qiteach.plot.style import (
    FONT,
    GREY,
    PALETTE,
    TEXT,
    figure_of,
    format_date_axis,
    new_axes,
    plain_text,
    set_title,
    style_axes,
)
from qiteach.plot.text_metrics import share_text_metrics

__all__ = ["ACT_COLOURS", "add_pdsa_markers", "plot_ramps"]

#: Act decision -> colour (Okabe-Ito; "undecided" is a light grey).
ACT_COLOURS: dict[str, str] = {
    "adopt": PALETTE["bluish_green"],
    "adapt": PALETTE["orange"],
    "abandon": PALETTE["vermillion"],
    "continue": PALETTE["sky_blue"],
    "undecided": "#BDBDBD",
}

_WRAP = 30  # characters per line of a lane label
_BAR_HEIGHT = 0.5


def _lane_label(text: str, ramps: list[str]) -> str:
    label = textwrap.fill(text, _WRAP, max_lines=3, placeholder=" …")
    return label if not ramps or ramps == [text] else f"{label}\n({', '.join(ramps)})"


@plain_text
def plot_ramps(log: PDSALog, ax: Axes | None = None, *, drivers: Any = None) -> Axes:
    """Draw the team's PDSA ramps: one lane per change idea, cycles as dated bars.

    ``drivers`` (the drivers table or ``{node_id: text}``) supplies the
    change-idea texts when the log was built without them. A change idea
    tested in several ramps gets one sub-row per ramp. Ids of quick successive
    cycles that would overlap share one label ("C1–C6"). Running cycles are
    drawn hatched up to the latest date in the log. Each bar has gid
    ``pdsa-cycle-<cycle_id>`` and each cycle label gid ``pdsa-cycle-label``.
    Returns the axes.
    """
    if not isinstance(log, PDSALog):
        raise ToolkitError(
            f"expected a PDSALog, got {type(log).__name__}",
            fix="build one with PDSALog.from_frame(pdsa_rows)",
        )
    texts = {**log.change_ideas, **change_idea_texts(drivers)}
    ramps = log.ramps
    lanes: list[str | None] = []
    for r in ramps:
        if r.node_id not in lanes:
            lanes.append(r.node_id)
    rows: list[tuple[str | None, str]] = []  # (node_id, ramp label) from top
    for node in lanes:
        rows += [(node, r.label) for r in ramps if r.node_id == node]
    if ax is None:
        _, ax = new_axes(figsize=(10.0, 1.4 + 0.75 * max(len(rows), 1)))
    style_axes(ax, grid_axis="x")
    if not rows:
        ax.text(0.5, 0.5, "No PDSA cycles recorded yet", transform=ax.transAxes,
                ha="center", va="center", color=GREY, fontsize=FONT["label"])  # fmt: skip
        ax.set_yticks([])
        return ax

    last = max(c.last_date for c in log.cycles)
    first = min(c.start for c in log.cycles)
    span = max((last - first).days, 14)
    run_to = last + dt.timedelta(days=max(round(span * 0.03), 2))
    y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
    acts_seen: set[str] = set()
    any_running = False
    placed: list[tuple[float, float, float, str]] = []  # lane y, bar left, width, cycle id
    for r in ramps:
        y = y_of[(r.node_id, r.label)]
        for c in r.cycles:
            act = c.act or "undecided"
            acts_seen.add(act)
            end = c.end if c.end is not None else run_to
            any_running |= c.running
            left = mdates.date2num(c.start)
            width = max(mdates.date2num(end) - left, 0.8)  # a one-day test stays visible
            ax.barh(y, width, left=left, height=_BAR_HEIGHT, color=ACT_COLOURS[act],
                    edgecolor=TEXT if c.running else "white", linewidth=0.8,
                    hatch="///" if c.running else None, gid=f"pdsa-cycle-{c.cycle_id}",
                    zorder=3)  # fmt: skip
            placed.append((y, left, width, c.cycle_id))
    # lane labels: the change-idea text once per lane (on its top sub-row), ramp labels
    ticks, labels = [], []
    for node in lanes:
        lane_rows = [row for row in rows if row[0] == node]
        text = texts.get(node, node) if node is not None else "no change idea"
        for k, row in enumerate(lane_rows):
            ticks.append(y_of[row])
            ramp_names = [row[1]] if row[1] not in (node, None) else []
            labels.append(_lane_label(text, ramp_names) if k == 0 else f"({row[1]})")
    ax.set_yticks(ticks, labels, fontsize=FONT["tick"], parse_math=False)  # "$5" is not maths
    ax.tick_params(axis="y", length=0)
    for k in range(1, len(lanes)):  # thin rules between lanes
        boundary = min(y_of[row] for row in rows if row[0] == lanes[k - 1]) - 0.5
        ax.axhline(boundary, color="#E3E3E3", linewidth=0.8, zorder=1)
    ax.set_ylim(-0.6, len(rows) - 0.25)
    pad = max(span * 0.04, 3)
    ax.set_xlim(mdates.date2num(first) - pad, mdates.date2num(run_to) + pad)
    ax.xaxis_date()
    format_date_axis(ax)
    handles = [
        Patch(facecolor=ACT_COLOURS[a], edgecolor="white", label=a)
        for a in ACT_COLOURS
        if a in acts_seen
    ]
    if any_running:
        handles.append(Patch(facecolor="white", edgecolor=TEXT, hatch="///", label="running"))
    ax.legend(handles=handles, title="Act", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False, fontsize=FONT["legend"], title_fontsize=FONT["legend"])  # fmt: skip
    title = "PDSA ramps" + (f" – {log.team_id}" if log.team_id else "")
    set_title(ax, title, fontsize=FONT["title"], color=TEXT, loc="left")
    _label_cycles(ax, placed)
    return ax


def _label_cycles(ax: Axes, placed: list[tuple[float, float, float, str]]) -> None:
    """Write each cycle id above its bar; ids that would overlap share one label ("C1–C6")."""
    fig = figure_of(ax)
    engine = fig.get_layout_engine()
    if engine is not None:
        share_text_metrics(fig)  # the layout measures text with the canvas's renderer
        engine.execute(fig)  # final axes size, so label widths convert to days correctly
    x0, x1 = ax.get_xlim()
    axes_inches = fig.get_size_inches()[0] * ax.get_position().width
    days_per_inch = (x1 - x0) / max(axes_inches, 0.5)

    def half_width(text: str) -> float:  # in days, with a little space either side
        return (len(text) * FONT["note"] * 0.62 / 72 + 0.08) / 2 * days_per_inch

    def label(group: list[tuple[float, float, float, str]]) -> tuple[str, float]:
        if len(group) == 1:
            return group[0][3], group[0][1] + group[0][2] / 2
        return f"{group[0][3]}–{group[-1][3]}", (group[0][1] + group[-1][1] + group[-1][2]) / 2

    def draw(group: list[tuple[float, float, float, str]]) -> None:
        text, centre = label(group)
        ax.text(centre, group[0][0] + _BAR_HEIGHT / 2 + 0.04, text, ha="center", va="bottom",
                fontsize=FONT["note"], color=TEXT, gid="pdsa-cycle-label",
                zorder=4)  # fmt: skip

    lanes: dict[float, list[tuple[float, float, float, str]]] = {}
    for item in placed:
        lanes.setdefault(item[0], []).append(item)
    for items in lanes.values():
        items.sort(key=lambda it: it[1])
        group = [items[0]]
        for item in items[1:]:
            text, centre = label(group)
            if item[1] + item[2] / 2 - half_width(item[3]) < centre + half_width(text):
                group.append(item)
            else:
                draw(group)
                group = [item]
        draw(group)


@plain_text
def add_pdsa_markers(ax: Axes, log: PDSALog) -> list[Artist]:
    """Mark each cycle's start on an existing chart with a date x axis; return the artists.

    Draws with :func:`qiteach.plot.annotate.add_markers` (kind ``"pdsa"``):
    a dashed green line and the cycle id at the top of the plot.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> from qiteach.pdsa import PDSALog
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.date_range("2026-01-05", periods=8, freq="7D"), range(8))
    >>> log = PDSALog.from_records([{"cycle_id": "C1", "start": "2026-01-19"}])
    >>> [a.get_text() for a in add_pdsa_markers(ax, log) if hasattr(a, "get_text")]
    ['C1']
    >>> plt.close(fig)
    """
    markers = pdsa_markers(log)
    return add_markers(ax, list(markers["date"]), list(markers["label"]), kind="pdsa")
