"""Draw a team's change ideas against the nine change-concept groups.

One row per change idea, one column per group (A-I, named under the grid); a dot
marks a group :func:`qiteach.tools.change_concepts.concept_matrix` suggests for the
idea. Groups no idea uses are headed in grey and named in the caption: that is
where the next ideas may come from. Nothing is computed here.

Artists carry gids: ``concept-dot`` (the dots), ``concept-unused`` (grey headers),
``concept-caption`` (the key under the grid).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.drivers import DriverDiagram
>>> from qiteach.tools.change_concepts import concept_matrix
>>> d = DriverDiagram.from_dict({"aim": "More BP checks", "drivers": {
...     "Patients are invited": {"Recall is reliable": ["Text reminder a week before"]}}})
>>> ax = plot_concept_grid(concept_matrix(d))
>>> len([c for c in ax.collections if c.get_gid() == "concept-dot"])
1
>>> plt.close("all")
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes

from qiteach.plot.style import FONT, GREY, LIGHT_GREY, PALETTE, TEXT, new_axes, plain_text
from qiteach.tools.change_concepts import groups

__all__ = ["plot_concept_grid"]


@plain_text
def plot_concept_grid(
    matrix: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, width: float = 9.0
) -> Axes:
    """Dots where a change idea (row) may use a change-concept group (column).

    ``matrix`` is :func:`~qiteach.tools.change_concepts.concept_matrix`'s table. A new
    figure is ``width`` inches wide and as tall as its rows need. Returns the axes.
    """
    letters = [g.group_id for g in groups()]
    wrap = max(18, int(width * 4.2))
    labels = [
        textwrap.fill(f"{idea}: {text}", wrap) for idea, text in matrix["change idea"].items()
    ]
    lines = sum(label.count("\n") + 1 for label in labels)
    # the caption sits under the grid, right of the labels: about 0.07 in a character
    caption_wrap = max(30, int((width - 0.07 * wrap - 0.5) / 0.07))
    caption_lines = textwrap.wrap(  # no-break spaces keep each "A Eliminate waste" whole
        "   ".join(f"{g.group_id} {g.title}".replace(" ", "\u00a0") for g in groups()),
        caption_wrap,
    )
    unused = [g for g in letters if not matrix[g].any()] if len(matrix) else letters
    if unused:
        caption_lines += textwrap.wrap(
            f"No idea uses yet: {', '.join(unused)} (grey). The dots come from keywords: a "
            "suggestion to discuss, not a verdict.",
            caption_wrap,
        )
    if ax is None:
        _, ax = new_axes(figsize=(width, 1.6 + 0.3 * max(lines, 1) + 0.2 * len(caption_lines)))
    n = len(matrix)
    for col, g in enumerate(letters):
        ax.axvline(col, color=LIGHT_GREY, linewidth=0.8, zorder=0)
        rows = [r for r, hit in enumerate(matrix[g].tolist()) if hit]
        if rows:
            ax.scatter([col] * len(rows), rows, s=90, color=PALETTE["blue"], zorder=2,
                       gid="concept-dot")  # fmt: skip
    ax.set_xticks(range(len(letters)), letters)
    ax.xaxis.tick_top()
    for tick, g in zip(ax.get_xticklabels(), letters, strict=True):
        tick.set_fontweight("bold")
        tick.set_color(GREY if g in unused else TEXT)
        if g in unused:
            tick.set_gid("concept-unused")
    ax.set_yticks(range(n), labels)
    ax.tick_params(axis="both", length=0, labelsize=FONT["note"] + 0.5)
    ax.set_xlim(-0.6, len(letters) - 0.4)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(
        "\n".join(caption_lines), fontsize=FONT["note"], color=TEXT, loc="left", labelpad=8
    )
    ax.xaxis.label.set_gid("concept-caption")
    ax.set_title(
        textwrap.fill(
            title or "Your change ideas and the change-concept groups",
            int(width * 6),
            break_on_hyphens=False,
        ),
        loc="left",
        fontsize=FONT["title"],
        color=TEXT,
        pad=24,
    )
    return ax
