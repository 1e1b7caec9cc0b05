"""Drawings of the session notebooks' teaching tables: the spread of sampling
estimates (session 4). Session 2's demand and capacity is :mod:`qiteach.plot.demand`.

Each function takes a table computed in :mod:`qiteach.exercises.session04`,
draws on ``ax`` (or a new figure) and returns the axes. No randomness.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from qiteach.exceptions import ToolkitError
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, new_axes, plain_text, style_axes

__all__ = ["plot_sampling"]

_SIZE_COLOURS = (PALETTE["sky_blue"], PALETTE["blue"], PALETTE["bluish_green"], PALETTE["orange"])


def _spread(k: int, width: float) -> np.ndarray:
    """``k`` sideways offsets evenly across ``width``, centred on 0."""
    return np.zeros(1) if k == 1 else np.linspace(-width / 2, width / 2, k)


@plain_text
def plot_sampling(demo: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Box plots of the estimates from each sampling method and size, with the true value.

    ``demo`` is :func:`qiteach.exercises.session04.sampling_demo`. Gids:
    ``sampling-box`` (one per method and size), ``sampling-truth``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from qiteach.exercises.session04 import sampling_demo
    >>> ax = plot_sampling(sampling_demo(sizes=(20, 80), repeats=10))
    >>> sum(p.get_gid() == "sampling-box" for p in ax.patches)
    6
    """
    for col in ("method", "n", "estimate"):
        if col not in demo.columns:
            raise ToolkitError(
                f"no {col!r} column", column=col, fix="pass the table from sampling_demo()"
            )
    if ax is None:
        _, ax = new_axes(figsize=(8.0, 4.5))
    style_axes(ax)
    methods = list(pd.unique(demo["method"]))
    sizes = sorted(pd.unique(demo["n"]))
    width = 0.7 / len(sizes)
    handles = []
    for j, n in enumerate(sizes):
        colour = _SIZE_COLOURS[j % len(_SIZE_COLOURS)]
        data = [demo.loc[(demo["method"] == m) & (demo["n"] == n), "estimate"] for m in methods]
        pos = np.arange(len(methods)) + (j - (len(sizes) - 1) / 2) * width
        box = ax.boxplot(data, positions=pos, widths=width * 0.85, patch_artist=True,
                         whis=(5, 95), showfliers=False, manage_ticks=False)  # fmt: skip
        for patch in box["boxes"]:
            patch.set(facecolor=colour, edgecolor=TEXT, alpha=0.9, gid="sampling-box")
        for part in ("medians", "whiskers", "caps"):
            for line in box[part]:
                line.set(color=TEXT)
        handles.append(Line2D([], [], color=colour, linewidth=8, label=f"samples of {n}"))
    truth = demo.attrs.get("truth")
    if truth is not None:
        ax.axhline(truth, color=PALETTE["vermillion"], linestyle=(0, (5, 3)), linewidth=1.6,
                   gid="sampling-truth")  # fmt: skip
        handles.append(Line2D([], [], color=PALETTE["vermillion"], linestyle=(0, (5, 3)),
                              label=f"whole list: {truth:.1f}%"))  # fmt: skip
    ax.set_xticks(range(len(methods)), methods)
    ax.set_ylabel("Estimated % in range", fontsize=FONT["label"], color=TEXT)
    repeats = int(demo.groupby(["method", "n"]).size().iloc[0])
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(handles),
              frameon=False, fontsize=FONT["legend"])  # fmt: skip
    ax.set_title(title or f"{repeats} samples each: boxes hold the middle half, whiskers 90%",
                 loc="left", fontsize=FONT["title"], color=TEXT)  # fmt: skip
    ax.tick_params(axis="x", colors=TEXT, color=GREY)
    return ax
