"""Session 8 (sustaining, spreading and sharing results): self-checks, storyboard, report preview.

Exercises, each checked against the team's own data with qiteach's engines:

- :func:`check_progress_score` — the IHI progress score the team would give
  itself, compared with the evidence (:func:`progress_evidence`: PDSA cycles,
  the outcome measure's chart reading, whether the aim is met) and with the
  score recorded in the workspace;
- :func:`check_sustain` — is the new level holding since the last change? The
  chart is split at the change (:func:`sustain_status`), the new part's limits
  frozen on its first points, and later points checked for signals the unwanted way;
- :func:`check_sustainability` — the team rates its project on the NHS
  Sustainability Model's ten factors (:mod:`qiteach.tools.sustainability`),
  picks the factor to act on first and one action on it; the check computes
  the factors with most to gain from the ratings;
- :func:`check_spread_plan` — a short spread plan checked for content.

Sharing: :func:`storyboard` composes a one-page figure of the team's project
(aim, driver diagram, main measure chart with PDSA markers, progress, learning)
from library calls; :func:`storyboard_markdown` gives the same story as text;
:func:`key_figures` previews what the team's evaluation report will show.

>>> north = demo_programme.team("north")
>>> progress_evidence(north).suggested
(4.0, 5.0)
>>> print(check_progress_score(None, north))
[not answered yet] Give a score from 0.5 to 5.0 in steps of 0.5, e.g. score = 3.0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.charts import ChartResult, compute_chart
from qiteach.charts.rules import fitting_rules
from qiteach.exceptions import InputError, ToolkitError
from qiteach.exercises.feedback import Feedback, is_blank
from qiteach.exercises.session07 import main_measure_id
from qiteach.pdsa import PDSALog, summarise
from qiteach.progress import PROGRESS_LABELS, trajectory, validate_score
from qiteach.tools.sustainability import FACTORS, LEVELS, sustainability_score
from qiteach.wording import closest, content_words, countable, date_problem, nonsense, vague_person
from qiteach.wording import key as text_key

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qiteach.workspace.model import MeasureSeries, Programme, Team

__all__ = [
    "SPREAD_FIELDS",
    "SUSTAINABILITY_FIELDS",
    "SUSTAIN_STATUSES",
    "ProgressEvidence",
    "SustainResult",
    "adopted_ideas",
    "assessment_ratings",
    "chart_kwargs_for",
    "check_progress_score",
    "check_spread_plan",
    "check_sustain",
    "check_sustainability",
    "key_figures",
    "main_measure_id",
    "progress_evidence",
    "storyboard",
    "storyboard_markdown",
    "sustain_status",
]


def _pdsa_log(team: Team) -> PDSALog:
    return PDSALog.from_frame(team.pdsa, drivers=team.drivers)


# ------------------------------------------------------------------ exercise 1: progress score
@dataclass(frozen=True, slots=True)
class ProgressEvidence:
    """What the team's data say about its IHI progress score.

    ``suggested`` is the (lowest, highest) score the evidence supports;
    ``recorded`` the latest score in the workspace (None if none yet).
    """

    n_cycles: int
    n_adopted: int
    verdict: str
    aim_status: str
    suggested: tuple[float, float]
    recorded: float | None
    sentences: tuple[str, ...]


def chart_kwargs_for(series: MeasureSeries, rules: str | None = None) -> dict[str, Any]:
    """A measure's ``compute_chart`` arguments with a rule set that fits its chart.

    With the Making Data Count rules (``mdc``) the workspace already charts every
    measure as XmR (see ``MeasureSeries.chart_kwargs``); a run-chart measure
    under a control-chart rule set (hcdg, mdc) gets the Anhøj rules.

    >>> dna = demo_programme.team("north").measure_series("dna_rate")
    >>> kw = chart_kwargs_for(dna, "mdc")
    >>> kw["chart"], kw["rules"]
    ('i', 'mdc')
    """
    spec = series.spec(rules)
    return series.chart_kwargs(fitting_rules(spec.rules, spec.chart))


def progress_evidence(team: Team, *, rules: str | None = None) -> ProgressEvidence:
    """Gather the evidence for a progress score from the team's PDSA log and charts.

    The IHI scale (qi-methods.md §8) read against the data: no tests of
    change yet → 0.5-2.0; tests but no signal of improvement in the outcome
    measure → 2.5-3.0; a special-cause improvement → 3.0-4.0; improvement and
    the aim met → 4.0-5.0.
    """
    from qiteach.evaluation import team_aim, team_readings

    summary = summarise(_pdsa_log(team))
    n_adopted = summary.acts.get("adopt", 0)
    aim = team_aim(team, rules=rules)
    main = main_measure_id(team)
    readings = {r.measure_id: r for r in team_readings(team, rules=rules)}
    reading = readings.get(main) if main else None
    verdict = reading.verdict if reading else "not enough data"
    sentences = [
        f"{summary.n_cycles} PDSA cycles so far, {n_adopted} adopted.",
        reading.headline if reading else "No main measure with data yet.",
        aim.sentence,
    ]
    if summary.n_cycles == 0:
        suggested = (0.5, 2.0)
    elif verdict != "improvement":
        suggested = (2.5, 3.0)
    elif aim.status == "met":
        suggested = (4.0, 5.0)
    else:
        suggested = (3.0, 4.0)
    recorded = None
    if len(team.progress):
        recorded = trajectory(team.progress).latest
    return ProgressEvidence(
        summary.n_cycles, n_adopted, verdict, aim.status, suggested, recorded, tuple(sentences)
    )


def check_progress_score(answer: Any, team: Team, *, rules: str | None = None) -> Feedback:
    """Compare the participant's progress score with what the team's data support."""
    how = "Give a score from 0.5 to 5.0 in steps of 0.5, e.g. score = 3.0."
    if is_blank(answer):
        return Feedback.not_answered(how)
    try:
        score = validate_score(answer)
    except ToolkitError as exc:
        return Feedback(False, f"{answer!r} is not on the scale.", (exc.problem.message,), (how,))
    ev = progress_evidence(team, rules=rules)
    lo, hi = ev.suggested
    label = f"{score:.1f} ({PROGRESS_LABELS[score]})"
    details = list(ev.sentences)
    if ev.recorded is not None:
        details.append(f"The workspace's latest recorded score is {ev.recorded:.1f}.")
    span = f"{lo:.1f}-{hi:.1f}"
    if lo <= score <= hi:
        return Feedback(
            True, f"{label} fits the evidence (it supports {span}).", tuple(details),
            ("Write down the evidence next to the score: the chart signal, the cycles, the aim.",),
        )  # fmt: skip
    if score > hi:
        hint = {
            2.0: "Scores of 2.5 and above need tests of change (PDSA cycles) under way.",
            3.0: "Scores above 3.0 need a signal of improvement on the outcome measure's chart.",
            4.0: "4.0 and above mean the expected results are reached: the aim met.",
        }.get(hi, "The data do not yet show that much.")
        return Feedback(
            False, f"{label} is more than the data show yet (they support {span}).",
            tuple(details), (hint,),
        )  # fmt: skip
    return Feedback(
        False,
        f"{label} undersells the team: the data support {span}.",
        tuple(details),
        ("Give yourselves credit for what the charts show; the scale rewards evidence.",),
    )


# ------------------------------------------------------------------ exercise 2: sustaining
SUSTAIN_STATUSES = ("holding", "slipping", "too early", "no change adopted")
#: points needed after a change before judging whether it holds
MIN_AFTER = 8
#: at most this many points after the change set the new part's frozen limits
MAX_FREEZE = 12


@dataclass(frozen=True, slots=True)
class SustainResult:
    """Is the new level holding since a change? ``change_row`` is 0-based (None: no change)."""

    measure_id: str
    status: str
    change_row: int | None
    change_label: str | None
    freeze: int | None
    sentences: tuple[str, ...]
    chart_kwargs: dict[str, Any]

    def chart(self) -> ChartResult:
        """The measure's chart split into before/after the change (a ChartResult)."""
        kw = dict(self.chart_kwargs)
        if self.change_row is not None:
            kw["part"] = self.change_row  # the spec drops a freeze that does not apply to parts
        return compute_chart(**kw)


def _change_point(series: MeasureSeries, team: Team, since: Any) -> tuple[int | None, str | None]:
    """(first row of the new level, why) from ``since``, the last chart note, or the last adopt."""
    xs = pd.to_datetime(series.data["x"])
    if not is_blank(since):
        when = pd.Timestamp(since)
        rows = np.flatnonzero((xs >= when).to_numpy())
        if not rows.size:
            raise InputError(
                f"no data on or after {when.date()}",
                column="since",
                fix="give a date inside the measure's data",
            )
        return int(rows[0]), f"the change on {when.date()}"
    notes = series.data["note"].to_numpy(dtype=object)
    noted = [i for i, n in enumerate(notes) if isinstance(n, str) and n.strip()]
    if noted:
        i = noted[-1]
        return i, f"“{notes[i].strip()}” ({xs.iloc[i].strftime('%d %b %Y')})"
    adopted = team.pdsa[team.pdsa["act"] == "adopt"]
    if len(adopted):
        last = adopted.iloc[-1]
        when = pd.Timestamp(last["end"] if pd.notna(last["end"]) else last["start"])
        rows = np.flatnonzero((xs >= when).to_numpy())
        if rows.size:
            return int(rows[0]), f"adopting cycle {last['cycle_id']} ({when.date()})"
        return len(xs), f"adopting cycle {last['cycle_id']} ({when.date()})"
    return None, None


def sustain_status(
    team: Team, measure_id: str | None = None, *, since: Any = None, rules: str | None = None
) -> SustainResult:
    """Judge whether the measure's new level is holding since the team's latest change.

    The change is ``since`` (a date), else the last note on the measure's
    chart, else the end of the last adopted PDSA cycle. The points from the
    change on are charted alone with limits frozen on their first
    min(12, half) points; a signal the unwanted way after that means the
    level is slipping. Fewer than 8 points since the change is too early to say.

    >>> p = demo_programme
    >>> sustain_status(p.team("north")).status, sustain_status(p.team("south")).status
    ('holding', 'no change adopted')
    """
    measure_id = measure_id or main_measure_id(team)
    if measure_id is None:
        raise InputError(
            f"team {team.team_id} has no measures",
            file="measures.csv",
            fix="add the team's measures first",
        )
    series = team.measure_series(measure_id)
    kw = chart_kwargs_for(series, rules)
    name = str(series.measure.get("name") or measure_id)
    direction = kw["direction"] or "neutral"
    row, why = _change_point(series, team, since)
    if row is None:
        return SustainResult(
            measure_id, "no change adopted", None, None, None,
            (f"No change has been adopted yet and {name} has no notes marking one, so there "
             "is no new level to sustain. Come back to this once a change is adopted.",),
            kw,
        )  # fmt: skip
    count = len(series.data)
    after = count - row
    sentences = [f"The change: {why}; {after} points of {name} since then."]
    if after < MIN_AFTER or row < 2:
        sentences.append(
            f"Too early to judge: wait for at least {MIN_AFTER} points after the change "
            "before asking whether the new level holds."
        )
        return SustainResult(measure_id, "too early", row, why, None, tuple(sentences), kw)
    # each part's centre line from all its points: the level before and since the change
    split = compute_chart(**{**kw, "freeze": None, "part": row})
    before_cl, after_cl = (float(split.points["cl"].iloc[i]) for i in (0, row))
    moved = after_cl - before_cl
    good = (moved < 0) if direction == "decrease" else (moved > 0)
    way = "the better way" if direction != "neutral" and good else "the other way"
    if direction == "neutral":
        way = "(no direction of improvement set)"
    sentences.append(
        f"Centre line before the change {before_cl:.3g}, since the change {after_cl:.3g}: "
        f"moved {way}."
    )
    freeze = min(MAX_FREEZE, after // 2)
    new = series.data.iloc[row:].reset_index(drop=True)
    post_rules = "hcdg" if kw["chart"] != "run" else "ihi"
    post = compute_chart(**{**kw, "data": new, "freeze": freeze, "rules": post_rules})
    unwanted = {"decrease": "up", "increase": "down"}.get(direction)
    slips = [
        s
        for s in post.signal_spans
        if s.end >= freeze and (unwanted is None or s.direction == unwanted)
    ]
    if slips:
        status = "slipping"
        sentences.append(
            f"With limits frozen on the first {freeze} points after the change, later points "
            f"show a signal the unwanted way: {slips[-1].text}"
        )
    else:
        status = "holding"
        sentences.append(
            f"With limits frozen on the first {freeze} points after the change, the "
            f"{after - freeze} later points show no signal the unwanted way: the new level "
            "is holding."
        )
    if not good and direction != "neutral":
        sentences.append("But the new level is not better than the old one: is this the change?")
    return SustainResult(measure_id, status, row, why, freeze, tuple(sentences), kw)


_STATUS_WORDS = {
    "holding": "holding",
    "holds": "holding",
    "yes": "holding",
    "sustained": "holding",
    "slipping": "slipping",
    "no": "slipping",
    "not holding": "slipping",
    "too early": "too early",
    "too soon": "too early",
    "no change adopted": "no change adopted",
    "no change": "no change adopted",
    "nothing adopted": "no change adopted",
}


#: what a reading says, in the words people use, tried in this order
_STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern))
    for status, pattern in (
        ("no change adopted", r"\bno (?:change|changes) (?:adopted|yet|made)\b|\bno change\b|"
                              r"nothing (?:adopted|changed)|not adopted|no adopt"),
        ("too early", r"\btoo (?:early|soon)\b|not enough (?:points|data)|too few|"
                      r"early (?:days|to tell)|(?:can t|cannot) tell yet|wait and see"),
        ("slipping", r"\bslip\w*|\bnot (?:holding|sustained|lasting)|isn t holding|"
                     r"\bworse\w*|drift\w*|falling back|going back|lost it|not held"),
        ("holding", r"\bhold\w*|\bheld\b|sustain\w*|\bstable\b|maintain\w*|\blast\w*|"
                    r"\bstuck\b|\bkept\b"),
    )
)  # fmt: skip


def _status_of(answer: str) -> str | None:
    """The reading a participant gave, in the words of :data:`SUSTAIN_STATUSES`, or None.

    >>> _status_of("yes it's holding well"), _status_of("too early to tell"), _status_of("xyz")
    ('holding', 'too early', None)
    """
    words = " ".join(re.sub(r"[^a-z]+", " ", answer.lower()).split())  # "too-early!", "Holding."
    if words in _STATUS_WORDS:
        return _STATUS_WORDS[words]
    if not words or nonsense(words):
        return None
    for status, pattern in _STATUS_PATTERNS:
        if pattern.search(words):
            return status
    first = words.split()[0]
    return {"yes": "holding", "no": "slipping"}.get(first)


def check_sustain(
    answer: Any, team: Team, measure_id: str | None = None, *, since: Any = None
) -> Feedback:
    """Check the participant's reading of whether the new level is holding.

    ``answer`` is one of ``"holding"``, ``"slipping"``, ``"too early"`` or
    ``"no change adopted"`` (``True``/``False`` mean holding/slipping).
    """
    how = f"Answer one of: {', '.join(repr(s) for s in SUSTAIN_STATUSES)}."
    if is_blank(answer):
        return Feedback.not_answered(how)
    if isinstance(answer, bool):
        given: str | None = "holding" if answer else "slipping"
    else:
        given = _status_of(str(answer))
    if given is None:
        return Feedback(False, f"{answer!r} is not one of the choices.", hints=(how,))
    result = sustain_status(team, measure_id, since=since)
    if given == result.status:
        return Feedback(True, f"Yes: {result.status}.", result.sentences)
    hint = {
        "holding": "Look at the points after the change: do any fall outside the new limits "
        "or run on the old side?",
        "slipping": "A signal needs points beyond the new limits or a run of 8 the wrong way.",
        "too early": f"Count the points since the change: {MIN_AFTER} or more are needed.",
        "no change adopted": "Check the PDSA log for an adopt decision and the chart for notes.",
    }[result.status]
    return Feedback(
        False, f"Not quite: the chart engine says {result.status!r}.", result.sentences, (hint,)
    )


# ------------------------------------------------------------------ exercise 3: spread plan
#: the parts of a sustainability self-assessment answer and what each holds
SUSTAINABILITY_FIELDS: dict[str, str] = {
    "ratings": "each of the ten factors rated at a level (not in place, partly, mostly, "
    "fully in place)",
    "act_on": "the factor (or factors) to act on first",
    "action": "one thing the team will do about it, who and when",
}
#: how a factor may be named in an answer: its key, its key in words, or its name
_FACTOR_NAMES = {
    **{f.key: f.key for f in FACTORS},
    **{f.key.replace("_", " "): f.key for f in FACTORS},
    **{f.name.lower(): f.key for f in FACTORS},
}
_FACTOR_BY_KEY = {f.key: f for f in FACTORS}


def _factor_of(text: object) -> str | None:
    """The factor key ``text`` names: a close spelling, or a part of one factor's name only.

    >>> _factor_of("Fit with the organisation"), _factor_of("leaders"), _factor_of("staff")
    ('fit', None, None)
    """
    found = closest(text, _FACTOR_NAMES)
    if found is not None:
        return found
    words = text_key(text)
    inside = {v for k, v in _FACTOR_NAMES.items() if words and f" {words} " in f" {text_key(k)} "}
    return inside.pop() if len(inside) == 1 and len(words.split()) > 1 else None


def assessment_ratings(answer: Mapping[str, Any]) -> dict[str, Any]:
    """The ratings of a sustainability answer keyed by factor key (names and keys both
    accepted; blank ratings dropped), as :func:`~qiteach.tools.sustainability.sustainability_score`
    and :func:`~qiteach.plot.sustainability.plot_sustainability` take them.

    >>> assessment_ratings({"ratings": {"Senior leaders": "partly", "fit": "", "Benefits": 2}})
    {'senior_leaders': 'partly', 'benefits': 2}
    """
    ratings = answer.get("ratings") or {}
    return {_FACTOR_NAMES.get(text_key(k), str(k)): v for k, v in ratings.items()
            if not is_blank(v) and str(v).strip()}  # fmt: skip


def check_sustainability(answer: Mapping[str, Any] | None) -> Feedback:
    """Check a sustainability self-assessment: a dict of :data:`SUSTAINABILITY_FIELDS`.

    The ratings are the team's own judgement (no level is wrong); the check
    scores them (:func:`qiteach.tools.sustainability.sustainability_score`)
    and asks that the factor chosen to act on is one with the most to gain
    (ties all count) and that the action is something a person can do.

    >>> from qiteach.tools.sustainability import EXAMPLE_RATINGS
    >>> fb = check_sustainability({"ratings": EXAMPLE_RATINGS, "act_on": ["senior leaders"],
    ...                            "action": "Ask the partners' meeting to name an owner in May"})
    >>> fb.correct, fb.message
    (True, 'Total 16 of 30 (unweighted: every factor counts the same); you act on Senior leadership engagement.')
    >>> print(check_sustainability({"ratings": EXAMPLE_RATINGS, "act_on": ["monitoring"],
    ...                             "action": "Keep charting"}).details[0])
    Effectiveness of the system to monitor progress is already fully in place (0 points to gain).
    """  # noqa: E501
    how = "Fill in: " + "; ".join(f"{k}: {v}" for k, v in SUSTAINABILITY_FIELDS.items())
    if is_blank(answer) or (
        isinstance(answer, Mapping) and all(is_blank(v) for v in answer.values())
    ):
        return Feedback.not_answered(how)
    if not isinstance(answer, Mapping):
        return Feedback(False, "Your answer should be a dictionary.", hints=(how,))
    got = {str(k).strip().lower(): v for k, v in answer.items()}
    if not isinstance(got.get("ratings"), Mapping):
        return Feedback(False, "Rate every factor first.", hints=(how,))
    ratings = assessment_ratings(got)
    levels = f"Rate each factor: {', '.join(LEVELS)}."
    missing = [f.name for f in FACTORS if f.key not in ratings]
    if missing:
        n = len(missing)
        return Feedback(False, f"{n} factor{'s are' if n > 1 else ' is'} not rated yet.",
                        tuple(f"Not rated: {name}." for name in missing), (levels,))  # fmt: skip
    try:
        result = sustainability_score(ratings)
    except ToolkitError as exc:
        return Feedback(False, "A rating is not one of the levels.", (str(exc),), (levels,))
    chosen_raw = got.get("act_on")
    chosen_raw = [chosen_raw] if isinstance(chosen_raw, str) else list(chosen_raw or [])
    details: list[str] = list(result.sentences()[1:])
    hints: list[str] = []
    chosen: list[str] = []
    for item in chosen_raw:
        found = _factor_of(item)
        if found is None:
            details.insert(0, f"{item!r} is not one of the ten factors.")
        elif found not in chosen:
            chosen.append(found)
    best = {f.key for f in result.act_on}
    gain = dict(zip(result.factors["key"], result.factors["to_gain"], strict=True))
    for k in chosen:
        if gain[k] == 0:
            details.insert(0, f"{_FACTOR_BY_KEY[k].name} is already fully in place (0 points "
                              "to gain).")  # fmt: skip
    action = "" if is_blank(got.get("action")) else str(got.get("action")).strip()
    if not best:
        return Feedback(True, result.sentences()[0] + " Nothing left to act on.", tuple(details),
                        ("Rate it again in three months: things change.",))  # fmt: skip
    if not chosen:
        hints.append(
            "Choose the factor to act on first: the chart's orange bars have most to gain."
        )
    elif not best & set(chosen):
        top = "; ".join(f.name for f in result.act_on)
        hints.append(f"Start where there is most to gain: {top}.")
    if not action or nonsense(action) or len(content_words(action)) < 2:
        hints.append("Say one thing the team will do about it, e.g. who asks whom, and when.")
    if hints or any("0 points" in d or "not one of" in d for d in details):
        return Feedback(False, "Not yet: see below.", tuple(details), tuple(hints))
    names = "; ".join(_FACTOR_BY_KEY[k].name for k in chosen)
    return Feedback(
        True,
        f"{result.sentences()[0].rstrip('.')}; you act on {names}.",
        tuple(details),
        ("Rate the project again before the programme ends: has the factor moved?",),
    )


SPREAD_FIELDS: dict[str, str] = {
    "change": "the change to spread (one the team adopted)",
    "where": "where it will spread: the new practices or teams",
    "who": "who leads it and who the messenger is",
    "how": "the method (change package, template, buddy visit, training ...)",
    "measure": "how you will know it works there: a measure",
    "when": "a start date or timescale",
}
_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an and the to of for in on at by with from or is are be it its this that their our "
        "we you they them as into per each all any",
    )
)
_ROLES = re.compile(
    r"\b(gp|gps|doctor|nurse|hca|pharmacist|receptionist|reception|admin|practice manager|"
    r"manager|lead|champion|partner|team|pcn|director|coordinator|clinician|navigator|me|i)\b",
    re.I,
)
_METHODS = re.compile(
    r"\b(change package|package|template|protocol|sop|guide|toolkit|train\w*|teach\w*|"
    r"visit\w*|buddy|shadow\w*|mentor\w*|champion\w*|shar\w*|meeting\w*|webinar\w*|"
    r"demonstrat\w*|huddle\w*|newsletter|presentation|present\w*|workshop\w*|pilot\w*|"
    r"test\w*|pdsa|learning set|email\w*|show\w*|coach\w*|video)\b",
    re.I,
)
_MEASURE_WORDS = re.compile(
    r"(%|\b(rate|percent|percentage|number|count|per|proportion|chart|run chart|spc|"
    r"weekly|monthly|measure|data)\b)",
    re.I,
)
_WHEN = re.compile(
    r"\b(\d{4}|\d{1,2}/\d{1,2}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|"
    r"oct\w*|nov\w*|dec\w*|weeks?|months?|quarter|q[1-4]|spring|summer|autumn|winter)\b",
    re.I,
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


#: words every change idea may share, which do not make two ideas the same
_GENERIC = frozenset({"patients", "patient", "practice", "practices", "team", "staff", "free"})


def _stems(text: str) -> set[str]:
    return {w.removesuffix("s") for w in _words(text) if w not in _GENERIC}


def _same_idea(text: str, idea: str) -> bool:
    """True when ``text`` names the tested change ``idea``: two shared words, or most of it.

    >>> _same_idea("SMS reminders the day before", "Automatic SMS reminder 24 hours before")
    True
    >>> _same_idea("Free parking for patients", "Two-way SMS: reply CANCEL to free the slot")
    False
    """
    mine, theirs = _stems(text), _stems(idea)
    shared = mine & theirs
    return len(shared) >= 2 or (bool(shared) and len(shared) >= len(mine) / 2)


#: a place a change can spread to
_PLACE = re.compile(
    r"(?i:\b(?:practices?|surgery|surgeries|centres?|clinics?|pcns?|localit\w*|teams?|sites?|"
    r"branch\w*|wards?|services?|homes?|hubs?|neighbour\w*|other|next|north|south|east|west)\b)"
    r"|\b[A-Z][a-z]+\s+(?:[A-Z][a-z]+|View|Lane|Road|Street)\b",
)


def adopted_ideas(team: Team) -> list[str]:
    """Texts of the change ideas the team adopted (all tested ideas when none was adopted).

    >>> adopted_ideas(demo_programme.team("north"))[0][:20]
    'Automatic SMS remind'
    """
    log = _pdsa_log(team)
    ids = list(dict.fromkeys(c.node_id for c in log.cycles if c.act == "adopt" and c.node_id))
    ids = ids or log.change_idea_ids
    return [log.change_idea_text(i) for i in ids]


def check_spread_plan(plan: Mapping[str, Any] | None, team: Team) -> Feedback:
    """Check a spread plan (a dict with the keys of :data:`SPREAD_FIELDS`) for content.

    >>> north = demo_programme.team("north")
    >>> plan = {"change": "SMS reminders the day before", "where": "West and South practices",
    ...         "who": "Our practice manager leads; a receptionist explains it",
    ...         "how": "Share the template and a buddy visit", "measure": "Weekly DNA rate %",
    ...         "when": "Start October 2026"}
    >>> check_spread_plan(plan, north).passed
    True
    """
    how = "Fill in the dictionary: " + "; ".join(f"{k}: {v}" for k, v in SPREAD_FIELDS.items())
    if is_blank(plan) or (isinstance(plan, Mapping) and all(is_blank(v) for v in plan.values())):
        return Feedback.not_answered(how)
    if not isinstance(plan, Mapping):
        return Feedback(False, "Your plan should be a dictionary.", hints=(how,))
    plan = {str(k).strip().lower(): v for k, v in plan.items()}  # "Where" too
    text = {k: ("" if is_blank(plan.get(k)) else str(plan.get(k)).strip()) for k in SPREAD_FIELDS}
    good: list[str] = []
    hints: list[str] = []
    missing = [k for k, v in text.items() if not v]
    for k in missing:
        hints.append(f"{k}: still blank — {SPREAD_FIELDS[k]}.")
    ideas = adopted_ideas(team)
    if text["change"]:
        if any(_same_idea(text["change"], idea) for idea in ideas):
            good.append("change: it is one of the team's tested change ideas.")
        else:
            listed = "; ".join(ideas) or "none yet"
            hints.append(f"change: spread what your tests showed works. Tested ideas: {listed}.")
    if text["where"]:
        own = [p.strip() for p in str(team.info.get("practices") or "").split(";") if p.strip()]
        if not _PLACE.search(text["where"]) or nonsense(text["where"]):
            hints.append(
                f'where: "{text["where"]}" is not a place: name the practices, teams or '
                "PCN the change will spread to."
            )
        elif own and any(p.lower() in text["where"].lower() for p in own):
            hints.append(
                "where: those are the team's own practices — spread means places that have "
                "not tested the change yet."
            )
        else:
            good.append("where: a new place to spread to.")
    checks = (
        ("who", _ROLES, "who: name a person or role who leads it (e.g. the practice manager)."),
        ("how", _METHODS, "how: name a method — a change package, template, buddy visit, "
         "training session ..."),
        ("measure", _MEASURE_WORDS, "measure: say what you will measure (a rate, %, number) so "
         "you know it works there too."),
        ("when", _WHEN, "when: give a month, a date or a number of weeks."),
    )  # fmt: skip
    names = [str(m) for m in team.measures.get("name", pd.Series(dtype=str)).dropna()]
    for key, pattern, hint in checks:
        if not text[key]:
            continue
        ok = bool(pattern.search(text[key])) and not nonsense(text[key])
        if key == "measure" and not ok:
            ok = any(_words(text[key]) & _words(n) for n in names) and countable(text[key])
        if key == "measure" and ok and re.search(r"\b(?:better|improved?|good)\b", text[key]):
            ok = countable(text[key])
        if key == "when" and ok and date_problem(text[key]):
            ok, hint = False, f"when: {date_problem(text[key])}"
        if key == "who" and ok and vague_person(text[key]):
            ok, hint = False, f"who: {vague_person(text[key])}"
        (good.append(f"{key}: clear.") if ok else hints.append(hint))
    done = len(good)
    if done == len(SPREAD_FIELDS):
        ramp = "Test it small first: one new practice, then more (a ramp)."
        return Feedback(True, "A complete spread plan.", tuple(good), (ramp,))
    return Feedback(
        False, f"{done} of {len(SPREAD_FIELDS)} parts of the plan are there.", tuple(good),
        tuple(hints),
    )  # fmt: skip


# ------------------------------------------------------------------ sharing: storyboard
def storyboard_markdown(team: Team, *, rules: str | None = None) -> str:
    """The team's story as Markdown: aim, what the charts say, progress, PDSA work, learning.

    >>> text = storyboard_markdown(demo_programme.team("south"))
    >>> text.splitlines()[0]
    '## Structured medication reviews for people on many medicines — South Locality'
    """
    from qiteach.evaluation import team_aim, team_readings

    info = team.info
    lines = [
        f"## {info.get('project_title') or team.team_id} — {info.get('team_name') or ''}".rstrip(
            " —"
        ),
        "",
        f"**Aim.** {info.get('aim') or 'No aim written yet.'}",
        "",
        f"**Where we are.** {team_aim(team, rules=rules).sentence}",
        "",
        "**What the charts say.**",
        "",
    ]
    lines += [f"- {r.headline}" for r in team_readings(team, rules=rules)]
    lines += ["", "**PDSA cycles.** " + summarise(_pdsa_log(team)).as_text().replace("\n", " ")]
    if len(team.progress):
        lines += ["", f"**Progress.** {trajectory(team.progress).as_text()}"]
    for key, title in (("learning", "What we learned"), ("next_steps", "Next steps")):
        if info.get(key):
            lines += ["", f"**{title}.** {info[key]}"]
    return "\n".join(lines)


def _note_x(x: Any) -> str:
    """A chart point's x for the notes list: "12 Jan 2026" for a date."""
    stamp = pd.Timestamp(x) if not isinstance(x, str) else None
    return f"{stamp.day} {stamp:%b %Y}" if stamp is not None and not pd.isna(stamp) else str(x)


def storyboard(team: Team, *, measure_id: str | None = None, rules: str | None = None) -> Figure:
    """A one-page storyboard figure of the team's project (A4 landscape).

    Header with the project title and aim; the driver diagram; the main
    measure's chart with PDSA markers; the progress scores; what the team
    learned and its next steps. The panels' content is gathered here and drawn by
    :func:`qiteach.plot.storyboard.plot_storyboard`.
    """
    from qiteach.evaluation import team_aim
    from qiteach.exercises.common import team_driver_diagram
    from qiteach.plot.storyboard import StoryboardChart, plot_storyboard

    info = team.info
    title = f"{info.get('project_title') or team.team_id} — {info.get('team_name') or ''}"
    mid = measure_id or main_measure_id(team)
    chart = None
    if mid is not None:
        series = team.measure_series(mid)
        if len(series.data):
            chart = StoryboardChart(
                result=compute_chart(**chart_kwargs_for(series, rules)),
                name=str(series.measure.get("name") or mid),
                cycles={row["start"]: row["cycle_id"] for _, row in team.pdsa.iterrows()},
            )
    blocks = [
        ("What we tested", summarise(_pdsa_log(team)).as_text().splitlines()[0]),
        ("What we learned", str(info.get("learning") or "Not written yet.")),
        ("Next steps", str(info.get("next_steps") or "Not written yet.")),
    ]
    if chart is not None and "note" in chart.result.points.columns:
        points = chart.result.points
        notes = [
            f"{_note_x(x)}: {note}"
            for x, note in zip(points["x"], points["note"], strict=True)
            if isinstance(note, str) and note.strip()
        ]
        if notes:
            blocks.append(("Notes on the chart", "; ".join(notes) + "."))
    return plot_storyboard(
        title=title.rstrip(" —"),
        aim=str(info.get("aim") or "No aim written yet."),
        status=team_aim(team, rules=rules).sentence,
        diagram=team_driver_diagram(team),
        chart=chart,
        progress=team.progress,
        blocks=blocks,
    )


# ------------------------------------------------------------------ report preview
def key_figures(programme: Programme, team_id: str, *, rules: str | None = None) -> pd.DataFrame:
    """The key figures the team's evaluation report will show, one row each (figure, value).

    >>> kf = key_figures(demo_programme, "west")
    >>> kf["figure"].tolist()[:3]
    ['Aim', 'Outcome measure', 'Progress score']
    """
    from qiteach.evaluation import attendance_summary, team_aim, team_readings
    from qiteach.pdsa import quality_score

    team = programme.team(team_id)
    aim = team_aim(programme, team_id, rules=rules)
    rows = [("Aim", aim.status), ("Outcome measure", aim.sentence)]
    if len(team.progress):
        t = trajectory(team.progress)
        rows.append(("Progress score", f"{t.latest:.1f} ({PROGRESS_LABELS[t.latest]})"))
        rows.append(("Progress change", f"{t.change:+.1f} since {t.frame['date'].iloc[0].date()}"))
    log = _pdsa_log(team)
    s = summarise(log)
    rows.append(("PDSA cycles", f"{s.n_cycles} on {len(s.change_ideas)} change ideas"))
    rows.append(("Decisions", ", ".join(f"{n} {a}" for a, n in s.acts.items() if n) or "none"))
    if s.n_cycles:
        q = quality_score(log, measurements=team.measurements)
        rows.append(("PDSA quality (Taylor 2014)", f"{q.total:.1f} of 5"))
    for r in team_readings(programme, team_id, rules=rules):
        rows.append((f"Measure: {r.name}", r.verdict))
    att = attendance_summary(programme)
    if att.status == "available" and not att.matrix.empty:
        teams = att.matrix.index.get_level_values("team_id")
        if team_id in teams:
            mine = att.matrix[teams == team_id]
            rows.append(("Session attendance", f"{np.nanmean(mine.to_numpy()):.0%}"))
    return pd.DataFrame(rows, columns=["figure", "value"])
