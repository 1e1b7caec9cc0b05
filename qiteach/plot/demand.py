"""Demand and capacity by day, with the queue it leaves (session 2).

Top panel: each working day's true demand (requests less repeats) as a bar,
orange where it was above that day's capacity; the booked appointments (met the
same day) as a black line, which can never rise above capacity; the slots on the
rota and the capacity left after carve-out as step lines. Bottom panel: the
queue (backlog) day by day, from :class:`qiteach.tools.demand.DemandDays`.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from qiteach.exercises.session02 import request_days
>>> top, bottom = plot_demand_capacity(request_days())
>>> sorted({a.get_gid() for a in top.lines if a.get_gid()})
['demand-booked', 'demand-capacity', 'demand-slots']
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from qiteach.plot.style import FONT, GREY, PALETTE, TEXT, plain_text, style_axes
from qiteach.tools.demand import DemandDays

__all__ = ["plot_demand_capacity"]

_QUEUE = PALETTE["reddish_purple"]


@plain_text
def plot_demand_capacity(
    days: DemandDays,
    axes: tuple[Axes, Axes] | None = None,
    *,
    capacity: float | None = None,
    title: str | None = None,
) -> tuple[Axes, Axes]:
    """Draw true demand, booked activity and capacity by day, and the queue below.

    ``capacity`` (one number a day) draws that instead of the log's own
    capacity after carve-out, with the queue it would leave (and no booked line:
    what was booked belongs to the capacity the practice had). Returns the two
    axes (demand, queue). Gids: ``demand-true`` (bars), ``demand-booked``,
    ``demand-slots``, ``demand-capacity``, ``demand-queue`` and ``queue-end``
    (the label giving the highest and the last day's queue).
    """
    f = days.frame
    n = len(f)
    x = np.arange(n)
    if axes is None:
        _, (top, bottom) = plt.subplots(
            2, 1, figsize=(9.0, 5.6), sharex=True, layout="constrained",
            gridspec_kw={"height_ratios": (3, 2)},
        )  # fmt: skip
    else:
        top, bottom = axes
    for ax in (top, bottom):
        style_axes(ax)
    demand = f["true_demand"].to_numpy(float)
    caps = f["capacity"].to_numpy(float) if capacity is None else np.full(n, float(capacity))
    queue = days.queue(capacity)
    over = demand > caps
    colours = np.where(over, PALETTE["orange"], PALETTE["sky_blue"])
    top.bar(x, demand, width=0.8, color=list(colours), gid="demand-true", zorder=2)
    if capacity is None:
        top.step(x, f["slots"].to_numpy(float), where="mid", color=GREY,
                 linestyle=(0, (4, 2)), linewidth=1.4, gid="demand-slots", zorder=3)  # fmt: skip
    top.step(x, caps, where="mid", color=PALETTE["vermillion"], linewidth=2.0,
             gid="demand-capacity", zorder=4)  # fmt: skip
    if capacity is None:  # what was booked belongs to the log's own capacity only
        top.plot(x, f["booked"].to_numpy(float), color=PALETTE["black"], linewidth=1.2,
                 marker="o", markersize=2.5, gid="demand-booked", zorder=5)  # fmt: skip
    top.set_ylabel("Needs a day", fontsize=FONT["label"], color=TEXT)
    top.set_ylim(0, max(demand.max(), float(f["slots"].max())) * 1.12)
    bottom.fill_between(x, queue, step="mid", color=_QUEUE, alpha=0.35, linewidth=0)
    bottom.step(x, queue, where="mid", color=_QUEUE, linewidth=1.8, gid="demand-queue")
    bottom.set_ylabel("Queue: needs\nnot yet met", fontsize=FONT["label"], color=TEXT)
    top_q = max(queue)
    bottom.set_ylim(0, max(top_q, 1) * 1.45)  # headroom: the label never meets the queue
    peak = f["date"].iloc[int(np.argmax(queue))].strftime("%d %b").lstrip("0")
    bottom.text(
        0.01, 0.93, f"Highest: {top_q:g} waiting ({peak}); at the end: {queue[-1]:g}",
        transform=bottom.transAxes, va="top", fontsize=FONT["note"], color=TEXT, gid="queue-end",
    )  # fmt: skip
    mondays = [i for i, d in enumerate(f["date"]) if d.day_of_week == 0]
    ticks = mondays or list(x[:: max(1, n // 10)])
    bottom.set_xticks(ticks, [f["date"].iloc[i].strftime("%d %b").lstrip("0") for i in ticks])
    bottom.set_xlim(-0.7, n - 0.3)
    bottom.set_xlabel("Working day (ticks on Mondays)" if mondays else "Working day",
                      fontsize=FONT["label"], color=TEXT)  # fmt: skip
    cap_label = "capacity after carve-out" if capacity is None else f"capacity ({capacity:g} a day)"
    handles = [
        Patch(color=PALETTE["sky_blue"], label="true demand (requests - repeats)"),
        Patch(color=PALETTE["orange"], label="day with demand above capacity"),
        Line2D([], [], color=PALETTE["vermillion"], linewidth=2, label=cap_label),
        Patch(color=_QUEUE, alpha=0.5, label="queue"),
    ]  # fmt: skip
    if capacity is None:
        handles[2:2] = [Line2D([], [], color=PALETTE["black"], marker="o", markersize=3,
                               label="booked (met the same day)")]  # fmt: skip
        handles.insert(4, Line2D([], [], color=GREY, linestyle=(0, (4, 2)),
                                 label="slots before carve-out"))  # fmt: skip
    # legend above the bars, title above it: the figure stays short enough for a slide
    top.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=3,
               frameon=False, fontsize=FONT["legend"], borderaxespad=0)  # fmt: skip
    mean_d, mean_c = float(demand.mean()), float(caps.mean())
    top.figure.suptitle(
        title or f"True demand {mean_d:.1f} a day on average, capacity {mean_c:.1f}: "
        f"the queue reaches {max(queue):g}",
        x=0.02, ha="left", fontsize=FONT["title"], color=TEXT,
    )  # fmt: skip
    return top, bottom
