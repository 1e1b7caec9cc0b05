"""layout_diagram: wrapping, columns, bands and connectors (pure geometry)."""

from __future__ import annotations

import itertools

import pytest

from qiteach.drivers import DriverDiagram
from qiteach.drivers.layout import estimate_width, layout_diagram, wrap_text

WORDS = ("patients", "reminder", "appointment", "the", "text", "a", "booked", "clinic", "call")


def make_diagram(n_boxes: int, *, seed: int = 0) -> DriverDiagram:
    """A diagram of exactly ``n_boxes`` boxes with uneven branching and text lengths."""
    words = itertools.cycle(WORDS[seed % 3 :] + WORDS[: seed % 3])
    d = DriverDiagram("Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026")

    def text(k: int) -> str:
        return " ".join(next(words) for _ in range(2 + (k * 7) % 11))

    k = 0
    while len(d) < n_boxes:
        p = d.add_primary(text(k))
        k += 1
        for _ in range(1 + k % 3):
            if len(d) >= n_boxes:
                break
            s = d.add_secondary(p, text(k), link="weak" if k % 4 == 0 else "strong")
            k += 1
            for _ in range(k % 4 + 1):
                if len(d) >= n_boxes:
                    break
                d.add_change_idea(s, text(k))
                k += 1
    return d


def test_wrap_respects_width_and_breaks_long_words() -> None:
    lines = wrap_text("a " * 40 + "supercalifragilisticexpialidocious" * 3, 1.0, font_size=9)
    assert all(estimate_width(line, 9) <= 1.0 for line in lines)
    assert "".join(lines).replace(" ", "") == ("a" * 40 + "supercalifragilisticexpialidocious" * 3)
    assert wrap_text("", 1.0) == [""]


def test_custom_measure_is_used() -> None:
    # one character = 0.1 inch: three 3-letter words fit on a 0.65-inch line only singly
    lines = wrap_text("abc def ghi", 0.65, measure=lambda s, fs, bold: 0.1 * len(s))
    assert lines == ["abc", "def", "ghi"]


@pytest.mark.parametrize("n", [5, 20, 60])
def test_no_boxes_overlap_and_columns_align(n: int) -> None:
    lay = layout_diagram(make_diagram(n))
    assert len(lay.boxes) == n + 1  # plus the aim
    for a, b in itertools.combinations(lay.boxes, 2):
        assert not a.overlaps(b), (a.node_id, b.node_id)
    for level in range(4):
        xs = {b.x for b in lay.boxes if b.level == level}
        assert len(xs) <= 1  # one aligned column per level
    # everything inside the page, below the headers
    header_y = lay.headers[0][2]
    for b in lay.boxes:
        assert b.x >= 0 and b.right <= lay.width and b.y >= 0 and b.top < header_y


def test_height_grows_with_leaves() -> None:
    heights = [layout_diagram(make_diagram(n)).height for n in (5, 20, 60)]
    assert heights[0] < heights[1] < heights[2]


def test_parent_centred_on_children_and_elbow_connectors() -> None:
    d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"P": {"S": ["a", "b", "c"]}}})
    lay = layout_diagram(d)
    s, c1, c3 = lay.box("S1"), lay.box("C1"), lay.box("C3")
    assert s.center[1] == pytest.approx((c1.center[1] + c3.center[1]) / 2)
    conn = next(c for c in lay.connectors if c.child_id == "C3")
    assert conn.points[0] == s.right_mid and conn.points[-1] == c3.left_mid
    # elbow: horizontal, vertical in the gap, horizontal
    (_x0, y0), (x1, y1), (x2, y2), (_x3, y3) = conn.points
    assert y0 == y1 and x1 == x2 and y2 == y3 and s.right < x1 < c3.x


def test_badge_row_and_highlight() -> None:
    d = DriverDiagram.from_dict({"aim": "Fewer DNAs", "drivers": {"P": {"S": ["a", "b"]}}})
    counted = d.with_pdsa_counts(["C1", "C1", "C1"])
    lay = layout_diagram(counted)
    a, b = lay.box("C1"), lay.box("C2")
    assert a.badge == "3 PDSAs" and b.badge is None
    assert a.highlighted and not b.highlighted
    assert a.height == pytest.approx(b.height + lay.line_height)
    only_b = layout_diagram(counted, highlight={"C2"})
    assert not only_b.box("C1").highlighted and only_b.box("C2").highlighted


def test_compute_modules_do_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, qiteach.aims, qiteach.drivers, qiteach.measures; "
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
