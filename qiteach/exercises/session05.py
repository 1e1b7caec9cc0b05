"""Session 5 self-checks: planning a PDSA cycle, ramps, and studying the team's log.

:func:`plan_checks` judges a plan the way a coach would (a question to answer,
a prediction with a number in it, a small first scale, who/when, the data to
collect); :func:`check_plan` turns that into exercise feedback and the
interactive planner (:class:`qiteach.widgets.PDSAPlanner`) shows it live.
:func:`plan_row` makes a row ready for the workspace ``pdsa`` table.
:func:`check_weakest_principle` and :func:`check_longest_ramp` check what a
participant reads from their own team's PDSA log, computing the answer with
:mod:`qiteach.pdsa`.

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

from qiteach.exercises.feedback import Feedback, is_blank
from qiteach.pdsa import PRINCIPLES, PDSALog, quality_score
from qiteach.pdsa.quality import is_small_scale

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "PLAN_FIELDS",
    "WEAK_PLAN",
    "check_longest_ramp",
    "check_plan",
    "check_weakest_principle",
    "longest_ramp",
    "next_ids",
    "plan_checks",
    "plan_row",
    "team_log",
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
_NUMBER = re.compile(
    r"\d|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|half|third|quarter|double|"
    r"halve|most|all|none)\b"
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
    out.append(
        (True, f'There is an objective: "{objective}".')
        if objective
        else (False, "There is no objective: say what this cycle will test.")
    )
    prediction = _text(plan, "prediction")
    if not prediction or prediction.lower() in _NO_PREDICTION:
        out.append(
            (False, "There is no prediction: write what you expect to happen before you start.")
        )
    elif not _NUMBER.search(prediction.lower()):
        out.append(
            (
                False,
                f'The prediction "{prediction}" has no number: how much change do you expect '
                "(e.g. 'from 3 DNAs a week to 1')?",
            )
        )
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
    if who and when:
        out.append((True, f"{who} will do it, {when}."))
    else:
        out.append((False, "Say who will run the test and when."))
    measures = _text(plan, "measures")
    out.append(
        (True, f"You will collect: {measures}.")
        if measures
        else (
            False,
            "Name the data you will collect (e.g. DNAs per week from the appointment book).",
        )
    )
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
    used = {c.cycle_id for c in log.cycles}
    k = len(used) + 1
    while f"C{k}" in used:
        k += 1
    ramps_for = [c.ramp for c in log.cycles if node_id is not None and c.node_id == node_id]
    if ramps_for:
        return f"C{k}", ramps_for[-1]
    labels = {c.ramp for c in log.cycles}
    r = len(labels) + 1
    while f"R{r}" in labels:
        r += 1
    return f"C{k}", f"R{r}"


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
    if ramp is None:
        return Feedback(True, "Your team has no PDSA cycles yet, so no ramps either.")
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
