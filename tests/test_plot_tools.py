"""Pareto, fishbone, histogram and scatter drawings: what is drawn and where."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from qiteach.exceptions import ToolkitError
from qiteach.plot.style import save_figure
from qiteach.plot.tools import (
    TOOL_COLOURS,
    plot_fishbone,
    plot_histogram,
    plot_pareto,
    plot_scatter,
)
from qiteach.tools import Fishbone, histogram, pareto, scatter


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


REASONS = {"forgot": 42, "work": 18, "transport": 12, "felt better": 10, "unaware": 8,
           "childcare": 5, "weather": 3, "other reason": 2}  # fmt: skip


def _by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


# ------------------------------------------------------------------ Pareto
def test_pareto_bars_line_and_80_reference(tmp_path):
    ax = plot_pareto(REASONS, other_below=4)
    heights = [p.get_height() for p in ax.patches]
    assert heights == [42, 18, 12, 10, 8, 5, 5]  # weather + other reason lumped, last
    gids = [p.get_gid() for p in ax.patches]
    assert gids == ["pareto-bar-vital"] * 4 + ["pareto-bar"] * 2 + ["pareto-bar-other"]
    assert to_hex(ax.patches[0].get_facecolor()) == TOOL_COLOURS["vital_few"].lower()
    twin = next(a for a in ax.figure.axes if a.get_gid() == "pareto-percent-axis")
    (cum,) = _by_gid(twin.lines, "pareto-cumulative")
    assert list(cum.get_ydata()) == [42, 60, 72, 82, 90, 95, 100]
    (ref,) = _by_gid(twin.lines, "pareto-80")
    assert list(ref.get_ydata()) == [80, 80]
    # counts and cumulative % share one scale: the first point sits on the first bar's top
    assert ax.get_ylim()[1] / 100 == pytest.approx(twin.get_ylim()[1] / 100)  # total = 100
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert labels[0] == "forgot" and labels[-1] == "Other"
    counts = [t.get_text() for t in _by_gid(ax.texts, "pareto-count")]
    assert counts == ["42", "18", "12", "10", "8", "5", "5"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "vital few (4: 82%)"
    assert save_figure(ax.figure, tmp_path / "pareto.png").stat().st_size > 10_000


def test_pareto_accepts_a_computed_table():
    table = pareto(REASONS)
    ax = plot_pareto(table, title="Why patients missed appointments")
    assert len(ax.patches) == 8 and ax.get_title(loc="left").startswith("Why patients")


def test_pareto_many_long_category_labels_do_not_overlap():
    reasons = {f"Reason number {i} with quite a long description": 30 - i for i in range(25)}
    ax = plot_pareto(reasons)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert len(labels) == 25
    boxes = [t.get_window_extent(renderer) for t in labels]
    clashes = [
        (labels[i].get_text(), labels[j].get_text())
        for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2)
        if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
    ]
    assert clashes == []
    for b in boxes:  # and every label is inside the figure
        assert fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 and fig.bbox.y0 <= b.y0


def test_pareto_legend_names_only_what_is_drawn():
    ax = plot_pareto({"Only reason": 7})
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["vital few (1: 100%)", "cumulative %"]


# ---------------------------------------------------------------- fishbone
def _big_fishbone():
    words = ["reminder", "booking", "telephone", "reception", "clinician", "letters",
             "parking", "weather", "results", "online", "template", "rota"]  # fmt: skip
    cats = {}
    for k, cat in enumerate(
        ["People", "Methods", "Equipment", "Environment", "Materials", "Measurement"]
    ):
        cats[cat] = [
            f"{words[(k + i) % 12].capitalize()} problem number {i + 1} in {cat.lower()}"
            + (" with a long explanation" if i % 2 else "")
            for i in range(6)
        ]
    return Fishbone.from_dict("Patients miss booked appointments at the surgery", cats)


def test_fishbone_6x6_labels_do_not_overlap(tmp_path):
    ax = plot_fishbone(_big_fishbone())
    assert len(_by_gid(ax.texts, "fishbone-cause")) == 36
    assert len(_by_gid(ax.texts, "fishbone-category")) == 6
    assert len(_by_gid(ax.lines, "fishbone-bone")) == 6
    _assert_fishbone_legible(ax, tmp_path)


def test_fishbone_long_effect_and_causes_are_wrapped_not_cut(tmp_path):
    effect = (
        "Patients’ ‘did not attend’ — 8% of booked face-to-face appointments are missed "
        "every week across the four North practices, and the slots are wasted"
    )
    long_cause = (
        "Reception staff are not always sure which patients can be offered an online "
        "consultation instead of a face-to-face appointment"
    )
    fb = Fishbone.from_dict(
        effect, {"People": [long_cause, "Patients forget"], "Place": ["Bus route cut"]}
    )
    ax = plot_fishbone(fb)

    def squash(text):  # wrapping may break at spaces or after hyphens
        return "".join(text.split())

    drawn = {t.get_gid(): squash(t.get_text()) for t in ax.texts}
    assert drawn["fishbone-effect"] == squash(effect)
    causes = [squash(t.get_text()) for t in _by_gid(ax.texts, "fishbone-cause")]
    assert squash(long_cause) in causes
    _assert_fishbone_legible(ax, tmp_path)


def _assert_fishbone_legible(ax, tmp_path):
    fig = ax.figure
    fig.canvas.draw()  # lay out text boxes before measuring them
    renderer = fig.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_text().strip()]
    assert len(_by_gid(texts, "fishbone-effect")) == 1
    boxes = [t.get_window_extent(renderer) for t in texts]
    # category labels and the effect are drawn in boxes: use the patch extents for those
    for i, t in enumerate(texts):
        if t.get_bbox_patch() is not None:
            boxes[i] = t.get_bbox_patch().get_window_extent(renderer)
    clashes = [
        (texts[i].get_text(), texts[j].get_text())
        for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2)
        if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
    ]
    assert clashes == []
    # every label lies inside the figure
    fig_box = fig.bbox
    for b in boxes:
        assert (
            fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 and fig_box.y0 <= b.y0 <= b.y1 <= fig_box.y1
        )
    # no cause text is crossed by a bone (other than touching its own tick)
    bones = _by_gid(ax.lines, "fishbone-bone")
    assert len(bones) == len(_by_gid(texts, "fishbone-category"))
    for t in _by_gid(texts, "fishbone-cause"):
        box = t.get_window_extent(renderer)
        for bone in bones:
            xy = ax.transData.transform(
                np.column_stack(
                    [np.linspace(*bone.get_xdata(), 200), np.linspace(*bone.get_ydata(), 200)]
                )
            )
            inside = (
                (xy[:, 0] > box.x0)
                & (xy[:, 0] < box.x1)
                & (xy[:, 1] > box.y0)
                & (xy[:, 1] < box.y1)
            )
            assert not inside.any(), t.get_text()
    assert save_figure(fig, tmp_path / "fishbone.png").stat().st_size > 20_000


def test_fishbone_alternates_sides_in_order():
    fb = Fishbone.from_dict("Long waits", {"People": ["a"], "Policies": ["b"], "Place": []})
    ax = plot_fishbone(fb)
    cats = _by_gid(ax.texts, "fishbone-category")
    assert [t.get_text() for t in cats] == ["People", "Policies", "Place"]
    ys = [t.get_position()[1] for t in cats]
    assert ys[0] > 0 > ys[1] and ys[2] > 0
    causes = {t.get_text(): t.get_position()[1] for t in _by_gid(ax.texts, "fishbone-cause")}
    assert causes["a"] > 0 > causes["b"]
    with pytest.raises(ToolkitError, match="expected a Fishbone"):
        plot_fishbone({"People": ["a"]})


# --------------------------------------------------------------- histogram
def test_histogram_bars_and_lines():
    days = [9, 11, 4, 16, 8, 12, 7, 13, 9, 6, 14, 11]
    ax = plot_histogram(days, bins=4, usl=14, target=7, xlabel="Days")
    bars = _by_gid(ax.patches, "histogram-bar")
    assert [b.get_height() for b in bars] == [2, 4, 3, 3]
    assert [b.get_x() for b in bars] == [4, 7, 10, 13]
    assert [b.get_width() for b in bars] == [3, 3, 3, 3]
    positions = {ln.get_gid(): ln.get_xdata()[0] for ln in ax.lines}
    assert positions == {"mean": 10.0, "median": 10.0, "usl": 14.0, "target": 7.0}
    assert "sd = 3.49" in ax.get_title(loc="left")  # sqrt(134/11) = 3.490
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["mean 10", "median 10", "upper spec 14", "target 7"]


def test_histogram_limits_outside_data_are_in_view():
    h = histogram([10, 11, 12, 13])
    ax = plot_histogram(h, lsl=2, usl=30)
    lo, hi = ax.get_xlim()
    assert lo < 2 and hi > 30


# ----------------------------------------------------------------- scatter
def test_scatter_points_line_stats_and_reminder():
    x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
    y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
    ax = plot_scatter(scatter(x, y), xlabel="Clinicians", ylabel="Patients per hour")
    (points,) = _by_gid(ax.collections, "scatter-points")
    assert points.get_offsets().shape == (11, 2)
    (fit,) = _by_gid(ax.lines, "fit")
    assert list(fit.get_xdata()) == [4, 14]
    assert fit.get_ydata() == pytest.approx([5.0, 10.0], abs=0.01)
    (box,) = _by_gid(ax.texts, "scatter-stats")
    assert "Pearson r = 0.82" in box.get_text() and "y = 3.00 + 0.50x" in box.get_text()
    (note,) = _by_gid(ax.texts, "causation-note")
    assert note.get_text().startswith("Correlation is not causation")
    with pytest.raises(ToolkitError, match="expected a ScatterResult"):
        plot_scatter((x, y))


def test_dollar_signs_in_categories_and_causes_are_text_not_maths():
    ax = plot_pareto({"Costs $5 to park, $10 a day": 5, "other": 2})
    assert all(t.get_parse_math() is False for t in ax.get_xticklabels())
    ax = plot_fishbone(Fishbone.from_dict("Parking costs $5-$10", {"Place": ["$5 or $10 fee"]}))
    assert all(t.get_parse_math() is False for t in ax.texts if "$" in t.get_text())
