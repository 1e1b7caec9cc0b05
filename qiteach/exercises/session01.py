"""Self-checks for learning session 1: the Model for Improvement and aims.

Five exercises (qi-methods.md §1; Langley et al., *The Improvement Guide*):

- :func:`check_three_questions` — write the three questions of the Model for
  Improvement in your own words, in order;
- :func:`check_classification` — sort :data:`STATEMENTS` into aims, measures
  and change ideas;
- :func:`check_aim` — write an aim and get feedback from
  :func:`qiteach.aims.check_aim` (what, for whom, how much, by when);
- :func:`check_charter_scope` — write a project charter's scope (in and out) and
  sponsor (:mod:`qiteach.tools.charter`);
- :func:`check_priority_grid` — place :data:`GRID_IDEAS` on the impact/effort grid
  (:mod:`qiteach.tools.priority`).

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

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qiteach.aims import check_aim as _check_aim
from qiteach.exercises.common import NumberedList, SessionHeader
from qiteach.exercises.feedback import Feedback, is_blank
from qiteach.tools.charter import CHARTER_PARTS, Charter, Gap, parse_roles
from qiteach.tools.priority import HIGH_FROM, QUADRANTS, prioritise
from qiteach.wording import closest, nonsense

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "AF_IDEAS",
    "GRID_IDEAS",
    "KINDS",
    "QUESTIONS",
    "SCOPE_PARTS",
    "STATEMENTS",
    "CharterReview",
    "Statement",
    "charter_review",
    "check_aim",
    "check_charter_scope",
    "check_classification",
    "check_priority_grid",
    "check_three_questions",
    "grid_table",
    "statements_table",
    "team_charter",
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

#: a question, however it is written: a question word at the start, or a question mark
_QUESTION_FORM = re.compile(
    r"\?\s*$|^\s*(?:what|what's|how|where|which|why|when|who|will|can|could|do|does|did|is|"
    r"are|have|has|shall|should)\b",
    re.I,
)
#: question 2 is about knowing that a change is an improvement
_IMPROVEMENT_WORDS = re.compile(
    r"\b(?:improv\w*|better|change\w*|measur\w*|data|work\w*|difference|success\w*|"
    r"progress|target|aim|goal|worked|help\w*|effect\w*)\b",
    re.I,
)

KINDS: tuple[str, str, str] = ("aim", "measure", "change idea")
_KIND_ALIASES = {
    "aim": "aim",
    "aims": "aim",
    "goal": "aim",
    "goals": "aim",
    "objective": "aim",
    "outcome measure": "measure",
    "process measure": "measure",
    "balancing measure": "measure",
    "metric": "measure",
    "indicator": "measure",
    "intervention": "change idea",
    "interventions": "change idea",
    "action": "change idea",
    "change to test": "change idea",
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

    >>> t = team_model(demo_programme.team("north"))
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
        junk = nonsense(text) if text else None
        if junk:
            details.append(f"Question {i + 1}: {junk}")
        elif found == i and len(text.split()) >= 3 and not _QUESTION_FORM.search(text):
            details.append(
                f"Question {i + 1} ({_short(text)!r}) is not a question: it should ask about "
                f"{_TOPIC[i]}, e.g. {QUESTIONS[i]!r}"
            )
        elif (
            found == i and i == 1 and len(text.split()) >= 3 and not _IMPROVEMENT_WORDS.search(text)
        ):
            details.append(
                f"Question 2 ({_short(text)!r}) asks how you will know, but know what? It is "
                "about knowing that a change is an improvement."
            )
        elif found == i and len(text.split()) < 3:
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
    return _KIND_ALIASES.get(" ".join(words)) or closest(" ".join(words), _KIND_ALIASES)


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
    if fb.score == 4 and fb.problems:
        return Feedback(
            False,
            f"Your aim has all 4 pieces, but they do not add up yet: {fb.problems[0]}",
            (*details, *fb.problems[1:]),
            tuple(s for s in fb.feedback if "Well done" not in s),
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
    hints = [*fb.problems, *fb.feedback]
    if fb.improved_example and fb.improved_example.strip() != answer.strip():
        hints.append(f"Try: {fb.improved_example}")
    return Feedback(
        False,
        f"Your aim has {fb.score} of the 4 pieces; still missing: {missing}.",
        details,
        tuple(hints),
    )


# ------------------------------------------------------------------ the charter
def team_charter(team: Team) -> Charter:
    """The team's project charter: its charter row with its own aim and measures.

    >>> team_charter(demo_programme.team("south")).sponsor is None
    True
    """
    return Charter.from_team(team)


@dataclass(frozen=True, slots=True)
class CharterReview:
    """What a team's charter still needs, one line per gap (prints and renders in Jupyter)."""

    title: str
    gaps: tuple[Gap, ...]
    empty: bool

    def lines(self) -> list[str]:
        if self.empty:
            head = (
                f"{self.title}: your team has no charter yet. Fill in the parts below "
                "together (exercise 4 starts with the scope and the sponsor)."
            )
        elif not self.gaps:
            head = f"{self.title}: every part of the charter is there."
        else:
            head = f"{self.title}: {len(self.gaps)} thing(s) to add or sharpen."
        return [head, *(f"{g.level}: {g}" for g in self.gaps)]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        head, *rest = self.lines()
        return "\n".join([f"**{html.escape(head)}**", "", *(f"- {html.escape(r)}" for r in rest)])


def charter_review(team: Team) -> CharterReview:
    """What the team's charter is missing or could sharpen (:meth:`Charter.gaps`).

    >>> print(charter_review(demo_programme.team("west")))
    Getting through on the phone: 1 thing(s) to add or sharpen.
    missing: Out of scope: say what the project leaves out: it is what lets the team say no when the project starts to grow.
    """  # noqa: E501
    charter = Charter.from_team(team)
    return CharterReview(charter.title, charter.gaps(), team.charter is None)


#: The parts exercise 4 asks for, in form order (titles from the charter's own list).
SCOPE_PARTS: tuple[str, ...] = ("scope_in", "scope_out", "sponsor")
_VAGUE_SCOPE = re.compile(
    r"^(?:all|every|any)?\s*(?:patients?|people|everyone|everybody|everything|the\s+practice|"
    r"the\s+whole\s+practice|all\s+of\s+it|the\s+lot|whole\s+population|n/?a|none|nothing|"
    r"tbc|tbd|\?+)\.?$",
    re.I,
)
_NOT_A_PERSON = re.compile(
    r"^(?:me|myself|us|we|the\s+team|our\s+team|the\s+project\s+team|everyone|everybody|all|"
    r"nobody|no\s*one|none|n/?a|tbc|tbd|the\s+practice|the\s+pcn|the\s+icb|nhs(?:\s+england)?|"
    r"the\s+nhs|management|the\s+partners|partners|\?+)\.?$",
    re.I,
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def check_charter_scope(answer: Mapping[str, Any] | None, *, team: Team | None = None) -> Feedback:
    """Check a charter's scope (in and out) and sponsor: specific, different, one person.

    ``answer`` maps ``scope_in``, ``scope_out`` and ``sponsor`` to text. With
    ``team``, a sponsor who is also the team's project lead gets a hint (a sponsor
    stands outside the team, so they can unblock it).

    >>> fb = check_charter_scope({"scope_in": "Adults on the hypertension register at Elm "
    ...     "Surgery", "scope_out": "Patients in care homes; changing medicines",
    ...     "sponsor": "Dr R Shah, partner"})
    >>> fb.correct, fb.message
    (True, 'Your scope says what is in and what is out, and your sponsor is a named person.')
    >>> fb = check_charter_scope({"scope_in": "all patients", "scope_out": "",
    ...                           "sponsor": "the team"})
    >>> fb.message
    'Not yet: 3 part(s) to sharpen.'
    >>> print(fb.details[0])
    In scope: "all patients" could mean anything: say which patients, where (e.g. adults on the hypertension register at one practice).
    """  # noqa: E501
    blank = isinstance(answer, Mapping) and all(is_blank(answer.get(p)) for p in SCOPE_PARTS)
    if is_blank(answer) or blank:
        return Feedback.not_answered(
            "Fill in what is in scope, what is out of scope and who your sponsor is, e.g. "
            '{"scope_in": "...", "scope_out": "...", "sponsor": "..."}.'
        )
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            "Give the three parts as a dict.",
            hints=('e.g. {"scope_in": "...", "scope_out": "...", "sponsor": "..."}',),
        )
    text = {p: " ".join(str(answer.get(p) or "").split()) for p in SCOPE_PARTS}
    charter = Charter.from_mapping(text)
    found = [(g.part, str(g)) for g in charter.gaps() if g.part in SCOPE_PARTS]
    problems: list[tuple[str, str]] = found
    hints: list[str] = []
    scope_in, scope_out, sponsor = (text[p] for p in SCOPE_PARTS)
    title = {p: CHARTER_PARTS[p][0] for p in SCOPE_PARTS}
    if scope_in and (_VAGUE_SCOPE.match(scope_in) or len(_words(scope_in)) < 2):
        problems.append(
            (
                "scope_in",
                f'{title["scope_in"]}: "{scope_in}" could mean anything: '
                "say which patients, where (e.g. adults on the hypertension register "
                "at one practice).",
            )
        )
    if scope_out and _VAGUE_SCOPE.match(scope_out):
        problems.append(
            (
                "scope_out",
                f'{title["scope_out"]}: "{scope_out}" leaves nothing '
                "out: name at least one thing the project will not do (e.g. care-home "
                "patients, changing medicines).",
            )
        )
    elif scope_in and scope_out and _words(scope_out) and _words(scope_out) <= _words(scope_in):
        problems.append(
            (
                "scope_out",
                f"{title['scope_out']}: it repeats what is in scope; "
                "something cannot be both in and out.",
            )
        )
    if sponsor and _NOT_A_PERSON.match(sponsor):
        problems.append(
            (
                "sponsor",
                f'{title["sponsor"]}: "{sponsor}" is not one person. A '
                "sponsor is a named senior person (a partner, the practice manager, "
                "the PCN clinical director) who can unblock the project.",
            )
        )
    problems.sort(key=lambda item: SCOPE_PARTS.index(item[0]))  # stable: in form order
    if team is not None and sponsor and team.charter:
        for person, role in parse_roles(team.charter.get("roles")):
            if "project lead" in role.lower() and _words(person) & _words(sponsor):
                hints.append(
                    f"{person} leads the project: a sponsor from outside the team "
                    "can clear obstacles the team cannot."
                )
    if problems:
        return Feedback(
            False,
            f"Not yet: {len(problems)} part(s) to sharpen.",
            tuple(t for _, t in problems),
            tuple(hints),
        )
    return Feedback(
        True,
        "Your scope says what is in and what is out, and your sponsor is a named person.",
        hints=(*hints, "Check the scope with your sponsor: will they say no to the same things?"),
    )


# ------------------------------------------------------------------ the prioritisation grid
#: Six change ideas a hypertension team scored (impact, effort: 1 low to 5 high) for exercise 5.
GRID_IDEAS: tuple[tuple[str, int, int], ...] = (
    ("Text patients due a BP check with a link to book", 4, 1),
    ("Lend home BP monitors and take readings by an online form", 5, 3),
    ("Pharmacist-led BP clinic on Saturday mornings", 4, 5),
    ("A BP poster in the waiting room", 1, 1),
    ("Re-code the whole hypertension register by hand", 2, 5),
    ("Add a BP-check reminder to the repeat-prescription slip", 3, 2),
)
#: The AF team's ideas the theory part draws (a different team, so the exercise stays fresh).
AF_IDEAS: tuple[tuple[str, int, int], ...] = (
    ("Search for patients with AF not on an anticoagulant", 5, 1),
    ("Pulse checks at every flu clinic", 4, 2),
    ("Handheld ECG devices for every clinic room", 4, 4),
    ("A new AF template in the clinical system", 2, 2),
    ("Audit every AF patient's notes by hand", 2, 5),
)


def grid_table() -> NumberedList:
    """Exercise 5's ideas with their scores, numbered from 1.

    >>> grid_table().items[0]
    'Text patients due a BP check with a link to book (impact 4, effort 1)'
    """
    return NumberedList(tuple(f"{i} (impact {a}, effort {b})" for i, a, b in GRID_IDEAS))


def _quadrant_of(value: Any) -> str | None:
    text = " ".join(str(value or "").lower().replace("-", " ").replace("_", " ").split())
    names = {q.replace("-", " "): q for q in QUADRANTS}
    if text in names:
        return names[text]
    singular = {k.rstrip("s"): v for k, v in names.items()}
    return singular.get(text.rstrip("s"))


def check_priority_grid(answer: Mapping[int, str] | Sequence[str] | None) -> Feedback:
    """Check the quadrant given for each of :data:`GRID_IDEAS` (impact and effort 1-5).

    ``answer`` is a list of quadrants in idea order, or ``{idea number: quadrant}``.
    A score of 3 counts as high (:data:`qiteach.tools.priority.HIGH_FROM`).

    >>> key = [p.quadrant for p in prioritise(GRID_IDEAS)]
    >>> key
    ['quick wins', 'major projects', 'major projects', 'fill-ins', 'thankless tasks', 'quick wins']
    >>> check_priority_grid(key).message
    'All 6 ideas placed correctly.'
    >>> fb = check_priority_grid(key[:5] + ["fill-ins"])
    >>> print(fb.details[0])
    Idea 6 ('Add a BP-check reminder to the repeat-prescription slip') has impact 3 and effort 2: impact 3 counts as high (3 or more), and effort 2 is low, so it is a quick win, not a fill-in.
    """  # noqa: E501
    if is_blank(answer):
        return Feedback.not_answered(
            'Give one quadrant per idea, e.g. {1: "quick wins", 2: "major projects", ...}.'
        )
    if isinstance(answer, Mapping):
        given = dict(answer)
    elif isinstance(answer, Sequence) and not isinstance(answer, str):
        given = dict(enumerate(answer, start=1))
    else:
        return Feedback(
            False,
            "Give a list of quadrants, or a dict from idea number to quadrant.",
            hints=('e.g. {1: "quick wins", 2: "major projects", ...}',),
        )
    placed = prioritise(GRID_IDEAS)
    details: list[str] = []
    right = 0
    unknown = False
    for number, p in enumerate(placed, start=1):
        raw = given.get(number, given.get(str(number)))  # type: ignore[call-overload]
        chosen = _quadrant_of(raw)
        quote = _short(p.idea, 60)
        if is_blank(raw):
            details.append(f"Idea {number} ({quote!r}) has no quadrant yet.")
        elif chosen is None:
            unknown = True
            details.append(f"Idea {number}: {raw!r} is not one of the four quadrants.")
        elif chosen == p.quadrant:
            right += 1
        else:

            def level(score: int) -> str:
                return "high" if score >= HIGH_FROM else "low"

            why = []
            for axis, score in (("impact", p.impact), ("effort", p.effort)):
                why.append(
                    f"{axis} {score} "
                    + (
                        f"counts as {level(score)} ({HIGH_FROM} or more)"
                        if score == HIGH_FROM
                        else f"is {level(score)}"
                    )
                )
            details.append(
                f"Idea {number} ({quote!r}) has impact {p.impact} and effort {p.effort}: "
                f"{why[0]}, and {why[1]}, so it is {_one(p.quadrant)}, not {_one(chosen)}."
            )
    hints = [f"Use one of: {', '.join(QUADRANTS)}."] if unknown else []
    if right == len(placed):
        return Feedback(
            True,
            f"All {len(placed)} ideas placed correctly.",
            hints=(
                "Ideas scored 3 sit next to a line: talk them through before trusting the "
                "number. Test the quick wins first, with a small PDSA cycle.",
            ),
        )
    hints.append("High impact is the top half, high effort the right half; 3 or more is high.")
    return Feedback(
        False, f"{right} of {len(placed)} ideas placed correctly.", tuple(details), tuple(hints)
    )


def _one(quadrant: str) -> str:
    """``"quick wins"`` -> ``"a quick win"`` (for sentences about one idea)."""
    singular = {
        "quick wins": "a quick win",
        "major projects": "a major project",
        "fill-ins": "a fill-in",
        "thankless tasks": "a thankless task",
    }
    return singular[quadrant]
