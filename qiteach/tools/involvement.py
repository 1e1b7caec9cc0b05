"""Involving patients: the ladder of engagement and participation, as data.

NHS England's ladder runs from *informing* (the bottom rung: telling people about a
decision made) to *devolving* (the top: people make the decision). No rung is always
right: a team chooses the rung a decision needs, and co-design (for example
experience-based co-design, EBCD) works at the collaborating rung.

>>> [r.level for r in LADDER]
['informing', 'consulting', 'involving', 'collaborating', 'devolving']
>>> rung("Collaborate"), rung("involved"), rung("tell them") is None
(4, 3, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from qiteach.wording import closest, key

__all__ = ["EBCD_SOURCE", "LADDER", "LADDER_SOURCE", "Rung", "rung"]

#: where the ladder comes from (shown under it in the notebook)
LADDER_SOURCE = (
    "NHS England. Patient and public participation in commissioning health and care: "
    "statutory guidance for CCGs and NHS England (2017), its ladder of engagement and "
    "participation, adapted from Arnstein SR. A ladder of citizen participation. "
    "J Am Inst Planners 1969;35:216-24"
)
#: experience-based co-design, for the notebook's reading list
EBCD_SOURCE = (
    "Bate P, Robert G. Experience-based design: from redesigning the system around the "
    "patient to co-designing services with the patient. Qual Saf Health Care 2006;15:307-10; "
    "The Point of Care Foundation, EBCD: experience-based co-design toolkit"
)


@dataclass(frozen=True, slots=True)
class Rung:
    """One rung: its number (1 = bottom), level name, and what the team does there."""

    number: int
    level: str
    means: str


#: bottom to top (the words in ``means`` are qiteach's summary, not NHS England's text)
LADDER: tuple[Rung, ...] = (
    Rung(1, "informing", "tell patients about a decision already made, clearly and in time"),
    Rung(2, "consulting", "ask patients for views on a draft or on options, then decide"),
    Rung(3, "involving", "work with patients throughout so their concerns shape each step"),
    Rung(4, "collaborating", "design and test the changes together, as equal partners"),
    Rung(5, "devolving", "hand the decision (and the resources) to patients or the community"),
)
_WORDS = {r.level: r.level for r in LADDER} | {
    "inform": "informing", "informed": "informing",
    "consult": "consulting", "consulted": "consulting", "consultation": "consulting",
    "involve": "involving", "involved": "involving", "involvement": "involving",
    "collaborate": "collaborating", "collaboration": "collaborating", "co design": "collaborating",
    "codesign": "collaborating", "co production": "collaborating",
    "devolve": "devolving", "devolved": "devolving",
}  # fmt: skip


def rung(level: object) -> int | None:
    """The rung number of a level as typed (any form of the word, small typos), or None.

    >>> rung("Informing"), rung("consultaion"), rung("co-design")
    (1, 2, 4)
    """
    words = key(level).replace("-", " ")
    name = _WORDS.get(words) or closest(words, _WORDS)
    return next((r.number for r in LADDER if r.level == name), None)
