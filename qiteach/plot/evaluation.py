"""Evaluation figures: pre/post dumbbells, ITS, attendance, small multiples of team measures.

Each function draws results computed by :mod:`qiteach.evaluation` (nothing is
computed here beyond picking columns) on a given ``ax`` or a new figure, and
returns the axes (or the figure for small multiples). When the result is "not
yet available" the axes say so in words instead of raising, so report
notebooks run at any point of a programme.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from qiteach.evaluation.its import its_regression
>>> r = its_regression(None, x=list(range(12)), y=[1, 2, 3, 4, 5, 6, 3, 4, 5, 6, 7, 8], start=6)
>>> ax = plot_its(r, title="Example")
>>> ax.get_title(loc="left")
'Example'
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from qiteach.plot.style import (
    FIGSIZE,
    FONT,
    GREY,
    LIGHT_GREY,
    PALETTE,
    TEXT,
    format_date_axis,
    new_axes,
    plain_text,
    set_title,
    style_axes,
)

if TYPE_CHECKING:
    from qiteach.evaluation.cohort import AttendanceSummary
    from qiteach.evaluation.its import ITSResult
    from qiteach.evaluation.survey import SurveyAnalysis
    from qiteach.workspace.model import Programme, Team

__all__ = [
    "plot_attendance_bars",
    "plot_attendance_heatmap",
    "plot_its",
    "plot_lean_multiples",
    "plot_prepost",
    "plot_small_multiples",
]

PRE_COLOUR = PALETTE["orange"]
POST_COLOUR = PALETTE["blue"]
ROLE_COLOURS = [
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["bluish_green"],
    PALETTE["reddish_purple"],
    PALETTE["sky_blue"],
    PALETTE["vermillion"],
    GREY,
]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = new_axes(figsize=figsize)
    return ax


def _message(ax: Axes, text: str) -> Axes:
    """Write ``text`` in the middle of an empty axes (for "not yet available")."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        wrap=True,
        color=TEXT,
        fontsize=FONT["label"],
        transform=ax.transAxes,
    )
    return ax


# -- pre/post dumbbells ----------------------------------------------------------------------
@plain_text
def plot_prepost(
    analysis: SurveyAnalysis | pd.DataFrame,
    ax: Axes | None = None,
    *,
    domain: str | None = None,
    title: str | None = None,
    scale: tuple[float, float] = (1.0, 5.0),
    figsize: tuple[float, float] | None = None,
) -> Axes:
    """Dumbbell chart: each survey item's pre and post mean with 95% t-intervals.

    ``analysis`` is a :class:`~qiteach.evaluation.survey.SurveyAnalysis` or its
    ``items`` DataFrame; ``domain`` keeps one domain. Items are labelled with
    the number of pairs.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> items = pd.DataFrame({"domain": ["confidence"], "item": ["write_aim"], "n_pairs": [8],
    ...     "pre_mean": [2.1], "pre_low": [1.7], "pre_high": [2.5],
    ...     "post_mean": [3.9], "post_low": [3.5], "post_high": [4.3]})
    >>> ax = plot_prepost(items)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['write_aim (n=8)']
    >>> plt.close(ax.figure)
    """
    items = analysis if isinstance(analysis, pd.DataFrame) else analysis.items
    if domain is not None:
        items = items[items["domain"] == domain]
    items = items[items["n_pairs"] > 0] if len(items) else items
    height = max(2.5, 0.45 * len(items) + 1.5)
    ax = _axes(ax, figsize or (FIGSIZE[0], height))
    if title:
        set_title(ax, title, fontsize=FONT["title"], color=TEXT, loc="left", parse_math=False)
    if not len(items):
        return _message(ax, "Not yet available: no participant has both a pre and a post survey.")
    items = items.reset_index(drop=True)
    ypos = np.arange(len(items))[::-1].astype(float)
    for i, row in items.iterrows():
        y = ypos[i]
        ax.plot(
            [row["pre_mean"], row["post_mean"]], [y, y], color=LIGHT_GREY, linewidth=3, zorder=1
        )
        for which, colour, dy in (("pre", PRE_COLOUR, 0.12), ("post", POST_COLOUR, -0.12)):
            mean, lo, hi = row[f"{which}_mean"], row[f"{which}_low"], row[f"{which}_high"]
            if not (math.isnan(lo) or math.isnan(hi)):
                ax.plot([lo, hi], [y + dy, y + dy], color=colour, linewidth=1.2, zorder=2)
            ax.plot(mean, y + dy, "o", color=colour, markersize=7, zorder=3)
    several = items["domain"].nunique() > 1
    labels = [
        f"{r.domain}: {r.item} (n={int(r.n_pairs)})"
        if several
        else f"{r.item} (n={int(r.n_pairs)})"
        for r in items.itertuples()
    ]
    ax.set_yticks(ypos, labels)
    ax.set_xlim(scale[0] - 0.25, scale[1] + 0.25)
    ax.set_xticks(np.arange(scale[0], scale[1] + 0.5, 1.0))
    ax.set_xlabel("Mean score (95% CI)")
    style_axes(ax, grid_axis="x")
    ax.legend(
        handles=[
            Line2D([], [], marker="o", color=PRE_COLOUR, label="Before (pre)"),
            Line2D([], [], marker="o", color=POST_COLOUR, label="After (post)"),
        ],
        loc="lower right",
        fontsize=FONT["legend"],
        frameon=False,
    )
    return ax


# -- interrupted time series -----------------------------------------------------------------
@plain_text
def plot_its(
    result: ITSResult,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    ylabel: str | None = None,
    start_label: str = "Programme start",
    figsize: tuple[float, float] = FIGSIZE,
) -> Axes:
    """Points, fitted pre and post segments, and the counterfactual (pre-trend carried on)."""
    ax = _axes(ax, figsize)
    if title:
        set_title(ax, title, fontsize=FONT["title"], color=TEXT, loc="left", parse_math=False)
    if result.status != "fitted":
        return _message(ax, result.message[:1].upper() + result.message[1:])
    f = result.fitted
    x = f["x"].to_numpy()
    post = f["post"].to_numpy(dtype=bool)
    ax.plot(x, f["y"], "o", color=GREY, markersize=4, label="Observed", zorder=3)
    ax.plot(x[~post], f["fitted"][~post], color=PALETTE["black"], linewidth=2, label="Fitted")
    ax.plot(x[post], f["fitted"][post], color=PALETTE["blue"], linewidth=2, label="Fitted after")
    ax.plot(
        x[post],
        f["counterfactual"][post],
        color=PALETTE["black"],
        linewidth=1.5,
        linestyle="--",
        label="Pre-programme trend continued",
    )
    # the line marks the start itself (e.g. 4 Dec), not the first period after it (1 Jan)
    dates = pd.api.types.is_datetime64_any_dtype(f["x"])
    at = pd.Timestamp(result.start) if dates and result.start is not None else x[post][0]
    ax.axvline(at, color=PALETTE["vermillion"], linewidth=1, linestyle=":")
    ax.annotate(
        start_label,
        xy=(at, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        va="top",
        fontsize=FONT["note"],
        color=PALETTE["vermillion"],
    )
    if dates:
        format_date_axis(ax)
    if ylabel:
        ax.set_ylabel(ylabel, parse_math=False)
    style_axes(ax)
    ax.legend(fontsize=FONT["legend"], frameon=False, loc="best")
    return ax


# -- attendance ------------------------------------------------------------------------------
@plain_text
def plot_attendance_heatmap(
    summary: AttendanceSummary,
    ax: Axes | None = None,
    *,
    labels: str = "participant",
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Axes:
    """Participant × session grid: attended (blue), missed (orange), not recorded (blank).

    ``summary`` is an :class:`~qiteach.evaluation.cohort.AttendanceSummary`;
    rows are grouped by team and role; ``labels="role"`` hides participant ids.
    """
    matrix = summary.matrix
    height = max(2.5, 0.28 * len(matrix) + 1.2)
    ax = _axes(ax, figsize or (max(4.0, 0.6 * matrix.shape[1] + 3.0), height))
    if title:
        set_title(ax, title, fontsize=FONT["title"], color=TEXT, loc="left", parse_math=False)
    if matrix.empty:
        return _message(ax, "Not yet available: no attendance recorded.")
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    cmap = ListedColormap([PALETTE["orange"], PALETTE["blue"]])
    ax.imshow(values, aspect="auto", cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(np.arange(matrix.shape[1]), [str(s) for s in matrix.columns])
    if labels == "role":
        names = [f"{team} · {role}" for team, role, _ in matrix.index]
    else:
        names = [f"{team} · {role} · {pid}" for team, role, pid in matrix.index]
    ax.set_yticks(np.arange(len(matrix)), names)
    ax.set_xlabel("Learning session")
    ax.tick_params(labelsize=FONT["tick"], colors=TEXT, length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.legend(
        handles=[
            Patch(color=PALETTE["blue"], label="Attended"),
            Patch(color=PALETTE["orange"], label="Missed"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=FONT["legend"],
        frameon=False,
    )
    return ax


@plain_text
def plot_attendance_bars(
    summary: AttendanceSummary,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    figsize: tuple[float, float] = FIGSIZE,
) -> Axes:
    """Grouped bars: % attended per session for each role, with the overall rate as a line."""
    ax = _axes(ax, figsize)
    if title:
        set_title(ax, title, fontsize=FONT["title"], color=TEXT, loc="left", parse_math=False)
    table = summary.table()
    if table.empty:
        return _message(ax, "Not yet available: no attendance recorded.")
    roles = [c for c in table.columns if c != "all"]
    x = np.arange(len(table))
    width = 0.8 / max(len(roles), 1)
    for i, role in enumerate(roles):
        ax.bar(
            x - 0.4 + width * (i + 0.5),
            table[role].to_numpy(dtype=float),
            width=width,
            color=ROLE_COLOURS[i % len(ROLE_COLOURS)],
            label=role,
        )
    ax.plot(x, table["all"], color=PALETTE["black"], marker="o", linewidth=1.5, label="All roles")
    ax.axhline(100 * summary.overall_rate, color=GREY, linestyle="--", linewidth=1)
    ax.set_xticks(x, [str(s) for s in table.index])
    ax.set_xlabel("Learning session")
    ax.set_ylabel("Attended (%)")
    ax.set_ylim(0, 105)
    style_axes(ax)
    ax.legend(fontsize=FONT["legend"], frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


# -- small multiples -------------------------------------------------------------------------
def _main_measures(source: Team | Programme) -> list[tuple[str, str | None]]:
    """(team_id, first outcome measure id or None) for every team, in file order."""
    from qiteach.evaluation._tables import get_table

    teams = get_table(source, "teams", required=("team_id",))
    measures = get_table(source, "measures", required=("team_id", "measure_id", "type"))
    out = []
    for team in teams["team_id"]:
        mine = measures[(measures["team_id"] == team) & (measures["type"] == "outcome")]
        out.append((str(team), None if mine.empty else str(mine["measure_id"].iloc[0])))
    return out


@plain_text
def plot_small_multiples(
    source: Team | Programme,
    *,
    measures: list[tuple[str, str]] | None = None,
    ncols: int = 2,
    rules: str | None = None,
    panel_size: tuple[float, float] = (6.0, 3.2),
) -> Figure:
    """One chart per team of its main measure (default: the first outcome measure).

    ``measures`` lists ``(team_id, measure_id)`` pairs to draw instead. Panels
    are drawn with :func:`qiteach.plot.chart.plot_chart`; a team with no
    measure or no data gets a panel saying so. Returns the figure.
    """
    from qiteach.evaluation.aim import measure_chart
    from qiteach.exceptions import InputError
    from qiteach.plot.chart import plot_chart

    pairs = measures if measures is not None else _main_measures(source)
    n = max(len(pairs), 1)
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
        layout="constrained",
        squeeze=False,
    )
    flat = axes.ravel()
    for ax, (team, measure_id) in zip(flat, pairs, strict=False):
        if measure_id is None:
            _message(ax, f"{team}: no outcome measure yet")
            continue
        try:
            result = measure_chart(source, team, measure_id, rules=rules)
        except InputError as exc:
            _message(ax, f"{team} · {measure_id}: not yet available ({exc.problem.message})")
            continue
        name = _measure_name(source, team, measure_id)
        plot_chart(result, ax, title=f"{team}: {name}", show_legend=False, show_values=False)
    if not pairs:
        _message(flat[0], "Not yet available: no teams.")
    for ax in flat[len(pairs) :]:
        ax.set_visible(False)
    return fig


def _measure_name(source: Team | Programme, team: str, measure_id: str) -> str:
    from qiteach.evaluation._tables import get_table

    m = get_table(source, "measures", required=("team_id", "measure_id"))
    hit = m[(m["team_id"] == team) & (m["measure_id"] == measure_id)]
    if hit.empty or "name" not in hit or pd.isna(hit["name"].iloc[0]):
        return measure_id
    return str(hit["name"].iloc[0])


def _panel_xy(x: Any, y: Any, lo: float, hi: float, col: int, row: int, n: int) -> tuple:
    """Map a series onto panel (col, row) of the grid: 0.06-0.94 across, 0.1-0.72 up."""
    span = hi - lo if hi > lo else 1.0
    px = col + 0.06 + 0.88 * (np.asarray(x, float) / max(n - 1, 1))
    py = -row + 0.10 + 0.62 * ((np.asarray(y, float) - lo) / span)
    return px, py


@plain_text
def plot_lean_multiples(charts: Sequence[tuple[str, Any]], *, ncols: int = 6) -> Figure:
    """Many teams: one light panel each (data, centre line, limits, signal points).

    ``charts`` holds ``(label, ChartResult or None)`` per panel, in order.

    :func:`qiteach.plot.evaluation.plot_small_multiples` draws full charts; with
    dozens of teams that takes tens of seconds, so large programmes get this
    sparse drawing of the same chart results (the programme report chooses). Every
    panel lives in one axes
    (a grid in data coordinates: panel ``(col, row)`` spans ``col..col+1`` and
    ``-row..-row+1``) drawn with a handful of line collections, so the cost
    hardly grows with the number of teams.
    """
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    nrows = math.ceil(len(charts) / ncols)
    fig = plt.figure(figsize=(2.0 * ncols, 1.35 * nrows))
    ax = fig.add_axes((0.005, 0.005, 0.99, 0.99))
    ax.set_xlim(0, ncols)
    ax.set_ylim(-nrows + 1, 1)
    ax.set_axis_off()
    data: list[Any] = []
    centre: list[Any] = []
    limits: list[Any] = []
    frames: list[Any] = []
    signal_x, signal_y = [], []
    for i, (team, result) in enumerate(charts):
        col, row = i % ncols, i // ncols
        frames.append(Rectangle((col + 0.03, -row + 0.04), 0.94, 0.74))
        ax.text(col + 0.03, -row + 0.80, str(team)[:28], fontsize=7, color=TEXT,
                ha="left", va="bottom")  # fmt: skip
        if result is None:
            ax.text(col + 0.5, -row + 0.41, "no data yet", ha="center", va="center",
                    fontsize=7, color="#777777")  # fmt: skip
            continue
        pts = result.points
        x = np.arange(len(pts))
        series = {c: pts[c].to_numpy(float) for c in ("y", "cl", "ucl", "lcl") if c in pts}
        values = np.concatenate([v[np.isfinite(v)] for v in series.values()] or [np.zeros(1)])
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        for name, target in (("y", data), ("cl", centre), ("ucl", limits), ("lcl", limits)):
            if name in series and np.isfinite(series[name]).any():
                target.append(np.column_stack(_panel_xy(x, series[name], lo, hi, col, row,
                                                        len(pts))))  # fmt: skip
        flagged = pts["signals"].astype(bool).to_numpy() if "signals" in pts else None
        if flagged is not None and flagged.any():
            px, py = _panel_xy(x[flagged], series["y"][flagged], lo, hi, col, row, len(pts))
            signal_x.extend(px)
            signal_y.extend(py)
    ax.add_collection(PatchCollection(frames, facecolor="none", edgecolor="#CCCCCC",
                                      linewidth=0.8))  # fmt: skip
    ax.add_collection(LineCollection(limits, colors="#999999", linewidths=0.5))
    ax.add_collection(LineCollection(centre, colors=TEXT, linewidths=0.7))
    ax.add_collection(LineCollection(data, colors="#1F5F8B", linewidths=0.8))
    if signal_x:
        ax.plot(signal_x, signal_y, "o", markersize=1.8, color=PALETTE["orange"], linestyle="")
    return fig
