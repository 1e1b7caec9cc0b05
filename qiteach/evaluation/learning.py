"""Measured learning (Kirkpatrick level 2): self-check results from ``learning.csv``.

The confidence survey says what participants *think* they learned; the
notebooks' self-checks show what they could *do*. With the programme's consent
(``learning_evidence: true`` in ``programme.yaml``) each check is recorded (see
:mod:`qiteach.exercises.evidence`), one row per participant and exercise. This
module sums them up by session and by role: exercises answered, completed
(the latest try passed) and passed first time.

Small groups are not shown: a group with fewer than :data:`MIN_PEOPLE` (5)
people gets "too few to show" instead of its numbers, so no one's results can
be read off a table (the usual NHS small-numbers rule for published tables);
when the hidden groups together are still under 5 people, the next smallest
group is hidden too, so they cannot be worked out from the total.

>>> import pandas as pd
>>> people = pd.DataFrame({"participant_id": [f"p{i}" for i in range(6)],
...     "role": ["GP", "GP", "nurse", "nurse", "admin", "GP"], "team_id": ["a"] * 6})
>>> rows = pd.DataFrame({"participant_id": [f"p{i}" for i in range(6)], "team_id": ["a"] * 6,
...     "session": [1] * 6, "exercise": ["aim"] * 6,
...     "first_result": ["pass", "not yet", "pass", "pass", "not yet", "pass"],
...     "final_result": ["pass", "pass", "pass", "pass", "not yet", "pass"],
...     "attempts": [1, 2, 1, 1, 3, 1]})
>>> s = learning_summary({"participants": people, "learning": rows,
...                       "meta": {"learning_evidence": True}})
>>> print(s.sentence())
6 participants answered 6 self-check exercises: 5 of 6 completed (83%), 4 passed first time (67%).
>>> s.by_role[["group", "people", "completed"]].to_dict("records")
[{'group': 'GP', 'people': 'too few to show', 'completed': 'too few to show'}, \
{'group': 'admin', 'people': 'too few to show', 'completed': 'too few to show'}, \
{'group': 'nurse', 'people': 'too few to show', 'completed': 'too few to show'}]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from qiteach.evaluation._tables import get_meta, get_table, percent_text

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = ["MIN_PEOPLE", "TOO_FEW", "LearningSummary", "learning_summary"]

#: groups with fewer people than this are not shown
MIN_PEOPLE = 5
TOO_FEW = "too few to show"
NOT_RECORDED = "not recorded (programme.yaml learning_evidence is off)"
NO_ROWS = "not yet available"
_COLUMNS = ("group", "people", "answered", "completed", "first_time")


@dataclass(frozen=True, slots=True)
class LearningSummary:
    """Self-check results overall, by session and by role (groups under 5 hidden).

    ``status`` is ``"available"``, :data:`NOT_RECORDED` (no consent) or
    ``"not yet available"`` (consent, but no checks yet). ``people``,
    ``answered``, ``completed`` and ``first_time`` are the overall counts;
    ``by_session`` and ``by_role`` tables hold text cells (numbers with their %,
    or "too few to show").
    """

    status: str
    people: int
    answered: int
    completed: int
    first_time: int
    by_session: pd.DataFrame
    by_role: pd.DataFrame

    @property
    def shown(self) -> bool:
        """True when the overall figures may be shown (enough people, consent given)."""
        return self.status == "available" and self.people >= MIN_PEOPLE

    @property
    def completed_percent(self) -> float:
        """% of answered exercises whose latest try passed (NaN when not shown)."""
        return 100 * self.completed / self.answered if self.shown else math.nan

    @property
    def first_time_percent(self) -> float:
        """% of answered exercises passed at the first try (NaN when not shown)."""
        return 100 * self.first_time / self.answered if self.shown else math.nan

    def sentence(self) -> str:
        """The overall result in one sentence."""
        if self.status != "available":
            return f"Self-check results: {self.status}."
        if not self.shown:
            return (
                f"Self-check results: {TOO_FEW} (fewer than {MIN_PEOPLE} people have "
                "answered the self-checks)."
            )
        return (
            f"{self.people} participants answered {self.answered} self-check exercises: "
            f"{self.completed} of {self.answered} completed "
            f"({percent_text(self.completed_percent)}), {self.first_time} passed first time "
            f"({percent_text(self.first_time_percent)})."
        )


def _hidden(sizes: dict[object, int]) -> set[object]:
    """Groups to hide: those under 5 people, and, when the hidden ones together are still
    under 5 (their numbers could be worked out from the total), the smallest shown ones too.

    >>> sorted(_hidden({"GP": 3, "nurse": 1, "admin": 1, "manager": 8}))
    ['GP', 'admin', 'nurse']
    >>> sorted(_hidden({"GP": 4, "manager": 8, "nurse": 6}))
    ['GP', 'nurse']
    """
    hidden = {g for g, n in sizes.items() if n < MIN_PEOPLE}
    shown = sorted((n, str(g), g) for g, n in sizes.items() if g not in hidden)
    while hidden and shown and sum(sizes[g] for g in hidden) < MIN_PEOPLE:
        hidden.add(shown.pop(0)[2])
    return hidden


def _groups(rows: pd.DataFrame, by: str, label: str) -> pd.DataFrame:
    out = []
    sizes = rows.groupby(by, sort=True)["participant_id"].nunique().to_dict()
    hide = _hidden(sizes)
    for value, g in rows.groupby(by, sort=True):
        people = g["participant_id"].nunique()
        name = f"{label} {value}" if label else str(value)
        if value in hide:
            out.append({"group": name} | {c: TOO_FEW for c in _COLUMNS[1:]})
            continue
        n = len(g)
        done = int((g["final_result"] == "pass").sum())
        first = int((g["first_result"] == "pass").sum())
        out.append(
            {
                "group": name,
                "people": str(people),
                "answered": str(n),
                "completed": f"{done} ({percent_text(100 * done / n)})",
                "first_time": f"{first} ({percent_text(100 * first / n)})",
            }
        )
    return pd.DataFrame(out, columns=list(_COLUMNS))


def learning_summary(source: Source) -> LearningSummary:
    """Sum up ``learning.csv`` overall, by session and by role (see the module docstring)."""
    empty = pd.DataFrame(columns=list(_COLUMNS))
    if get_meta(source).get("learning_evidence") is not True:
        return LearningSummary(NOT_RECORDED, 0, 0, 0, 0, empty, empty)
    rows = get_table(
        source,
        "learning",
        required=("participant_id", "session", "exercise", "first_result", "final_result"),
    )
    if rows.empty:
        return LearningSummary(NO_ROWS, 0, 0, 0, 0, empty, empty)
    people = get_table(source, "participants", required=("participant_id", "role"))
    rows = rows.merge(
        people[["participant_id", "role"]].drop_duplicates("participant_id"),
        on="participant_id",
        how="left",
    )
    rows["role"] = rows["role"].fillna("unknown")
    return LearningSummary(
        "available",
        int(rows["participant_id"].nunique()),
        len(rows),
        int((rows["final_result"] == "pass").sum()),
        int((rows["first_result"] == "pass").sum()),
        _groups(rows, "session", "Session"),
        _groups(rows, "role", ""),
    )
