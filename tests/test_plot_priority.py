"""The impact/effort grid drawing: what is drawn, and no labels overlapping at 3-20 ideas."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.transforms import Bbox

from qiteach.exceptions import ToolkitError
from qiteach.exercises.session01 import GRID_IDEAS
from qiteach.plot.priority import plot_priority_grid, save_priority_grid
from qiteach.tools.priority import QUADRANTS, prioritise

WORDS = [
    "lend",
    "home",
    "blood",
    "pressure",
    "monitors",
    "to",
    "patients",
    "and",
    "collect",
    "readings",
    "by",
    "text",
]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def make_ideas(n: int, *, crowd: bool = False) -> list[tuple[str, int, int]]:
    """``n`` ideas of different lengths; ``crowd`` puts them all in one cell (3, 3)."""
    out = []
    for k in range(n):
        words = " ".join(WORDS[: 2 + (k * 5) % len(WORDS)])
        impact, effort = (3, 3) if crowd else (1 + (k * 2) % 5, 1 + (k * 3 // 2) % 5)
        out.append((f"{words} ({k})", impact, effort))
    return out


def _box(ax, artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer).transformed(ax.transData.inverted())


def _norm(b: Bbox) -> Bbox:
    return Bbox.from_extents(min(b.x0, b.x1), min(b.y0, b.y1), max(b.x0, b.x1), max(b.y0, b.y1))


def _apart(a: Bbox, b: Bbox) -> bool:
    overlap = Bbox.intersection(_norm(a), _norm(b))
    return overlap is None or overlap.width <= 1e-6 or overlap.height <= 1e-6


def _gid(artists, prefix: str) -> dict[str, object]:
    return {
        a.get_gid()[len(prefix) :]: a for a in artists if (a.get_gid() or "").startswith(prefix)
    }


@pytest.mark.parametrize("n", [3, 6, 10, 20])
@pytest.mark.parametrize("crowd", [False, True])
def test_no_circles_or_labels_overlap(n: int, crowd: bool) -> None:
    placed = prioritise(make_ideas(n, crowd=crowd))
    ax = plot_priority_grid(placed)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    circles = _gid(ax.patches, "idea:")
    assert set(circles) == {str(k) for k in range(1, n + 1)}
    for (a, ca), (b, cb) in itertools.combinations(circles.items(), 2):
        (xa, ya), (xb, yb) = ca.center, cb.center
        assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 >= ca.radius + cb.radius - 1e-9, (a, b)
    # each number sits inside its circle, inside the cell of its scores
    for k, t in _gid(ax.texts, "num:").items():
        tb, c = _norm(_box(ax, t, renderer)), circles[k]
        (cx, cy), r = c.center, c.radius
        assert all(
            (x - cx) ** 2 + (y - cy) ** 2 <= r**2 + 1e-9
            for x in (tb.x0, tb.x1)
            for y in (tb.y0, tb.y1)
        ), k
    cells = _gid(ax.patches, "cell:")
    grid = Bbox.union(
        [
            _norm(Bbox.from_bounds(p.get_x(), p.get_y(), p.get_width(), p.get_height()))
            for p in cells.values()
        ]
    )
    for k, c in circles.items():
        p = placed[int(k) - 1]
        quad = cells[p.quadrant]
        qb = Bbox.from_bounds(quad.get_x(), quad.get_y(), quad.get_width(), quad.get_height())
        (cx, cy), r = c.center, c.radius
        assert qb.x0 <= cx - r and cx + r <= qb.x1 and qb.y0 <= cy - r and cy + r <= qb.y1, k
    # no two texts overlap; the key, names, ticks and labels stay off the grid
    texts = {t.get_gid(): _box(ax, t, renderer) for t in ax.texts if t.get_gid()}
    assert {f"key:{k}" for k in range(1, n + 1)} <= set(texts)
    for (a, ba), (b, bb) in itertools.combinations(texts.items(), 2):
        if a.startswith("num:") or b.startswith("num:"):
            continue  # numbers are checked against their circles above
        assert _apart(ba, bb), (a, b)
    for gid, tb in texts.items():
        if not gid.startswith("num:"):
            assert _apart(tb, grid), gid
    # everything lies inside the figure
    width, height = ax.get_xlim()[1], ax.get_ylim()[0]
    for gid, tb in texts.items():
        tb = _norm(tb)
        assert tb.x0 >= 0 and tb.x1 <= width and tb.y0 >= 0 and tb.y1 <= height, gid


def test_what_is_drawn() -> None:
    placed = prioritise(GRID_IDEAS)
    ax = plot_priority_grid(placed, title="Hypertension ideas")
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["title"] == "Hypertension ideas"
    assert {texts[f"label:{q}"] for q in QUADRANTS} == {q.capitalize() for q in QUADRANTS}
    assert " ".join(texts["key:1"].split("\n")) == (
        "1. Text patients due a BP check with a link to book (impact 4, effort 1)"
    )  # wrapped to the key's width
    assert texts["heading:quick wins"] == "Quick wins: test these first"
    # the key lists quick wins (1, 6) first, then major projects (2, 3), fill-ins, thankless
    order = [g for g in (t.get_gid() or "" for t in ax.texts) if g.startswith("key:")]
    assert order == ["key:1", "key:6", "key:2", "key:3", "key:4", "key:5"]
    circles = _gid(ax.patches, "idea:")
    # idea 6 (impact 3, effort 2) is above the impact line, idea 5 (2, 5) below it
    line_y = ax.get_lines()[1].get_ydata()[0]
    assert circles["6"].center[1] < line_y < circles["5"].center[1]  # y runs downwards
    line_x = ax.get_lines()[0].get_xdata()[0]
    assert circles["2"].center[0] > line_x > circles["6"].center[0]  # effort 3 is high


def test_a_longer_key_makes_a_taller_figure_and_too_many_in_one_cell(tmp_path: Path) -> None:
    small = plot_priority_grid(prioritise(make_ideas(3))).figure.get_size_inches()
    big = plot_priority_grid(prioritise(make_ideas(20))).figure.get_size_inches()
    assert big[0] == small[0] and big[1] > small[1]
    with pytest.raises(ToolkitError, match="26 ideas scored impact 3, effort 3"):
        plot_priority_grid(prioritise(make_ideas(26, crowd=True)))
    out = save_priority_grid(prioritise(GRID_IDEAS), tmp_path / "grid.svg")
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
