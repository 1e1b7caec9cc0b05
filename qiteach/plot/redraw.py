"""One figure redrawn in place, for widgets that redraw on every click.

A fresh figure per click pays for new axes, new tick objects and a full
constrained layout each time: about 115 ms for a run chart, most of it text
layout. :class:`Redrawn` keeps one figure and its axes: each redraw removes
the previous drawing's artists (the axes, its ticks and cached fonts stay),
draws again, and runs the constrained layout only when what sits around the
axes changed (title, axis labels, tick labels, legend entries). Otherwise the
axes keep the position the last layout gave them, which still fits the same
surrounding text. The PNG is the whole canvas, drawn once.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> canvas = Redrawn(figsize=(4, 2.5))
>>> def draw(ax, ys):
...     ax.plot(range(len(ys)), ys, label="data")
...     ax.set_title("Waiting days")
...     ax.legend()
>>> first = canvas.redraw(lambda ax: draw(ax, [3, 1, 2]))
>>> canvas.layouts, png_size(first)
(1, (400, 250))
>>> _ = canvas.redraw(lambda ax: draw(ax, [2, 1, 3]))  # same ticks, title, legend: no new layout
>>> canvas.layouts, len(canvas.ax.lines)
(1, 1)
>>> _ = canvas.redraw(lambda ax: draw(ax, [300, 100, 200]))  # wider tick labels: laid out again
>>> canvas.layouts
2
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from qiteach.plot.style import plain_text
from qiteach.reports.png import figure_png, png_size

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Redrawn", "png_size"]


class Redrawn:
    """A figure with one axes that :meth:`redraw` draws again in place.

    ``figure`` and ``ax`` are the live matplotlib objects (tests read what was
    drawn from them); ``layouts`` counts the constrained layouts run so far.
    The figure is not registered with pyplot, so nothing needs closing.
    """

    def __init__(self, *, figsize: tuple[float, float], dpi: int = 100) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.dpi = dpi
        self.figure: Figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)  # drawings measure text with its renderer
        self.ax: Axes = self.figure.add_subplot()
        self.layouts = 0
        self._around: tuple[Any, ...] | None = None

    def clear(self) -> None:
        """Remove the last drawing (lines, points, texts, legend, titles) but keep the axes."""
        from matplotlib import ticker

        ax = self.ax
        for artist in [*ax.lines, *ax.collections, *ax.texts, *ax.patches, *ax.artists]:
            artist.remove()
        for child in list(ax.child_axes):
            child.remove()
        if ax.legend_ is not None:
            ax.legend_.remove()
        for loc in ("left", "center", "right"):
            ax.set_title("", loc=loc)
        ax.set_xlabel("")
        ax.set_ylabel("")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(ticker.AutoLocator())
            axis.set_major_formatter(ticker.ScalarFormatter())
        ax.relim()
        ax.set_autoscale_on(True)
        ax.autoscale_view()

    def _surroundings(self) -> tuple[Any, ...]:
        """What sits around the axes and decides the layout: titles, labels, ticks, legend.

        Tick labels count by their shape, not their value: digits are all one
        width in the house font, so "18.5" and "21.0" need the same room.
        """
        ax = self.ax
        ticks: list[Any] = []
        for axis in (ax.xaxis, ax.yaxis):
            labels = axis.get_major_formatter().format_ticks(list(axis.get_majorticklocs()))
            shapes = [re.sub("[0-9]", "0", label) for label in labels]
            widest = max(shapes, key=len, default="")
            ends = (shapes[0], shapes[-1]) if shapes else ()
            rotation = [round(t.get_rotation()) for t in axis.get_majorticklabels()[:1]]
            offset = re.sub("[0-9]", "0", axis.get_major_formatter().get_offset())  # "1e3", "+1000"
            ticks.append((widest, ends, tuple(rotation), offset))
        legend = ax.get_legend()
        entries = tuple(t.get_text() for t in legend.get_texts()) if legend is not None else ()
        titles = tuple(ax.get_title(loc) for loc in ("left", "center", "right"))
        # labels drawn beside the data (a limit's value past the last point) push the margins
        notes = tuple((re.sub("[0-9]", "0", t.get_text()), t.get_position()) for t in ax.texts)
        return (*titles, ax.get_xlabel(), ax.get_ylabel(), *ticks, entries, notes)

    @plain_text
    def redraw(self, draw: Callable[[Axes], Any]) -> bytes:
        """Clear, call ``draw(ax)``, lay out if the surroundings changed; the PNG bytes.

        ``draw`` runs with the title and axis labels where the last draw placed them
        (what it measures, such as the legend's offset under the x axis label, is
        then not measured twice). When the surroundings turn out to have changed,
        those places may be stale: the drawing is made again with matplotlib
        placing them, then laid out.
        """
        self.clear()
        if self._around is None:
            draw(self.ax)
        else:
            with _placed_as_before(self.ax):
                draw(self.ax)
        around = self._surroundings()
        fig = self.figure
        if around != self._around and self._around is not None:
            self.clear()  # drawn with stale places: draw again, measuring them
            draw(self.ax)
            around = self._surroundings()
        if around != self._around:
            fig.set_layout_engine("constrained")
            engine = fig.get_layout_engine()
            assert engine is not None  # just set
            engine.execute(fig)
            self.layouts += 1
            self._around = around
            fig.set_layout_engine("none")  # keep the positions that layout gave the axes
            return figure_png(fig, dpi=self.dpi, facecolor="white", crop=False)
        with _placed_as_before(self.ax):
            return figure_png(fig, dpi=self.dpi, facecolor="white", crop=False)


@contextmanager
def _placed_as_before(ax: Axes) -> Iterator[None]:
    """Draw with the title and axis labels where the last draw placed them.

    On every draw matplotlib places the axis labels clear of the tick labels and the
    title clear of the axis (measuring every tick label of both axes again, about a
    fifth of a redraw). When the surroundings have the same shape as last time (the
    same tick label shapes, offset text, titles and labels, as :meth:`Redrawn.redraw`
    checks), those places are the same, so they are kept; matplotlib places them
    afresh again once the block ends. Uses matplotlib's own switches for a label
    placed by hand (``Axis.set_label_coords``) and a title given a ``y``; a switch
    that code inside the block sets (``set_title(y=...)``) keeps its new value.

    >>> canvas = Redrawn(figsize=(4, 2.5))
    >>> with _placed_as_before(canvas.ax):
    ...     _ = canvas.ax.set_title("Fixed", y=1.0)
    ...     canvas.ax.xaxis._autolabelpos
    _KEPT
    >>> canvas.ax._autotitlepos, canvas.ax.xaxis._autolabelpos
    (False, True)
    """
    switches: list[tuple[Any, str]] = [
        (ax, "_autotitlepos"),
        (ax.xaxis, "_autolabelpos"),
        (ax.yaxis, "_autolabelpos"),
    ]
    before = [getattr(owner, name) for owner, name in switches]
    for owner, name in switches:
        setattr(owner, name, _KEPT)
    try:
        yield
    finally:
        for (owner, name), value in zip(switches, before, strict=True):
            if getattr(owner, name) is _KEPT:  # a switch the block set itself stays as set
                setattr(owner, name, value)


class _Kept:
    """Off, as matplotlib reads the switch (falsy, not None), and told from a False set."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "_KEPT"


_KEPT = _Kept()
