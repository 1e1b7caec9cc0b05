"""Draw IHI progress scores over time: one step line per team, scale labels on the y axis.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> ax = plot_progress([{"team_id": "north", "date": "2026-01-31", "score": 1.0},
...                     {"team_id": "north", "date": "2026-02-28", "score": 2.0}])
>>> [ln.get_gid() for ln in ax.lines]
['progress-north', 'progress-points-north']
>>> ax.get_yticklabels()[3].get_text()
'2.0  Activity, no changes'
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from qiteach.exceptions import ToolkitError
from qiteach.plot.style import (
    FONT,
    PALETTE,
    TEXT,
    format_date_axis,
    new_axes,
    plain_text,
    set_title,
    style_axes,
)
from qiteach.progress import PROGRESS_LABELS, clean_progress

__all__ = ["TEAM_COLOURS", "plot_progress", "plot_progress_bands"]

#: Colours for teams in turn (Okabe-Ito, yellow left out: too pale on white).
TEAM_COLOURS: tuple[str, ...] = tuple(
    PALETTE[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")
)
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_DODGE = 0.04  # score units between teams' lines so equal scores stay visible


@plain_text
def plot_progress(
    progress: Any,
    ax: Axes | None = None,
    *,
    teams: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    as_of: Any = None,
) -> Axes:
    """Step chart of progress scores, one line per team, with the scale's labels on the y axis.

    ``progress`` is the ``progress`` table (several teams allowed) or a list of
    dicts; ``teams`` picks and orders teams (default: all, by team_id);
    ``names`` maps team_id to the name shown in the legend. Each score holds
    until the next; every line runs on to ``as_of`` (default: the latest date
    scored by any team). With several teams, lines are nudged apart by
    ±0.04 so identical scores do not hide each other; markers show the
    dated scores. Lines have gid ``progress-<team_id>``. Returns the axes.
    """
    df = clean_progress(progress)
    if "team_id" not in df.columns:
        df = df.assign(team_id="team")
    available = list(dict.fromkeys(df["team_id"]))
    chosen = list(teams) if teams is not None else available
    unknown = [t for t in chosen if t not in available]
    if unknown:
        raise ToolkitError(
            f"no progress scores for team {unknown[0]!r}", file="progress.csv", column="team_id",
            fix=f"choose from {', '.join(available)}",
        )  # fmt: skip
    if not chosen:
        raise ToolkitError("no progress scores to draw", file="progress.csv", column="score",
                           fix="add dated scores")  # fmt: skip
    end = df["date"].max() if as_of is None else pd.Timestamp(as_of).normalize()
    if ax is None:
        _, ax = new_axes(figsize=(9.0, 5.0))
    style_axes(ax, grid_axis="y")
    n = len(chosen)
    for i, team in enumerate(chosen):
        rows = df[df["team_id"] == team]
        nudge = (i - (n - 1) / 2) * _DODGE if n > 1 else 0.0
        dates = [*rows["date"], max(end, rows["date"].iloc[-1])]
        scores = [*rows["score"], rows["score"].iloc[-1]]
        colour = TEAM_COLOURS[i % len(TEAM_COLOURS)]
        label = (names or {}).get(team, team)
        ax.step(mdates.date2num(dates), [s + nudge for s in scores], where="post",
                color=colour, linewidth=2.0, label=label, gid=f"progress-{team}")  # fmt: skip
        ax.plot(mdates.date2num(list(rows["date"])), [s + nudge for s in rows["score"]],
                linestyle="none", marker=_MARKERS[i % len(_MARKERS)], color=colour,
                markersize=6, markeredgecolor="white", gid=f"progress-points-{team}")  # fmt: skip
    ax.set_yticks(
        list(PROGRESS_LABELS),
        [f"{s:.1f}  {label}" for s, label in PROGRESS_LABELS.items()],
        fontsize=FONT["tick"],
    )
    ax.set_ylim(0.3, 5.2)
    ax.xaxis_date()
    format_date_axis(ax)
    ax.set_ylabel("IHI progress score", fontsize=FONT["label"], color=TEXT)
    set_title(ax, "Progress over time", fontsize=FONT["title"], color=TEXT, loc="left")
    if n > 1 or names:
        ax.legend(loc="upper left", frameon=False, fontsize=FONT["legend"])
    return ax


@plain_text
def plot_progress_bands(bands: pd.DataFrame) -> Axes:
    """Median progress score across teams by month, with the middle half of teams as a band.

    ``bands`` has columns ``month``, ``median``, ``q1`` and ``q3`` (the programme report
    computes it when there are too many teams for one line each).
    """
    _, ax = new_axes(figsize=(8.5, 3.6))
    ax.fill_between(
        bands["month"], bands["q1"], bands["q3"], step="post", color=PALETTE["sky_blue"],
        alpha=0.35, label="Middle half of teams",
    )  # fmt: skip
    ax.step(bands["month"], bands["median"], where="post", color=PALETTE["blue"], linewidth=2,
            label="Median team")  # fmt: skip
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Progress score (0.5 to 5)")
    ax.set_title("Progress scores across teams", loc="left")
    style_axes(ax)
    format_date_axis(ax)
    ax.legend(frameon=False, loc="upper left")
    return ax
