"""Session 5 self-checks: planning a PDSA cycle, ramps, and studying the team's log.

:func:`plan_checks` judges a plan the way a coach would (a question to answer,
a prediction with a number in it, a small first scale, who/when, the data to
collect); :func:`check_plan` turns that into exercise feedback and the
interactive planner (:class:`qiteach.widgets.PDSAPlanner`) shows it live.
:func:`plan_row` makes a row ready for the workspace ``pdsa`` table.
:func:`check_weakest_principle` and :func:`check_longest_ramp` check what a
participant reads from their own team's PDSA log, computing the answer with
:mod:`qiteach.pdsa`. The people side of testing changes:
:func:`check_stakeholders` places the participant's own stakeholders on the
influence/interest grid (:mod:`qiteach.tools.stakeholders`) and asks for an
action for each high-influence one; :func:`check_resistance` matches three
statements of resistance heard in a practice to what each tells you
(:data:`RESISTANCE_KEY`).

>>> plan = {"objective": "Does a text reminder cut DNAs on one GP's list?",
...         "prediction": "DNAs fall from 3 a week to 1", "who": "Dr Hale and reception",
...         "when": "w/c 19 January", "measures": "DNAs per week", "scale": "1 GP, 1 week"}
>>> check_plan(plan).correct
True
>>> check_plan(dict(plan, scale="all practices")).details[0]
'The scale "all practices" is not small: start with one clinician, one session or one day.'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.exercises.feedback import Feedback, is_blank
from qiteach.pdsa import PRINCIPLES, PDSALog, quality_score
from qiteach.pdsa.log import next_cycle_ids
from qiteach.pdsa.quality import is_small_scale
from qiteach.tools.stakeholders import (
    HIGH_FROM,
    QUADRANTS,
    Stakeholder,
    StakeholderGrid,
    read_stakeholders,
)
from qiteach.wording import (
    closest,
    content_words,
    countable,
    date_problem,
    direction_conflict,
    nonsense,
    number_in,
    vague_person,
)

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "MIN_STAKEHOLDERS",
    "PLAN_FIELDS",
    "RESISTANCE_KEY",
    "RESISTANCE_MEANINGS",
    "RESISTANCE_STATEMENTS",
    "STAKEHOLDER_FIELDS",
    "STAKEHOLDER_ROWS",
    "WEAK_PLAN",
    "check_longest_ramp",
    "check_plan",
    "check_resistance",
    "check_stakeholders",
    "check_weakest_principle",
    "longest_ramp",
    "next_ids",
    "plan_checks",
    "plan_row",
    "resistance_tables",
    "stakeholder_grid",
    "team_log",
    "team_stakeholders",
    "weakest_principles",
]

#: the fields of a PDSA plan, with what each asks
PLAN_FIELDS: dict[str, str] = {
    "node_id": "Change idea tested (its id in the driver diagram)",
    "objective": "Objective: what this cycle tests",
    "questions": "Questions the test should answer",
    "prediction": "Prediction: what you expect to happen, with a number",
    "who": "Who will do it",
    "what": "What exactly will be done",
    "when": "When",
    "where": "Where",
    "measures": "Data to collect (which measure, how)",
    "scale": "Scale, e.g. '1 GP, 1 morning'",
}
#: a deliberately weak plan for the "improve this plan" exercise
WEAK_PLAN: dict[str, str] = {
    "objective": "Start sending text reminders",
    "prediction": "",
    "who": "Everyone",
    "when": "",
    "measures": "",
    "scale": "All practices from Monday",
}
_NO_PREDICTION = frozenset({"none", "n/a", "na", "-", "no", "nil", "tbc", "?"})
#: an amount in a prediction ("all" and "most" are not amounts you can check)
_NUMBER = re.compile(
    r"\d|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|half|"
    r"third|quarter|double|twice|halve|treble)\b"
)


def _text(plan: Mapping[str, Any], key: str) -> str:
    value = plan.get(key)
    return "" if is_blank(value) else " ".join(str(value).split())


def plan_checks(plan: Mapping[str, Any]) -> list[tuple[bool, str]]:
    """Each check on a plan as (passed, sentence); the sentence says what to do when not.

    >>> for ok, text in plan_checks({"objective": "Try texts", "scale": "1 GP"}):
    ...     print(ok, text)
    True There is an objective: "Try texts".
    False There is no prediction: write what you expect to happen before you start.
    True The scale "1 GP" is small enough for a first test.
    False Say who will run the test and when.
    False Name the data you will collect (e.g. DNAs per week from the appointment book).
    """
    out: list[tuple[bool, str]] = []
    objective = _text(plan, "objective")
    if not objective:
        out.append((False, "There is no objective: say what this cycle will test."))
    elif nonsense(objective):
        out.append((False, f"The objective: {nonsense(objective)}"))
    else:
        out.append((True, f'There is an objective: "{objective}".'))
    prediction = _text(plan, "prediction")
    if not prediction or prediction.lower() in _NO_PREDICTION:
        out.append(
            (False, "There is no prediction: write what you expect to happen before you start.")
        )
    elif nonsense(prediction):
        out.append((False, f"The prediction: {nonsense(prediction)}"))
    elif not _NUMBER.search(prediction.lower()):
        out.append(
            (
                False,
                f'The prediction "{prediction}" has no number: how much change do you expect '
                "(e.g. 'from 3 DNAs a week to 1')?",
            )
        )
    elif not content_words(prediction) or not countable(prediction):
        out.append(
            (
                False,
                f'The prediction "{prediction}" has a number, but a number of what? Name the '
                "measure (e.g. 'DNAs fall from 3 a week to 1').",
            )
        )
    elif direction_conflict(prediction):
        out.append((False, f'The prediction "{prediction}": {direction_conflict(prediction)}'))
    else:
        out.append((True, f'The prediction "{prediction}" can be checked against data.'))
    scale = _text(plan, "scale")
    if not scale:
        out.append((False, "Give the scale: how many people, sessions or days (start small)."))
    elif is_small_scale(scale):
        out.append((True, f'The scale "{scale}" is small enough for a first test.'))
    else:
        out.append(
            (
                False,
                f'The scale "{scale}" is not small: start with one clinician, one session '
                "or one day.",
            )
        )
    who, when = _text(plan, "who"), _text(plan, "when")
    if not (who and when):
        out.append((False, "Say who will run the test and when."))
    elif vague_person(who):
        out.append((False, f"Who: {vague_person(who)}"))
    elif date_problem(when):
        out.append((False, f"When: {date_problem(when)}"))
    else:
        out.append((True, f"{who} will do it, {when}."))
    measures = _text(plan, "measures")
    if not measures:
        out.append(
            (
                False,
                "Name the data you will collect (e.g. DNAs per week from the appointment book).",
            )
        )
    elif not countable(measures):
        out.append(
            (
                False,
                f'"{measures}": which data? Name what you will count and where from (e.g. DNAs '
                "per week from the appointment book).",
            )
        )
    else:
        out.append((True, f"You will collect: {measures}."))
    return out


def check_plan(plan: Mapping[str, Any] | None) -> Feedback:
    """Exercise feedback for a PDSA plan (a dict with the :data:`PLAN_FIELDS` keys).

    >>> print(check_plan(WEAK_PLAN).message)
    4 of 5 things a good plan needs are missing or weak.
    """
    how = "Write my_plan as a dict with objective, prediction, who, when, measures and scale."
    if is_blank(plan):
        return Feedback.not_answered(how)
    if not isinstance(plan, Mapping):
        return Feedback(False, "Your plan should be a dict, in curly brackets.", hints=(how,))
    plan = {str(k).strip().lower(): v for k, v in plan.items()}  # "Prediction" too
    checks = plan_checks(plan)
    bad = [text for ok, text in checks if not ok]
    good = [text for ok, text in checks if ok]
    if not bad:
        return Feedback(
            True,
            "A testable plan: a prediction with a number, a small scale and data to collect.",
            tuple(good),
        )
    n = len(checks)
    return Feedback(
        False,
        f"{len(bad)} of {n} things a good plan needs are missing or weak.",
        tuple(bad),
        ("Predictions make a PDSA a test: write the number you expect before you start.",),
    )


def next_ids(log: PDSALog, node_id: str | None) -> tuple[str, str]:
    """The next free cycle id (C<n>) and the ramp label for a cycle testing ``node_id``.

    A change idea already tested continues its latest ramp; a new one starts R<n>.

    >>> log = PDSALog.from_records([{"cycle_id": "C1", "node_id": "CI1", "ramp": "R1",
    ...                              "start": "2026-01-05"}])
    >>> next_ids(log, "CI1"), next_ids(log, "CI2")
    (('C2', 'R1'), ('C2', 'R2'))
    """
    return next_cycle_ids(((c.cycle_id, c.node_id, c.ramp) for c in log.cycles), node_id)


def plan_row(
    plan: Mapping[str, Any],
    *,
    team_id: str,
    log: PDSALog | None = None,
    start: dt.date | str | None = None,
) -> dict[str, Any]:
    """A row for the workspace ``pdsa`` table from a plan (Do/Study/Act left blank).

    The objective carries the questions and who/what/when/where/measures so
    the plan is kept whole in the log.

    >>> row = plan_row({"node_id": "CI2", "objective": "Does a 2-hour reminder help?",
    ...                 "prediction": "DNAs halve", "who": "Reception", "scale": "1 morning"},
    ...                team_id="north", start="2026-09-07")
    >>> row["cycle_id"], row["ramp"], row["start"], row["objective"]
    ('C1', 'R1', '2026-09-07', 'Does a 2-hour reminder help? Who: Reception.')
    """
    log = log if log is not None else PDSALog(())
    node_id = _text(plan, "node_id") or None
    cycle_id, ramp = next_ids(log, node_id)
    objective = _text(plan, "objective")
    extras = [
        f"{label}: {_text(plan, key)}."
        for key, label in (
            ("questions", "Questions"),
            ("who", "Who"),
            ("what", "What"),
            ("when", "When"),
            ("where", "Where"),
            ("measures", "Measures"),
        )
        if _text(plan, key)
    ]
    when = start if start is not None else dt.date.today()
    return {
        "team_id": team_id,
        "cycle_id": cycle_id,
        "node_id": node_id,
        "ramp": ramp,
        "start": str(when),
        "end": None,
        "objective": " ".join([objective, *extras]).strip(),
        "prediction": _text(plan, "prediction") or None,
        "do": None,
        "study": None,
        "act": None,
        "scale": _text(plan, "scale") or None,
    }


def team_log(team: Team) -> PDSALog:
    """A team's PDSA log with its change-idea texts (``team`` is a workspace Team)."""
    return PDSALog.from_frame(team.pdsa, drivers=team.drivers)


def weakest_principles(team: Team) -> tuple[list[str], dict[str, float]]:
    """The Taylor et al. principle(s) with the lowest score for a team, and all scores."""
    q = quality_score(team_log(team), measurements=team.measurements)
    low = min(q.scores.values())
    return [p for p in PRINCIPLES if q.scores[p] == low], q.scores


#: the words people use for Taylor et al.'s principles
_PRINCIPLE_WORDS = {p.replace("_", " "): p for p in PRINCIPLES} | {
    "documentation": "documented",
    "documenting": "documented",
    "iteration": "iterative",
    "iterations": "iterative",
    "predicting": "prediction",
    "small scale testing": "small_scale",
    "small tests": "small_scale",
    "using data": "data",
    "use of data": "data",
}


def check_weakest_principle(answer: str | None, team: Team) -> Feedback:
    """Which PDSA principle did the team score lowest on (computed with quality_score)?"""
    if is_blank(answer):
        return Feedback.not_answered(
            f"Name one principle: {', '.join(PRINCIPLES)} (look at the quality table)."
        )
    if isinstance(answer, list | tuple) and len(answer) == 1:
        answer = answer[0]  # ["prediction"]
    given = "_".join(re.findall(r"[a-z]+", str(answer).lower()))
    if given not in PRINCIPLES and given.endswith("s") and given[:-1] in PRINCIPLES:
        given = given[:-1]  # "predictions"
    if given not in PRINCIPLES:  # "predicton", "small-scale testing"
        given = closest(given.replace("_", " "), _PRINCIPLE_WORDS) or given
    weakest, scores = weakest_principles(team)
    q = quality_score(team_log(team), measurements=team.measurements)
    table = tuple(f"{p}: {scores[p]:.2f} - {q.reasons[p]}" for p in PRINCIPLES)
    if given not in PRINCIPLES:
        return Feedback(
            False,
            f'"{answer}" is not one of the five principles.',
            table,
            (f"Use one of: {', '.join(PRINCIPLES)}.",),
        )
    if given in weakest:
        tied = (
            f" (tied with {', '.join(w for w in weakest if w != given)})"
            if len(weakest) > 1
            else ""
        )
        return Feedback(
            True,
            f"Yes: {given} has the lowest score, {scores[given]:.2f}{tied}.",
            (q.reasons[given],),
            ("What one habit would raise it in your next cycle?",),
        )
    return Feedback(
        False,
        f"{given} scored {scores[given]:.2f}; {weakest[0]} is lower ({scores[weakest[0]]:.2f}).",
        table,
        ("Read the score column: the smallest number is the principle to work on.",),
    )


def longest_ramp(team: Team) -> Any:
    """The team's ramp with the most cycles (the earliest if tied), or None."""
    ramps = team_log(team).ramps
    return max(ramps, key=lambda r: len(r.cycles)) if ramps else None


def check_longest_ramp(answer: int | None, team: Team) -> Feedback:
    """How many cycles are in the team's longest ramp? Feedback describes the ramp."""
    if is_blank(answer):
        return Feedback.not_answered("Count the cycles in your longest ramp and give the number.")
    ramp = longest_ramp(team)
    if isinstance(answer, str) and number_in(answer) is not None:
        answer = number_in(answer)  # "4", "four", "4 cycles"
    if ramp is None:
        if answer == 0:
            return Feedback(True, "Right: your team has no PDSA cycles yet, so no ramps either.")
        return Feedback(
            False,
            "Your team has no PDSA cycles yet, so its longest ramp has 0 cycles.",
            hints=("Plan your first cycle with the planner below.",),
        )
    log = team_log(team)
    scales = " → ".join(c.scale or "?" for c in ramp.cycles)
    about = (
        f'Ramp {ramp.label} tests "{log.change_idea_text(ramp.node_id)}" in '
        f"{len(ramp.cycles)} cycles; the scale went {scales}."
    )
    try:
        number = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return Feedback(
            False, f"{answer!r} is not a number of cycles.", hints=("Give a whole number.",)
        )
    if isinstance(answer, bool) or not number.is_integer():
        return Feedback(
            False, f"{answer!r} is not a whole number of cycles.", hints=("Count the boxes.",)
        )
    count = int(number)
    if count == len(ramp.cycles):
        return Feedback(
            True,
            f"Right: {count} cycles.",
            (about,),
            ("Did each cycle's Act decision lead to the next one's plan?",),
        )
    word = "more" if count < len(ramp.cycles) else "fewer"
    return Feedback(
        False,
        f"Not quite: the longest ramp has {word} than {count} cycles.",
        hints=("On the ramp chart, count the boxes on the busiest row.",),
    )


# ------------------------------------------------------------------ the people side
#: the columns of the stakeholder exercise, with what each asks
STAKEHOLDER_FIELDS: dict[str, str] = {
    "name": "Stakeholder (person or group)",
    "influence": "Influence (1-5)",
    "interest": "Interest (1-5)",
    "action": "Planned action (needed if influence is 4 or 5)",
    "who": "Who",
    "when": "When",
}
#: rows in the stakeholder form
STAKEHOLDER_ROWS = 8
#: the fewest stakeholders worth drawing a grid for
MIN_STAKEHOLDERS = 3


def stakeholder_grid(rows: Any) -> StakeholderGrid | None:
    """The grid of the stakeholders the rows place (rows with problems left out), or None.

    >>> stakeholder_grid([{"name": "Partners", "influence": 5, "interest": 4},
    ...                   {"name": "Nurses", "influence": "", "interest": 5}]).stakeholders[0].name
    'Partners'
    >>> stakeholder_grid(None) is None
    True
    """
    if is_blank(rows) or isinstance(rows, str | Mapping) or not isinstance(rows, list | tuple):
        return None
    people, _ = read_stakeholders([r for r in rows if isinstance(r, Mapping)])
    return StakeholderGrid(tuple(people)) if people else None


def team_stakeholders(team: Team) -> StakeholderGrid | None:
    """The team's saved stakeholder analysis (the workspace's optional ``stakeholders``
    table), or None when it has no rows yet.

    >>> grid = team_stakeholders(demo_programme.team("north"))
    >>> grid.quadrant_of("GP partners"), grid.gaps()
    ('manage_closely', ['ICB primary care team (keep satisfied) has high influence but no planned action: add one.'])
    >>> team_stakeholders(demo_programme.team("south")) is None
    True
    """  # noqa: E501
    frame = team.stakeholders
    return None if frame.empty else StakeholderGrid.from_records(frame)


def _placed(s: Stakeholder) -> str:
    q = QUADRANTS[s.quadrant]
    return f"{s.name}: influence {s.influence}, interest {s.interest} -> {q.title}. {q.approach}"


def check_stakeholders(answer: Any) -> Feedback:
    """Your project's stakeholders, each with influence and interest (1-5, or low/high),
    and an action with who (and when) for everyone of high influence.

    ``answer`` is a list of dicts with the :data:`STAKEHOLDER_FIELDS` keys; an answer
    saved before "when" had its own column (``who`` holding "who, and when", no
    ``when``) is read the same way, and only reminded to give a date.

    >>> rows = [{"name": "GP partners", "influence": 5, "interest": 4,
    ...          "action": "Present the aim at the partners' meeting", "who": "PM",
    ...          "when": "3 June"},
    ...         {"name": "Reception", "influence": 2, "interest": 4},
    ...         {"name": "ICB", "influence": 4, "interest": 2}]
    >>> fb = check_stakeholders(rows)
    >>> fb.correct, fb.message
    (False, '1 high-influence stakeholder has no planned action: ICB.')
    >>> rows[2] |= {"action": "Send the monthly run chart", "who": "QI lead"}
    >>> fb = check_stakeholders(rows)
    >>> print(fb.message)
    All 3 stakeholders placed on the grid, and every high-influence one has an action.
    >>> fb.hints[-1]
    'Say when for ICB (the When column), so each action has a date.'
    >>> old = [{"name": "GP partners", "influence": 5, "interest": 4,
    ...         "action": "15 minutes at the partners' meeting", "who": "PM, 3 June"},
    ...        {"name": "Reception", "influence": 2, "interest": 4, "action": "", "who": ""},
    ...        {"name": "PPG", "influence": 2, "interest": 5, "action": "", "who": ""}]
    >>> check_stakeholders(old).correct
    True
    """
    how = (
        'Write my_stakeholders as a list of rows, e.g. [{"name": "GP partners", "influence": 5, '
        '"interest": 4, "action": "...", "who": "...", "when": "..."}, ...].'
    )
    if is_blank(answer):
        return Feedback.not_answered(how)
    if isinstance(answer, str | Mapping) or not isinstance(answer, list | tuple):
        return Feedback(False, "Give a list of stakeholders, one row each.", hints=(how,))
    if not all(isinstance(r, Mapping) for r in answer):
        return Feedback(False, "Each stakeholder should be a row (a dict).", hints=(how,))
    people, problems = read_stakeholders(list(answer))
    if not people and not problems:  # [] or only blank rows
        return Feedback.not_answered(how)
    if problems:
        lines = tuple(f"Row {n}: {message} ({fix})." for n, _, message, fix in problems)
        n = len(problems)
        return Feedback(
            False,
            f"{n} row{'' if n == 1 else 's'} cannot be placed on the grid yet.",
            lines,
            ("Give every stakeholder an influence and an interest score from 1 to 5.",),
        )
    if len(people) < MIN_STAKEHOLDERS:
        return Feedback(
            False,
            f"{len(people)} stakeholder{'' if len(people) == 1 else 's'}: list at least "
            f"{MIN_STAKEHOLDERS}.",
            tuple(_placed(s) for s in people),
            ("Think of who decides, who does the work, who is affected and who pays.",),
        )
    grid = StakeholderGrid(tuple(people))
    placed = tuple(_placed(s) for s in grid.stakeholders)
    if not any(s.high_influence for s in people):
        return Feedback(
            False,
            f"No one on your list has high influence ({HIGH_FROM} or 5).",
            placed,
            ("Who could stop or fund the change (partners, practice manager, ICB)? Add them.",),
        )
    vague = [
        (s, nonsense(s.action) or nonsense(s.who))
        for s in people
        if s.high_influence and s.action and s.who and (nonsense(s.action) or nonsense(s.who))
    ]
    missing = grid.missing_actions()
    if missing or vague:
        names = [s.name for s in missing] + [s.name for s, _ in vague]
        n = len(names)
        what = "has no planned action" if n == 1 else "have no planned action"
        return Feedback(
            False,
            f"{n} high-influence stakeholder{'' if n == 1 else 's'} {what}: {', '.join(names)}.",
            (*grid.gaps(), *(f"{s.name}: {why}" for s, why in vague), *placed),
            ("People with high influence can stop a change: plan what you will do, who and "
             "when.",),
        )  # fmt: skip
    undated = [s.name for s in people if s.high_influence and not s.when]
    when = f"Say when for {', '.join(undated)} (the When column), so each action has a date."
    return Feedback(
        True,
        f"All {len(people)} stakeholders placed on the grid, and every high-influence one has "
        "an action.",
        placed,
        ("Put the actions for 'manage closely' first in your plan, with dates.",
         *((when,) if undated else ())),
    )  # fmt: skip


#: three statements heard in a practice starting a hypertension project
RESISTANCE_STATEMENTS: dict[str, str] = {
    "tried_before": "We tried text reminders for BP checks in 2019 and it made no difference.",
    "no_time": "I haven't got time to do extra blood pressure checks on top of my clinics.",
    "evidence": "How do we know patients' home readings are accurate enough to change "
    "their tablets?",
}
#: what a statement of resistance can tell you, with a response (one is a trap)
RESISTANCE_MEANINGS: dict[str, str] = {
    "history": "Past experience: ask what happened last time and what to do differently; "
    "test small so this time is visibly different.",
    "workload": "A cost to them: the change adds work. Show what's in it for them and take "
    "a task away (e.g. reception hands out home monitors).",
    "evidence": "A doubt about safety or evidence: share the evidence (NICE NG136 sets "
    "targets for home readings), and let them help design and check the test.",
    "blocker": "They are being difficult: go over their head to the partners.",
}
#: the stated key: each statement -> what it tells you
RESISTANCE_KEY: dict[str, str] = {
    "tried_before": "history",
    "no_time": "workload",
    "evidence": "evidence",
}
_WHY_RESISTANCE: dict[str, str] = {
    "tried_before": "it tells you about a past attempt: learn from it before testing again",
    "no_time": "it tells you what the change costs this person: reduce the cost or show the gain",
    "evidence": "it is a clinical safety question: answer it with evidence and involve them",
}


def resistance_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statements and the meanings to choose from, as two tables (for paper too).

    >>> said, meanings = resistance_tables()
    >>> said.columns.tolist(), meanings.columns.tolist()
    (['statement', 'what was said'], ['meaning', 'what it tells you, and how to respond'])
    >>> len(said), len(meanings)
    (3, 4)
    """
    said = pd.DataFrame(list(RESISTANCE_STATEMENTS.items()), columns=["statement", "what was said"])
    meanings = pd.DataFrame(
        list(RESISTANCE_MEANINGS.items()),
        columns=["meaning", "what it tells you, and how to respond"],
    )
    return said, meanings


def _meaning_key(value: Any) -> str | None:
    if is_blank(value):
        return None
    text = " ".join(str(value).split()).lower()
    if text in RESISTANCE_MEANINGS:
        return text
    for key, meaning in RESISTANCE_MEANINGS.items():
        if meaning.lower() == text:
            return key
    return text


def check_resistance(answer: Mapping[str, Any] | None) -> Feedback:
    """Match each statement in :data:`RESISTANCE_STATEMENTS` to what it tells you
    (a key of :data:`RESISTANCE_MEANINGS`); checked against :data:`RESISTANCE_KEY`.

    >>> print(check_resistance(dict(RESISTANCE_KEY)).message)
    All 3 matched: each statement tells you something to act on.
    >>> fb = check_resistance(dict(RESISTANCE_KEY, no_time="blocker"))
    >>> fb.message
    '2 of 3 matched.'
    """
    how = (
        'Write my_matches as a dict from statement to meaning, e.g. {"tried_before": '
        f'"history", ...}}; meanings: {", ".join(RESISTANCE_MEANINGS)}.'
    )
    if is_blank(answer):
        return Feedback.not_answered(how)
    if not isinstance(answer, Mapping):
        return Feedback(False, "Give a match for each statement (a dict).", hints=(how,))
    given = {str(k).strip().lower(): _meaning_key(v) for k, v in answer.items()}
    unknown = [k for k in given if k not in RESISTANCE_STATEMENTS]
    if unknown:
        return Feedback(
            False,
            f'"{unknown[0]}" is not one of the statements.',
            hints=(f"Use the statements {', '.join(RESISTANCE_STATEMENTS)}.",),
        )
    blank = [k for k in RESISTANCE_STATEMENTS if given.get(k) is None]
    if len(blank) == len(RESISTANCE_STATEMENTS):
        return Feedback.not_answered(how)
    details: list[str] = []
    right = 0
    for key, statement in RESISTANCE_STATEMENTS.items():
        choice, want = given.get(key), RESISTANCE_KEY[key]
        if choice == want:
            right += 1
            details.append(f'Right: "{statement}" - {_WHY_RESISTANCE[key]}.')
        elif choice is None:
            details.append(f'Not matched yet: "{statement}"')
        elif choice == "blocker":
            details.append(
                f'"{statement}": resistance is information, not obstruction - '
                f"{_WHY_RESISTANCE[key]}. Going over someone's head turns a concern into "
                "opposition."
            )
        elif choice in RESISTANCE_MEANINGS:
            details.append(f'"{statement}": not {choice} - {_WHY_RESISTANCE[key]}.')
        else:
            details.append(f'"{statement}": "{choice}" is not one of the meanings.')
    n = len(RESISTANCE_STATEMENTS)
    if right == n:
        return Feedback(
            True,
            f"All {n} matched: each statement tells you something to act on.",
            tuple(details),
            ("Which of these have you heard about your own project? What would you do?",),
        )
    return Feedback(
        False,
        f"{right} of {n} matched.",
        tuple(details),
        ("Ask of each statement: what does this person know or fear that I do not?",),
    )
