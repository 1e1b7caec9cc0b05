"""A prioritisation grid (impact vs effort): which change ideas to test first.

The team scores each change idea for **impact** (how much it would move the aim,
1 = hardly, 5 = a lot) and **effort** (time, money and people it needs, 1 = very
little, 5 = a great deal), then reads off its quadrant (:data:`QUADRANTS`):

* **quick wins** (high impact, low effort): test these first;
* **major projects** (high impact, high effort): worth it, but plan and break
  them into small PDSA cycles;
* **fill-ins** (low impact, low effort): do them if there is spare time;
* **thankless tasks** (low impact, high effort): drop or rethink them.

Source: the impact/effort ("prioritisation") matrix as NHS quality-improvement
teams teach it, with impact on the vertical axis and effort on the horizontal,
quick wins top left (e.g. NHS Lothian Quality Improvement, "Prioritisation
matrix", primary-care QI resources); the four quadrant names are those of the
Action Priority Matrix (Mind Tools) that NHS QI training uses for the grid.

**The middle of the scale.** A score of :data:`HIGH_FROM` (3) or more counts as
high, so an idea scored 3 for impact and 3 for effort is a major project. An
idea scored exactly 3 on either axis sits next to the dividing line
(:attr:`Placed.borderline`): the team should talk about it rather than trust the
number.

>>> grid = prioritise([("Text reminders", 4, 1), ("New clinic", 5, 5),
...                    ("Poster", 1, 1), ("Rewrite the IT system", 2, 5)])
>>> [(p.idea, p.quadrant) for p in grid]
[('Text reminders', 'quick wins'), ('New clinic', 'major projects'), ('Poster', 'fill-ins'), ('Rewrite the IT system', 'thankless tasks')]
>>> quadrant(3, 3), quadrant(2, 3), quadrant(3, 2)
('major projects', 'thankless tasks', 'quick wins')
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qiteach.exceptions import ToolkitError

__all__ = ["HIGH_FROM", "QUADRANTS", "SCORES", "Placed", "prioritise", "quadrant"]

#: The scores an idea can have on each axis.
SCORES: tuple[int, ...] = (1, 2, 3, 4, 5)
#: The lowest score that counts as high impact or high effort.
HIGH_FROM = 3
#: Quadrant -> (high impact?, high effort?, what to do); in the order the grid is read.
QUADRANTS: dict[str, tuple[bool, bool, str]] = {
    "quick wins": (True, False, "test these first"),
    "major projects": (True, True, "worth it: plan them and start with a small PDSA cycle"),
    "fill-ins": (False, False, "do them if there is spare time"),
    "thankless tasks": (False, True, "drop them or rethink them"),
}


def _score(value: Any, axis: str, idea: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if number not in SCORES:
        raise ToolkitError(
            f'{axis} of "{idea}" is {value!r}',
            column=axis,
            fix=f"score {axis} as a whole number from {SCORES[0]} to {SCORES[-1]}",
        )
    return int(number)


def quadrant(impact: int, effort: int) -> str:
    """The quadrant of an idea scored ``impact`` and ``effort`` (1-5 each).

    >>> quadrant(5, 1), quadrant(1, 5)
    ('quick wins', 'thankless tasks')
    """
    impact, effort = _score(impact, "impact", "idea"), _score(effort, "effort", "idea")
    high = (impact >= HIGH_FROM, effort >= HIGH_FROM)
    return next(name for name, (hi, he, _) in QUADRANTS.items() if (hi, he) == high)


@dataclass(frozen=True, slots=True)
class Placed:
    """One change idea on the grid."""

    idea: str
    impact: int
    effort: int
    quadrant: str

    @property
    def borderline(self) -> bool:
        """True when a score sits just over the dividing line (exactly :data:`HIGH_FROM`)."""
        return HIGH_FROM in (self.impact, self.effort)

    @property
    def advice(self) -> str:
        """What to do with ideas in this quadrant."""
        return QUADRANTS[self.quadrant][2]


def prioritise(ideas: Iterable[Sequence[Any]]) -> tuple[Placed, ...]:
    """Place ``(idea, impact, effort)`` triples on the grid, in the order given.

    Blank ideas are refused, as are the same idea twice and scores outside 1-5.

    >>> prioritise([("Call-back", 6, 2)])
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ToolkitError: impact: impact of "Call-back" is 6 (fix: score impact as a whole number from 1 to 5)
    """  # noqa: E501
    out: list[Placed] = []
    seen: set[str] = set()
    for row in ideas:
        if len(row) != 3:
            raise ToolkitError("each idea needs three parts", fix="give (idea, impact, effort)")
        name = " ".join(str(row[0] or "").split())
        if not name:
            raise ToolkitError("an idea has no words", column="idea", fix="name every idea")
        if name.casefold() in seen:
            raise ToolkitError(f'"{name}" is there twice', column="idea", fix="list each idea once")
        seen.add(name.casefold())
        impact, effort = _score(row[1], "impact", name), _score(row[2], "effort", name)
        out.append(Placed(name, impact, effort, quadrant(impact, effort)))
    return tuple(out)
