"""Drawing the RAG report (qiteach.plot.rag): what is drawn, never computed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import itertools

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from qiteach.charts import compute_chart
from qiteach.charts.rag import rag_vs_spc
from qiteach.plot.rag import RAG_COLOURS, plot_chart_and_rag, plot_rag


def test_one_lettered_square_per_period_in_its_colour() -> None:
    chart = compute_chart(y=[5.0, 7.0, 6.2, 5.5], chart="run", direction="decrease", target=6.0)
    cmp = rag_vs_spc(chart)
    ax = plot_rag(cmp)
    squares = [p for p in ax.patches if p.get_gid() == "rag-square"]
    assert [to_hex(p.get_facecolor()) for p in squares] == [
        to_hex(RAG_COLOURS[r]) for r in ("green", "red", "amber", "green")
    ]
    letters = [t.get_text() for t in ax.texts if t.get_text() in "GAR" and t.get_text()]
    assert letters == ["G", "R", "A", "G"]
    arrows = [t.get_text() for t in ax.texts if t.get_gid() == "rag-change"]
    assert arrows == ["▼", "▲", "▲"]  # worse, better, better (lower is better)
    lefts = [p.get_x() for p in squares]
    widths = {round(p.get_width(), 6) for p in squares}
    assert all(b - a >= w for a, b in itertools.pairwise(lefts) for w in widths)  # no overlap
    plt.close("all")


def test_chart_and_rag_share_the_dates() -> None:
    import pandas as pd

    weeks = pd.date_range("2026-01-05", periods=6, freq="7D")
    data = pd.DataFrame({"week": weeks, "y": [5.0, 7.0, 5.5, 6.5, 5.0, 6.2]})
    chart = compute_chart(data, x="week", y="y", chart="i", direction="decrease", target=6.0)
    fig = plot_chart_and_rag(chart, rag_vs_spc(chart), title="t")
    top, bottom = fig.axes
    assert top.get_xlim() == bottom.get_xlim()
    centres = [p.get_x() + p.get_width() / 2 for p in bottom.patches]
    assert [round(c, 6) for c in centres] == [
        round(float(matplotlib.dates.date2num(w)), 6) for w in weeks
    ]
    plt.close("all")
