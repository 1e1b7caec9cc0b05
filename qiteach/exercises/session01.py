"""Self-checks for learning session 1: the Model for Improvement and aims.

Three exercises (qi-methods.md §1; Langley et al., *The Improvement Guide*):

- :func:`check_three_questions` — write the three questions of the Model for
  Improvement in your own words, in order;
- :func:`check_classification` — sort :data:`STATEMENTS` into aims, measures
  and change ideas;
- :func:`check_aim` — write an aim and get feedback from
  :func:`qiteach.aims.check_aim` (what, for whom, how much, by when).

Each returns a :class:`~qiteach.exercises.Feedback`; ``None`` means "not
answered yet", so a participant's notebook runs clean before they answer.

>>> print(check_aim(None))
[not answered yet] Write your aim between the quotes, e.g. my_aim = "Reduce ... by ...".
>>> fb = check_aim("Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027")
>>> fb.correct, fb.message
(True, 'Your aim says what, for whom, how much and by when (4 of 4).')
>>> check_classification(["aim", "measure", "change idea"]).correct
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qiteach.aims import check_aim as _check_aim
from qiteach.exercises.common import NumberedList, SessionHeader
from qiteach.exercises.feedback import Feedback, is_blank

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "KINDS",
    "QUESTIONS",
    "STATEMENTS",
    "Statement",
    "check_aim",
    "check_classification",
    "check_three_questions",
    "statements_table",
    "team_model",
]

#: The three questions of the Model for Improvement, in order.
QUESTIONS: tuple[str, str, str] = (
    "What are we trying to accomplish?",
    "How will we know that a change is an improvement?",
    "What change can we make that will result in improvement?",
)
#: What each question is about, in the words the feedback uses.
_TOPIC = ("the aim", "the measures", "the change ideas")
_QUESTION_WORDS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(accomplish\w*|achiev\w*|aim\w*|trying|goal|want|hope|purpose)\b", re.I),
    re.compile(r"\b(know|tell|measur\w*|evidence|data|see|show|prove)\b", re.I),
    re.compile(r"\b(change\w*|idea\w*|try|test\w*|do\s+differently|make)\b", re.I),
)

KINDS: tuple[str, str, str] = ("aim", "measure", "change idea")
_KIND_ALIASES = {
    "aim": "aim",
    "aims": "aim",
    "measure": "measure",
    "measures": "measure",
    "measurement": "measure",
    "change idea": "change idea",
    "change ideas": "change idea",
    "change": "change idea",
    "changes": "change idea",
    "idea": "change idea",
    "change_idea": "change idea",
    "change-idea": "change idea",
}
#: The question to ask of a statement to see what kind it is.
_KIND_QUESTION = {
    "aim": "does it say what will improve, for whom, how much and by when?",
    "measure": "is it something you could count or time and plot every week or month?",
    "change idea": "is it something the team would do or try differently?",
}


@dataclass(frozen=True, slots=True)
class Statement:
    """An example statement, what kind it is, and why."""

    text: str
    kind: str
    why: str


#: Example statements for the classification exercise (numbered from 1).
STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "Reduce the DNA rate for booked GP appointments at Elm Surgery from 8% to 5% "
        "by 31 March 2027",
        "aim",
        "it says what (DNA rate), for whom (Elm Surgery's booked GP appointments), "
        "how much (8% to 5%) and by when (31 March 2027).",
    ),
    Statement(
        "Weekly percentage of booked appointments not attended",
        "measure",
        "it is counted every week and plotted over time; it does not say what to do or "
        "how much it should change.",
    ),
    Statement(
        "Send a text reminder two days before every appointment",
        "change idea",
        "it is something the team does differently, to test with a PDSA cycle.",
    ),
    Statement(
        "Number of calls abandoned in the 8am phone queue each day",
        "measure",
        "a daily count you can plot on a run chart.",
    ),
    Statement(
        "Let patients cancel by replying CANCEL to the reminder text",
        "change idea",
        "it changes how the process works; you would test it on a small scale first.",
    ),
    Statement(
        "Increase the percentage of patients with diabetes who have had a foot check in the "
        "last 12 months from 70% to 90% by 31 December 2026",
        "aim",
        "what, for whom, how much and by when are all there.",
    ),
    Statement(
        "Put a second receptionist on the phones from 8 to 10am on Mondays",
        "change idea",
        "an action the team can try and then adopt, adapt or abandon.",
    ),
    Statement(
        "Days to the third next available routine GP appointment",
        "measure",
        "a standard access measure, taken at the same time each week.",
    ),
)


def statements_table() -> NumberedList:
    """The statements, numbered from 1, for the notebook.

    >>> statements_table().items[2]
    'Send a text reminder two days before every appointment'
    """
    return NumberedList(tuple(s.text for s in STATEMENTS))


def team_model(team: Team) -> SessionHeader:
    """The team's own answers to the three questions, from its workspace.

    ``team`` is a :class:`qiteach.workspace.Team`: the aim (teams), the
    measures (measures, with their type) and the change ideas (drivers of
    kind ``change_idea``). Prints as text; renders as a table in Jupyter.

    >>> from qiteach.workspace import open_workspace
    >>> t = team_model(open_workspace("demo-programme").team("north"))
    >>> [q for q, _ in t.rows] == list(QUESTIONS)
    True
    >>> t.rows[2][1].split(" · ")[0]
    'Automatic SMS reminder 24 hours before'
    """
    aim = str(team.info.get("aim") or "").strip() or "(no aim written yet)"
    measures = team.measures
    named = [
        f"{name} ({kind})"
        for name, kind in zip(measures.get("name", []), measures.get("type", []), strict=True)
    ]
    drivers = team.drivers
    ideas = drivers.loc[drivers["kind"] == "change_idea", "text"].tolist() if len(drivers) else []
    answers = (
        aim,
        " · ".join(named) or "(no measures yet)",
        " · ".join(str(i) for i in ideas) or "(no change ideas yet)",
    )
    title = f"{team.info.get('team_name') or team.team_id}: the three questions"
    return SessionHeader(title, tuple(zip(QUESTIONS, answers, strict=True)))


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ------------------------------------------------------------------ exercise 1
def check_three_questions(answer: Sequence[str] | None) -> Feedback:
    """Check the three questions of the Model for Improvement, in the learner's words.

    ``answer`` is a list of three strings, in order. Each is checked for the
    words that show what it asks about (the aim, the measures, the change
    ideas); exact wording does not matter.

    >>> fb = check_three_questions(["What do we want to achieve?",
    ...                             "How will we know a change is an improvement?",
    ...                             "What changes can we try?"])
    >>> fb.correct
    True
    >>> fb = check_three_questions(["What changes can we try?", "How will we know?",
    ...                             "What are we trying to accomplish?"])
    >>> fb.correct, fb.hints[0]
    (False, 'The order matters: the aim comes first, then measures, then change ideas.')
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Write the three questions as a list of three texts: ["...", "...", "..."].'
        )
    if isinstance(answer, str) or not isinstance(answer, Sequence):
        return Feedback(
            False,
            "Give the three questions as a list of three texts.",
            hints=('Put each question in quotes, inside square brackets: ["...", "...", "..."].',),
        )
    items = [str(a) if not is_blank(a) else "" for a in answer]
    if len(items) != 3:
        return Feedback(
            False,
            f"There are three questions; your list has {len(items)}.",
            hints=("One question about the aim, one about measures, one about changes.",),
        )
    details: list[str] = []
    right = 0
    misplaced = False
    for i, text in enumerate(items):
        found = _topic_of(text, i)
        if found == i and len(text.split()) < 3:
            details.append(
                f"Question {i + 1} ({text!r}) is about {_TOPIC[i]}; write it as a whole question."
            )
        elif found == i:
            right += 1
            details.append(f"Question {i + 1} asks about {_TOPIC[i]}: good.")
        elif text == "":
            details.append(f"Question {i + 1} is blank: it should ask about {_TOPIC[i]}.")
        else:
            if found is not None:
                misplaced = True
                details.append(
                    f"Question {i + 1} ({_short(text)!r}) asks about {_TOPIC[found]}, "
                    f"but question {i + 1} should ask about {_TOPIC[i]}."
                )
            else:
                details.append(f"Question {i + 1} ({_short(text)!r}) should ask about {_TOPIC[i]}.")
    if right == 3:
        return Feedback(
            True,
            "All three questions are there, in the right order.",
            details=tuple(details),
            hints=("Langley's wording: " + " / ".join(QUESTIONS),),
        )
    hints: list[str] = []
    if misplaced:
        hints.append("The order matters: the aim comes first, then measures, then change ideas.")
    hints.append(
        "Think: where are we going (aim), how will we know we got there (measures), "
        "what will we try (changes)?"
    )
    return Feedback(False, f"{right} of 3 questions are right.", tuple(details), tuple(hints))


def _topic_of(text: str, position: int) -> int | None:
    """Which question (0, 1, 2) the text asks; the one at ``position`` wins a tie."""
    if not text:
        return None
    # "how will we know that a change is an improvement" mentions change: knowing wins
    if _QUESTION_WORDS[1].search(text) and re.search(r"\bhow\b", text, re.I):
        return 1
    hits = [i for i, pattern in enumerate(_QUESTION_WORDS) if pattern.search(text)]
    if position in hits:
        return position
    return hits[0] if hits else None


# ------------------------------------------------------------------ exercise 2
def _normalise_kind(value: Any) -> str | None:
    if is_blank(value):
        return None
    words = re.findall(r"[a-z_-]+", str(value).lower())  # "Change idea." too
    return _KIND_ALIASES.get(" ".join(words))


def check_classification(answer: Mapping[int, str] | Sequence[str] | None) -> Feedback:
    """Check which of :data:`STATEMENTS` are aims, measures and change ideas.

    ``answer`` is a list of kinds in statement order, or a dict
    ``{statement number: kind}``. Kinds: ``"aim"``, ``"measure"``,
    ``"change idea"`` (plurals and "change" are accepted).

    >>> key = [s.kind for s in STATEMENTS]
    >>> check_classification(key).message
    'All 8 statements sorted correctly.'
    >>> wrong = dict(enumerate(key, start=1)) | {3: "measure"}
    >>> fb = check_classification(wrong)
    >>> fb.message
    '7 of 8 statements sorted correctly.'
    >>> print(fb.details[0])
    Statement 3 ('Send a text reminder two days before every appointment') is not a measure.
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Give one kind per statement, e.g. {1: "aim", 2: "measure", 3: "change idea", ...}.'
        )
    if isinstance(answer, Mapping):
        given = dict(answer)
    elif isinstance(answer, Sequence) and not isinstance(answer, str):
        given = dict(enumerate(answer, start=1))
    else:
        return Feedback(
            False,
            "Give a list of kinds, or a dict from statement number to kind.",
            hints=('e.g. {1: "aim", 2: "measure", 3: "change idea", ...}',),
        )
    details: list[str] = []
    hints: list[str] = []
    right = 0
    unknown: list[str] = []
    for number, statement in enumerate(STATEMENTS, start=1):
        raw = given.get(number, given.get(str(number)))  # type: ignore[call-overload]
        kind = _normalise_kind(raw)
        quote = _short(statement.text, 60)
        if raw is None or is_blank(raw):
            details.append(f"Statement {number} ({quote!r}) has no answer yet.")
        elif kind is None:
            unknown.append(str(raw))
            details.append(f"Statement {number}: {raw!r} is not aim, measure or change idea.")
        elif kind == statement.kind:
            right += 1
        else:
            details.append(f"Statement {number} ({quote!r}) is not {_article(kind)}.")
            hints.append(f"Statement {number}: ask yourself, {_KIND_QUESTION[statement.kind]}")
    extra = sorted(
        str(k) for k in given if str(k) not in {str(i) for i in range(1, len(STATEMENTS) + 1)}
    )
    if extra:
        details.append(f"There is no statement {', '.join(extra)} (they run 1-{len(STATEMENTS)}).")
    if unknown:
        hints.insert(0, f"Use one of: {', '.join(repr(k) for k in KINDS)}.")
    if right == len(STATEMENTS) and not extra:
        return Feedback(
            True,
            f"All {len(STATEMENTS)} statements sorted correctly.",
            hints=("Aims hold a number and a date; measures can be plotted; changes are done.",),
        )
    return Feedback(
        False,
        f"{right} of {len(STATEMENTS)} statements sorted correctly.",
        tuple(details),
        tuple(hints),
    )


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# ------------------------------------------------------------------ exercise 3
def check_aim(answer: str | None) -> Feedback:
    """Feedback on an aim statement: what, for whom, how much and by when.

    Wraps :func:`qiteach.aims.check_aim`: lists what was found, what is
    missing, the advice, and a version of the aim with the gaps marked.

    >>> fb = check_aim("Improve access")
    >>> fb.correct, fb.message
    (False, 'Your aim has 1 of the 4 pieces; still missing: for whom, how much, by when.')
    >>> fb.details[0]
    "what: found ('Improve access')"
    >>> fb.hints[-1].startswith("Try: Improve access [measured as")
    True
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'Write your aim between the quotes, e.g. my_aim = "Reduce ... by ...".'
        )
    if not isinstance(answer, str):
        return Feedback(
            False,
            f"The aim should be text in quotes, not {type(answer).__name__}.",
            hints=('e.g. my_aim = "Reduce the DNA rate at ... from 8% to 5% by 31 March 2027"',),
        )
    fb = _check_aim(answer)
    pieces = (
        ("what", fb.has_what, fb.what),
        ("for whom", fb.has_who, fb.who),
        ("how much", fb.has_how_much, fb.how_much),
        ("by when", fb.has_by_when, fb.by_when),
    )
    details = tuple(
        f"{name}: found ({text!r})" if has else f"{name}: missing" for name, has, text in pieces
    )
    if fb.ok:
        advice = tuple(s for s in fb.feedback if "Well done" not in s)
        return Feedback(
            True,
            "Your aim says what, for whom, how much and by when (4 of 4).",
            details,
            (*advice, "Check with your team: is the number ambitious but achievable?"),
        )
    missing = ", ".join(name for name, has, _ in pieces if not has)
    hints = list(fb.feedback)
    if fb.improved_example and fb.improved_example.strip() != answer.strip():
        hints.append(f"Try: {fb.improved_example}")
    return Feedback(
        False,
        f"Your aim has {fb.score} of the 4 pieces; still missing: {missing}.",
        details,
        tuple(hints),
    )
