"""Session 2, understanding the system: demand and capacity, causes, the vital few.

Compute helpers for the notebook's demonstrations, and three self-checks:

- :func:`check_capacity` — how many same-day appointments meet *true* demand
  (requests less repeats) on 9 days in 10, and what happens to the queue?
  (computed from the ``practice-requests`` teaching dataset with
  :mod:`qiteach.tools.demand`);
- :func:`check_new_causes` — add causes to the DNA fishbone (causes, not
  solutions; not already on it);
- :func:`check_vital_few` — which appointment reasons are the vital few?
  (computed with :func:`qiteach.tools.pareto`);
- :func:`check_process_map` — map a process step by step (who does each step,
  its minutes and waits, whether it adds value); the feedback computes where
  the time goes (:class:`qiteach.tools.process_map.ProcessMap`).

Demand is what was asked for, not what was booked: booked appointments are
capped by capacity, so they hide the patients turned away. Nothing here imports
matplotlib (drawings are in :mod:`qiteach.plot`).

>>> days = request_days()
>>> len(days.frame), bool(days.frame["booked"].max() <= days.frame["capacity"].max())
(65, True)
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.datasets import load_dataset
from qiteach.exercises.feedback import Feedback, as_list, is_blank, list_expected
from qiteach.tools import Fishbone, Sipoc, pareto
from qiteach.tools.demand import COVER_SHARE, DemandDays, cover_capacity, days_short
from qiteach.tools.process_map import ProcessMap, ProcessStep, format_minutes, read_yes_no
from qiteach.wording import nonsense, number_in, solution_not_cause

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "DNA_EFFECT",
    "MAP_MIN_STEPS",
    "MAP_ROWS",
    "MAP_STEP_FIELDS",
    "QUEUE_CHOICES",
    "REPEAT_SIPOC",
    "check_capacity",
    "check_new_causes",
    "check_process_map",
    "check_vital_few",
    "demand_questions",
    "dna_fishbone",
    "main_path_steps",
    "model_capacity_answer",
    "prescription_map",
    "queue_outcome",
    "reasons_pareto",
    "request_days",
    "steps_map",
]

#: The problem (effect) at the head of the teaching fishbone.
DNA_EFFECT = "Patients do not attend booked appointments"
#: How far above the least capacity that does the job still counts as right.
CAPACITY_SLACK = 2


# ------------------------------------------------------------------ demand
def request_days(table: pd.DataFrame | None = None) -> DemandDays:
    """A practice's daily requests with true demand, gap, capacity and queue.

    ``table`` is a daily request log (default: the shipped ``practice-requests``
    teaching dataset); see :class:`qiteach.tools.demand.DemandDays`.

    >>> days = request_days()
    >>> len(days.frame), int(days.frame["true_demand"].sum()) < int(days.frame["requests"].sum())
    (65, True)
    """
    if table is None:
        table = load_dataset("practice-requests")
    return DemandDays.from_frame(table, source="practice-requests")


#: The answers to "what happens to the queue?" (value, label) in the capacity exercise.
QUEUE_CHOICES: tuple[tuple[str, str], ...] = (
    ("stays near zero", "It stays near zero: capacity matches demand on average"),
    ("builds up", "It builds up: busy days add to it faster than quiet days clear it"),
    ("clears", "It grows on busy days but quiet days clear it again by the end"),
)


def queue_outcome(queue: Sequence[float], mean_demand: float) -> str:
    """Which of :data:`QUEUE_CHOICES` describes a queue over time.

    "stays near zero" if it never reaches a tenth of an average day's demand;
    "clears" if it does but ends below that; else "builds up".

    >>> queue_outcome([0, 3, 0, 1], 50), queue_outcome([12, 30, 2], 50)
    ('stays near zero', 'clears')
    >>> queue_outcome([12, 30, 41], 50)
    'builds up'
    """
    small = 0.1 * mean_demand
    if max(queue, default=0) < small:
        return "stays near zero"
    return "clears" if queue[-1] < small else "builds up"


def _capacity_part(answer: Any, days: DemandDays) -> tuple[bool | None, str, list[str], list[str]]:
    """The capacity half of :func:`check_capacity`: (right?, sentence, details, hints)."""
    f = days.frame
    if is_blank(answer):
        return None, "No capacity yet: write a number of same-day appointments a day.", [], []
    number = number_in(answer)
    value = math.nan if number is None else number
    if not math.isfinite(value):
        if isinstance(answer, str) and len(re.findall(r"\d+", answer)) > 1:
            message = f"{answer!r} has more than one number: which one would you plan for?"
            return False, message, [], ["Give one number of appointments a day, e.g. 55."]
        return False, f"{answer!r} is not a number of appointments.", [], ["e.g. 55"]
    if value < 0:
        return False, f"{value:g} appointments a day cannot be: capacity is zero or more.", [], []
    demand = f["true_demand"]
    need = cover_capacity(demand, COVER_SHARE)
    mean = float(demand.mean())
    short = days_short(demand, value)
    queue = days.queue(value)
    details = [
        f"Capacity {value:g} a day: true demand was higher on {short} of {len(f)} days "
        f"({100 * short / len(f):.0f}%); the queue would peak at {max(queue):g} and end at "
        f"{queue[-1]:g}."
    ]
    if need <= value <= need + CAPACITY_SLACK:
        message = (
            f"The capacity is right: about {need} a day meets true demand on 9 days in 10 "
            f"(average true demand is {mean:.1f})."
        )
        return True, message, details, []
    hints: list[str] = []
    booked_top = int(f["booked"].max())
    booked_need = cover_capacity(f["booked"], COVER_SHARE)
    asked = cover_capacity(f["requests"], COVER_SHARE)
    if abs(value - mean) <= 1:
        hints.append(
            f"Average true demand is {mean:.1f} a day. Capacity set at the average falls short "
            "on about half the days: plan for the variation, not the average."
        )
    elif booked_need - CAPACITY_SLACK <= value <= booked_top:
        hints.append(
            f"You used booked appointments: they never go above {booked_top} a day (the "
            "capacity left that day), so they hide the patients turned away. Turned-away "
            "requests are demand too."
        )
    elif abs(value - asked) <= CAPACITY_SLACK and asked > need + CAPACITY_SLACK:
        hints.append(
            "You counted every request: a patient who calls back is the same need asked twice. "
            "True demand is requests less repeats."
        )
    if value < need:
        hints.append(f"That meets true demand on {100 * (1 - short / len(f)):.0f}% of days; "
                     "aim for 90%.")  # fmt: skip
        message = "The capacity is not enough: too many days with more demand than appointments."
        return False, message, details, hints
    hints.append("A lower number still meets true demand on 9 days in 10: try a few.")
    message = "The capacity is enough, but more than needed: many appointments would go unused."
    return False, message, details, hints


def check_capacity(answer: Any, *, days: DemandDays | None = None) -> Feedback:
    """Exercise 1: capacity that meets *true* demand on 9 days in 10, and the queue.

    ``answer`` is ``{"capacity": appointments a day, "queue": one of
    QUEUE_CHOICES}`` (a bare number answers the capacity part only). The
    capacity is right when it meets true demand (requests less repeats) on at
    least 90% of days and is no more than two above the least that does; the
    queue answer is right when it says what the queue does at the practice's
    own capacity after carve-out (:func:`queue_outcome`). Both are computed
    from ``days`` (default: :func:`request_days` of the shipped log).

    >>> print(check_capacity(None))
    [not answered yet] Write a number of same-day appointments a day, and say what happens to the queue.
    >>> fb = check_capacity({"capacity": 54, "queue": "builds up"})
    >>> fb.correct, fb.hints[0]
    (False, 'You used booked appointments: they never go above 54 a day (the capacity left that day), so they hide the patients turned away. Turned-away requests are demand too.')
    >>> check_capacity({"capacity": 65, "queue": "builds up"}).correct
    True
    """  # noqa: E501
    if isinstance(answer, Mapping):
        capacity, queue = answer.get("capacity"), answer.get("queue")
    else:
        capacity, queue = answer, None
    if is_blank(capacity) and is_blank(queue):
        return Feedback.not_answered(
            "Write a number of same-day appointments a day, and say what happens to the queue."
        )
    if days is None:
        days = request_days()
    ok, message, details, hints = _capacity_part(capacity, days)
    f = days.frame
    mean, mean_cap = float(f["true_demand"].mean()), float(f["capacity"].mean())
    actual = f["queue"].tolist()
    outcome = queue_outcome(actual, mean)
    said = None if is_blank(queue) else str(queue).strip().lower()
    queue_ok: bool | None = None if said is None else said == outcome
    if said is None:
        queue_message = "The queue: not answered yet."
        hints.append("Now choose what happens to the queue.")
    elif queue_ok:
        queue_message = f"The queue {outcome}: right."
        details.append(
            f"At the practice's own capacity after carve-out ({mean_cap:.1f} a day on average, "
            f"true demand {mean:.1f}) the queue reaches {max(actual):g} and ends at "
            f"{actual[-1]:g}."
        )
    else:
        queue_message = "The queue answer is not quite right."
        if said not in dict(QUEUE_CHOICES):
            hints.append(f"For the queue choose one of: {'; '.join(dict(QUEUE_CHOICES))}.")
        hints.append(
            "Look at the queue in the drawing: averages that match do not stop a queue "
            "growing, because a quiet day's spare appointments cannot be saved for a busy day."
        )
    if ok and queue_ok:
        return Feedback(
            True,
            f"Right: about {int(_capacity_value(capacity))} a day meets true demand on 9 days in "
            f"10, and the queue {outcome} although average capacity ({mean_cap:.1f}) is close "
            f"to average demand ({mean:.1f}).",
            tuple(details),
            ("Match capacity to the peaks, or smooth the peaks (e.g. book routine reviews "
             "away from Mondays), and check what the carve-out costs the busiest days.",),
        )  # fmt: skip
    return Feedback(False, f"{message} {queue_message}", tuple(details), tuple(hints))


def _capacity_value(answer: Any) -> float:
    """The number in a capacity answer (``nan`` when there is none).

    >>> _capacity_value("65 a day"), _capacity_value(58.0)
    (65.0, 58.0)
    """
    number = number_in(answer)
    return math.nan if number is None else float(number)


def model_capacity_answer(days: DemandDays | None = None) -> dict[str, Any]:
    """Exercise 1's model answer, computed from ``days`` (default: the shipped log).

    >>> model_capacity_answer()
    {'capacity': 65, 'queue': 'builds up'}
    """
    days = request_days() if days is None else days
    f = days.frame
    return {
        "capacity": cover_capacity(f["true_demand"], COVER_SHARE),
        "queue": queue_outcome(f["queue"].tolist(), float(f["true_demand"].mean())),
    }


def demand_questions(team: Team) -> str:
    """The demand-and-capacity questions, put to a team's own practices and project.

    >>> class T:  # a stand-in with a Team's info
    ...     team_id, info = "east", {"team_name": "East PCN", "practices": "Ash Surgery",
    ...                               "project_title": "Faster repeat prescriptions"}
    >>> print(demand_questions(T()).splitlines()[0])
    East PCN, "Faster repeat prescriptions": at Ash Surgery,
    """
    info = team.info

    def text(key: str) -> str:
        value = info.get(key)
        return "" if is_blank(value) or pd.isna(value) else str(value).strip()

    name = text("team_name") or team.team_id
    project = text("project_title")
    practices = [p.strip() for p in text("practices").split(";") if p.strip()]
    if not practices:
        where = "at your practice,"
    elif len(practices) == 1:
        where = f"at {practices[0]},"
    else:
        where = f"at {practices[0]} (and {', '.join(practices[1:])}),"
    head = f'{name}, "{project}": {where}' if project else f"{name}: {where}"
    return "\n".join(
        [
            head,
            "- Demand: what counts as one request in your process, and by which routes does it "
            "arrive (phone, online form, at the desk, letters, other teams)?",
            '- Turned away: where is a request refused or put off ("call back tomorrow", "no '
            'slots left, ring at 8am"), and does anyone count those?',
            "- Repeats: how would you tell a patient asking again for the same need from a new "
            "request?",
            "- Carve-out: which slots or sessions are held back, for what, on which days, and who "
            "decides?",
            "- Queue: where does unmet demand wait (a list, a call-back queue, or patients going "
            "to A&E or the pharmacy instead), and is it growing?",
        ]
    )


# ------------------------------------------------------------------ fishbone
def dna_fishbone(extra: Mapping[str, Sequence[str]] | None = None) -> Fishbone:
    """The teaching DNA fishbone (``fishbone-dna`` dataset), plus any ``extra`` causes.

    >>> fb = dna_fishbone({"Patients": ["Appointment letter went to an old address"]})
    >>> fb.categories["Patients"][-1]
    'Appointment letter went to an old address'
    """
    table = load_dataset("fishbone-dna")
    cats: dict[str, list[str]] = {}
    for cat, cause in zip(table["category"], table["cause"], strict=True):  # type: ignore[index]
        cats.setdefault(str(cat), []).append(str(cause))
    # extras not in the {category: [causes]} shape are left off (check_new_causes explains why)
    for cat, causes in (extra if isinstance(extra, Mapping) else {}).items():
        items = as_list(causes)
        items = [causes] if items is None else items
        cats.setdefault(str(cat).strip(), []).extend(
            str(c).strip() for c in items if not is_blank(c)
        )
    return Fishbone.from_dict(DNA_EFFECT, cats)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def check_new_causes(answer: Mapping[str, Sequence[str] | str] | None) -> Feedback:
    """Check causes added to the DNA fishbone: ``{category: [cause, ...]}``.

    Each cause should be new (not already on the diagram), specific (three
    words or more) and a *cause* (why patients miss appointments), not a
    solution ("send reminders" is a change idea; its cause is "no reminder").
    A new category is allowed but flagged.

    >>> print(check_new_causes({"Patients": ["Send more reminders", "Forgot the appointment"]}))
    [not quite] None of your causes can go on the diagram yet.
      - "Send more reminders" sounds like a solution (a change idea), not a cause.
      - 'Forgot the appointment' is already on the diagram under Patients.
      hint: Ask "why do patients miss appointments?" and write the answer, e.g. "no reminder
      was sent".
      hint: Look for causes not yet on the diagram: what would your reception team say?
    >>> check_new_causes({"Process": ["Appointments booked six weeks ahead are forgotten"]}).correct
    True
    """
    if is_blank(answer) or (isinstance(answer, Mapping) and not answer):
        return Feedback.not_answered(
            'Add causes as {"category": ["cause", ...]}, e.g. {"Process": ["..."]}.'
        )
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            "Give your causes as a dict from category to a list of causes.",
            hints=('e.g. {"Patients": ["Did not read the text"], "Process": ["..."]}',),
        )
    base = dna_fishbone()
    existing = {_key(c): cat for cat, causes in base.categories.items() for c in causes}
    known_cats = {c.lower(): c for c in base.categories}
    details: list[str] = []
    hints: list[str] = []
    good: list[str] = []
    problems = {"solution": False, "duplicate": False, "vague": False}
    for cat, causes in answer.items():
        cat_text = str(cat).strip()
        causes = as_list(causes)  # type: ignore[assignment]
        if causes is None:  # one cause not in a list (a number), or nothing (None)
            causes = [answer[cat]]
        if cat_text.lower() not in known_cats:
            close = difflib.get_close_matches(cat_text, list(base.categories), n=1)
            details.append(
                f"{cat_text!r} is a new category"
                + (f" (did you mean {close[0]!r}?)" if close else "")
                + f"; the diagram has {', '.join(base.categories)}."
            )
        for cause in causes:
            text = "" if is_blank(cause) else str(cause).strip()
            if not text:
                details.append(f"A cause under {cat_text!r} is blank.")
            elif _key(text) in existing:
                problems["duplicate"] = True
                details.append(f"{text!r} is already on the diagram under {existing[_key(text)]}.")
            elif nonsense(text):
                problems["vague"] = True
                details.append(str(nonsense(text)))
            elif solution_not_cause(text):
                problems["solution"] = True
                details.append(str(solution_not_cause(text)))
            elif _key(text) in known_cats or _key(text) in {"patient", "staff", "process"}:
                problems["vague"] = True
                details.append(f"{text!r} is a category, not a cause: say what goes wrong.")
            elif len(text.split()) < 3:
                problems["vague"] = True
                details.append(f"{text!r} is short: say more so others know what you mean.")
            else:
                good.append(text)
                details.append(f"{text!r}: a new cause under {cat_text}. Good.")
    if problems["solution"]:
        hints.append(
            'Ask "why do patients miss appointments?" and write the answer, e.g. "no reminder '
            'was sent".'
        )
    if problems["vague"]:
        hints.append('Be specific: "Mobile number out of date" beats "phones".')
    if problems["duplicate"]:
        hints.append("Look for causes not yet on the diagram: what would your reception team say?")
    if good and not any(problems.values()):
        return Feedback(
            True,
            f"{len(good)} new cause{'s' if len(good) > 1 else ''} for the diagram.",
            tuple(details),
            ("Next: which causes could you test a change on? Those become change ideas.",),
        )
    if good:
        message = f"{len(good)} cause{'s' if len(good) > 1 else ''} can go on; see the others."
    else:
        message = "None of your causes can go on the diagram yet."
    return Feedback(False, message, tuple(details), tuple(hints))


# ------------------------------------------------------------------ Pareto
def reasons_pareto(reasons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pareto table of the ``appointment-reasons`` teaching data (or ``reasons``).

    >>> table = reasons_pareto()
    >>> int(table.attrs["total"]) == int(load_dataset("appointment-reasons")["requests"].sum())
    True
    """
    if reasons is None:
        reasons = load_dataset("appointment-reasons")
    return pareto(reasons, category="reason", count="requests")


def _match(text: str, categories: Sequence[str]) -> str | None:
    """The category a learner meant: exact, a unique part of one, or a close spelling."""
    low = _key(text)
    if not low:
        return None
    by_key = {_key(c): c for c in categories}
    if low in by_key:
        return by_key[low]
    inside = [c for c in categories if low in _key(c)]
    if len(inside) == 1:
        return inside[0]
    close = difflib.get_close_matches(low, list(by_key), n=1, cutoff=0.75)
    if close:
        return by_key[close[0]]
    # word by word, with typos ("infecton", "mental helth") and abbreviations ("MSK")
    words = [_ABBREVIATIONS.get(w, w) for w in low.split()]
    scores: dict[str, int] = {}
    for c in categories:
        theirs = _key(c).split()
        hits = sum(bool(difflib.get_close_matches(w, theirs, n=1, cutoff=0.8)) for w in words)
        if hits:
            scores[c] = hits
    best = sorted(scores.items(), key=lambda kv: -kv[1])
    if best and (len(best) == 1 or best[0][1] > best[1][1]):
        return best[0][0]
    return None


#: abbreviations practices use for appointment reasons
_ABBREVIATIONS = {"msk": "musculoskeletal", "mh": "mental", "meds": "medication", "uti": "urine"}


def check_vital_few(answer: Sequence[str] | None, *, table: pd.DataFrame | None = None) -> Feedback:
    """Check a list of the reasons that make up the vital few.

    The expected answer is computed: the categories of :func:`reasons_pareto`
    (or ``table``) up to the one where the cumulative % reaches 80
    (:func:`qiteach.tools.pareto`). Reasons may be given in part
    ("infection") or with small typos.

    >>> t = pareto({"forgot": 42, "work": 18, "transport": 12, "felt better": 10, "unaware": 8,
    ...             "childcare": 9, "other": 1})
    >>> check_vital_few(["forgot", "work", "transport", "felt better"], table=t).correct
    True
    >>> fb = check_vital_few(["forgot", "work"], table=t)
    >>> fb.message
    'Not yet: you have 2 of the 4 vital few.'
    >>> print(fb.hints[0])
    Your reasons add up to 60% of the total; keep adding bars, largest first, until the running
    total reaches 80%.
    """
    items = as_list(answer)
    if is_blank(answer) or items == []:
        return Feedback.not_answered('List the reasons, e.g. ["Acute infection", "..."].')
    if items is None:
        return list_expected(answer, '["Acute infection", "..."]')
    answer = items  # type: ignore[assignment]
    if table is None:
        table = reasons_pareto()
    cats = [str(c) for c in table["category"]]
    vital = [str(c) for c in table.loc[table["vital_few"], "category"]]
    counts = dict(zip(cats, table["count"], strict=True))
    cum = dict(zip(cats, table["cumulative_percent"], strict=True))
    total = float(table.attrs.get("total", table["count"].sum()))
    others = {str(c) for c in table.loc[table["other"], "category"]}
    chosen: list[str] = []
    details: list[str] = []
    hints: list[str] = []
    for item in answer:  # type: ignore[union-attr]
        found = _match(str(item), cats)
        if found is None:
            details.append(f"{item!r} is not one of the reasons on the chart.")
        elif found not in chosen:
            chosen.append(found)
    for c in chosen:
        if c in others:
            details.append(f"{c!r} is a lump of small reasons: never one of the vital few.")
        elif c not in vital:
            details.append(
                f"{c!r} is not in the vital few: the running total is "
                f"{cum[c] - 100 * counts[c] / total:.0f}% before it, already past "
                f"{vital[-1]!r} where it reached 80%."
            )
    right = [c for c in chosen if c in vital]
    missing = [c for c in vital if c not in chosen]
    share = 100 * sum(counts[c] for c in chosen) / total
    if not missing and len(right) == len(chosen) and not details:
        return Feedback(
            True,
            f"Right: {len(vital)} reasons make up {cum[vital[-1]]:.0f}% of requests.",
            (f"The vital few: {', '.join(vital)}.",),
            ("Working on these few reasons first gives the most benefit for the effort.",),
        )
    if missing:
        hints.append(
            f"Your reasons add up to {share:.0f}% of the total; keep adding bars, largest "
            "first, until the running total reaches 80%."
        )
    if len(chosen) > len(right):
        hints.append("Stop at the first bar where the cumulative line reaches 80%.")
    message = (
        f"Not yet: you have {len(right)} of the {len(vital)} vital few."
        if missing
        else f"You have all {len(vital)} of the vital few, and more: see below."
    )
    return Feedback(
        False,
        message,
        tuple(details),
        tuple(hints),
    )


# ------------------------------------------------------------------ process map
#: The fewest steps a mapped process needs before the check reads where the time goes.
MAP_MIN_STEPS = 4
#: Rows the process-map form offers (one step each).
MAP_ROWS = 8
#: The fields of one mapped step and their labels (the form and the feedback read them).
MAP_STEP_FIELDS: dict[str, str] = {
    "step": "What happens",
    "lane": "Who does it",
    "minutes": "Hands-on minutes",
    "wait_minutes": "Minutes waited before it",
    "value_added": "Adds value for the patient?",
}
#: Minutes in the time units a participant may type after a number ("2 days").
_UNIT_MINUTES = (("week", 10080.0), ("day", 1440.0), ("hour", 60.0), ("hr", 60.0))

#: The teaching SIPOC: the repeat-prescription process before it is mapped step by step.
REPEAT_SIPOC = Sipoc.from_mapping(
    {
        "suppliers": ["Patient", "GP and clinical pharmacist", "Community pharmacy"],
        "inputs": ["Repeat request (app, phone or paper slip)", "Medication record",
                   "Medication review date"],
        "process": ["Patient requests a repeat", "Request logged and checked",
                    "Clinical check", "GP signs", "Sent to the pharmacy",
                    "Dispensed and collected"],
        "outputs": ["Signed prescription", "Medication dispensed"],
        "customers": ["Patient", "Community pharmacy"],
    }
)  # fmt: skip


def prescription_map() -> ProcessMap:
    """The shipped ``repeat-prescription`` process map (the session's worked example).

    >>> pm = prescription_map()
    >>> pm.main_path
    ('R1', 'R2', 'R3', 'R4', 'R6', 'R7', 'R8', 'R9')
    >>> pm.summary_line()
    'total 3,526 min, value-added 25 min (0.7 %)'
    """
    return ProcessMap.from_frame(load_dataset("repeat-prescription"), source="repeat-prescription")


def main_path_steps(pm: ProcessMap) -> list[dict[str, Any]]:
    """The main path of ``pm`` as rows of a one-path map (the model answer's shape).

    >>> rows = main_path_steps(prescription_map())
    >>> len(rows), rows[-1]["step"], rows[-1]["value_added"]
    (8, 'Patient collects the medication', 'yes')
    """
    return [
        {
            "step": s.step,
            "lane": s.lane,
            "minutes": s.minutes,
            "wait_minutes": s.wait_minutes,
            "value_added": "yes" if s.value_added else "no",
        }
        for s in (pm.step(i) for i in pm.main_path)
    ]


def _map_minutes(value: Any) -> float | str:
    """Minutes from a number or text ("20", "2 hours", "1 day"); a message when unreadable."""
    if is_blank(value) or (isinstance(value, str) and not value.strip()):
        return 0.0
    amount = number_in(value)
    if amount is None:
        return f"{value!r} is not a number of minutes (type e.g. 5, or 2 hours)"
    if isinstance(value, str):
        low = value.lower()
        amount *= next((m for unit, m in _UNIT_MINUTES if unit in low), 1.0)
    if amount < 0:
        return f"{value!r} is less than 0 minutes"
    return float(amount)


def _filled(row: Mapping[str, Any]) -> bool:
    return any(not is_blank(row.get(k)) and str(row.get(k)).strip() for k in MAP_STEP_FIELDS)


def steps_map(rows: Sequence[Mapping[str, Any]]) -> tuple[ProcessMap | None, list[str]]:
    """A one-path process map from rows of :data:`MAP_STEP_FIELDS`, and the problems found.

    Each filled row is a step that leads to the next filled row; wholly blank
    rows are skipped (the row numbers in problems are the form's). Minutes may
    carry a unit ("2 days"). With any problem the map is None.

    >>> pm, problems = steps_map([{"step": "Ask", "lane": "Patient", "minutes": 2},
    ...                           {}, {"step": "Sign", "lane": "GP", "wait_minutes": "1 day",
    ...                                "value_added": "yes"}])
    >>> problems, pm.main_path, pm.lead_time
    ([], ('S1', 'S3'), 1442.0)
    >>> steps_map([{"step": "Ask", "minutes": "soon"}])[1]
    ["Row 1 ('Ask'): say who does it.", "Row 1 ('Ask'): 'soon' is not a number of minutes (type e.g. 5, or 2 hours)."]
    """  # noqa: E501
    problems: list[str] = []
    kept: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows, start=1):
        if not _filled(row):
            continue
        step = "" if is_blank(row.get("step")) else " ".join(str(row.get("step")).split())
        lane = "" if is_blank(row.get("lane")) else " ".join(str(row.get("lane")).split())
        where = f"Row {number}" + (f" ({step!r})" if step else "")
        if not step:
            problems.append(f"{where}: say what happens in this step.")
        elif nonsense(step):
            problems.append(f"{where}: {nonsense(step)}")
        if not lane:
            problems.append(f"{where}: say who does it.")
        values: dict[str, Any] = {"step": step, "lane": lane}
        for key in ("minutes", "wait_minutes"):
            minutes = _map_minutes(row.get(key))
            if isinstance(minutes, str):
                problems.append(f"{where}: {minutes}.")
            values[key] = minutes
        added = read_yes_no(row.get("value_added"))
        if added is None:
            problems.append(f"{where}: {MAP_STEP_FIELDS['value_added']} is yes or no.")
        values["value_added"] = bool(added)
        kept.append((number, values))
    if problems or not kept:
        return None, problems
    ids = [f"S{number}" for number, _ in kept]
    steps = tuple(
        ProcessStep(
            step_id=sid, step=v["step"], lane=v["lane"], next=tuple(ids[i + 1 : i + 2]),
            minutes=v["minutes"], wait_minutes=v["wait_minutes"], value_added=v["value_added"],
            row=number,
        )
        for i, (sid, (number, v)) in enumerate(zip(ids, kept, strict=True))
    )  # fmt: skip
    return ProcessMap(steps, source="your map"), []


def check_process_map(answer: Sequence[Mapping[str, Any]] | None) -> Feedback:
    """Check a process mapped step by step: a list of rows of :data:`MAP_STEP_FIELDS`.

    The map needs :data:`MAP_MIN_STEPS` steps or more, each with who does it,
    its minutes and whether it adds value for the patient. A real process has
    both kinds of step and some waiting; the feedback then computes the lead
    time, the value-added share and the bottleneck
    (:data:`qiteach.tools.process_map.BOTTLENECK_RULE`).

    >>> fb = check_process_map(main_path_steps(prescription_map()))
    >>> fb.correct, fb.message
    (True, 'Your map: 8 steps across 5 lanes; total 3,526 min, value-added 25 min (0.7 %).')
    >>> print(fb.details[0])
    The bottleneck is step 5, 'GP signs the prescription': 1,440 min waiting + 1 min hands-on.
    >>> check_process_map([{"step": "Patient asks", "lane": "Patient", "minutes": 5}]).message
    'Map at least 4 steps, first to last (you have 1).'
    """
    if is_blank(answer):
        return Feedback.not_answered(
            'List the steps, e.g. [{"step": "Patient asks", "lane": "Patient", "minutes": 5, '
            '"wait_minutes": 0, "value_added": "no"}, ...].'
        )
    if isinstance(answer, str | Mapping) or not isinstance(answer, Sequence):
        return Feedback(
            False,
            "Give your map as a list of steps, one dict per step.",
            hints=(f"Each step has {', '.join(MAP_STEP_FIELDS)}.",),
        )
    rows = [r if isinstance(r, Mapping) else {"step": r} for r in answer]
    pm, problems = steps_map(rows)
    if problems:
        return Feedback(
            False,
            f"{len(problems)} thing{'s' if len(problems) > 1 else ''} to fix before the map "
            "can be read.",
            tuple(problems),
            ("Each step needs what happens and who does it; leave a row wholly blank to skip it.",),
        )
    n = 0 if pm is None else len(pm.steps)
    if pm is None or n < MAP_MIN_STEPS:
        return Feedback(
            False,
            f"Map at least {MAP_MIN_STEPS} steps, first to last (you have {n}).",
            hints=("Walk the process as the patient does: what happens first, then next?",),
        )
    path = [pm.step(i) for i in pm.main_path]
    if not any(s.value_added for s in path):
        return Feedback(
            False,
            "No step adds value for the patient, so the whole process is waste.",
            hints=("Which step does the patient actually want (e.g. the medicine in their hand)?"
                   " Mark it yes.",),
        )  # fmt: skip
    if all(s.value_added for s in path):
        return Feedback(
            False,
            "Every step is marked as adding value for the patient.",
            hints=("Checks, hand-offs and waits rarely add value for the patient: would they "
                   "pay for that step?",),
        )  # fmt: skip
    if not any(s.wait_minutes for s in path):
        return Feedback(
            False,
            "No step has any waiting before it.",
            hints=("In most processes most of the time is waiting between steps: fill in "
                   "the waits (a day is 1,440 minutes, or type 1 day).",),
        )  # fmt: skip
    worst = pm.step(str(pm.bottleneck))
    place = pm.main_path.index(worst.step_id) + 1
    hints = ["Start with the bottleneck: what would shorten the wait before it?"]
    if len(pm.lanes) == 1:
        hints.append("Only one person does every step: who else touches the process? Each "
                     "hand-off between lanes is a place where work waits.")  # fmt: skip
    return Feedback(
        True,
        f"Your map: {n} steps across {len(pm.lanes)} lane{'s' if len(pm.lanes) > 1 else ''}; "
        f"{pm.summary_line()}.",
        (
            f"The bottleneck is step {place}, {worst.step!r}: "
            f"{format_minutes(worst.wait_minutes)} waiting + {format_minutes(worst.minutes)} "
            "hands-on.",
        ),
        tuple(hints),
    )
