"""Draw a team's NHS Sustainability Model self-assessment: one bar per factor against its maximum.

The bars are grouped by the model's domains (process, staff, organisation),
in the model's order; each domain has a heading row with its total. A pale
bar shows a factor's maximum, a solid bar the team's points; the factors with
most to gain (:attr:`SustainabilityScore.act_on`) are drawn in orange and
named in the legend. Numbers come from
:func:`qiteach.tools.sustainability.sustainability_score`; nothing is computed
here.

Artists carry gids: ``sustain-max`` (the pale bars), ``sustain-points`` and
``sustain-act-on`` (the solid bars), ``sustain-value`` (the "2 of 3" labels).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.tools.sustainability import EXAMPLE_RATINGS, sustainability_score
>>> ax = plot_sustainability(sustainability_score(EXAMPLE_RATINGS))
>>> sorted({p.get_gid() for p in ax.patches})
['sustain-act-on', 'sustain-max', 'sustain-points']
>>> plt.close("all")
"""

from __future__ import annotations

import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from qiteach.plot.style import FONT, LIGHT_GREY, PALETTE, TEXT, new_axes, plain_text, style_axes
from qiteach.tools.sustainability import LEVELS, SustainabilityScore, sustainability_score

__all__ = ["SUSTAIN_COLOURS", "plot_sustainability"]

#: colours of the chart: points, the factors to act on, and the maximum behind them
SUSTAIN_COLOURS: dict[str, str] = {
    "points": PALETTE["blue"],
    "act_on": PALETTE["orange"],
    "max": LIGHT_GREY,
    "act_on_max": "#F8DFA8",
}
_WRAP = 34  # characters per line of a factor's name (fewer on a narrow figure)


@plain_text
def plot_sustainability(
    result: SustainabilityScore | Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    width: float = 9.0,
) -> Axes:
    """Bars of each factor's points against its maximum, grouped by domain.

    ``result`` is a :class:`SustainabilityScore` or the ratings
    ``sustainability_score`` accepts. A new figure is ``width`` inches wide
    and as tall as its rows need. Returns the axes.
    """
    if not isinstance(result, SustainabilityScore):
        result = sustainability_score(result)
    factors = result.factors
    rows: list[tuple[str, bool]] = [("", False)]  # (label, is a heading); row 0: the legend
    bars: list[tuple[int, Any]] = []  # (row, factor row)
    wrap = max(16, min(_WRAP, int(width * 3.6)))
    for domain in result.domains.itertuples(index=False):
        rows.append((f"{domain.domain.upper()}: {domain.points} of {domain.max_points}", True))
        for f in factors[factors["domain"] == domain.domain].itertuples(index=False):
            bars.append((len(rows), f))
            rows.append((textwrap.fill(str(f.name), wrap), False))
    lines = sum(label.count("\n") + 1 for label, _ in rows)
    if ax is None:
        _, ax = new_axes(figsize=(width, 2.0 + 0.32 * lines))
    style_axes(ax, grid_axis="x")
    act_on = {f.key for f in result.act_on}
    top = max(LEVELS.values())
    for row, f in bars:
        key = "act_on" if f.key in act_on else "points"
        ax.barh(
            row,
            f.max_points,
            color=SUSTAIN_COLOURS["act_on_max" if key == "act_on" else "max"],
            edgecolor=SUSTAIN_COLOURS["act_on"] if key == "act_on" else "none",
            height=0.7,
            gid="sustain-max",
        )
        ax.barh(
            row,
            f.points,
            color=SUSTAIN_COLOURS[key],
            height=0.7,
            gid="sustain-act-on" if key == "act_on" else "sustain-points",
        )
        ax.text(
            f.max_points + 0.08,
            row,
            f"{f.points} of {f.max_points}: {f.level}" + (" (act on)" if key == "act_on" else ""),
            va="center",
            ha="left",
            fontsize=FONT["note"],
            color=TEXT,
            gid="sustain-value",
        )
    ax.set_yticks(range(1, len(rows)), [label for label, _ in rows[1:]])
    for tick, (_, heading) in zip(ax.get_yticklabels(), rows[1:], strict=True):
        tick.set_fontweight("bold" if heading else "normal")
        tick.set_fontsize(FONT["tick"] if heading else FONT["note"] + 0.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.5, -0.6)
    ax.set_xlim(0, top * 2.0)  # room for the value labels right of the longest bar
    ax.set_xticks(range(top + 1))
    ax.set_xlabel(
        textwrap.fill(f"Points (0 = {next(iter(LEVELS))}, {top} = {list(LEVELS)[-1]})", wrap)
    )
    shown_title = title or (
        f"Sustainability self-assessment: {result.total} of {result.max_total} (unweighted)"
    )
    ax.set_title(
        textwrap.fill(shown_title, max(20, int(width * 6)), break_on_hyphens=False),
        loc="left",
        fontsize=FONT["title"],
        color=TEXT,
    )
    handles = [Patch(color=SUSTAIN_COLOURS["points"], label="points")]
    if act_on:
        handles.append(
            Patch(
                facecolor=SUSTAIN_COLOURS["act_on_max"],
                edgecolor=SUSTAIN_COLOURS["act_on"],
                label="most to gain: act on",
            )
        )
    handles.append(Patch(color=SUSTAIN_COLOURS["max"], label="maximum"))
    ax.legend(
        handles=handles,
        loc="upper right",  # in the empty top row
        ncol=len(handles),
        borderaxespad=0.1,
        fontsize=FONT["legend"],
        frameon=False,
    )
    return ax
