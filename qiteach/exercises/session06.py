"""Session 6 self-checks and helpers: variation, the red beads and the run-chart rules.

:func:`simulate_red_beads` runs Deming's red bead experiment (seeded);
:func:`red_bead_chart` puts every paddle on a p chart. The checks compute
their answers with the chart engine: :func:`check_bonus` (who deserves the
bonus?), :func:`check_median`, :func:`check_runs` (longest run and crossings)
and :func:`check_rules_fired` (which rules fired on the team's own chart);
:func:`check_astronomical` asks for a judgement (IHI's astronomical data point)
and compares it with qiteach's suggestion, never a signal.

>>> beads = simulate_red_beads(seed=6)
>>> beads.shape, list(beads.columns)
((24, 4), ['day', 'worker', 'red_beads', 'paddle'])
>>> check_median(None, beads["red_beads"]).correct is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.charts import RULE_NAMES, ChartResult, compute_chart
from qiteach.charts.explain import format_number
from qiteach.charts.rules import RULE_SETS, fitting_rules
from qiteach.charts.rules import rule as find_rule
from qiteach.exceptions import ToolkitError
from qiteach.exercises.feedback import Feedback, as_list, is_blank, list_expected
from qiteach.wording import number_in

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "ASTRONOMICAL_DATA",
    "NO_POINT",
    "WORKERS",
    "check_astronomical",
    "check_bonus",
    "check_median",
    "check_rules_fired",
    "check_runs",
    "red_bead_chart",
    "run_chart_rules",
    "simulate_red_beads",
    "team_run_chart",
    "week_options",
]

#: the willing workers (names as in the shipped ``red-beads`` dataset)
WORKERS: tuple[str, ...] = ("Ann", "Bilal", "Carys", "Dev", "Erin", "Femi")
#: answers meaning "nobody" (also with more words after: "None of them", "Nobody - it's luck")
_NOBODY = re.compile(r"^(nobody|no one|noone|no-one|none|no worker|no body|the system|system)\b")
#: everyone getting the bonus avoids ranking, but does not answer who earned it
_EVERYONE = re.compile(r"^(everyone|everybody|all|all of them|them all|the whole team)\b")


def simulate_red_beads(
    *,
    workers: Sequence[str] = WORKERS,
    days: int = 4,
    paddle: int = 50,
    red: int = 800,
    white: int = 3200,
    seed: int = 2026,
) -> pd.DataFrame:
    """Deming's red bead experiment: each worker draws a paddle of beads each day.

    Beads are drawn without replacement from a bowl of ``red`` red and
    ``white`` white beads (a hypergeometric draw), then returned. Same
    ``seed``, same result. Columns: day, worker, red_beads, paddle.

    >>> simulate_red_beads(workers=["Ann", "Bilal"], days=1, seed=1)["red_beads"].tolist()
    [9, 9]
    """
    if days < 1 or paddle < 1 or not workers:
        raise ToolkitError(
            "the experiment needs at least one worker, one day and a paddle of 1 or more beads",
            column="days" if days < 1 else ("paddle" if paddle < 1 else "workers"),
            fix="e.g. workers=WORKERS, days=4, paddle=50",
        )
    if red < 0 or white < 0 or paddle > red + white:
        raise ToolkitError(
            f"a paddle of {paddle} cannot come from a bowl of {red + white} beads",
            column="paddle",
            fix="use more beads in the bowl or a smaller paddle",
        )
    rng = np.random.default_rng(seed)
    n = days * len(workers)
    draws = rng.hypergeometric(red, white, paddle, size=n)
    return pd.DataFrame(
        {
            "day": np.repeat(np.arange(1, days + 1), len(workers)),
            "worker": list(workers) * days,
            "red_beads": draws.astype(int),
            "paddle": paddle,
        }
    )


def red_bead_chart(beads: pd.DataFrame) -> ChartResult:
    """A p chart (as %) of red beads per paddle, one point per draw in order.

    Points are labelled "D1 Ann", "D1 Bilal", ... so the chart names the worker.
    """
    labels = [f"D{d} {w}" for d, w in zip(beads["day"], beads["worker"], strict=True)]
    return compute_chart(
        x=labels, y=beads["red_beads"], n=beads["paddle"], chart="p", rules="hcdg", multiply=100
    )


def check_bonus(answer: str | None, beads: pd.DataFrame) -> Feedback:
    """Who should get the bonus for the fewest red beads? Feedback from the p chart."""
    if is_blank(answer):
        return Feedback.not_answered('Name a worker, or write "nobody".')
    result = red_bead_chart(beads)
    totals = beads.groupby("worker", sort=False)["red_beads"].sum()
    pts = result.points
    lo, hi = float(pts["lcl"].iloc[0]), float(pts["ucl"].iloc[0])
    outside = [str(x) for x, flag in zip(pts["x"], pts["sigma_signal"], strict=True) if flag]
    if outside:
        # every worker draws from the same bowl: a draw beyond 3 sigma here is a false alarm
        limits = (
            f"{' and '.join(outside)} fell outside the limits ({lo:.1f}% to {hi:.1f}%) by "
            "chance: every worker drew from the same bowl in the same way"
        )
    else:
        limits = f"every draw lies between the limits ({lo:.1f}% to {hi:.1f}%)"

    def who(total: int) -> str:
        return " and ".join(str(w) for w in totals.index[totals == total])

    spread = (
        f"Totals ran from {int(totals.min())} ({who(totals.min())}) to {int(totals.max())} "
        f"({who(totals.max())}) red beads over {beads['day'].nunique()} days."
    )
    given = " ".join(re.sub(r"[^\w\s-]", " ", str(answer).lower()).split())
    if _NOBODY.match(given):
        return Feedback(
            True,
            f"Right: {limits}, so the differences between workers are common-cause variation.",
            (spread, "The red beads come from the bowl (the system), not from the workers."),
            ("Who could change the bowl? Only management can change the system.",),
        )
    if _EVERYONE.match(given):
        return Feedback(
            False,
            "Everyone getting the same bonus avoids ranking them, but the question is who "
            "earned a bonus for the fewest red beads: did anyone?",
            (spread,),
            ("Look at the p chart: is any worker's point a special cause?",),
        )
    name = next((w for w in totals.index if w.lower() == given), None)
    named = [w for w in totals.index if re.search(rf"\b{re.escape(w.lower())}\b", given)]
    if name is None and len(named) > 1:
        return Feedback(
            False,
            f"{' and '.join(named)} drew {', '.join(str(int(totals[w])) for w in named)} red "
            f"beads, but {limits}.",
            (spread, "Ranking workers on common-cause variation rewards luck, not skill."),
            ("Look at the p chart: is any worker's point a special cause?",),
        )
    if name is None and len(named) == 1:
        name = named[0]
    if name is None:
        return Feedback(
            False,
            f'"{answer}" is not one of the workers ({", ".join(totals.index)}).',
            hints=('Name a worker, or write "nobody".',),
        )
    return Feedback(
        False,
        f"{name} drew {int(totals[name])} red beads in total, but {limits}.",
        (spread, "Ranking workers on common-cause variation rewards luck, not skill."),
        ("Look at the p chart: is any worker's point a special cause?",),
    )


def _run_values(values: Any) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        if "y" not in values.columns:
            raise ToolkitError(
                "the data have no y column", column="y", fix="pass the chart-run dataset"
            )
        values = values["y"]
    return pd.Series(values, dtype=float)


def check_median(answer: float | None, values: Any) -> Feedback:
    """Check the median of a run chart's values (computed with the chart engine).

    >>> print(check_median(6, [3, 9, 5, 7, 8]))
    [not quite] Not quite: 6 is not the median.
      hint: Sort the 5 values; the median is the middle one (with an even count, the average of
      the middle two).
    >>> check_median(7, [3, 9, 5, 7, 8]).correct
    True
    """
    if is_blank(answer):
        return Feedback.not_answered("Give the median as a number, e.g. my_median = 130.")
    y = _run_values(values)
    median = float(compute_chart(y=y, chart="run").points["cl"].iloc[0])
    number = number_in(answer)
    if number is None:
        return Feedback(False, f"{answer!r} is not a number.", hints=("Give a single number.",))
    given = number
    if abs(given - median) <= 1e-9 * max(1.0, abs(median)):
        above = int((y > median).sum())
        below = int((y < median).sum())
        return Feedback(
            True,
            f"Right: the median is {format_number(median)}.",
            (
                f"{above} points lie above it, {below} below and {len(y) - above - below} on it "
                "(points on the median are not 'useful' for the run rules).",
            ),
        )
    hint = (
        f"Sort the {len(y)} values; the median is the middle one (with an even count, the "
        "average of the middle two)."
    )
    if abs(given - float(y.mean())) < 1e-9:
        hint = "That is the mean (average); run charts use the median. " + hint
    return Feedback(False, f"Not quite: {format_number(given)} is not the median.", hints=(hint,))


def check_runs(answer: Mapping[str, int] | None, values: Any) -> Feedback:
    """Check the longest run and the number of crossings of a run chart (Anhøj rules).

    >>> fb = check_runs({"longest_run": 6, "crossings": 1}, list(range(1, 13)))
    >>> fb.correct, fb.details[-1]
    (True, 'Anhøj rules for 12 useful points: a run longer than 7 or fewer than 3 crossings \
signals a shift. Here: few crossings.')
    """
    how = 'Fill in my_runs = {"longest_run": ..., "crossings": ...} with two whole numbers.'
    if is_blank(answer):
        return Feedback.not_answered(how)
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            'Name each count: my_runs = {"longest_run": ..., "crossings": ...}.',
            hints=(how,),
        )
    answer = {re.sub(r"[\s-]+", "_", str(k).strip().lower()): v for k, v in answer.items()}
    result = compute_chart(y=_run_values(values), chart="run", rules="anhoej")
    part = result.parts.iloc[0]
    expected = {"longest_run": int(part["longest_run"]), "crossings": int(part["n_crossings"])}
    details, wrong = [], []
    tips = {
        "longest_run": "Count points in a row on the same side of the median; skip points on it.",
        "crossings": "Count how often the line joining the points crosses the median line.",
    }
    for key, value in expected.items():
        given = answer.get(key)
        if is_blank(given):
            wrong.append(key)
            details.append(f"{key} is missing.")
            continue
        try:
            number = float(given)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = float("nan")
        ok = number.is_integer() and int(number) == value
        if ok:
            details.append(f"{key} = {value}: right.")
        else:
            wrong.append(key)
            details.append(f"{key} = {given}: not quite. {tips[key]}")
    fired = sorted({s.rule.replace("_", " ") for s in result.signal_spans})
    details.append(
        f"{RULE_SETS['anhoej'].title} for {int(part['n_useful'])} useful points: a run longer than "
        f"{int(part['longest_run_max'])} or fewer than {int(part['n_crossings_min'])} crossings "
        "signals a shift. Here: "
        f"{', '.join(fired) if fired else 'no signal'}."
    )
    if not wrong:
        return Feedback(True, "Both counts are right.", tuple(details))
    return Feedback(
        False,
        f"{len(expected) - len(wrong)} of 2 counts right.",
        tuple(details),
        ("The explorer below shows the same counts: paste the values in and compare.",),
    )


def team_run_chart(
    team: Team, measure_id: str | None = None, *, rules: str = "anhoej"
) -> tuple[ChartResult, dict[str, Any]]:
    """A run chart of one of the team's measures (default: its first outcome measure).

    Returns ``(result, measure)``: the :class:`ChartResult` and the measure's row.
    """
    measures = team.measures
    if measure_id is None:
        outcome = measures[measures["type"] == "outcome"]
        pick = outcome if len(outcome) else measures
        if not len(pick):
            raise ToolkitError(
                f"team {team.team_id} has no measures",
                file="measures.csv",
                fix="add the team's measures to the workspace",
            )
        measure_id = str(pick["measure_id"].iloc[0])
    series = team.measure_series(measure_id)
    return series.compute(run_chart_rules(rules), chart="run"), series.measure


def run_chart_rules(rules: str | None) -> str:
    """The run-chart rule set to use for a programme's ``rules`` setting.

    Run charts have two rule sets, Anhøj and IHI (qi-methods.md §5). A
    programme set to a control-chart rule set (hcdg, mdc) gets Anhøj, the
    default, on its run charts.

    >>> run_chart_rules("ihi"), run_chart_rules("hcdg"), run_chart_rules(None)
    ('ihi', 'anhoej', 'anhoej')
    """
    return fitting_rules(rules, "run")


def _words(key: str) -> tuple[str, ...]:
    """Words in a legend label (or typed by a learner) that name the rule ``key``."""
    found = find_rule(key)
    return found.words if found is not None else ()


def _look_for(key: str) -> str:
    """What to look for on the chart when the rule ``key`` fired but was missed."""
    found = find_rule(key)
    if found is None or found.look_for is None:
        return "look for its marker in the legend."
    return found.look_for


def _rule_set(answer: Iterable[str] | str, names: Sequence[str]) -> set[str]:
    """Rule names from a learner's list: short names or the chart legend's words."""
    if isinstance(answer, str):
        answer = [answer]
    out: set[str] = set()
    for item in answer:
        text = " ".join(str(item).strip().lower().replace("_", " ").split())
        if not text or text in ("none", "nothing", "no signal"):
            continue
        if text.replace(" ", "_") in names:
            out.add(text.replace(" ", "_"))
            continue
        hits = [n for n in names if any(w in text for w in _words(n))]
        out.add(hits[0] if len(hits) == 1 else text.replace(" ", "_"))
    return out


def check_rules_fired(answer: Iterable[str] | str | None, result: ChartResult | None) -> Feedback:
    """Which rules fired on a chart? ``answer`` is a list of rule names ([] for none).

    ``result`` is None when the team has no chart yet (see
    :func:`qiteach.exercises.plots.plot_team_run_chart`).

    Rules may be given by their short names (``"long_run"``) or in the words of
    the chart's legend (``"Unusually few crossings of the centre line"``).

    >>> r = compute_chart(y=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], rules="anhoej")
    >>> print(check_rules_fired(["long_run"], r))
    [not quite] You found 0 of the 1 rules that fired.
      - long_run did not fire: the longest run is 6, and a signal needs more than 7.
      - Another rule fired too: count how often the line crosses the median.
      hint: The run-chart rules of the anhoej rule set: long_run, few_crossings.
    >>> check_rules_fired(["Unusually few crossings of the centre line"], r).correct
    True
    """
    if result is None:
        return Feedback.not_answered(
            "Your team has no run chart yet: add a measure and its data to the workspace."
        )
    if answer is None or answer is Ellipsis:
        return Feedback.not_answered('List the rules that fired, e.g. ["long_run"] (or []).')
    if as_list(answer) is None:
        return list_expected(answer, '["long_run"], or [] if no rule fired')
    names = RULE_NAMES[result.rules]
    if result.chart == "run":
        names = tuple(n for n in names if n != "outside_limits")  # no limits on a run chart
    given = _rule_set(answer, names)
    fired: dict[str, str] = {}
    for s in result.signal_spans:
        fired.setdefault(s.rule, s.text)
    part = result.parts.iloc[-1]
    details = []
    for rule in sorted(given - set(fired)):
        if rule not in names:
            details.append(f"{rule} is not a rule of the {result.rules} rule set.")
        elif rule == "long_run":
            details.append(
                f"long_run did not fire: the longest run is {int(part['longest_run'])}, and a "
                f"signal needs more than {int(part['longest_run_max'])}."
            )
        else:
            details.append(f"{rule} did not fire on this chart.")
    missed = [r for r in fired if r not in given]
    details += [f"Another rule fired too: {_look_for(r)}" for r in missed]
    found = [r for r in fired if r in given]
    if not missed and given <= set(fired):
        if not fired:
            return Feedback(True, "Right: no rule fired, so this is common-cause variation.")
        return Feedback(
            True,
            f"Right: {', '.join(fired)}.",
            tuple(fired.values()),
            ("Now ask: is the signal in the direction you want, and what caused it?",),
        )
    return Feedback(
        False,
        f"You found {len(found)} of the {len(fired)} rules that fired.",
        tuple(details),
        (f"The {result.chart}-chart rules of the {result.rules} rule set: {', '.join(names)}.",),
    )


# ------------------------------------------------------------------ astronomical point
#: The teaching dataset of the astronomical-point exercise and its columns.
ASTRONOMICAL_DATA = ("bp-checks-weekly", "week", "readings")
#: What a participant answers when no point stands out.
NO_POINT = "none"


def _week_label(when: Any) -> str:
    return f"{pd.Timestamp(when):%d %b %Y}".lstrip("0")


def week_options(data: pd.DataFrame, *, x: str = "week") -> list[tuple[str, str]]:
    """The choices of the exercise's form: every week as ``(label, ISO date)``, then none.

    >>> week_options(pd.DataFrame({"week": pd.to_datetime(["2025-09-29"])}))
    [('29 Sep 2025', '2025-09-29'), ('none: no point stands out', 'none')]
    """
    weeks = [(_week_label(w), f"{pd.Timestamp(w):%Y-%m-%d}") for w in data[x]]
    return [*weeks, (f"{NO_POINT}: no point stands out", NO_POINT)]


def check_astronomical(
    answer: Any, data: pd.DataFrame, *, x: str = "week", y: str = "readings"
) -> Feedback:
    """Check a participant's judgement of IHI's astronomical-data-point rule.

    ``answer`` is the week (a date, e.g. ``"2025-11-24"`` or ``"24/11/2025"``)
    of the point the participant judges astronomical, or ``"none"``. The
    rule is a judgement (:data:`qiteach.charts.rules.ihi.ASTRONOMICAL`), so
    the check compares the answer with qiteach's *suggestion*
    (:func:`qiteach.charts.astronomical.astronomical_candidates`) and says so.

    >>> d = pd.DataFrame({"week": pd.date_range("2025-09-29", periods=10, freq="7D"),
    ...                   "readings": [40, 38, 44, 41, 39, 150, 42, 37, 40, 43]})
    >>> check_astronomical("2025-11-03", d).message
    '3 Nov 2025 (150) stands far from the rest: most people would agree it is astronomical.'
    >>> print(check_astronomical("13/10/2025", d).message)
    13 Oct 2025 (44) is the highest of the other weeks, not far from the rest.
    """
    from qiteach.charts.astronomical import SUGGESTION, astronomical_candidates
    from qiteach.dates import parse_one

    if is_blank(answer) or (isinstance(answer, str) and not answer.strip()):
        return Feedback.not_answered(
            f'Give the week of the point (e.g. "2025-11-24"), or "{NO_POINT}".'
        )
    values = pd.to_numeric(data[y], errors="coerce").to_numpy(dtype=float)
    weeks = pd.to_datetime(data[x]).dt.normalize()
    picked = [weeks.iloc[i] for i in astronomical_candidates(values)]
    median = float(np.nanmedian(values))
    judged = (SUGGESTION,)
    said = str(answer).strip().lower()
    if said in (NO_POINT, "no", "nothing", "no point"):
        if not picked:
            return Feedback(True, "Agreed: no point stands far from the rest.", judged)
        first = picked[0]
        value = values[int(np.flatnonzero(weeks == first)[0])]
        return Feedback(
            False,
            "Look again: one week stands far from the rest.",
            judged,
            (f"Compare the tallest point with the median ({format_number(median)}): would "
             f"anyone in the room disagree that it is unusual?",),
        )  # fmt: skip
    if number_in(answer) is not None and not re.search(r"[/-]", str(answer)):
        return Feedback(
            False,
            f"{answer!r} is a number: give the week's date instead.",
            hints=(f'e.g. "{weeks.iloc[0]:%Y-%m-%d}" for the first week, or "{NO_POINT}".',),
        )
    try:
        when = parse_one(answer).normalize()
    except (ValueError, TypeError, OverflowError):
        return Feedback(
            False,
            f"{answer!r} is not a week on the chart.",
            hints=(f'Give the week\'s date, e.g. "{weeks.iloc[0]:%Y-%m-%d}", or "{NO_POINT}".',),
        )
    at = np.flatnonzero((weeks <= when) & (when < weeks + pd.Timedelta(days=7)))  # any day of it
    if not len(at):
        return Feedback(
            False,
            f"{_week_label(when)} is not a week on the chart.",
            hints=(f"The weeks run from {_week_label(weeks.iloc[0])} to "
                   f"{_week_label(weeks.iloc[-1])}, each a Monday.",),
        )  # fmt: skip
    value = values[int(at[0])]
    when = weeks.iloc[int(at[0])]
    label = f"{_week_label(when)} ({format_number(value)})"
    if when in picked:
        notes = data["note"] if "note" in data.columns else pd.Series([""] * len(data))
        note = "" if is_blank(notes.iloc[int(at[0])]) else str(notes.iloc[int(at[0])]).strip()
        hint = (f"The chart's note says: {note}. What can the team learn from that week?"
                if note else "Ask what happened that week before acting on it.")  # fmt: skip
        return Feedback(
            True,
            f"{label} stands far from the rest: most people would agree it is astronomical.",
            judged,
            (hint,),
        )
    others = np.delete(values, [int(np.flatnonzero(weeks == p)[0]) for p in picked])
    high = ""
    if value >= np.nanmax(others) or value <= np.nanmin(others):
        high = "highest" if value >= np.nanmax(others) else "lowest"
    what = (f"is the {high} of the other weeks, not far from the rest" if high else
            "is close to the other weeks")  # fmt: skip
    return Feedback(
        False,
        f"{label} {what}.",
        judged,
        ("Every chart has a highest and a lowest point; astronomical means obviously "
         "different from all the rest.",),
    )  # fmt: skip
