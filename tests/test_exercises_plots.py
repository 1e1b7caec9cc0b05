"""Tests for the session 4 drawings: what is drawn follows the computed tables.

Session 2's demand and capacity drawing is tested in tests/test_plot_demand.py."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.exercises.plots import plot_sampling
from qiteach.exercises.session04 import sampling_demo


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_sampling_boxes_and_truth() -> None:
    demo = sampling_demo(sizes=(20, 80), repeats=30)
    ax = plot_sampling(demo)
    boxes = [p for p in ax.patches if p.get_gid() == "sampling-box"]
    assert len(boxes) == 6
    truth = [ln for ln in ax.lines if ln.get_gid() == "sampling-truth"]
    assert truth[0].get_ydata()[0] == pytest.approx(demo.attrs["truth"])
    assert "30 samples each" in ax.get_title(loc="left")
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "simple random", "systematic", "stratified"
    ]  # fmt: skip


def test_sampling_needs_the_demo_table() -> None:
    with pytest.raises(ToolkitError, match="sampling_demo"):
        plot_sampling(pd.DataFrame({"method": ["x"]}))


# ---------------------------------------------------------------- review fixes
def test_team_diagram_without_drivers_prints_a_note_not_an_error(capsys):
    from qiteach.drivers import DriverDiagram
    from qiteach.exercises.plots import plot_team_diagram

    assert plot_team_diagram(DriverDiagram("Reduce DNAs from 8% to 5% by March 2027")) is None
    out = capsys.readouterr().out
    assert "no driver diagram yet" in out and "builder" in out
    full = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"R": {"S": ["a"]}}})
    ax = plot_team_diagram(full, title="t")
    assert "a" in [t.get_text() for t in ax.texts]  # the change idea's box is drawn


def test_programme_progress_with_no_scores_prints_a_note(capsys):
    from qiteach.exercises.plots import plot_programme_progress

    empty = pd.DataFrame({"team_id": [], "date": [], "score": [], "note": []})
    assert plot_programme_progress(empty, names={"east": "East PCN"}) is None
    assert "No progress scores" in capsys.readouterr().out
    scores = pd.DataFrame(
        {"team_id": ["east"], "date": pd.to_datetime(["2026-01-31"]), "score": [1.5], "note": [""]}
    )
    ax = plot_programme_progress(scores, names={"east": "East PCN"})
    assert ax is not None and ax.lines


def test_team_run_chart_is_drawn_or_the_reason_printed(capsys, demo_programme):
    from qiteach.exercises.plots import plot_team_run_chart

    north = demo_programme.team("north")
    result = plot_team_run_chart(north, rules="anhoej")
    assert result is not None and result.chart == "run"
    assert plt.gca().get_title(loc="left") or plt.gca().lines
    assert plot_team_run_chart(north, "no_such_measure", rules="anhoej") is None
    out = capsys.readouterr().out
    assert out.startswith("No run chart yet:") and "no_such_measure" in out


def test_team_control_charts_are_drawn_for_a_team_with_data(demo_programme):
    from qiteach.exercises.plots import plot_team_frozen, plot_team_mdc, plot_team_sustain

    west = demo_programme.team("west")
    assert plot_team_mdc(west).rules == "mdc"
    assert plot_team_frozen(west, rules="hcdg").rules == "hcdg"
    assert plot_team_sustain(west, since="").status == "too early"


def test_team_control_charts_print_why_not_for_a_team_with_no_measures(new_team, capsys):
    from qiteach.exercises.plots import plot_team_frozen, plot_team_mdc, plot_team_sustain
    from qiteach.exercises.session07 import mdc_sentences

    assert plot_team_mdc(new_team) is None
    assert plot_team_frozen(new_team, rules="hcdg") is None
    assert plot_team_sustain(new_team, since="") is None
    assert mdc_sentences(None) == []
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(
        line.startswith("No chart yet:") and "team east has no measures" in line for line in lines
    )
