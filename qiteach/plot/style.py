"""Shared look of every qiteach figure: palette, axes styling, date axes, saving.

Every plotting module (charts, driver diagrams, PDSA ramps, Pareto ...) takes
its colours and small helpers from here so the figures look like one family.
Nothing here touches matplotlib's global ``rcParams``: styling is applied to
the artists and axes passed in.

The palette is Okabe & Ito's (2008) colour-blind-safe set of eight colours:

>>> PALETTE["blue"], PALETTE["vermillion"]
('#0072B2', '#D55E00')
>>> len(set(PALETTE.values()))
8

Typical use:

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> fig, ax = new_axes()
>>> fig.get_size_inches().tolist()
[9.0, 4.5]
>>> style_axes(ax)
>>> ax.spines["top"].get_visible()
False
>>> plt.close(fig)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from qiteach.exceptions import InputError
from qiteach.fileio import atomic_path

__all__ = [
    "FIGSIZE",
    "FONT",
    "GREY",
    "LIGHT_GREY",
    "MDC_COLOURS",
    "PALETTE",
    "TEXT",
    "figure_of",
    "format_date_axis",
    "format_value",
    "new_axes",
    "percent_formatter",
    "save_figure",
    "set_title",
    "style_axes",
]

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008; Wong, Nat Methods 2011).
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Neutral greys for lines that should recede (limits, grid, common cause).
GREY = "#7A7A7A"
LIGHT_GREY = "#E3E3E3"
#: Text colour: near-black reads softer than pure black on screen and paper.
TEXT = "#262626"

#: NHS "Making Data Count" point and icon colours, mapped onto the Okabe-Ito
#: palette: improvement blue, concern orange, neutral purple, common cause grey.
MDC_COLOURS: dict[str, str] = {
    "common_cause": "#8C8C8C",
    "special_cause_improvement": PALETTE["blue"],
    "special_cause_concern": PALETTE["orange"],
    "special_cause_neutral_high": PALETTE["reddish_purple"],
    "special_cause_neutral_low": PALETTE["reddish_purple"],
}

#: Default figure size in inches: wide enough for 24-36 monthly points.
FIGSIZE: tuple[float, float] = (9.0, 4.5)

#: Font sizes in points, applied per artist (never through rcParams).
FONT: dict[str, float] = {
    "title": 13.0,
    "label": 11.0,
    "tick": 10.0,
    "legend": 9.0,
    "note": 8.5,
}


def figure_of(ax: Axes) -> Figure:
    """The (root) figure ``ax`` is drawn on.

    >>> fig, ax = new_axes()
    >>> figure_of(ax) is fig
    True
    >>> plt.close(fig)
    """
    fig = ax.get_figure(root=True)
    if fig is None:
        raise ValueError("these axes are not on a figure")
    return fig


#: Settings every qiteach drawing and saving runs under (restored afterwards): a "$" in a
#: team's name or note is a dollar sign, never the start of mathtext (a name holding
#: ``$\\notacommand{x$`` made every report fail).
PLAIN_TEXT_RC: dict[str, Any] = {"text.parse_math": False}

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def plain_text_rc() -> Iterator[None]:
    """Run the block with :data:`PLAIN_TEXT_RC`; those settings are restored after.

    Text artists read ``text.parse_math`` when they are made, and tick labels are made when
    the figure is drawn, so both the drawing and the saving run inside this. Only the
    settings of :data:`PLAIN_TEXT_RC` are set and put back (drawing code never changes
    the others): ``mpl.rc_context`` would copy and validate all 300-odd settings at each
    drawing call, nested ones included (about 24,000 look-ups per team report).

    >>> with plain_text_rc():
    ...     with plain_text_rc():
    ...         pass
    ...     mpl.rcParams["text.parse_math"]
    False
    >>> mpl.rcParams["text.parse_math"]
    True
    """
    rc: Any = mpl.rcParams  # (typed for its known keys only)
    before = {key: rc[key] for key in PLAIN_TEXT_RC}
    if before == PLAIN_TEXT_RC:  # already so (a drawing inside a drawing)
        yield
        return
    for key, value in PLAIN_TEXT_RC.items():
        rc[key] = value
    try:
        yield
    finally:
        dict.update(rc, before)  # raw, as rc_context restores


def plain_text(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator for every public drawing function: it runs inside :func:`plain_text_rc`.

    >>> @plain_text
    ... def label() -> str:
    ...     fig, ax = new_axes()
    ...     text = ax.set_title("Cost $5 \\notacommand{x$")
    ...     plt.close(fig)
    ...     return text.get_parse_math()
    >>> label(), label.plain_text
    (False, True)
    """

    @functools.wraps(fn)
    def drawing(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with plain_text_rc():
            return fn(*args, **kwargs)

    drawing.plain_text = True  # type: ignore[attr-defined]
    return drawing


def new_axes(
    *,
    figsize: tuple[float, float] = FIGSIZE,
    layout: Literal["constrained", "fitted"] = "constrained",
) -> tuple[Figure, Axes]:
    """Make a figure with one axes, laid out so labels are never cut off.

    Uses pyplot so the figure shows in Jupyter with ``plt.show()``. ``layout="fitted"``
    measures the surroundings of the one axes once per draw instead of constrained
    layout's two passes (:class:`qiteach.plot.layout.FittedLayout`; reports use it).

    >>> fig, ax = new_axes(figsize=(6, 3))
    >>> fig.get_layout_engine().__class__.__name__
    'ConstrainedLayoutEngine'
    >>> plt.close(fig)
    >>> fig, ax = new_axes(layout="fitted")
    >>> fig.get_layout_engine().__class__.__name__
    'FittedLayout'
    >>> plt.close(fig)
    """
    if layout == "fitted":
        from qiteach.plot.layout import FittedLayout

        fig, ax = plt.subplots(figsize=figsize, layout=FittedLayout())
    else:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def style_axes(ax: Axes, *, grid_axis: Literal["both", "x", "y"] = "y") -> None:
    """Give ``ax`` the house look: light grid, no top/right spines, readable ticks.

    >>> fig, ax = new_axes()
    >>> style_axes(ax, grid_axis="both")
    >>> ax.xaxis.get_gridlines()[0].get_visible(), ax.get_axisbelow()
    (True, True)
    >>> plt.close(fig)
    """
    ax.set_axisbelow(True)
    for axis in (ax.xaxis, ax.yaxis):
        # ax.grid(True, axis=..., **kw) is set_tick_params(gridOn=True, grid_<kw>=...)
        if grid_axis in ("both", axis.axis_name):
            _set_tick_params(axis, gridOn=True, grid_color=LIGHT_GREY, grid_linewidth=0.8)
        elif axis.axis_name == "x":  # a grid on y only: none on x
            _set_tick_params(axis, gridOn=False)
        _set_tick_params(axis, labelsize=FONT["tick"], colors=TEXT, length=3, color=GREY)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.xaxis.label.set_fontsize(FONT["label"])
    ax.yaxis.label.set_fontsize(FONT["label"])
    ax.xaxis.label.set_color(TEXT)
    ax.yaxis.label.set_color(TEXT)


def _set_tick_params(axis: Any, **kwargs: Any) -> None:
    """``axis.set_tick_params(**kwargs)`` for the major ticks, unless they already have them.

    Setting tick parameters updates every existing tick's lines and label, a
    tenth of a widget's redraw; an axes redrawn in place
    (:class:`qiteach.plot.redraw.Redrawn`) already has the house's. The check reads
    the parameters matplotlib keeps for the axis's ticks (``_major_tick_kw``, in the
    names its ``_translate_tick_params`` gives); without them it always sets.

    >>> fig, ax = new_axes()
    >>> _set_tick_params(ax.yaxis, length=7, colors="red")
    >>> tick = ax.yaxis.get_major_ticks()[0]
    >>> tick.tick1line.get_markersize(), tick.label1.get_color()
    (7.0, 'red')
    >>> plt.close(fig)
    """
    translate = getattr(axis, "_translate_tick_params", None)
    have = getattr(axis, "_major_tick_kw", None)
    if translate is not None and isinstance(have, dict):
        missing = object()
        if all(have.get(k, missing) == v for k, v in translate(kwargs).items()):
            return
    axis.set_tick_params(which="major", **kwargs)


class _RememberingDateLocator(mdates.AutoDateLocator):
    """An :class:`~matplotlib.dates.AutoDateLocator` that remembers its ticks per view.

    matplotlib asks the locator for the ticks each time it measures or draws the
    axis (constrained layout measures every axis several times per draw) and
    the auto locator builds a dateutil rule each time. The ticks depend only on
    the view limits (and the time zone, fixed per locator), so they are kept per
    ``(vmin, vmax)``: the same ticks, computed once.

    >>> import numpy as np
    >>> fig, ax = new_axes()
    >>> _ = ax.plot(np.arange("2021-01", "2023-01", dtype="datetime64[M]"), range(24))
    >>> format_date_axis(ax)
    >>> locator = ax.xaxis.get_major_locator()
    >>> ticks = locator()
    >>> bool((locator() == ticks).all()), len(locator._seen)
    (True, 1)
    >>> plt.close(fig)
    """

    def __call__(self) -> Any:
        view = tuple(self.axis.get_view_interval()) if self.axis is not None else None
        seen = self.__dict__.setdefault("_seen", {})
        if view is None or view not in seen:
            ticks = super().__call__()
            if view is None:
                return ticks
            if len(seen) > 64:  # a widget panning through many views
                seen.clear()
            seen[view] = (ticks, self._freq)
        ticks, self._freq = seen[view]
        return np.array(ticks, dtype=float)


def format_date_axis(ax: Axes, *, maxticks: int = 10) -> None:
    """Concise, non-overlapping date labels on the x axis of ``ax``.

    Months read as ``Jan Feb Mar`` with the year shown once where it changes
    (matplotlib's ``ConciseDateFormatter``); at most ``maxticks`` ticks.

    >>> import numpy as np
    >>> fig, ax = new_axes()
    >>> _ = ax.plot(np.arange("2021-01", "2023-01", dtype="datetime64[M]"), range(24))
    >>> format_date_axis(ax)
    >>> type(ax.xaxis.get_major_formatter()).__name__
    'ConciseDateFormatter'
    >>> plt.close(fig)
    """
    locator = _RememberingDateLocator(minticks=3, maxticks=maxticks)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"],
        offset_formats=["", "", "%Y", "%b %Y", "%d %b %Y", "%d %b %Y %H:%M"],
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def set_title(ax: Axes, title: str, **kwargs: Any) -> Text:
    """Set ``ax``'s title (``kwargs`` as :meth:`Axes.set_title`) just above the axes, for good.

    matplotlib looks for a free place for an automatic title at every draw and
    every layout pass, measuring the y axis each time for its offset text (the
    "1e6" or "+1000" of a plain number formatter): on a team report's charts,
    28 % of the tick updates (``Axis._update_ticks``, 217 -> 157 calls per team).
    Here the y axis shows plain numbers, never an offset text, so with the x
    ticks below the axes that free place is always the top of the axes, where
    ``y=1.0`` puts the title: the same pixels, found without measuring. Axes
    with x ticks or label on top keep matplotlib's search.

    >>> fig, ax = new_axes()
    >>> _ = ax.plot([1e6, 1e6 + 1])
    >>> text = set_title(ax, "Waiting days", loc="left")
    >>> fig.canvas.draw()
    >>> ax.yaxis.get_offset_text().get_text(), text.get_position()[1]
    ('', 1.0)
    >>> plt.close(fig)
    """
    formatter = ax.yaxis.get_major_formatter()
    if isinstance(formatter, mticker.ScalarFormatter):
        formatter.set_useOffset(False)
        formatter.set_scientific(False)
    plain = (
        isinstance(formatter, mticker.ScalarFormatter)
        or type(formatter).get_offset is mticker.Formatter.get_offset  # never an offset text
        or (
            isinstance(formatter, mticker.FuncFormatter | mticker.FixedFormatter)
            and not formatter.get_offset()  # a fixed offset text, empty
        )
    )
    on_top = ax.xaxis.get_ticks_position() in ("top", "unknown")
    fixed = plain and not on_top and ax.xaxis.get_label_position() != "top"
    return ax.set_title(title, y=1.0 if fixed else None, **kwargs)  # None: the search


def percent_formatter(*, scale: float = 100.0, decimals: int | None = None) -> mticker.Formatter:
    """Tick formatter showing values as percentages; ``scale`` is the value meaning 100 %.

    >>> percent_formatter(scale=1.0, decimals=0).format_pct(0.25, 1.0)
    '25%'
    >>> percent_formatter(scale=100.0, decimals=1).format_pct(12.5, 100.0)
    '12.5%'

    With ``decimals=None`` the number of decimals follows the axis range.
    """
    return mticker.PercentFormatter(xmax=scale, decimals=decimals)


def format_value(value: float, *, percent_scale: float | None = None, digits: int = 3) -> str:
    """Format a number for a label: ``digits`` significant figures, or a percentage.

    >>> format_value(23.456)
    '23.5'
    >>> format_value(0.2153, percent_scale=1.0)
    '21.5%'
    >>> format_value(1234567.0)
    '1,234,567'
    >>> format_value(float("nan"))
    '–'
    """
    if value != value:  # NaN
        return "–"
    if percent_scale is not None:
        value = value / percent_scale * 100.0
    if abs(value) >= 10**digits:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.{digits}g}"
        if "e" in text:
            text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text + ("%" if percent_scale is not None else "")


def save_figure(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    dpi: float = 150,
    savefig_kw: Mapping[str, Any] | None = None,
) -> Path:
    """Save ``fig`` to ``path`` atomically and return the path.

    The image is written to a temporary file in the same folder, then moved
    into place with :func:`os.replace`, so a reader never sees half a file.
    The format comes from the file extension (``.png``, ``.svg``, ``.pdf``).
    The folder must exist.

    >>> import tempfile, pathlib
    >>> fig, ax = new_axes(figsize=(3, 2))
    >>> out = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "chart.png")
    >>> out.read_bytes()[:4]
    b'\\x89PNG'
    >>> plt.close(fig)
    """
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    if not fmt:
        raise InputError(
            "no file extension, so the image format is unknown",
            file=str(target),
            fix="end the file name with .png, .svg or .pdf",
        )
    if not target.parent.is_dir():
        raise InputError(
            "folder does not exist",
            file=str(target),
            fix=f"create the folder {target.parent} first",
        )
    kw: dict[str, Any] = {"dpi": dpi, "bbox_inches": "tight", "facecolor": "white"}
    kw.update(savefig_kw or {})
    with atomic_path(target, make_parents=False) as tmp, plain_text_rc():
        fig.savefig(tmp, format=fmt, **kw)
    return target
