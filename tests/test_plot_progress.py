"""plot_progress: step lines per team on the IHI scale."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.plot.progress import plot_progress
from qiteach.plot.style import save_figure

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture
def progress():
    return pd.DataFrame(
        {
            "team_id": ["north", "north", "north", "south", "south"],
            "date": ["2026-01-31", "2026-02-28", "2026-03-31", "2026-01-31", "2026-04-30"],
            "score": [1.0, 2.0, 2.5, 1.5, 3.0],
        }
    )


def _line(ax, gid):
    return next(ln for ln in ax.lines if ln.get_gid() == gid)


def test_step_line_per_team_runs_to_latest_date(progress, tmp_path):
    ax = plot_progress(progress, names={"north": "North Locality"})
    north = _line(ax, "progress-north")
    assert north.get_drawstyle() == "steps-post"
    x = north.get_xdata()
    assert x[-1] == mdates.date2num(pd.Timestamp("2026-04-30"))  # extended to south's last
    # two teams: nudged -0.02 / +0.02 so equal scores stay visible
    assert list(north.get_ydata()) == pytest.approx([0.98, 1.98, 2.48, 2.48])
    assert list(_line(ax, "progress-south").get_ydata()) == pytest.approx([1.52, 3.02, 3.02])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["North Locality", "south"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == 10 and ticks[0] == "0.5  Intent to participate"
    assert save_figure(ax.figure, tmp_path / "p.png").stat().st_size > 5_000


def test_teams_filter_and_single_team_not_nudged(progress):
    ax = plot_progress(progress, teams=["south"])
    assert [ln.get_gid() for ln in ax.lines] == ["progress-south", "progress-points-south"]
    assert list(_line(ax, "progress-south").get_ydata()) == [1.5, 3.0, 3.0]
    assert ax.get_legend() is None
    with pytest.raises(ToolkitError, match="no progress scores for team 'west'"):
        plot_progress(progress, teams=["west"])


def test_draws_on_given_axes(progress):
    _fig, ax = plt.subplots()
    assert plot_progress(progress, ax) is ax
