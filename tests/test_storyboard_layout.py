"""The session 8 storyboard is readable: notes do not sit on the data, the driver
diagram's text is large enough, the header lines do not overlap (issue 13)."""

from __future__ import annotations

import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from qiteach.exercises import session08


@pytest.fixture(scope="module")
def programme(demo_programme):
    return demo_programme


def _axes(fig, gid):
    return next(ax for ax in fig.axes if ax.get_gid() == gid)


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_storyboard_is_readable(programme, team) -> None:
    t = programme.team(team)
    fig = session08.storyboard(t)
    try:
        chart = _axes(fig, "storyboard-chart")
        assert [a for a in chart.texts if a.get_gid() == "note"] == []  # no boxes on the data
        rows = t.measurements[t.measurements["measure_id"] == session08.main_measure_id(t)]
        notes = rows["note"].dropna() if "note" in rows else []
        learning = " ".join(tx.get_text().replace("\n", " ") for tx in
                            _axes(fig, "storyboard-learning").texts)  # fmt: skip
        for note in notes:
            if str(note).strip():
                assert str(note).strip()[:20] in learning  # listed under "Notes on the chart"
        drivers = _axes(fig, "storyboard-drivers")
        sizes = [tx.get_fontsize() for tx in drivers.texts if tx.get_text().strip()]
        assert statistics.median(sizes) >= 8.0, sizes  # was about 5 pt: too small to read
        head = _axes(fig, "storyboard-header")
        renderer = fig.canvas.get_renderer()
        boxes = [tx.get_window_extent(renderer) for tx in head.texts]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)  # a two-line aim no longer runs into the status
    finally:
        plt.close(fig)
