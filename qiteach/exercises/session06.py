"""Session 6 self-checks and helpers: variation, the red beads and the run-chart rules.

:func:`simulate_red_beads` runs Deming's red bead experiment (seeded);
:func:`red_bead_chart` puts every paddle on a p chart. The checks compute
their answers with the chart engine: :func:`check_bonus` (who deserves the
bonus?), :func:`check_median`, :func:`check_runs` (longest run and crossings)
and :func:`check_rules_fired` (which rules fired on the team's own chart).

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

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "WORKERS",
    "check_bonus",
    "check_median",
    "check_rules_fired",
    "check_runs",
    "red_bead_chart",
    "run_chart_rules",
    "simulate_red_beads",
    "team_run_chart",
]

#: the willing workers (names as in the shipped ``red-beads`` dataset)
WORKERS: tuple[str, ...] = ("Ann", "Bilal", "Carys", "Dev", "Erin", "Femi")
#: answers meaning "nobody" (also with more words after: "None of them", "Nobody - it's luck")
_NOBODY = re.compile(
    r"^(nobody|no one|noone|no-one|none|no worker|the system|system|everyone|all)\b"
)


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
    name = next((w for w in totals.index if w.lower() == given), None)
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
    try:
        given = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return Feedback(False, f"{answer!r} is not a number.", hints=("Give a single number.",))
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
