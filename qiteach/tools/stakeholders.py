"""Stakeholder analysis: the influence/interest grid and an engagement plan.

Each stakeholder (a person or group the project affects or needs) is scored
for **influence** (power over the project: can they stop it, fund it, change
how work is done?) and **interest** (how much the project affects them or
matters to them), each from 1 to 5 (:data:`SCORES`; "low" and "high" are
read as 2 and 4). A score of :data:`HIGH_FROM` or more is high, so the two
scores place every stakeholder in one of the four quadrants of the grid
(:data:`QUADRANTS`), and each quadrant suggests how to engage them.

The grid is Mendelow's power/interest matrix (A. L. Mendelow, "Environmental
scanning: the impact of the stakeholder concept", Proceedings of the Second
International Conference on Information Systems, Cambridge MA, 1981), as
popularised by Johnson and Scholes (*Exploring Corporate Strategy*). The
quadrant names used here, **manage closely**, **keep satisfied**, **keep
informed** and **monitor**, follow the wording common in NHS improvement
training (the stakeholder analysis tool of NHS England's QSIR programme, which
scores influence rather than power); the suggested approaches are a summary in
our own words, not a quotation.

An analysis is only as good as the plan it leads to: :meth:`StakeholderGrid.gaps`
names every high-influence stakeholder with no planned action (or no one to
do it), because they can stop a change.

>>> grid = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS)
>>> grid.quadrant_of("GP partners")
'manage_closely'
>>> QUADRANTS[grid.quadrant_of("Patient participation group")].title
'Keep informed'
>>> grid.gaps()
['ICB commissioner (keep satisfied) has high influence but no planned action: add one.']
>>> StakeholderGrid.from_records([{"name": "Reception team", "influence": 3}])
Traceback (most recent call last):
...
qiteach.exceptions.ToolkitError: 1:interest: Reception team has no interest score (fix: give a whole number from 1 (low) to 5 (high), or low/high)
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = [
    "EXAMPLE_PROJECT",
    "EXAMPLE_STAKEHOLDERS",
    "HIGH_FROM",
    "QUADRANTS",
    "SCORES",
    "SCORE_WORDS",
    "Quadrant",
    "Stakeholder",
    "StakeholderGrid",
    "quadrant",
    "read_score",
    "read_stakeholders",
]

#: the scores a stakeholder can have for influence and for interest
SCORES: tuple[int, ...] = (1, 2, 3, 4, 5)
#: a score of this or more is high (so 3, the middle, counts as low: "not high")
HIGH_FROM = 4
#: words accepted for a score, and the score each stands for
SCORE_WORDS: dict[str, int] = {
    "very low": 1,
    "low": 2,
    "medium": 3,
    "high": 4,
    "very high": 5,
}
_FIX_SCORE = "give a whole number from 1 (low) to 5 (high), or low/high"


@dataclass(frozen=True, slots=True)
class Quadrant:
    """One quadrant of the grid: its name, where it sits, and how to engage."""

    key: str
    title: str
    high_influence: bool
    high_interest: bool
    approach: str


#: the four quadrants, most effort first (Mendelow's grid, NHS QSIR wording)
QUADRANTS: dict[str, Quadrant] = {
    q.key: q
    for q in (
        Quadrant(
            "manage_closely",
            "Manage closely",
            True,
            True,
            "Key players: involve them in decisions, meet them face to face and update them "
            "often; their support makes the change happen.",
        ),
        Quadrant(
            "keep_satisfied",
            "Keep satisfied",
            True,
            False,
            "Powerful but not engaged: brief them on what matters to them (cost, targets, "
            "risk), ask for little, and aim to raise their interest.",
        ),
        Quadrant(
            "keep_informed",
            "Keep informed",
            False,
            True,
            "Interested but with little say: keep them up to date, ask for their ideas and "
            "feedback; they are often the best testers and champions.",
        ),
        Quadrant(
            "monitor",
            "Monitor",
            False,
            False,
            "Least effort: general updates (newsletter, staff meeting); watch for their "
            "influence or interest changing.",
        ),
    )
}


def quadrant(influence: int, interest: int) -> str:
    """The quadrant key for two scores (high is :data:`HIGH_FROM` or more).

    >>> quadrant(5, 5), quadrant(4, 3), quadrant(3, 4), quadrant(3, 3), quadrant(1, 1)
    ('manage_closely', 'keep_satisfied', 'keep_informed', 'monitor', 'monitor')
    """
    for q in QUADRANTS.values():
        if q.high_influence == (influence >= HIGH_FROM) and q.high_interest == (
            interest >= HIGH_FROM
        ):
            return q.key
    raise AssertionError("the four quadrants cover every pair of scores")  # pragma: no cover


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def read_score(value: Any) -> int | None:
    """A score from what was typed: 1-5, "4", "4.0", "low"/"high"; None when blank.

    Anything else raises ``ValueError`` with the fix.

    >>> read_score(" 4 "), read_score(5.0), read_score("High"), read_score(""), read_score(None)
    (4, 5, 4, None, None)
    >>> read_score(6)
    Traceback (most recent call last):
    ...
    ValueError: 6 is not a score: give a whole number from 1 (low) to 5 (high), or low/high
    """
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a score: {_FIX_SCORE}")
    text = " ".join(str(value).lower().split())
    if text in SCORE_WORDS:
        return SCORE_WORDS[text]
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f'"{value}" is not a score: {_FIX_SCORE}') from None
    if not number.is_integer() or int(number) not in SCORES:
        shown = f"{number:g}"
        raise ValueError(f"{shown} is not a score: {_FIX_SCORE}")
    return int(number)


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if _blank(value) else " ".join(str(value).split())


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """One stakeholder with its scores and the team's planned action (who, when)."""

    name: str
    influence: int
    interest: int
    role: str = ""
    action: str = ""
    who: str = ""
    when: str = ""

    @property
    def quadrant(self) -> str:
        """The quadrant key (see :data:`QUADRANTS`)."""
        return quadrant(self.influence, self.interest)

    @property
    def high_influence(self) -> bool:
        """Whether the influence score is high (:data:`HIGH_FROM` or more)."""
        return self.influence >= HIGH_FROM


def read_stakeholders(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[list[Stakeholder], list[tuple[int, str, str, str]]]:
    """The stakeholders the rows describe, and a problem for each row that cannot be placed.

    A problem is ``(row number, column, message, fix)``; rows are numbered
    from 1 in the order given. The name is read from ``name`` or, as the
    workspace's ``stakeholders`` table calls it, ``stakeholder``. Rows with
    nothing in them are skipped; a name given twice is a problem on its
    second row.

    >>> people, problems = read_stakeholders([
    ...     {"name": "GP partners", "influence": 5, "interest": "high"},
    ...     {"name": "", "influence": "", "interest": ""},
    ...     {"name": "Reception", "influence": "lots", "interest": 2}])
    >>> [p.name for p in people], problems[0][:2]
    (['GP partners'], (3, 'influence'))
    """
    people: list[Stakeholder] = []
    problems: list[tuple[int, str, str, str]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        name = _text(row, "name") or _text(row, "stakeholder")  # the workspace table's name
        if not any(_text(row, k) for k in ("name", "stakeholder", "influence", "interest",
                                           "action")):  # fmt: skip
            continue
        if not name:
            problems.append((n, "name", "a row has scores but no stakeholder",
                             "name the person or group, e.g. Practice nurses"))  # fmt: skip
            continue
        if name.lower() in seen:
            problems.append((n, "name", f"{name} is listed twice",
                             "keep one row per stakeholder"))  # fmt: skip
            continue
        seen.add(name.lower())
        scores: dict[str, int] = {}
        for column in ("influence", "interest"):
            try:
                score = read_score(row.get(column))
            except ValueError as exc:
                message, _, _ = str(exc).partition(": give")
                problems.append((n, column, f"{name}: {message}", _FIX_SCORE))
                continue
            if score is None:
                problems.append((n, column, f"{name} has no {column} score", _FIX_SCORE))
                continue
            scores[column] = score
        if len(scores) == 2:
            people.append(
                Stakeholder(
                    name,
                    scores["influence"],
                    scores["interest"],
                    role=_text(row, "role"),
                    action=_text(row, "action"),
                    who=_text(row, "who"),
                    when=_text(row, "when"),
                )
            )
    return people, problems


#: the columns of :meth:`StakeholderGrid.engagement_plan`
PLAN_COLUMNS = ("stakeholder", "influence", "interest", "quadrant", "suggested approach",
                "planned action", "who", "when")  # fmt: skip


@dataclass(frozen=True, slots=True)
class StakeholderGrid:
    """A validated stakeholder analysis (build it with :meth:`from_records`)."""

    stakeholders: tuple[Stakeholder, ...]

    @classmethod
    def from_records(cls, rows: Sequence[Mapping[str, Any]] | pd.DataFrame) -> StakeholderGrid:
        """Build from rows with ``name``, ``influence``, ``interest`` (and optionally
        ``role``, ``action``, ``who``, ``when``); the first problem raises
        :class:`~qiteach.exceptions.ToolkitError` naming the row and column.
        """
        if isinstance(rows, pd.DataFrame):
            rows = rows.to_dict("records")
        people, problems = read_stakeholders(rows)
        if problems:
            row, column, message, fix = problems[0]
            raise ToolkitError(message, row=row, column=column, fix=fix)
        if not people:
            fix = "list at least one person or group with both scores"
            raise ToolkitError("no stakeholders", column="name", fix=fix)
        return cls(tuple(people))

    def quadrant_of(self, name: str) -> str:
        """The quadrant key of the stakeholder called ``name`` (case-insensitive)."""
        for s in self.stakeholders:
            if s.name.lower() == name.strip().lower():
                return s.quadrant
        raise KeyError(name)

    def by_quadrant(self) -> dict[str, list[Stakeholder]]:
        """The stakeholders in each quadrant (every quadrant present, most effort first).

        >>> grid = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS)
        >>> {k: len(v) for k, v in grid.by_quadrant().items()}
        {'manage_closely': 3, 'keep_satisfied': 2, 'keep_informed': 2, 'monitor': 1}
        """
        out: dict[str, list[Stakeholder]] = {key: [] for key in QUADRANTS}
        for s in self.stakeholders:
            out[s.quadrant].append(s)
        return out

    def missing_actions(self) -> list[Stakeholder]:
        """High-influence stakeholders with no planned action, or an action with no one to do it."""
        return [s for s in self.stakeholders if s.high_influence and not (s.action and s.who)]

    def gaps(self) -> list[str]:
        """One sentence per high-influence stakeholder whose plan is incomplete."""
        out = []
        for s in self.missing_actions():
            where = QUADRANTS[s.quadrant].title.lower()
            if not s.action:
                out.append(f"{s.name} ({where}) has high influence but no planned action: add one.")
            else:
                out.append(f'{s.name} ({where}): say who will do "{s.action}" (and when).')
        return out

    def engagement_plan(self) -> pd.DataFrame:
        """One row per stakeholder, most effort first: scores, quadrant, the suggested
        approach, and the team's planned action with who and when (blank if none).

        >>> plan = StakeholderGrid.from_records(EXAMPLE_STAKEHOLDERS).engagement_plan()
        >>> plan.iloc[0][["stakeholder", "quadrant", "who"]].tolist()
        ['GP partners', 'Manage closely', 'Practice manager']
        """
        order = list(QUADRANTS)
        people = sorted(
            self.stakeholders,
            key=lambda s: (order.index(s.quadrant), -s.influence, -s.interest),
        )
        rows = [
            (s.name, s.influence, s.interest, QUADRANTS[s.quadrant].title,
             QUADRANTS[s.quadrant].approach, s.action, s.who, s.when)
            for s in people
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


#: the teaching example's project (a hypertension project in one practice)
EXAMPLE_PROJECT = (
    "Hypertension: raise the share of patients with hypertension whose latest blood pressure "
    "is at target from 62% to 75% by March"
)
#: the teaching example: a practice team's stakeholders for :data:`EXAMPLE_PROJECT`
EXAMPLE_STAKEHOLDERS: tuple[dict[str, Any], ...] = (
    {"name": "GP partners", "role": "decide clinics and staff time", "influence": 5,
     "interest": 4, "action": "15 minutes at the partners' meeting: aim, data, ask for nurse time",
     "who": "Practice manager", "when": "first Tuesday of the month"},
    {"name": "Practice nurses", "role": "run hypertension reviews", "influence": 4,
     "interest": 5, "action": "Co-design the review template and test it in one clinic",
     "who": "Lead nurse", "when": "next week"},
    {"name": "PCN clinical pharmacist", "role": "medication reviews", "influence": 4,
     "interest": 4, "action": "Agree which uncontrolled patients she reviews first",
     "who": "Dr Shah", "when": "by the 15th"},
    {"name": "ICB commissioner", "role": "funds the LTC scheme", "influence": 5,
     "interest": 2, "action": "", "who": "", "when": ""},
    {"name": "Practice manager", "role": "rotas and searches", "influence": 4,
     "interest": 3, "action": "Monthly one-page update with the run chart",
     "who": "QI lead", "when": "monthly"},
    {"name": "Reception team", "role": "book reviews, hand out home BP monitors",
     "influence": 2, "interest": 4, "action": "Brief at the team huddle; ask what gets in the way",
     "who": "QI lead", "when": "Monday huddle"},
    {"name": "Patient participation group", "role": "patients' voice", "influence": 2,
     "interest": 5, "action": "Ask them to review the home-monitoring leaflet",
     "who": "Practice nurse", "when": "next PPG meeting"},
    {"name": "Community pharmacy", "role": "blood pressure check service", "influence": 1,
     "interest": 2, "action": "", "who": "", "when": ""},
)  # fmt: skip
