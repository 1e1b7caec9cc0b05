"""plot_driver_diagram: what is drawn (boxes, text inside boxes, links, badges) and saving."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyBboxPatch
from matplotlib.transforms import Bbox
from test_drivers_layout import make_diagram

from qiteach.drivers import DriverDiagram
from qiteach.exceptions import InputError
from qiteach.plot.drivers import BOX_STYLE, plot_driver_diagram, save_driver_diagram


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _by_gid(artists, prefix: str) -> dict[str, object]:
    return {
        a.get_gid().split(":", 1)[1]: a for a in artists if (a.get_gid() or "").startswith(prefix)
    }


def _data_bbox(ax, artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer).transformed(ax.transData.inverted())


@pytest.mark.parametrize("n", [5, 20, 60])
def test_boxes_do_not_overlap_and_text_stays_inside(n: int) -> None:
    d = make_diagram(n).with_pdsa_counts(["C1", "C1", "C2"])
    ax = plot_driver_diagram(d, title="Elm Surgery")
    fig = ax.figure
    fig.canvas.draw()  # lay out text and badge backgrounds as they will be rendered
    renderer = fig.canvas.get_renderer()
    patches = _by_gid(ax.patches, "box:")
    assert len(patches) == n + 1 and all(isinstance(p, FancyBboxPatch) for p in patches.values())
    rects = {
        k: Bbox.from_bounds(p.get_x(), p.get_y(), p.get_width(), p.get_height())
        for k, p in patches.items()
    }
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        overlap = Bbox.intersection(ra, rb)
        assert overlap is None or overlap.width <= 0 or overlap.height <= 0, (a, b)
    texts = _by_gid(ax.texts, "text:")
    badges = _by_gid(ax.texts, "badge:")
    assert set(texts) == set(rects)
    tol = 1e-3
    for node_id, t in [*texts.items(), *badges.items()]:
        tb = _data_bbox(ax, t, renderer)
        if t in badges.values():  # include the rounded badge background
            tb = _data_bbox(ax, t.get_bbox_patch(), renderer)
        rb = rects[node_id]
        assert rb.x0 - tol <= tb.x0 and tb.x1 <= rb.x1 + tol, (node_id, t.get_text())
        assert rb.y0 - tol <= tb.y0 and tb.y1 <= rb.y1 + tol, (node_id, t.get_text())
    # the figure is sized to the diagram: taller for more boxes
    assert fig.get_size_inches()[1] > 3


def test_heights_grow_with_the_number_of_leaves() -> None:
    sizes = [plot_driver_diagram(make_diagram(n)).figure.get_size_inches()[1] for n in (5, 60)]
    assert sizes[1] > 2 * sizes[0]


def test_links_headers_highlight_badges_and_legend() -> None:
    d = DriverDiagram("Reduce DNAs at Elm Surgery from 8% to 5% by March 2026")
    p = d.add_primary("Patients remember")
    s = d.add_secondary(p, "Reminders", link="weak")
    d.add_change_idea(s, "SMS")
    d.add_change_idea(s, "Call")
    ax = plot_driver_diagram(d.with_pdsa_counts(["C1"] * 3))
    headers = [t.get_text() for t in ax.texts if not t.get_gid()]
    assert headers == ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]
    links = _by_gid(ax.lines, "link:")
    assert set(links) == {"aim->P1:strong", "P1->S1:weak", "S1->C1:strong", "S1->C2:strong"}
    weak, strong = links["P1->S1:weak"], links["aim->P1:strong"]
    assert weak.get_linewidth() < strong.get_linewidth()
    assert weak.get_linestyle() == "--" and strong.get_linestyle() == "-"
    boxes = _by_gid(ax.patches, "box:")
    assert to_hex(boxes["C1"].get_facecolor()) == BOX_STYLE["tested"]["fill"].lower()
    assert to_hex(boxes["C2"].get_facecolor()) == BOX_STYLE["change_idea"]["fill"].lower()
    assert [t.get_text() for t in _by_gid(ax.texts, "badge:").values()] == ["3 PDSAs"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Strong link", "Weak link", "Change idea being tested (PDSA cycles)"]
    # explicit highlight overrides the PDSA default
    ax2 = plot_driver_diagram(d, highlight=["C2"], legend=False)
    boxes2 = _by_gid(ax2.patches, "box:")
    assert to_hex(boxes2["C2"].get_facecolor()) == BOX_STYLE["tested"]["fill"].lower()
    assert ax2.get_legend() is None


def test_draws_into_given_axes_scaled_to_fit() -> None:
    _fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    out = plot_driver_diagram(make_diagram(8), ax=right, title="Team")
    assert out is right and not left.texts
    sizes = {t.get_fontsize() for t in right.texts if (t.get_gid() or "").startswith("text:")}
    assert max(sizes) < 9.0  # shrunk to fit half a 12-inch figure


def test_save_png_and_svg_atomically(tmp_path: Path) -> None:
    d = make_diagram(12)
    png = save_driver_diagram(d, tmp_path / "dd.png", title="Elm")
    svg = save_driver_diagram(d, tmp_path / "dd.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svg.read_text()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dd.png", "dd.svg"]  # no temp left
    with pytest.raises(InputError, match="no file extension"):
        save_driver_diagram(d, tmp_path / "dd")
    assert plt.get_fignums() == []  # figures closed after saving


def test_dollar_signs_are_text_not_maths() -> None:
    # "$5 and $10" would otherwise be typeset as maths ("5and10" in italics)
    d = DriverDiagram.from_dict(
        {"aim": "Cut DNAs by $5 and $10 vouchers", "drivers": {"Pay $5": {"Give $10": ["x"]}}}
    )
    ax = plot_driver_diagram(d, title="Team $A$")
    for t in ax.texts:
        if "$" in t.get_text():
            assert t.get_parse_math() is False, t.get_text()
