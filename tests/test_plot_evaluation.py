"""Tests for qiteach.plot.evaluation: each figure draws the computed numbers."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qiteach
from qiteach.evaluation.cohort import attendance_summary
from qiteach.evaluation.its import its_regression
from qiteach.evaluation.survey import analyse_survey
from qiteach.plot.evaluation import (
    plot_attendance_bars,
    plot_attendance_heatmap,
    plot_its,
    plot_prepost,
    plot_small_multiples,
)
from qiteach.plot.style import save_figure

TINY = Path(__file__).parent / "fixtures" / "evaluation" / "tiny"


@pytest.fixture(scope="module")
def programme():
    return qiteach.open_workspace(TINY)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_prepost_dumbbells_show_item_means(programme, tmp_path) -> None:
    res = analyse_survey(programme)
    ax = plot_prepost(res, domain="confidence", title="Confidence")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["q1 (n=4)", "q2 (n=4)"]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    xs = sorted(float(np.asarray(d.get_xdata())[0]) for d in dots)
    items = res.items[res.items["domain"] == "confidence"]
    expected = sorted([*items["pre_mean"], *items["post_mean"]])
    assert xs == pytest.approx(expected)
    assert save_figure(ax.figure, tmp_path / "prepost.png").stat().st_size > 0


def test_prepost_not_yet_available() -> None:
    ax = plot_prepost(analyse_survey({}))
    assert any("Not yet available" in t for t in _texts(ax))


def test_its_draws_fit_and_counterfactual() -> None:
    x = pd.date_range("2024-01-01", periods=16, freq="MS")
    t = np.arange(16)
    y = 5 + 0.5 * t + np.where(t >= 8, -3 - 0.5 * (t - 8), 0) + np.tile([0.2, -0.2], 8)
    r = its_regression(None, x=x, y=y, start=x[8])
    ax = plot_its(r, ylabel="Value")
    by_label = {line.get_label(): line for line in ax.lines}
    after = by_label["Fitted after"]
    np.testing.assert_allclose(after.get_ydata(), r.fitted["fitted"][8:])
    # the dashed line is the pre-programme trend carried on, not a proven "without the
    # programme": other things change too, so the legend must not claim the cause
    assert not any("Without the programme" in label for label in by_label)
    cf = by_label["Pre-programme trend continued"]
    assert cf.get_linestyle() == "--"
    np.testing.assert_allclose(cf.get_ydata(), r.fitted["counterfactual"][8:])
    assert "Programme start" in _texts(ax)


def test_its_start_line_is_at_the_start_date_not_the_next_period() -> None:
    import matplotlib.dates as mdates

    x = pd.date_range("2024-01-01", periods=16, freq="MS")
    y = np.r_[np.linspace(5, 6, 8), np.linspace(4, 3, 8)] + np.tile([0.2, -0.2], 8)
    r = its_regression(None, x=x, y=y, start="2024-08-15")  # mid-month: Aug is "before"
    assert (r.n_pre, r.n_post) == (8, 8)
    ax = plot_its(r)
    (vline,) = [line for line in ax.lines if line.get_linestyle() == ":"]
    at = vline.get_xdata()[0]
    at = pd.Timestamp(mdates.num2date(at) if isinstance(at, float) else at)
    assert at.date().isoformat() == "2024-08-15"  # not 2024-09-01, the first period after


def test_its_not_yet_available_message() -> None:
    r = its_regression(None, x=list(range(5)), y=list(range(5)), start=4)
    ax = plot_its(r)
    assert any(t.startswith("Not yet available") for t in _texts(ax))


def test_attendance_heatmap_and_bars(programme) -> None:
    s = attendance_summary(programme)
    ax = plot_attendance_heatmap(s, labels="role")
    image = ax.images[0].get_array()
    np.testing.assert_array_equal(np.asarray(image), s.matrix.to_numpy())
    assert next(t.get_text() for t in ax.get_yticklabels()) == "a · GP"
    ax = plot_attendance_bars(s)
    heights = [p.get_height() for p in ax.patches]
    table = s.table()
    roles = [c for c in table.columns if c != "all"]
    expected = [v for role in roles for v in table[role]]
    assert heights == pytest.approx(expected)
    empty = plot_attendance_bars(attendance_summary({}))
    assert any("no attendance" in t for t in _texts(empty))


def test_small_multiples_one_panel_per_team(programme, tmp_path) -> None:
    fig = plot_small_multiples(programme, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    assert visible[0].get_title(loc="left").startswith("a: DNA rate")
    assert visible[1].get_title(loc="left").startswith("b: Calls answered")
    assert any("no outcome measure yet" in t for t in _texts(visible[2]))
    assert save_figure(fig, tmp_path / "teams.png").stat().st_size > 0
