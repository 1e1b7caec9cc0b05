"""The one-page charter drawing: what is drawn, and no box overlapping or overflowing."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.transforms import Bbox

from qiteach.plot.charter import CHARTER_ROWS, EMPTY_PART, plot_charter, save_charter
from qiteach.tools.charter import CHARTER_PARTS, Charter

LONG = " ".join(["patients on the hypertension register whose last blood pressure"] * 6)
SUPERCALI = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # one word wider than a box


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _charter(kind: str) -> Charter:
    if kind == "empty":
        return Charter.from_mapping({})
    if kind == "long":
        return Charter.from_mapping(
            {
                "title": "A project with a very long title " * 4,
                "problem": LONG,
                "aim": LONG,
                "scope_in": LONG,
                "scope_out": SUPERCALI,
                "sponsor": "Dr R Shah " * 10,
                "roles": "; ".join(f"Person {k} - {LONG[: 20 + 9 * k]}" for k in range(12)),
                "start": "2026-01-05",
                "end": "2027-03-31",
                "measures": [("outcome", LONG[: 30 + 7 * k]) for k in range(10)],
            }
        )
    return Charter.from_mapping(
        {
            "title": "BP control",
            "problem": "58% under target",
            "sponsor": "Dr R Shah",
            "scope_in": "Adults on the register",
            "roles": "A - lead; B - data",
            "start": "2026-01-05",
            "end": "2026-12-31",
        }
    )


def _by_gid(artists, prefix: str) -> dict[str, object]:
    return {
        a.get_gid().split(":", 1)[1]: a for a in artists if (a.get_gid() or "").startswith(prefix)
    }


def _data_box(ax, artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer).transformed(ax.transData.inverted())


def _patch_box(p) -> Bbox:
    return Bbox.from_bounds(p.get_x(), p.get_y(), p.get_width(), p.get_height())


def _apart(a: Bbox, b: Bbox) -> bool:
    overlap = Bbox.intersection(a, b)
    return overlap is None or overlap.width <= 1e-6 or overlap.height <= 1e-6


def _inside(inner: Bbox, outer: Bbox, tol: float = 1e-3) -> bool:
    # y runs downwards on the page: compare extents, not corners
    return (
        min(outer.x0, outer.x1) - tol <= min(inner.x0, inner.x1)
        and max(inner.x0, inner.x1) <= max(outer.x0, outer.x1) + tol
        and min(outer.y0, outer.y1) - tol <= min(inner.y0, inner.y1)
        and max(inner.y0, inner.y1) <= max(outer.y0, outer.y1) + tol
    )


@pytest.mark.parametrize("kind", ["short", "empty", "long"])
def test_boxes_never_overlap_and_text_stays_inside(kind: str) -> None:
    charter = _charter(kind)
    ax = plot_charter(charter)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _by_gid(ax.patches, "box:")
    assert set(boxes) == {*CHARTER_PARTS, "gaps"}
    for (a, pa), (b, pb) in itertools.combinations(boxes.items(), 2):
        assert _apart(_patch_box(pa), _patch_box(pb)), (a, b)
    for prefix in ("heading:", "text:"):
        texts = _by_gid(ax.texts, prefix)
        assert set(texts) == set(boxes)
        for part, t in texts.items():
            assert _inside(_data_box(ax, t, renderer), _patch_box(boxes[part])), (prefix, part)
    page = Bbox.from_extents(0, 0, ax.get_xlim()[1], ax.get_ylim()[0])
    title = _data_box(ax, next(t for t in ax.texts if t.get_gid() == "title"), renderer)
    assert _inside(title, page)
    for part, p in boxes.items():
        assert _inside(_patch_box(p), page), part
        assert _apart(title, _patch_box(p)), part


def test_what_is_drawn_and_where() -> None:
    ax = plot_charter(_charter("short"))
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["title"] == "BP control"
    assert texts["heading:scope_out"] == "Out of scope"
    assert texts["text:scope_out"] == EMPTY_PART  # not written yet
    assert texts["text:roles"] == "A - lead\nB - data"  # one line per person
    assert texts["text:timescale"] == "5 Jan 2026 to 31 Dec 2026 (12 months)"
    assert "Out of scope: say what the project leaves out" in texts["text:gaps"]
    boxes = _by_gid(ax.patches, "box:")
    assert boxes["scope_out"].get_linestyle() == "--"  # dashed, not only grey
    assert boxes["scope_in"].get_linestyle() == "-"
    # scope in | out side by side, the same height; problem runs the full width
    sin, sout, prob = (_patch_box(boxes[k]) for k in ("scope_in", "scope_out", "problem"))
    assert sin.y0 == sout.y0 and sin.height == sout.height and sin.x1 < sout.x0
    assert prob.width > sin.width * 2 and ("scope_in", "scope_out") in CHARTER_ROWS
    # rows top to bottom in CHARTER_ROWS order, gaps last
    tops = [_patch_box(boxes[row[0]]).y0 for row in CHARTER_ROWS] + [_patch_box(boxes["gaps"]).y0]
    assert tops == sorted(tops)


def test_longer_text_makes_a_taller_page_and_gaps_can_be_left_out(tmp_path: Path) -> None:
    short = plot_charter(_charter("short")).figure.get_size_inches()
    long = plot_charter(_charter("long")).figure.get_size_inches()
    assert long[0] == short[0] and long[1] > short[1] + 3
    ax = plot_charter(_charter("short"), gaps=False)
    assert "gaps" not in _by_gid(ax.patches, "box:")
    nothing = plot_charter(Charter.from_mapping({"title": "x", **_full()}))
    assert {t.get_gid(): t.get_text() for t in nothing.texts}["text:gaps"] == (
        "Nothing: every part is there."
    )
    out = save_charter(_charter("short"), tmp_path / "charter.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def _full() -> dict:
    return {
        "problem": "58% of 1,400 under target",
        "scope_in": "Adults on the register",
        "scope_out": "Care homes",
        "sponsor": "Dr R Shah",
        "roles": "A - lead; B - data",
        "start": "2026-01-05",
        "end": "2027-03-31",
        "aim": "Increase the % of patients with hypertension with a BP under 140/90 from 58% "
        "to 70% by 31 March 2027",
        "measures": [("outcome", "a"), ("process", "b"), ("balancing", "c")],
    }


def test_dollar_signs_are_text() -> None:
    ax = plot_charter(Charter.from_mapping({"problem": "Costs $5 \\notacommand{x$ a week"}))
    ax.figure.canvas.draw()
    assert {t.get_gid(): t for t in ax.texts}["text:problem"].get_text().startswith("Costs $5")
