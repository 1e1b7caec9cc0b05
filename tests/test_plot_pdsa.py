"""plot_ramps and add_pdsa_markers: what they draw, where."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from test_pdsa_example import DRIVERS, MEASUREMENTS, frame

from qiteach.exceptions import InputError, ToolkitError
from qiteach.pdsa import PDSALog
from qiteach.plot.pdsa import ACT_COLOURS, add_pdsa_markers, plot_ramps
from qiteach.plot.style import save_figure

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture
def log():
    return PDSALog.from_frame(frame(), drivers=DRIVERS)


def _bars(ax):
    return {p.get_gid().removeprefix("pdsa-cycle-"): p for p in ax.patches}


def test_one_bar_per_cycle_from_start_to_end_coloured_by_act(log):
    ax = plot_ramps(log)
    bars = _bars(ax)
    assert sorted(bars) == sorted(c.cycle_id for c in log.cycles)
    c3 = bars["C3"]
    assert c3.get_x() == pytest.approx(mdates.date2num(pd.Timestamp("2026-01-19")))
    assert c3.get_width() == pytest.approx(25)  # 19 Jan to 13 Feb
    assert to_hex(c3.get_facecolor()) == ACT_COLOURS["adopt"].lower()
    assert to_hex(bars["C4"].get_facecolor()) == ACT_COLOURS["abandon"].lower()
    assert to_hex(bars["C5"].get_facecolor()) == ACT_COLOURS["undecided"].lower()
    assert bars["C8"].get_hatch() == "///" and bars["C1"].get_hatch() is None


def test_lanes_are_change_ideas_in_order_of_first_test(log):
    ax = plot_ramps(log)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels[0].startswith("Recall letter for annual reviews")
    assert labels[1].startswith("Text message reminder 48 hours before the appointment")
    assert labels[3].endswith("(R3)")
    bars = _bars(ax)
    # C1..C3 share the text-reminder lane; lanes run top to bottom
    ys = {cid: b.get_y() + b.get_height() / 2 for cid, b in bars.items()}
    assert ys["C1"] == ys["C2"] == ys["C3"]
    assert ys["C4"] > ys["C1"] > ys["C9"] > ys["C6"]
    cycle_labels = [t.get_text() for t in ax.texts if t.get_gid() == "pdsa-cycle-label"]
    assert sorted(cycle_labels) == sorted(bars)


def test_legend_lists_acts_and_running(log):
    ax = plot_ramps(log)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["adopt", "adapt", "abandon", "continue", "undecided", "running"]


def test_drivers_supply_texts_and_a_png_is_saved(log, tmp_path):
    bare = PDSALog.from_frame(frame())
    ax = plot_ramps(bare, drivers=DRIVERS)
    assert "Poster in waiting room" in [t.get_text().split("\n")[0] for t in ax.get_yticklabels()]
    ax = plot_ramps(bare)
    assert ax.get_yticklabels()[2].get_text().startswith("CI4")
    out = save_figure(ax.figure, tmp_path / "ramps.png")
    assert out.stat().st_size > 10_000


def test_empty_log_and_bad_input():
    ax = plot_ramps(PDSALog(()))
    assert ax.texts[0].get_text() == "No PDSA cycles recorded yet" and not ax.patches
    with pytest.raises(ToolkitError, match="expected a PDSALog"):
        plot_ramps(frame())


def test_markers_on_a_measure_chart(log):
    _fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(MEASUREMENTS["period"]), MEASUREMENTS["value"])
    artists = add_pdsa_markers(ax, log)
    lines = [a for a in artists if a.get_gid() == "pdsa-marker"]
    texts = [a.get_text() for a in artists if a.get_gid() == "pdsa-label"]
    assert len(lines) == 9 and sorted(texts) == sorted(c.cycle_id for c in log.cycles)
    x_c1 = [ln.get_xdata()[0] for ln in lines]
    assert mdates.date2num(pd.Timestamp("2026-01-05")) in x_c1


def test_markers_need_a_date_axis(log):
    _fig, ax = plt.subplots()
    ax.plot(range(5), range(5))
    with pytest.raises(InputError, match="is a date but the chart's x axis is not"):
        add_pdsa_markers(ax, log)


def test_labels_of_quick_successive_cycles_do_not_overlap():
    # six one-day tests on consecutive days, then a long one: the six ids would be drawn on
    # top of each other, so they share one label "C1–C6"
    recs = [
        {"cycle_id": f"C{i + 1}", "node_id": "CI1", "ramp": "R1", "start": f"2026-01-{5 + i:02d}",
         "end": f"2026-01-{5 + i:02d}", "act": "adapt"}
        for i in range(6)
    ]  # fmt: skip
    recs.append({"cycle_id": "C7", "node_id": "CI1", "ramp": "R1", "start": "2026-03-01",
                 "end": "2026-06-30", "act": "adopt"})  # fmt: skip
    ax = plot_ramps(PDSALog.from_records(recs))
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "pdsa-cycle-label"]
    assert [t.get_text() for t in labels] == ["C1–C6", "C7"]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert boxes[0].x1 < boxes[1].x0
    assert len(_bars(ax)) == 7  # every cycle still has its own bar


def test_dollar_signs_in_change_ideas_are_text_not_maths():
    log = PDSALog.from_records([{"cycle_id": "C1", "node_id": "CI1", "start": "2026-01-05"}])
    ax = plot_ramps(log, drivers={"CI1": "Offer $5 and $10 vouchers"})
    assert all(t.get_parse_math() is False for t in ax.get_yticklabels())
