"""Draw a RAG report as a board would see it: one coloured square per period.

Each square is the period's red/amber/green rating (:func:`qiteach.charts.rag.rag_vs_spc`)
with its word inside (colour is never the only cue) and an arrow for better or
worse than the period before. Put it under the control chart of the same periods
(``sharex``) so the room can compare the two. Nothing is computed here.

Artists carry gids: ``rag-square`` (the squares), ``rag-change`` (the arrows).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.charts import compute_chart
>>> from qiteach.charts.rag import rag_vs_spc
>>> cmp = rag_vs_spc(compute_chart(y=[5.0, 7.0, 5.5], chart="run", direction="decrease",
...                                target=6.0))
>>> ax = plot_rag(cmp)
>>> [p.get_gid() for p in ax.patches]
['rag-square', 'rag-square', 'rag-square']
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from qiteach.charts.rag import RagComparison
from qiteach.charts.result import ChartResult
from qiteach.plot.style import FONT, PALETTE, TEXT, new_axes, plain_text

__all__ = ["RAG_COLOURS", "plot_chart_and_rag", "plot_rag"]

#: Fill colours of the ratings (colour-blind safe palette; the word is written inside too).
RAG_COLOURS: dict[str, str] = {
    "green": PALETTE["bluish_green"],
    "amber": PALETTE["orange"],
    "red": PALETTE["vermillion"],
}
_ARROWS = {"better": "▲", "worse": "▼", "same": "=", "": ""}
_LETTER = {"green": "G", "amber": "A", "red": "R"}


@plain_text
def plot_rag(cmp: RagComparison, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """One square per period at its x position, coloured and lettered by its rating.

    The arrow above a square says better (▲) or worse (▼) than the period
    before, in the chart's improvement direction.
    """
    if ax is None:
        _, ax = new_axes(figsize=(9, 1.6))
    x = cmp.table["x"]
    dated = pd.api.types.is_datetime64_any_dtype(x)
    pos = mdates.date2num(pd.to_datetime(x)) if dated else np.arange(len(x), dtype=float)
    step = float(np.diff(pos).min() if len(pos) > 1 else 1.0) * 0.8
    for at, rating, change in zip(pos, cmp.table["rag"], cmp.table["change"], strict=True):
        left = at - step / 2
        ax.add_patch(Rectangle((left, 0), step, 1, facecolor=RAG_COLOURS[rating],
                               edgecolor="white", gid="rag-square"))  # fmt: skip
        ax.text(at, 0.5, _LETTER[rating], ha="center", va="center", color="white",
                fontsize=FONT["note"], fontweight="bold")  # fmt: skip
        if change:
            ax.text(at, 1.25, _ARROWS[change], ha="center", va="center", color=TEXT,
                    fontsize=FONT["note"], gid="rag-change")  # fmt: skip
    ax.set_ylim(0, 1.6)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(pos[0] - step, pos[-1] + step)
    if dated:
        ax.xaxis_date()
    if title:
        ax.set_title(title, loc="left", fontsize=FONT["label"], color=TEXT)
    return ax


@plain_text
def plot_chart_and_rag(
    result: ChartResult, cmp: RagComparison, *, title: str | None = None,
    ylabel: str | None = None,
) -> Figure:  # fmt: skip
    """The control chart of some periods above the RAG report of the same periods.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from qiteach.charts import compute_chart
    >>> from qiteach.charts.rag import rag_vs_spc
    >>> c = compute_chart(y=[5.0, 7.0, 5.5, 6.1], chart="i", direction="decrease", target=6.0)
    >>> len(plot_chart_and_rag(c, rag_vs_spc(c)).axes)
    2
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    from qiteach.plot.chart import plot_chart

    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 6), sharex=True, height_ratios=[4, 1], gridspec_kw={"hspace": 0.55}
    )
    plot_chart(result, ax=top, title=title, ylabel=ylabel)
    plot_rag(cmp, ax=bottom, title="The same periods as a red/amber/green report")
    return fig
