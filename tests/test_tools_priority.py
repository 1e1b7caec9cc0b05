"""The impact/effort grid: every score pair's quadrant by hand, the edges and bad input."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.priority import HIGH_FROM, QUADRANTS, prioritise, quadrant

Q, M, F, T = "quick wins", "major projects", "fill-ins", "thankless tasks"
#: rows: impact 5 (top) to 1; columns: effort 1 to 5 - the grid as drawn, filled in by hand
BY_HAND = {
    5: [Q, Q, M, M, M],
    4: [Q, Q, M, M, M],
    3: [Q, Q, M, M, M],
    2: [F, F, T, T, T],
    1: [F, F, T, T, T],
}


@pytest.mark.parametrize("impact", [5, 4, 3, 2, 1])
@pytest.mark.parametrize("effort", [1, 2, 3, 4, 5])
def test_every_score_pair(impact: int, effort: int) -> None:
    assert quadrant(impact, effort) == BY_HAND[impact][effort - 1]


def test_the_middle_score_counts_as_high() -> None:
    assert HIGH_FROM == 3
    assert quadrant(3, 3) == M and quadrant(3, 2) == Q and quadrant(2, 3) == T
    assert quadrant(3.0, 1) == Q  # a whole number typed as 3.0


def test_prioritise_keeps_order_and_flags_ideas_by_the_line() -> None:
    placed = prioritise([("A", 3, 1), ("B", 5, 5), ("C", 2, 2), (" D  idea ", 1, 3)])
    assert [(p.idea, p.quadrant, p.borderline) for p in placed] == [
        ("A", Q, True),
        ("B", M, False),
        ("C", F, False),
        ("D idea", T, True),
    ]
    assert placed[0].advice == QUADRANTS[Q][2] == "test these first"
    assert prioritise([]) == ()


@pytest.mark.parametrize(
    ("ideas", "message"),
    [
        ([("A", 0, 1)], 'impact of "A" is 0'),
        ([("A", 1, 6)], 'effort of "A" is 6'),
        ([("A", 2.5, 1)], 'impact of "A" is 2.5'),
        ([("A", "high", 1)], "impact of \"A\" is 'high'"),
        ([("A", None, 1)], 'impact of "A" is None'),
        ([("  ", 1, 1)], "an idea has no words"),
        ([("Texts", 1, 1), ("texts", 2, 2)], '"texts" is there twice'),
        ([("A", 1)], "each idea needs three parts"),
    ],
)
def test_bad_ideas_get_one_clear_line(ideas: list, message: str) -> None:
    with pytest.raises(ToolkitError, match=message) as err:
        prioritise(ideas)
    assert "\n" not in str(err.value) and "fix:" in str(err.value)
