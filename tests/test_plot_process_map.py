"""Process-map drawings: what is drawn, and no overlapping boxes or text at 5, 20 and 40 steps."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox
from test_tools_process_map import _table

from qiteach.plot.process_map import (
    PROCESS_STYLE,
    plot_high_level_map,
    plot_swimlane_map,
    save_process_map,
)
from qiteach.tools.process_map import BOTTLENECK_RULE, ProcessMap

LANES = ["Patient", "Reception and admin team", "Clinical pharmacist", "GP"]
WORDS = ["check", "the", "patient's", "medication", "review", "date", "and", "flag", "overdue",
         "reviews", "to", "the", "team"]  # fmt: skip


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def make_map(n: int) -> ProcessMap:
    """``n`` steps over four lanes, with decisions that skip a step and loops back."""
    rows = []
    for i in range(n):
        nxt, decision = (f"S{i + 2}" if i + 1 < n else ""), "no"
        if i % 6 == 3 and i + 3 <= n:
            nxt, decision = f"S{i + 2}:yes;S{i + 3}:no, refer", "yes"
        elif i % 6 == 5 and i + 1 < n:
            nxt, decision = f"S{i + 2}:done;S{i - 1}:redo", "yes"
        rows.append(
            {
                "step_id": f"S{i + 1}",
                "step": " ".join(WORDS[: 2 + (i * 5) % 11]),
                "lane": LANES[(i * 3 // 2) % 4],
                "next": nxt,
                "decision": decision,
                "minutes": i % 4 + 1,
                "wait_minutes": (i * 37) % 300,
                "value_added": "yes" if i % 3 == 0 else "no",
            }
        )
    return ProcessMap.from_frame(pd.DataFrame(rows))


def _gid(artists, prefix: str) -> dict[str, object]:
    return {
        a.get_gid().split(":", 1)[1]: a for a in artists if (a.get_gid() or "").startswith(prefix)
    }


def _bbox(ax, artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer).transformed(ax.transData.inverted())


def _patch_box(p) -> Bbox:
    if isinstance(p, Polygon):
        xy = p.get_xy()
        return Bbox.from_extents(xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
    return Bbox.from_bounds(p.get_x(), p.get_y(), p.get_width(), p.get_height())


def _inside(tb: Bbox, patch, tol: float = 1e-3) -> bool:
    rb = _patch_box(patch)
    if isinstance(patch, Polygon):  # every corner of the text inside the diamond
        cx, cy, hw, hh = (rb.x0 + rb.x1) / 2, (rb.y0 + rb.y1) / 2, rb.width / 2, rb.height / 2
        return all(abs(x - cx) / hw + abs(y - cy) / hh <= 1 + tol
                   for x in (tb.x0, tb.x1) for y in (tb.y0, tb.y1))  # fmt: skip
    return (rb.x0 - tol <= tb.x0 and tb.x1 <= rb.x1 + tol
            and rb.y0 - tol <= tb.y0 and tb.y1 <= rb.y1 + tol)  # fmt: skip


def _apart(a: Bbox, b: Bbox) -> bool:
    overlap = Bbox.intersection(a, b)
    return overlap is None or overlap.width <= 1e-6 or overlap.height <= 1e-6


@pytest.mark.parametrize("kind", ["swimlane", "high-level"])
@pytest.mark.parametrize("n", [5, 20, 40])
def test_no_overlaps_and_text_inside_boxes(kind: str, n: int) -> None:
    pm = make_map(n)
    draw = plot_swimlane_map if kind == "swimlane" else plot_high_level_map
    ax = draw(pm, title="Repeat prescriptions at Elm Surgery")
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _gid(ax.patches, "box:")
    shown = pm.step_ids if kind == "swimlane" else pm.main_path
    assert set(boxes) == set(shown)
    for (a, pa), (b, pb) in itertools.combinations(boxes.items(), 2):
        assert _apart(_patch_box(pa), _patch_box(pb)), (a, b)
    for prefix in ("text:", "tag:"):
        texts = _gid(ax.texts, prefix)
        assert set(texts) == set(boxes)
        for sid, t in texts.items():
            assert _inside(_bbox(ax, t, renderer), boxes[sid]), (prefix, sid, t.get_text())
    # no two texts overlap, and labels, waits, lanes and the summary stay off every box
    texts = [t for t in ax.texts if t.get_gid() and t.get_text()]
    tboxes = {t.get_gid(): _bbox(ax, t, renderer) for t in texts}
    for (a, ba), (b, bb) in itertools.combinations(tboxes.items(), 2):
        assert _apart(ba, bb), (a, b)
    for gid, tb in tboxes.items():
        if gid.split(":")[0] in ("wait", "label", "lane", "summary", "title"):
            for sid, p in boxes.items():
                assert _apart(tb, _patch_box(p)), (gid, sid)
    # everything lies inside the figure
    xmin, xmax = ax.get_xlim()
    ymax, ymin = ax.get_ylim()
    for gid, tb in tboxes.items():
        assert xmin <= tb.x0 and tb.x1 <= xmax and ymin <= tb.y0 and tb.y1 <= ymax, gid


def test_swimlane_draws_lanes_decisions_labels_loops_and_marks() -> None:
    pm = ProcessMap.from_frame(_table())
    ax = plot_swimlane_map(pm)
    boxes = _gid(ax.patches, "box:")
    assert isinstance(boxes["R2"], Polygon) and isinstance(boxes["R4"], Polygon)
    assert not isinstance(boxes["R1"], Polygon)
    va, nva = PROCESS_STYLE["value_added"], PROCESS_STYLE["not_value_added"]
    assert to_hex(boxes["R1"].get_facecolor()) == va["fill"].lower()
    assert to_hex(boxes["R5"].get_facecolor()) == nva["fill"].lower()
    # not only colour: NVA boxes are dashed and tagged
    assert boxes["R5"].get_linestyle() != boxes["R1"].get_linestyle()
    tags = {k: t.get_text() for k, t in _gid(ax.texts, "tag:").items()}
    assert tags["R1"] == "VA · 5 min" and tags["R5"] == "NVA · 1 min"
    # the bottleneck (R6: 1,440 min wait + 10) has the thick vermillion edge and says so
    assert to_hex(boxes["R6"].get_edgecolor()) == PROCESS_STYLE["bottleneck"]["edge"].lower()
    assert boxes["R6"].get_linewidth() > 2 * boxes["R1"].get_linewidth()
    waits = {k: t.get_text() for k, t in _gid(ax.texts, "wait:").items()}
    assert waits == {"R2": "wait 240 min", "R3": "wait 600 min", "R4": "wait 900 min",
                     "R5": "wait 30 min", "R6": "wait 1,440 min · bottleneck"}  # fmt: skip
    assert {k: t.get_text() for k, t in _gid(ax.texts, "label:").items()} == {
        "R2->R3": "routine", "R2->R4": "needs review"}  # fmt: skip
    links = _gid(ax.lines, "link:")
    assert set(links) == {"R1->R2", "R2->R3", "R2->R4", "R3->R5", "R4->R5", "R4->R2",
                          "R5->R6"}  # fmt: skip
    assert links["R4->R2"].get_linestyle() != links["R1->R2"].get_linestyle()
    assert [t.get_text() for t in _gid(ax.texts, "lane:").values()] == ["Patient", "Admin", "GP"]
    lanes = _gid(ax.texts, "lane:")
    assert lanes["Patient"].get_position()[1] < lanes["GP"].get_position()[1]  # top to bottom
    # steps run left to right by order: every arrow that is not a loop goes right
    for key, line in links.items():
        xs = line.get_xdata()
        assert (xs[-1] > xs[0]) == (key != "R4->R2"), key
    summary = next(t for t in ax.texts if t.get_gid() == "summary")
    assert summary.get_text() == "Total 2,329 min, value-added 16 min (0.7 %); bottleneck: Collect"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["VA: value-added step", "NVA: not value-added",
                      f"Bottleneck: {BOTTLENECK_RULE}", "Loop back (rework)"]  # fmt: skip


def test_high_level_map_shows_the_main_path_in_wrapped_rows() -> None:
    pm = ProcessMap.from_frame(_table())
    ax = plot_high_level_map(pm, per_row=3)
    boxes = _gid(ax.patches, "box:")
    assert list(boxes) == ["R1", "R2", "R3", "R5", "R6"]  # R4 is off the main path
    ys = {k: _patch_box(p).y0 + _patch_box(p).height / 2 for k, p in boxes.items()}
    assert ys["R1"] == pytest.approx(ys["R3"]) and ys["R5"] == pytest.approx(ys["R6"])
    assert ys["R5"] > ys["R3"]  # second row below (y grows downwards)
    assert set(_gid(ax.lines, "link:")) == {"R1->R2", "R2->R3", "R3->R5", "R5->R6"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Loop back (rework)" not in legend
    assert plot_high_level_map(pm, legend=False).get_legend() is None


def test_bigger_maps_get_bigger_figures_and_given_axes_are_filled() -> None:
    small = plot_swimlane_map(make_map(5)).figure.get_size_inches()
    big = plot_swimlane_map(make_map(40)).figure.get_size_inches()
    assert big[0] > 3 * small[0]
    _fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    out = plot_swimlane_map(make_map(8), ax=right)
    assert out is right and not left.texts
    sizes = {t.get_fontsize() for t in right.texts if (t.get_gid() or "").startswith("text:")}
    assert max(sizes) < 8.5  # shrunk to fit half a 12-inch figure


def test_save_png_and_svg(tmp_path: Path) -> None:
    pm = make_map(6)
    png = save_process_map(pm, tmp_path / "map.png", title="Elm")
    svg = save_process_map(pm, tmp_path / "map.svg", kind="high-level")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svg.read_text()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "map.svg"]
    assert plt.get_fignums() == []


def test_dollar_signs_are_text_not_maths() -> None:
    pm = ProcessMap.from_frame(_table(step=(0, "Pay $5 and $10")))
    for draw in (plot_swimlane_map, plot_high_level_map):
        ax = draw(pm, title="Team $A$")
        for t in ax.texts:
            if "$" in t.get_text():
                assert t.get_parse_math() is False, t.get_text()
