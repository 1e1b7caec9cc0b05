"""The stakeholder grid drawing: what is drawn, and no name overlapping another name,
a dot or a quadrant's title, at 3, 8 and 20 stakeholders (spread out and crowded)."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.transforms import Bbox

from qiteach.plot.stakeholders import QUADRANT_COLOURS, plot_stakeholder_grid
from qiteach.tools.stakeholders import EXAMPLE_STAKEHOLDERS, StakeholderGrid

NAMES = ["GP partners", "Practice nurses", "Reception and care navigation team",
         "PCN clinical pharmacist", "ICB commissioner", "Patient participation group",
         "Practice manager", "Community pharmacy", "Healthcare assistants",
         "Local Medical Committee", "Carers' group", "Social prescriber",
         "Hospital cardiology team", "Practice IT lead", "Summariser", "Trainee GPs",
         "Out-of-hours provider", "District nurses", "Health visitor",
         "Local councillor"]  # fmt: skip


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def spread(n: int) -> list[dict[str, object]]:
    """``n`` stakeholders over the grid, several sharing a cell."""
    return [
        {"name": NAMES[i], "influence": (i * 3) % 5 + 1, "interest": (i * 2 + i // 5) % 5 + 1,
         "action": "Meet" if i % 3 else "", "who": "QI lead"}
        for i in range(n)
    ]  # fmt: skip


def crowded(n: int) -> list[dict[str, object]]:
    """``n`` stakeholders all with the same scores (the hardest case)."""
    return [{"name": NAMES[i], "influence": 5, "interest": 5} for i in range(n)]


def _boxes(ax, prefix: str) -> dict[str, Bbox]:
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = {}
    for a in [*ax.texts, *ax.lines]:
        gid = a.get_gid() or ""
        if gid.startswith(prefix):
            out[gid.split(":", 1)[1]] = a.get_window_extent(renderer)
    return out


def _clear(a: Bbox, b: Bbox) -> bool:
    return not (a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


@pytest.mark.parametrize(
    "rows",
    [spread(3), spread(8), spread(20), crowded(3), crowded(12), crowded(20),
     list(EXAMPLE_STAKEHOLDERS)],
    ids=["3", "8", "20", "3 same", "12 same", "20 same", "example"],
)  # fmt: skip
def test_names_do_not_overlap_each_other_dots_or_titles(rows) -> None:
    ax = plot_stakeholder_grid(rows)
    labels = _boxes(ax, "stake-label:")
    dots = _boxes(ax, "stake-point:")
    headings = _boxes(ax, "stake-heading:")
    assert set(labels) == set(dots) == {r["name"] for r in rows}
    for (a, ba), (b, bb) in itertools.combinations(labels.items(), 2):
        assert _clear(ba, bb), (a, b)
    for name, box in labels.items():
        for other, dot in dots.items():
            assert _clear(box, dot), (name, other)
        for key, head in headings.items():
            assert _clear(box, head), (name, key)
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    for name, box in labels.items():  # every name on the grid, none cut at its edge
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, name
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, name


def test_names_sit_in_their_own_quadrant_when_there_is_room() -> None:
    grid = StakeholderGrid.from_records(spread(20))
    ax = plot_stakeholder_grid(grid)
    to_data = ax.transData.inverted()
    labels = _boxes(ax, "stake-label:")
    for s in grid.stakeholders:
        (x0, y0), (x1, y1) = to_data.transform(labels[s.name].get_points())
        high_x, high_y = x0 >= 3.5, y0 >= 3.5
        assert (high_x == (x1 >= 3.5), high_y == (y1 >= 3.5)) == (True, True), s.name
        assert (high_x, high_y) == (s.interest >= 4, s.influence >= 4), s.name


def test_what_is_drawn() -> None:
    grid = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS)
    ax = plot_stakeholder_grid(grid, title="Hypertension project")
    assert ax.get_title(loc="left") == "Hypertension project"
    quads = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("stake-q")}
    assert len(quads) == 4
    # the dots sit at (interest, influence) in their quadrant's colour
    dots = {line.get_gid().split(":", 1)[1]: line for line in ax.lines
            if (line.get_gid() or "").startswith("stake-point:")}  # fmt: skip
    partners = dots["GP partners"]
    assert (partners.get_xdata()[0], partners.get_ydata()[0]) == (4, 5)
    assert partners.get_color() == QUADRANT_COLOURS["manage_closely"][0]
    # the only high-influence stakeholder with no action is ringed and says so
    gaps = [line.get_gid() for line in ax.lines if (line.get_gid() or "").startswith("stake-gap")]
    assert gaps == ["stake-gap:ICB commissioner"]
    label = next(t for t in ax.texts if t.get_gid() == "stake-label:ICB commissioner")
    assert label.get_text().endswith("no action yet")
    heads = sorted(t.get_text() for t in ax.texts if t.get_gid().startswith("stake-heading"))
    assert heads == ["Keep informed", "Keep satisfied", "Manage closely", "Monitor"]


def test_draws_on_a_given_axes_and_reads_plain_rows() -> None:
    _fig, ax = plt.subplots(figsize=(7, 6))
    out = plot_stakeholder_grid(spread(5), ax=ax, title=None)
    assert out is ax and ax.get_title(loc="left") == ""
    assert len([t for t in ax.texts if t.get_gid().startswith("stake-label")]) == 5
