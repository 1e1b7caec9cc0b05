"""The change-concept grid: what is drawn, and no text overlapping text or dots."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.pyplot as plt
import pytest

from qiteach.drivers import DriverDiagram
from qiteach.exercises.common import team_driver_diagram
from qiteach.plot.change_concepts import plot_concept_grid
from qiteach.tools.change_concepts import concept_matrix

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _diagram(n: int) -> DriverDiagram:
    ideas = ["Text reminder a week before", "BP checks at the community pharmacy",
             "Thank you card", "Monthly recall search by the admin lead"]  # fmt: skip
    many = [f"{ideas[i % 4]} (version {i})" for i in range(n)]
    return DriverDiagram.from_dict({"aim": "More BP checks", "drivers": {
        "Patients are invited": {"Recall is reliable": many}}})  # fmt: skip


def test_dots_are_the_suggested_groups_and_unused_groups_are_grey():
    # hand-worked: reminder -> H; pharmacy, community -> I and E, check -> H; thank you -> none
    ax = plot_concept_grid(concept_matrix(_diagram(3)))
    dots = [c for c in ax.collections if c.get_gid() == "concept-dot"]
    cells = sorted((int(x), int(y)) for c in dots for x, y in c.get_offsets())
    # columns A..I are 0..8; rows are ideas top to bottom
    assert cells == [(4, 1), (7, 0), (7, 1), (8, 1)]
    grey = [t.get_text() for t in ax.get_xticklabels() if t.get_gid() == "concept-unused"]
    assert grey == ["A", "B", "C", "D", "F", "G"]
    assert "No idea uses yet: A, B, C, D, F, G" in ax.xaxis.label.get_text().replace("\n", " ")
    assert [t.get_text() for t in ax.get_yticklabels()][2] == "C3: Thank you card (version 2)"


@pytest.mark.parametrize("width", [5.5, 9.0])
@pytest.mark.parametrize("team", ["north", "south", None, 20])
def test_no_text_overlaps_text_or_dots_and_all_inside_the_figure(
    width, team, tmp_path, demo_programme
):
    if isinstance(team, str):
        diagram = team_driver_diagram(demo_programme.team(team))
    else:
        diagram = _diagram(team or 1)
    ax = plot_concept_grid(concept_matrix(diagram), width=width)
    fig = ax.figure
    fig.savefig(tmp_path / "g.png")
    renderer = fig.canvas.get_renderer()
    texts = [t for t in [*ax.get_yticklabels(), *ax.get_xticklabels()] if t.get_text()]
    texts += [ax._left_title, ax.xaxis.label]
    boxes = [t.get_window_extent(renderer) for t in texts]
    names = [t.get_text() for t in texts]

    def clash(a, b):
        return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1

    clashes = [(names[i], names[j]) for (i, a), (j, b)
               in itertools.combinations(enumerate(boxes), 2) if clash(a, b)]  # fmt: skip
    assert clashes == []
    dots = [c.get_window_extent(renderer) for c in ax.collections]
    assert [n for n, b in zip(names, boxes, strict=True) if any(clash(b, d) for d in dots)] == []
    f = fig.bbox
    for name, b in zip(names, boxes, strict=True):
        assert f.x0 <= b.x0 and b.x1 <= f.x1 and f.y0 <= b.y0 and b.y1 <= f.y1, name
