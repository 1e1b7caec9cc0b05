"""The demand and capacity drawing (qiteach.plot.demand): what is drawn follows the
computed table, and no text overlaps another or the queue."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.transforms import Bbox

from qiteach.exercises.session02 import request_days
from qiteach.plot.demand import plot_demand_capacity
from qiteach.plot.style import PALETTE
from qiteach.tools.demand import DemandDays


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


def _small() -> DemandDays:
    # true demand 60 46 42 50, capacity 50 50 48 50, queue 10 6 0 0
    return DemandDays.from_frame(
        pd.DataFrame(
            {
                "date": pd.bdate_range("2026-01-05", periods=4),
                "requests": [60, 52, 44, 50], "repeats": [0, 6, 2, 0],
                "met_same_day": [50, 50, 44, 50], "turned_away": [10, 2, 0, 0],
                "slots": [58, 58, 58, 58], "held_back": [8, 8, 10, 8],
            }
        )
    )  # fmt: skip


def test_bars_lines_and_queue_follow_the_table() -> None:
    top, bottom = plot_demand_capacity(_small())
    bars = _gid(top.patches, "demand-true")
    assert [b.get_height() for b in bars] == [60, 46, 42, 50]
    orange = mcolors.to_rgba(PALETTE["orange"])
    assert [b.get_facecolor() == orange for b in bars] == [True, False, False, False]
    (cap,) = _gid(top.lines, "demand-capacity")
    assert list(cap.get_ydata()) == [50, 50, 48, 50]
    (slots,) = _gid(top.lines, "demand-slots")
    assert set(slots.get_ydata()) == {58}
    (booked,) = _gid(top.lines, "demand-booked")
    assert list(booked.get_ydata()) == [50, 50, 44, 50]
    (queue,) = _gid(bottom.lines, "demand-queue")
    assert list(queue.get_ydata()) == [10, 6, 0, 0]
    (label,) = _gid(bottom.texts, "queue-end")
    assert label.get_text() == "Highest: 10 waiting (5 Jan); at the end: 0"
    assert "the queue reaches 10" in top.figure.get_suptitle()
    legend = [t.get_text() for t in top.get_legend().get_texts()]
    assert "booked (met the same day)" in legend and "slots before carve-out" in legend


def test_a_fixed_capacity_draws_its_own_queue_and_no_booked_line() -> None:
    top, bottom = plot_demand_capacity(_small(), capacity=55)
    (cap,) = _gid(top.lines, "demand-capacity")
    assert set(cap.get_ydata()) == {55}
    assert not _gid(top.lines, "demand-booked") and not _gid(top.lines, "demand-slots")
    (queue,) = _gid(bottom.lines, "demand-queue")
    assert list(queue.get_ydata()) == [5, 0, 0, 0]
    legend = [t.get_text() for t in top.get_legend().get_texts()]
    assert "capacity (55 a day)" in legend and "booked (met the same day)" not in legend


def _apart(a: Bbox, b: Bbox) -> bool:
    overlap = Bbox.intersection(a, b)
    return overlap is None or overlap.width <= 1e-6 or overlap.height <= 1e-6


@pytest.mark.parametrize("capacity", [None, 65])
def test_no_text_overlaps_on_the_shipped_data(capacity) -> None:
    top, bottom = plot_demand_capacity(request_days(), capacity=capacity)
    fig = top.figure
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ticks = [t for t in bottom.get_xticklabels() if t.get_text()]
    assert len(ticks) == 13 and ticks[0].get_text() == "5 Jan"  # one a week, on Mondays
    texts = [fig._suptitle, bottom.yaxis.label, top.yaxis.label, bottom.xaxis.label,
             *_gid(bottom.texts, "queue-end"), *ticks]  # fmt: skip
    boxes = [t.get_window_extent(r) for t in texts]
    for (a, ba), (b, bb) in itertools.combinations(zip(texts, boxes, strict=True), 2):
        assert _apart(ba, bb), (a.get_text(), b.get_text())
    # the queue label sits inside its panel, above the highest queue
    (label,) = _gid(bottom.texts, "queue-end")
    lb = label.get_window_extent(r)
    panel = bottom.get_window_extent(r)
    assert panel.x0 <= lb.x0 and lb.x1 <= panel.x1 and lb.y1 <= panel.y1
    (queue,) = _gid(bottom.lines, "demand-queue")
    highest = bottom.transData.transform((0, max(queue.get_ydata())))[1]
    assert lb.y0 > highest
    # the legend sits between the title and the bars, inside the figure
    leg = top.get_legend().get_window_extent(r)
    bars = top.get_window_extent(r)
    title = fig._suptitle.get_window_extent(r)
    assert bars.y1 <= leg.y0 and leg.y1 <= title.y0 and leg.x1 <= fig.bbox.x1
    assert title.x0 >= 0 and title.x1 <= fig.bbox.x1 and title.y1 <= fig.bbox.y1
