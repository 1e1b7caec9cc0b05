"""Drawings for the session notebooks: daily demand, a team's driver diagram, sampling
spread, a team's run and control charts and the programme's progress scores.

The ``plot_team_*`` helpers draw from a team's own workspace data. A new team
may not have a measure or data yet: then they print the reason ("No chart yet:
...") and return None instead of raising, so the rest of the notebook runs.

Each function takes a table computed in :mod:`qiteach.exercises.session02` or
:mod:`qiteach.exercises.session04`, draws on ``ax`` (or a new figure) and
returns the axes. No randomness: points are spread sideways by their rank.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.exercises.session02 import daily_demand
>>> ax = plot_demand(daily_demand(), capacity=50)
>>> [line.get_gid() for line in ax.lines if line.get_gid()][-1]
'demand-capacity'
>>> plt.close("all")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from qiteach.charts import ChartResult, compute_chart
from qiteach.drivers import DriverDiagram
from qiteach.exceptions import InputError, ToolkitError
from qiteach.exercises.session06 import run_chart_rules, team_run_chart
from qiteach.exercises.session07 import main_measure_id, xmr_kwargs
from qiteach.exercises.session08 import SustainResult, sustain_status
from qiteach.plot.chart import plot_chart
from qiteach.plot.drivers import plot_driver_diagram
from qiteach.plot.progress import plot_progress
from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, new_axes, style_axes

if TYPE_CHECKING:
    from qiteach.workspace.model import MeasureSeries, Team

__all__ = [
    "NO_DIAGRAM",
    "plot_demand",
    "plot_programme_progress",
    "plot_sampling",
    "plot_team_diagram",
    "plot_team_frozen",
    "plot_team_mdc",
    "plot_team_run_chart",
    "plot_team_sustain",
]

#: what a team with no driver boxes yet sees instead of its diagram (session 3)
NO_DIAGRAM = (
    "Your team has no driver diagram yet (no drivers in drivers.csv): that is what this "
    "session is for. Build it with the builder in section 3 below."
)

_SIZE_COLOURS = (PALETTE["sky_blue"], PALETTE["blue"], PALETTE["bluish_green"], PALETTE["orange"])


def _spread(k: int, width: float) -> np.ndarray:
    """``k`` sideways offsets evenly across ``width``, centred on 0."""
    return np.zeros(1) if k == 1 else np.linspace(-width / 2, width / 2, k)


def plot_demand(
    daily: pd.DataFrame,
    ax: Axes | None = None,
    *,
    capacity: float | None = None,
    title: str | None = None,
) -> Axes:
    """Each day's demand as a dot above its weekday, the weekday mean as a bar, capacity as a line.

    ``daily`` is :func:`qiteach.exercises.session02.daily_demand`. Dots above
    ``capacity`` are drawn in orange. Gids: ``demand-day``, ``demand-mean``,
    ``demand-capacity``.
    """
    for col in ("weekday", "appointments"):
        if col not in daily.columns:
            raise ToolkitError(
                f"no {col!r} column", column=col, fix="pass the table from daily_demand()"
            )
    if ax is None:
        _, ax = new_axes(figsize=(8.0, 4.5))
    style_axes(ax)
    order = [d for d in pd.unique(daily["weekday"])]
    week = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    order = sorted(order, key=week.index)
    over_any = False
    for i, day in enumerate(order):
        values = daily.loc[daily["weekday"] == day, "appointments"].to_numpy(float)  # date order
        xs = i + _spread(len(values), 0.5)
        over = values > capacity if capacity is not None else np.zeros(len(values), bool)
        over_any |= bool(over.any())
        colours = np.where(over, PALETTE["orange"], PALETTE["blue"])
        ax.scatter(xs, values, s=22, c=list(colours), zorder=3, gid="demand-day", alpha=0.85)
        mean = float(values.mean())
        ax.hlines(mean, i - 0.32, i + 0.32, color=TEXT, linewidth=2.5, zorder=4, gid="demand-mean")
        ax.annotate(f"{mean:.0f}", (i + 0.34, mean), va="center", fontsize=FONT["note"],
                    color=TEXT)  # fmt: skip
    if capacity is not None:
        ax.axhline(capacity, color=PALETTE["vermillion"], linestyle=(0, (5, 3)), linewidth=1.6,
                   gid="demand-capacity")  # fmt: skip
    ax.set_xticks(range(len(order)), order)
    ax.set_xlim(-0.6, len(order) - 0.4)
    ax.set_ylabel("Appointments booked that day", fontsize=FONT["label"], color=TEXT)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=PALETTE["blue"], label="one day"),
        Line2D([], [], color=TEXT, linewidth=2.5, label="weekday average"),
    ]
    if capacity is not None:
        handles.append(Line2D([], [], color=PALETTE["vermillion"], linestyle=(0, (5, 3)),
                              label=f"capacity ({capacity:g} a day)"))  # fmt: skip
        if over_any:
            handles.insert(1, Line2D([], [], marker="o", linestyle="", color=PALETTE["orange"],
                                     label="day over capacity"))  # fmt: skip
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(handles),
              frameon=False, fontsize=FONT["legend"])  # fmt: skip
    ax.set_title(title or f"Demand by weekday ({len(daily)} days)", loc="left",
                 fontsize=FONT["title"], color=TEXT)  # fmt: skip
    return ax


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


def plot_team_diagram(diagram: DriverDiagram, *, title: str | None = None) -> Axes | None:
    """Draw a team's driver diagram, or print :data:`NO_DIAGRAM` when it has no drivers yet.

    Teams often reach session 3 with only an aim: that is a starting point, not
    an error, so nothing is drawn and None is returned.

    >>> plot_team_diagram(DriverDiagram("Fewer DNAs from 8% to 5% by March 2027")) is None
    Your team has no driver diagram yet (no drivers in drivers.csv): that is what this session is for. Build it with the builder in section 3 below.
    True
    """  # noqa: E501
    if not diagram.primaries:
        print(NO_DIAGRAM)
        return None
    return plot_driver_diagram(diagram, title=title)


def plot_programme_progress(progress: pd.DataFrame, *, names: dict[str, str]) -> Axes | None:
    """Every team's progress scores (session 8), or a printed note when none are recorded.

    A programme that has not scored its teams yet is not an error: the note says
    where the scores go, and None is returned.

    >>> plot_programme_progress(pd.DataFrame({"team_id": [], "score": []}), names={})
    No progress scores recorded yet in this programme: teams add dated 0.5-5.0 scores to progress.csv.
    """  # noqa: E501
    if not len(progress):
        print(
            "No progress scores recorded yet in this programme: teams add dated 0.5-5.0 "
            "scores to progress.csv."
        )
        return None
    return plot_progress(progress, names=names)


def plot_team_run_chart(
    team: Team, measure_id: str | None = None, *, rules: str | None = None
) -> ChartResult | None:
    """Draw a team's run chart (default: its first outcome measure) and return its result.

    A new team may have no measure or no data yet: then the reason is printed
    ("No run chart yet: ...") and None is returned, instead of an error.
    ``rules`` is the programme's rule set (run charts use Anhøj or IHI).
    """
    if not len(team.measures):
        measure_id = None  # the reason to show is "no measures", not "no measure <id>"
    try:
        result, measure = team_run_chart(team, measure_id, rules=run_chart_rules(rules))
    except InputError as exc:  # no measures, an unknown measure, no data points ...
        print(f"No run chart yet: {exc}")
        return None
    plot_chart(result, title=str(measure["name"]), ylabel=str(measure["unit"] or ""))
    return result


def _main_series(team: Team) -> MeasureSeries:
    """The team's main measure (first outcome measure) as a MeasureSeries."""
    measure_id = main_measure_id(team)
    if measure_id is None:
        raise ToolkitError(
            f"team {team.team_id} has no measures yet",
            file="measures.csv",
            fix="add the team's measures and their data, then run the notebook again",
        )
    return team.measure_series(measure_id)


def plot_team_mdc(team: Team) -> ChartResult | None:
    """Session 7: the team's main measure as a Making Data Count XmR chart (or why not)."""
    try:
        series = _main_series(team)
        result = compute_chart(**xmr_kwargs(series))
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    name, unit = series.measure["name"], series.measure["unit"]
    plot_chart(result, title=f"{name} (Making Data Count XmR)", ylabel=unit, show_values=False)
    return result


def plot_team_frozen(team: Team, *, rules: str | None = None) -> ChartResult | None:
    """Session 7: the team's main measure with limits frozen on its baseline (or why not)."""
    try:
        series = _main_series(team)
        result = compute_chart(**series.chart_kwargs(rules))
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    plot_chart(result, title=f"{series.measure['name']} (baseline frozen)", show_values=False)
    return result


def plot_team_sustain(team: Team, *, since: Any = None) -> SustainResult | None:
    """Session 8: the main measure before and after the team's change (or why not)."""
    try:
        sustain = sustain_status(team, since=since)
        name = team.measure_series(sustain.measure_id).measure["name"]
        result = sustain.chart()
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    plot_chart(result, title=f"{name}: before and after the change", show_values=False)
    return sustain
