"""5 whys: ask "why?" of a problem, then of each answer, until you reach a cause you can act on.

A :class:`FiveWhys` holds the problem and the answers to why 1, why 2, ... as typed.
:meth:`FiveWhys.problems` lists what weakens the chain, each as one plain sentence:

* an answer is blank while a later one is filled in (each answer explains the one before);
* fewer than :data:`MIN_WHYS` answers (one or two whys rarely get past the symptom);
* an answer only restates the problem or an earlier answer (the chain goes round in a circle);
* an answer is a solution ("send more letters"), not a reason;
* the last answer (the root cause) is something the team cannot act on: the team says so,
  or it names something outside a practice's control (:data:`OUTSIDE_CONTROL`) or blames people.

Five is a rule of thumb, not a law: stop when the answer is a cause the team can change.

>>> chain = FiveWhys("Patients with hypertension miss their annual BP check", (
...     "They were not invited", "The recall search misses them",
...     "They were added to the register without a review date"))
>>> chain.root_cause
'They were added to the register without a review date'
>>> chain.problems()
[]
>>> FiveWhys("Patients with hypertension miss their annual BP check",
...          ("Patients miss their BP check", "")).problems()[0]
'Why 1 restates the problem: ask why it happens, not what happens.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qiteach.wording import content_words, nonsense, solution_not_cause

__all__ = ["MIN_WHYS", "OUTSIDE_CONTROL", "RESTATES", "FiveWhys"]

#: the fewest answers before a chain usually gets past the symptom
MIN_WHYS = 3
#: share of the shorter text's meaningful words found in the other (the problem, or an
#: earlier answer) at which an answer counts as a restatement
RESTATES = 0.75
#: root causes a practice team cannot act on: national bodies, money, blaming people
OUTSIDE_CONTROL = re.compile(
    r"\b(?:government|nhs\s+england|department\s+of\s+health|national\s+(?:policy|shortage)|"
    r"funding|budget\s+cuts?|the\s+economy|society|weather|human\s+nature|lazy|stupid|"
    r"(?:do\s*n[o']t|don't|doesn't|does\s+not)\s+care|can't\s+be\s+bothered|"
    r"cannot\s+be\s+bothered|not\s+bothered)\b",
    re.IGNORECASE,
)
_FILLER = frozenset(
    {"have", "has", "had", "because", "they", "them", "their", "why", "as", "did", "didn't",
     "do", "don't", "does", "doesn't", "not"}
)  # fmt: skip


def _words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in content_words(text) if w not in _FILLER}


def _restates(answer: str, earlier: str) -> bool:
    """True when most meaningful words of the shorter text are in the other one."""
    words, other = _words(answer), _words(earlier)
    return bool(words and other) and len(words & other) / min(len(words), len(other)) >= RESTATES


@dataclass(frozen=True, slots=True)
class FiveWhys:
    """A problem and the answers to why 1, why 2, ... (blanks kept; trailing ones ignored)."""

    problem: str
    whys: tuple[str, ...]

    @classmethod
    def from_answers(cls, problem: str, answers: Sequence[object]) -> FiveWhys:
        """Clean typed answers: spaces trimmed, ``None`` as blank, trailing blanks dropped.

        >>> FiveWhys.from_answers("P", [" a ", None, "b", "", None]).whys
        ('a', '', 'b')
        """
        whys = [" ".join(str(a or "").split()) for a in answers]
        while whys and not whys[-1]:
            whys.pop()
        return cls(" ".join(problem.split()), tuple(whys))

    @property
    def answered(self) -> int:
        """How many whys have an answer."""
        return sum(bool(w.strip()) for w in self.whys)

    @property
    def root_cause(self) -> str | None:
        """The last answer: the cause the chain stops at (None when nothing is answered)."""
        filled = [w for w in self.whys if w.strip()]
        return filled[-1] if filled else None

    def problems(self, *, can_act: bool | None = None) -> list[str]:
        """What weakens the chain, first to last; ``can_act`` is the team's own view of
        whether it can act on the root cause (``None``: not said).

        >>> chain = FiveWhys("Few BP checks", ("No invites", "", "Staff are lazy"))
        >>> for p in chain.problems(can_act=True):
        ...     print(p)
        Why 2 is blank: each answer should explain the one above it.
        Only 2 whys answered: keep asking why (usually 3 to 5 times).
        Why 3 "Staff are lazy" is outside your team's control or blames people: ask why once more, about how the system lets it happen.
        """  # noqa: E501
        out: list[str] = []
        whys = [" ".join(w.split()) for w in self.whys]
        last = max((i for i, w in enumerate(whys) if w), default=-1)
        for i, text in enumerate(whys, start=1):
            if not text:
                if i <= last + 1:
                    out.append(f"Why {i} is blank: each answer should explain the one above it.")
                continue
            junk = nonsense(text)
            if junk:
                out.append(f"Why {i}: {junk}")
            elif _restates(text, self.problem):
                out.append(f"Why {i} restates the problem: ask why it happens, not what happens.")
            elif any(_restates(text, w) for w in whys[: i - 1] if w):
                k = next(
                    j for j, w in enumerate(whys[: i - 1], start=1) if w and _restates(text, w)
                )
                out.append(f"Why {i} repeats why {k}: go one step deeper instead.")
            elif solution_not_cause(text):
                out.append(
                    f'Why {i} "{text}" sounds like a solution: answer with a reason; keep the '
                    "solution for a change idea."
                )
        n = self.answered
        if 0 < n < MIN_WHYS:
            out.append(f"Only {n} why{'s' if n != 1 else ''} answered: keep asking why "
                       f"(usually {MIN_WHYS} to 5 times).")  # fmt: skip
        root = self.root_cause
        if root and OUTSIDE_CONTROL.search(root):
            out.append(
                f'Why {last + 1} "{root}" is outside your team\'s control or blames people: '
                "ask why once more, about how the system lets it happen."
            )
        elif root and can_act is False:
            out.append(
                f'You cannot act on "{root}": ask why once more, or go back to the last answer '
                "your team could change."
            )
        return out
