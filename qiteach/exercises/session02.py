"""Session 2, understanding the system: demand and capacity, causes, the vital few.

Compute helpers for the notebook's demonstrations, and three self-checks:

- :func:`check_capacity` — how many appointments a day meet demand on 9 days in
  10? (computed from the ``appointment-log`` teaching dataset);
- :func:`check_new_causes` — add causes to the DNA fishbone (causes, not
  solutions; not already on it);
- :func:`check_vital_few` — which appointment reasons are the vital few?
  (computed with :func:`qiteach.tools.pareto`);
- :func:`check_process_map` — map a process step by step (who does each step,
  its minutes and waits, whether it adds value); the feedback computes where
  the time goes (:class:`qiteach.tools.process_map.ProcessMap`).

Booked appointments stand in for demand here: true demand also counts the
patients who asked and were turned away. Nothing here imports matplotlib
(drawings are in :mod:`qiteach.exercises.plots`).

>>> daily = daily_demand()
>>> len(daily), list(daily.columns)
(65, ['date', 'weekday', 'appointments'])
>>> print(check_capacity(None))
[not answered yet] Write a number of appointments a day, e.g. capacity = 50.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.datasets import load_dataset
from qiteach.exceptions import ToolkitError
from qiteach.exercises.feedback import Feedback, as_list, is_blank, list_expected
from qiteach.tools import Fishbone, Sipoc, pareto
from qiteach.tools.process_map import ProcessMap, ProcessStep, format_minutes, read_yes_no
from qiteach.wording import nonsense, number_in, solution_not_cause

__all__ = [
    "DNA_EFFECT",
    "MAP_MIN_STEPS",
    "MAP_ROWS",
    "MAP_STEP_FIELDS",
    "REPEAT_SIPOC",
    "WEEKDAYS",
    "CapacityCheck",
    "capacity_check",
    "capacity_for",
    "check_capacity",
    "check_new_causes",
    "check_process_map",
    "check_vital_few",
    "daily_demand",
    "demand_by_weekday",
    "dna_fishbone",
    "main_path_steps",
    "prescription_map",
    "reasons_pareto",
    "steps_map",
]

WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
#: The problem (effect) at the head of the teaching fishbone.
DNA_EFFECT = "Patients do not attend booked appointments"
#: Share of days on which capacity should meet demand in the capacity exercise.
COVER_SHARE = 0.9
#: How far above the least capacity that does the job still counts as right.
CAPACITY_SLACK = 2


# ------------------------------------------------------------------ demand
def daily_demand(log: pd.DataFrame | None = None, *, date: str = "date") -> pd.DataFrame:
    """Booked appointments per day: date, weekday, appointments.

    ``log`` has one row per booked appointment (default: the shipped
    ``appointment-log``). Only days with appointments appear (weekends and
    bank holidays are closed days, not zero-demand days).

    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-06"])})
    >>> daily_demand(log)
            date  weekday  appointments
    0 2026-01-05   Monday             2
    1 2026-01-06  Tuesday             1
    """
    if log is None:
        log = load_dataset("appointment-log")
    if date not in log.columns:  # type: ignore[union-attr]
        raise ToolkitError(
            f"there is no {date!r} column",
            file="appointment log",
            column=date,
            fix="name the date column with date=...",
        )
    days = pd.to_datetime(log[date]).dt.normalize()  # type: ignore[index]
    counts = days.value_counts().sort_index()
    return pd.DataFrame(
        {
            "date": counts.index,
            "weekday": [WEEKDAYS[d] for d in counts.index.day_of_week],
            "appointments": counts.to_numpy(),
        }
    )


def demand_by_weekday(daily: pd.DataFrame) -> pd.DataFrame:
    """Per weekday: number of days, mean, lowest, highest and 90th centile of demand.

    The rows are in weekday order (Monday first); only weekdays in the data appear.

    >>> t = demand_by_weekday(daily_demand())
    >>> list(t.columns)
    ['days', 'mean', 'lowest', 'highest', 'p90']
    >>> t.index[0], int(t["days"].sum())
    ('Monday', 65)
    """
    groups = daily.groupby("weekday")["appointments"]
    table = pd.DataFrame(
        {
            "days": groups.size(),
            "mean": groups.mean(),
            "lowest": groups.min(),
            "highest": groups.max(),
            "p90": groups.quantile(0.9),
        }
    )
    order = [d for d in WEEKDAYS if d in table.index]
    table = table.loc[order]
    table.index.name = "weekday"
    return table


@dataclass(frozen=True, slots=True)
class CapacityCheck:
    """How a fixed daily capacity meets the demand of each day."""

    capacity: float
    days: int
    days_over: int  # days when demand exceeded capacity
    unmet: float  # appointments wanted above capacity, summed over days
    unused: float  # empty slots, summed over days

    @property
    def share_covered(self) -> float:
        """Share of days on which capacity met demand (0-1)."""
        return 1 - self.days_over / self.days if self.days else math.nan

    def __str__(self) -> str:
        return (
            f"Capacity {self.capacity:g} a day: demand was higher on {self.days_over} of "
            f"{self.days} days ({100 * (1 - self.share_covered):.0f}%), "
            f"{self.unmet:g} appointments short in all; {self.unused:g} slots unused."
        )

    def __repr__(self) -> str:
        return str(self)


def capacity_check(daily: pd.DataFrame, capacity: float) -> CapacityCheck:
    """Compare a fixed daily capacity with each day's demand.

    >>> d = pd.DataFrame({"appointments": [40, 50, 60]})
    >>> print(capacity_check(d, 50))
    Capacity 50 a day: demand was higher on 1 of 3 days (33%), 10 appointments short in all;
    10 slots unused.
    """
    demand = daily["appointments"].astype(float)
    return CapacityCheck(
        capacity=float(capacity),
        days=len(demand),
        days_over=int((demand > capacity).sum()),
        unmet=float((demand - capacity).clip(lower=0).sum()),
        unused=float((capacity - demand).clip(lower=0).sum()),
    )


def capacity_for(daily: pd.DataFrame, share: float = COVER_SHARE) -> int:
    """The smallest whole daily capacity that meets demand on at least ``share`` of days.

    >>> capacity_for(pd.DataFrame({"appointments": list(range(1, 11))}), 0.9)
    9
    """
    demand = sorted(daily["appointments"].astype(float))
    if not demand:
        raise ToolkitError("no days of demand", column="appointments", fix="give at least one day")
    if not 0 < share <= 1:
        raise ToolkitError(f"share={share!r} must be above 0 and at most 1", fix="e.g. 0.9")
    k = math.ceil(share * len(demand))  # days that must be covered
    return math.ceil(demand[k - 1])


def check_capacity(answer: float | None, *, daily: pd.DataFrame | None = None) -> Feedback:
    """Is ``answer`` appointments a day enough on 9 days in 10, without gross excess?

    Right when capacity meets demand on at least 90% of days and is no more
    than two above the smallest capacity that does. The expected value is
    computed from ``daily`` (default: :func:`daily_demand` of the shipped log).

    >>> daily = pd.DataFrame({"appointments": list(range(41, 61))})
    >>> check_capacity(58, daily=daily).correct
    True
    >>> fb = check_capacity(50, daily=daily)
    >>> fb.correct, fb.details[0]
    (False, 'Capacity 50 a day: demand was higher on 10 of 20 days (50%), 55 appointments short in all; 45 slots unused.')
    """  # noqa: E501
    if is_blank(answer):
        return Feedback.not_answered("Write a number of appointments a day, e.g. capacity = 50.")
    number = number_in(answer)
    value = math.nan if number is None else number
    if not math.isfinite(value):
        several = isinstance(answer, str) and len(re.findall(r"\d+", answer)) > 1
        if several:
            return Feedback(
                False,
                f"{answer!r} has more than one number: which one would you plan for?",
                hints=("Give one number of appointments a day, e.g. capacity = 50.",),
            )
        return Feedback(False, f"{answer!r} is not a number.", hints=("e.g. capacity = 50",))
    if value < 0:
        return Feedback(
            False,
            f"{value:g} appointments a day cannot be: capacity is zero or more.",
            hints=("How many appointments a day would meet demand on 9 days in 10?",),
        )
    if daily is None:
        daily = daily_demand()
    need = capacity_for(daily, COVER_SHARE)
    mean = float(daily["appointments"].mean())
    result = capacity_check(daily, value)
    details = (str(result),)
    if result.share_covered < COVER_SHARE:
        hints = [
            f"That meets demand on {100 * result.share_covered:.0f}% of days; aim for 90%.",
        ]
        if value <= mean + 0.5:
            hints.append(
                f"Average demand is {mean:.1f} a day. Capacity set at the average falls short "
                "on about half the days: plan for the variation, not the average."
            )
        else:
            hints.append("Try a higher number with capacity_check(daily, ...).")
        return Feedback(False, "Not enough: too many days with more demand than slots.", details,
                        tuple(hints))  # fmt: skip
    if value > need + CAPACITY_SLACK:
        return Feedback(
            False,
            "Enough, but more than needed: lots of slots would go unused.",
            details,
            (
                "A lower number still meets demand on 9 days in 10: try a few with "
                "capacity_check(daily, ...).",
            ),
        )
    return Feedback(
        True,
        f"Right: about {need} a day meets demand on 9 days in 10 (average demand is {mean:.1f}).",
        details,
        (
            "Capacity has to match the peaks, not the average; or smooth the peaks "
            "(e.g. book routine work away from the busiest days).",
        ),
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
