"""A layout for a figure with one axes: margins measured once from the text that is there.

matplotlib's constrained layout measures everything around every axes (tick
labels, axis labels, title, legend, inset icons) twice per draw, to fit axes
into a grid of many. A report chart has one axes, so :class:`FittedLayout`
measures what sits around it once (:meth:`~matplotlib.axes.Axes.get_tightbbox`,
the measure constrained layout uses), gives the axes the rest of the canvas,
and measures again only if the tick labels that position needs differ in
shape from the ones measured (so a wider tick label is never cut off) or
it has inset axes (icons) sized as a fraction of it. The
legend is measured on its own: it keeps its distance below the axes and its
place across them (centred), so the axes are narrowed only as far as the
legend would otherwise leave the canvas. Constrained layout, measuring the
legend with the axes, leaves as much room on the far side too; here that room
goes to the data. Otherwise the margins are constrained layout's, within a few
pixels, for about half the cost of laying out.

:func:`qiteach.reports.png.figure_png` keeps the whole canvas of a figure laid
out this way, as it does for constrained layout: everything fits inside.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.plot.style import new_axes
>>> fig, ax = new_axes(figsize=(6, 3), layout="fitted")
>>> _ = ax.plot([1, 2, 3], [10, 300, 20])
>>> _ = ax.set_title("Waiting days"), ax.set_ylabel("Days")
>>> fig.canvas.draw()
>>> engine = fig.get_layout_engine()
>>> engine.passes, bool(ax.get_position().x0 > 0.05)  # room left for the tick labels and "Days"
(1, True)
>>> tight = ax.get_tightbbox(fig.canvas.get_renderer())
>>> bool(tight.x0 >= 0 and tight.y0 >= 0 and tight.x1 <= 600 and tight.y1 <= 300)
True
>>> plt.close(fig)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine
from matplotlib.transforms import Bbox, ScaledTranslation

from qiteach.plot.text_metrics import share_text_metrics

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

__all__ = ["FittedLayout", "fits_inside"]

#: Room between what is drawn and the canvas edge, in inches (constrained layout's 3 points).
PAD = 3 / 72


def _tick_shapes(ax: Axes) -> tuple[Any, ...]:
    """The tick labels both axes would show now, by shape (digits are one width in the font)."""
    out: list[Any] = []
    for axis in (ax.xaxis, ax.yaxis):
        formatter = axis.get_major_formatter()
        labels = formatter.format_ticks(list(axis.get_majorticklocs()))
        out.append(tuple(re.sub("[0-9]", "0", label) for label in labels))
        out.append(re.sub("[0-9]", "0", formatter.get_offset()))
    return tuple(out)


class FittedLayout(LayoutEngine):
    """Place a figure's one axes so what is drawn around it fits the canvas, ``pad`` inches in.

    Figures with more than one axes (child axes such as icons do not count) are
    laid out by constrained layout instead. ``passes`` counts the measurements
    of the last layout (1 unless the tick labels changed shape when the axes moved, 2 with
    inset axes).
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, *, pad: float = PAD, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pad = pad
        self.passes = 0
        self._under: tuple[Legend, tuple[float, float], float] | None = None

    def put_under(self, legend: Legend, anchor: tuple[float, float], *, gap: float) -> None:
        """Anchor ``legend`` at ``anchor`` (axes fraction), ``gap`` inches under all that is below.

        The drop under the tick labels and axis label is the one the layout measures
        anyway, so nothing is measured for the legend before the layout.
        """
        self._under = (legend, anchor, gap)

    def execute(self, fig: Figure) -> None:
        """Lay out ``fig`` (matplotlib calls this at every draw)."""
        renderer = share_text_metrics(fig)
        if len(fig.axes) != 1:
            if self._under is not None:  # its drop under the x axis, measured as it is now
                axes = self._under[0].axes
                ticks = axes.xaxis.get_tightbbox(renderer)
                below = axes.bbox.y0 - (ticks.y0 if ticks is not None else axes.bbox.y0)
                self._place_under(axes, below)
            ConstrainedLayoutEngine().execute(fig)
            return
        (ax,) = fig.axes
        self.passes = 0
        for _ in range(3):
            shapes = _tick_shapes(ax)
            self._fit(fig, ax, renderer)
            self.passes += 1
            # inset axes (the MDC icons) are sized as a fraction of the axes: they
            # shrink with them, so their room is measured again, as constrained layout does
            if _tick_shapes(ax) == shapes and not (ax.child_axes and self.passes < 2):
                break

    def _fit(self, fig: Figure, ax: Axes, renderer: Any) -> None:
        width, height = fig.bbox.width, fig.bbox.height  # pixels
        box = ax.get_window_extent(renderer)
        legend = ax.get_legend()
        keep = legend is not None and legend.get_in_layout()
        if legend is not None and keep:  # measured on its own: it moves with the axes centre
            legend.set_in_layout(False)
        try:
            tight = ax.get_tightbbox(renderer, for_layout_only=True)
        finally:
            if legend is not None and keep:
                legend.set_in_layout(True)
        if tight is None:
            return
        pad = self.pad * fig.dpi
        if self._under is not None and self._under[0] is legend:
            self._place_under(ax, box.y0 - tight.y0)
        x0 = box.x0 - tight.x0 + pad
        y0 = box.y0 - tight.y0 + pad
        x1 = width - (tight.x1 - box.x1 + pad)
        y1 = height - (tight.y1 - box.y1 + pad)
        if legend is not None and keep:
            # a legend under (or over) the axes keeps its distance from them and its place
            # across them (a fraction of their width, e.g. centred): room below, and the axes
            # narrowed from the side it would stick out of the canvas
            lb = legend.get_window_extent(renderer)
            y0 = max(y0, box.y0 - lb.y0 + pad)
            y1 = min(y1, height - (lb.y1 - box.y1 + pad))
            if lb.x0 < box.x0 or lb.x1 > box.x1:
                at = ((lb.x0 + lb.x1) / 2 - box.x0) / box.width  # the legend's centre, in axes
                half = lb.width / 2
                centre = x0 + at * (x1 - x0)
                if centre - half < pad:  # move the centre right by narrowing from the left
                    x0 += (pad - (centre - half)) / (1 - at) if at < 1 else 0.0
                centre = x0 + at * (x1 - x0)
                if centre + half > width - pad:
                    x1 -= (centre + half - (width - pad)) / at if at > 0 else 0.0
        if x1 - x0 < 0.05 * width or y1 - y0 < 0.05 * height:  # more text than canvas:
            ConstrainedLayoutEngine().execute(fig)  # what that does then (and its warning)
            return
        bounds = Bbox.from_extents(x0 / width, y0 / height, x1 / width, y1 / height)
        ax._set_position(bounds, which="both")  # type: ignore[attr-defined]  # as constrained layout

    def _place_under(self, ax: Axes, below: float) -> None:
        """Put the legend :meth:`put_under` was given ``below`` pixels and its gap under ``ax``."""
        assert self._under is not None
        legend, anchor, gap = self._under
        fig = legend.get_figure(root=True)
        assert fig is not None
        drop = ScaledTranslation(0, -(below / fig.dpi + gap), fig.dpi_scale_trans)
        legend.set_bbox_to_anchor(anchor, transform=ax.transAxes + drop)


def fits_inside(fig: Figure) -> bool:
    """True if ``fig``'s layout engine fits everything drawn inside the canvas.

    >>> import matplotlib.pyplot as plt
    >>> fits_inside(plt.figure(layout="constrained")), fits_inside(plt.figure())
    (True, False)
    >>> plt.close("all")
    """
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine | FittedLayout)
