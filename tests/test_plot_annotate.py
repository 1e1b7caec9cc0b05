"""Tests for qiteach.plot.annotate: PDSA/note markers and point notes on any axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import same_color

from qiteach.exceptions import InputError
from qiteach.plot import annotate

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture
def date_ax():
    _, ax = plt.subplots()
    ax.plot(pd.date_range("2021-01-01", periods=24, freq="MS").to_numpy(), np.arange(24))
    return ax


def _lines(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


def _texts(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def test_markers_on_a_date_axis_sit_at_the_dates(date_ax):
    when = ["2021-03-01", pd.Timestamp("2021-09-01"), np.datetime64("2022-02-01")]
    annotate.add_markers(date_ax, when, ["PDSA 1", "PDSA 2", "PDSA 3"])
    xs = [line.get_xdata()[0] for line in _lines(date_ax, "pdsa-marker")]
    expected = mdates.date2num(pd.to_datetime(["2021-03-01", "2021-09-01", "2022-02-01"]))
    assert xs == pytest.approx(list(expected))
    labels = [t.get_text() for t in _texts(date_ax, "pdsa-label")]
    assert labels == ["PDSA 1", "PDSA 2", "PDSA 3"]
    colours = {line.get_color() for line in _lines(date_ax, "pdsa-marker")}
    assert len(colours) == 1
    assert same_color(colours.pop(), annotate.MARKER_KINDS["pdsa"]["color"])


def test_close_markers_step_labels_down_a_row(date_ax):
    annotate.add_markers(date_ax, ["2021-03-01", "2021-04-01", "2022-06-01"], ["a", "b", "c"])
    heights = [t.xy[1] for t in _texts(date_ax, "pdsa-label")]
    assert heights[0] > heights[1]  # crowded: second label one row lower
    assert heights[2] == heights[0]  # far away: back to the top row


def test_long_labels_are_shortened(date_ax):
    (_, text) = annotate.add_markers(date_ax, ["2021-05-01"], ["x" * 80], kind="event")
    assert text.get_text().endswith("…") and len(text.get_text()) <= 32


def test_markers_on_a_category_axis():
    _, ax = plt.subplots()
    ax.plot(["Lot 1", "Lot 2", "Lot 3", "Lot 4"], [3, 4, 2, 5])
    annotate.add_markers(ax, ["Lot 3"], ["New supplier"], kind="note")
    (line,) = _lines(ax, "note-marker")
    assert line.get_xdata()[0] == 2.0
    with pytest.raises(InputError, match="Lot 9"):
        annotate.add_markers(ax, ["Lot 9"], ["nope"])


def test_markers_on_a_number_axis():
    _, ax = plt.subplots()
    ax.plot(range(1, 21), range(20))
    annotate.add_markers(ax, [7.5], ["Change"], kind="event")
    assert _lines(ax, "event-marker")[0].get_xdata()[0] == 7.5


@pytest.mark.parametrize(
    ("x_values", "labels", "kind", "match"),
    [
        (["2021-03-01"], ["a", "b"], "pdsa", "labels"),
        (["2021-03-01"], ["a"], "balloon", "kind"),
        (["March"], ["a"], "pdsa", "not a date"),
    ],
)
def test_bad_markers_are_input_errors(date_ax, x_values, labels, kind, match):
    with pytest.raises(InputError, match=match):
        annotate.add_markers(date_ax, x_values, labels, kind=kind)


def test_dates_on_a_number_axis_are_refused():
    _, ax = plt.subplots()
    ax.plot(range(10), range(10))
    with pytest.raises(InputError, match="not"):
        annotate.add_markers(ax, [pd.Timestamp("2021-01-01")], ["x"])


def test_annotate_points_point_at_the_points_alternating_sides(date_ax):
    notes = annotate.annotate_points(
        date_ax, ["2021-02-01", "2021-03-01"], [1.0, 2.0], ["Flu clinic", "Staff sickness"]
    )
    assert [n.get_text() for n in notes] == ["Flu clinic", "Staff sickness"]
    assert notes[0].xy == pytest.approx((mdates.date2num(pd.Timestamp("2021-02-01")), 1.0))
    assert notes[0].xyann[1] > 0 > notes[1].xyann[1]
    with pytest.raises(InputError):
        annotate.annotate_points(date_ax, ["2021-02-01"], [1.0, 2.0], ["a"])
