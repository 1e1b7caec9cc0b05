"""Draw a funnel plot from a :class:`~qiteach.evaluation.funnel.FunnelResult` (no statistics here).

Points are the units (practices); the solid curves are the 99.8% limits, the
dashed ones the 95% limits, the horizontal line the overall value. Units
outside the limits are named on the chart (every unit when there are few).
Colours are Okabe-Ito (colour-blind safe): above the limits blue, below orange;
the markers also differ in shape (triangle up / down), so colour is never the
only cue. Whether "above" is better depends on the measure: the caller says so
in the title or caption.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qiteach.evaluation.funnel import funnel
>>> ax = plot_funnel(funnel([18, 40, 9, 70], [100, 200, 60, 300], list("ABCD")), title="Demo")
>>> ax.get_title(loc="left")
'Demo'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes

from qiteach.plot.style import PALETTE, TEXT, new_axes, percent_formatter, plain_text, style_axes

if TYPE_CHECKING:
    from qiteach.evaluation.funnel import FunnelResult

__all__ = ["plot_funnel"]

_STYLE = {
    "within": ("o", "#8C8C8C"),
    "above 95%": ("^", PALETTE["sky_blue"]),
    "above 99.8%": ("^", PALETTE["blue"]),
    "below 95%": ("v", PALETTE["orange"]),
    "below 99.8%": ("v", PALETTE["vermillion"]),
}


@plain_text
def plot_funnel(
    result: FunnelResult,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    label_all: int = 12,
    figsize: tuple[float, float] = (8.5, 4.8),
) -> Axes:
    """Draw ``result`` on ``ax`` (or a new figure) and return the axes.

    Units outside the 95% limits are labelled with their names; with
    ``label_all`` or fewer units, every unit is.
    """
    if ax is None:
        _, ax = new_axes(figsize=figsize)
    lim = result.limits
    ax.plot(lim["size"], lim["hi998"], color=TEXT, linewidth=1.1, label="99.8% limits")
    ax.plot(lim["size"], lim["lo998"], color=TEXT, linewidth=1.1)
    ax.plot(lim["size"], lim["hi95"], color=TEXT, linewidth=0.9, linestyle="--",
            label="95% limits")  # fmt: skip
    ax.plot(lim["size"], lim["lo95"], color=TEXT, linewidth=0.9, linestyle="--")
    centre = result.target * result.multiplier
    ax.axhline(centre, color=PALETTE["bluish_green"], linewidth=1.2, label="Overall")
    units = result.units
    for band, (marker, colour) in _STYLE.items():
        sel = units[units["band"] == band]
        if sel.empty:
            continue
        ax.scatter(sel["denominator"], sel["value"], marker=marker, s=34, color=colour,
                   edgecolor="white", linewidth=0.5, zorder=3,
                   label=band if band == "within" else f"{band} limit")  # fmt: skip
    few = len(units) <= label_all
    for row in units.itertuples(index=False):
        if few or row.band != "within":
            ax.annotate(str(row.unit).replace(" (SYNTHETIC)", ""), (row.denominator, row.value),
                        xytext=(4, 3), textcoords="offset points", fontsize=7.5,
                        color=TEXT)  # fmt: skip
    if result.kind == "proportion" and result.multiplier == 100:
        ax.yaxis.set_major_formatter(percent_formatter(scale=100, decimals=0))
    ax.set_xlabel(xlabel or ("People in the denominator" if result.kind == "proportion"
                             else "Exposure (registered patients × periods)"))  # fmt: skip
    ax.set_ylabel(ylabel or ("Percent" if result.multiplier == 100 else "Rate"))
    lo = min(float(units["value"].min()), float(lim["lo998"].min()))
    hi = max(float(units["value"].max()), float(lim["hi998"].max()))
    pad = (hi - lo) * 0.06 or 1.0
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_xlim(0, float(lim["size"].max()))
    ax.set_title(title or result.label, loc="left")
    style_axes(ax)
    ax.legend(frameon=False, fontsize=8, loc="best", ncol=2)
    return ax
