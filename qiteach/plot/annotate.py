"""Notes and PDSA markers drawn as annotations on any chart.

:func:`add_markers` draws a labelled vertical line at each x value (a PDSA
cycle starting, a new rota, a system change); :func:`annotate_points` writes a
short note next to particular points. Both work on any axes whose x axis holds
dates, numbers or categories, and accept x values in the axis's own terms
(``"2021-03-01"`` or a ``Timestamp`` on a date axis, a category name on a
categorical axis).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import pandas as pd
>>> fig, ax = plt.subplots()
>>> _ = ax.plot(pd.date_range("2021-01-01", periods=12, freq="MS").values, range(12))
>>> artists = add_markers(ax, ["2021-03-01", "2021-07-01"], ["PDSA 1", "PDSA 2"])
>>> [a.get_text() for a in artists if hasattr(a, "get_text")]
['PDSA 1', 'PDSA 2']
>>> plt.close(fig)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import matplotlib.category as mcategory
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from qiteach.exceptions import InputError
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, plain_text

__all__ = ["MARKER_KINDS", "add_markers", "annotate_points", "axis_x"]

#: Marker kinds: line colour, line style and the prefix-free label colour.
MARKER_KINDS: dict[str, dict[str, Any]] = {
    "pdsa": {"color": PALETTE["bluish_green"], "linestyle": (0, (4, 2)), "linewidth": 1.3},
    "note": {"color": GREY, "linestyle": (0, (1, 2)), "linewidth": 1.2},
    "event": {"color": PALETTE["reddish_purple"], "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.3},
}

_MAX_LABEL = 32  # characters; longer labels are shortened with an ellipsis
_ROWS = (0.985, 0.915, 0.845)  # label heights (axes fraction) used in turn when crowded


def _is_date_axis(ax: Axes) -> bool:
    conv = ax.xaxis.get_converter()
    return isinstance(conv, mdates.DateConverter | mdates.ConciseDateConverter) or (
        type(conv).__name__ == "_SwitchableDateConverter"
    )


def axis_x(ax: Axes, value: Any) -> float:
    """Position of ``value`` on the x axis of ``ax``, as the float matplotlib draws at.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(["Lot 1", "Lot 2", "Lot 3"], [1, 2, 3])
    >>> axis_x(ax, "Lot 3")
    2.0
    >>> plt.close(fig)
    """
    date_axis = _is_date_axis(ax)
    if date_axis and isinstance(value, str):
        try:
            value = pd.to_datetime(value, format="ISO8601")
        except ValueError:
            raise InputError(
                f"{value!r} is not a date", column="x", fix="write dates as YYYY-MM-DD"
            ) from None
    if isinstance(value, dt.date | np.datetime64) and not date_axis:
        raise InputError(
            f"{value} is a date but the chart's x axis is not",
            column="x",
            fix="give marker positions in the chart's own x values",
        )
    conv = ax.xaxis.get_converter()
    if isinstance(conv, mcategory.StrCategoryConverter) and isinstance(value, str):
        mapping = ax.xaxis.get_units()._mapping
        if value not in mapping:
            raise InputError(
                f"{value!r} is not on the chart's x axis",
                column="x",
                fix=f"use one of {', '.join(list(mapping)[:5])} ...",
            )
    if isinstance(value, pd.Timestamp):
        value = value.to_datetime64()
    return float(np.asarray(ax.xaxis.convert_units(value), dtype=float).ravel()[0])


def _shorten(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1].rstrip() + "…"


@plain_text
def add_markers(
    ax: Axes,
    x_values: Sequence[Any],
    labels: Sequence[str],
    *,
    kind: str = "pdsa",
) -> list[Artist]:
    """Draw a labelled vertical line at each of ``x_values``; return the artists.

    ``kind`` is ``"pdsa"`` (a PDSA cycle or change), ``"note"`` or
    ``"event"``; each has its own colour and dash. Labels sit along the top
    of the plot, stepping down a row when markers are close together so they
    never overlap. Lines have gid ``"<kind>-marker"`` and labels
    ``"<kind>-label"``.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(range(10), range(10))
    >>> line, text = add_markers(ax, [4], ["New reminder text"], kind="note")
    >>> line.get_xdata()[0], line.get_gid(), text.get_text()
    (4.0, 'note-marker', 'New reminder text')
    >>> plt.close(fig)
    """
    if kind not in MARKER_KINDS:
        raise InputError(
            f"unknown marker kind {kind!r}", fix=f"use one of {', '.join(MARKER_KINDS)}"
        )
    x_values = list(x_values)
    labels = [str(lab) for lab in labels]
    if len(x_values) != len(labels):
        raise InputError(
            f"{len(x_values)} marker positions but {len(labels)} labels",
            fix="give one label per marker",
        )
    style = MARKER_KINDS[kind]
    positions = [axis_x(ax, v) for v in x_values]
    lo, hi = ax.get_xlim()
    span = abs(hi - lo) or 1.0
    artists: list[Artist] = []
    last_x: float | None = None
    row = 0
    for pos, label in sorted(zip(positions, labels, strict=True), key=lambda p: p[0]):
        crowded = last_x is not None and (pos - last_x) < 0.16 * span
        row = (row + 1) % len(_ROWS) if crowded else 0
        last_x = pos
        artists.append(ax.axvline(pos, zorder=1.5, gid=f"{kind}-marker", **style))
        artists.append(
            ax.annotate(
                _shorten(label),
                xy=(pos, _ROWS[row]),
                xycoords=ax.get_xaxis_transform(),
                xytext=(3, 0),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=FONT["note"],
                color=TEXT,
                gid=f"{kind}-label",
                zorder=6,
                parse_math=False,  # a "$" in a team's note is a dollar, not maths
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        )
    return artists


@plain_text
def annotate_points(
    ax: Axes,
    x_values: Sequence[Any],
    y_values: Sequence[float],
    labels: Sequence[str],
) -> list[Artist]:
    """Write a short note with an arrow next to each point; return the annotations.

    Notes alternate above and below the points so neighbours do not collide.
    Each annotation has gid ``"note"`` and its ``xy`` is the point.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2, 3], [5, 7, 6])
    >>> [a.xy for a in annotate_points(ax, [2], [7], ["Flu clinic"])]
    [(2.0, 7.0)]
    >>> plt.close(fig)
    """
    if not (len(x_values) == len(y_values) == len(labels)):
        raise InputError("notes need one x, one y and one label each", fix="check the note list")
    out: list[Artist] = []
    for i, (x, y, label) in enumerate(zip(x_values, y_values, labels, strict=True)):
        pos = axis_x(ax, x)
        up = i % 2 == 0
        out.append(
            ax.annotate(
                _shorten(label),
                xy=(pos, float(y)),
                xytext=(0, 26 if up else -26),
                textcoords="offset points",
                ha="center",
                va="bottom" if up else "top",
                fontsize=FONT["note"],
                color=TEXT,
                gid="note",
                parse_math=False,
                zorder=6,
                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.8, "shrinkB": 4},
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": GREY, "lw": 0.6},
            )
        )
    return out
