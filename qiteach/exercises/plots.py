"""Drawings for the session notebooks: a team's driver diagram, sampling spread, a
team's run and control charts and the programme's progress scores.

The ``plot_team_*`` helpers draw from a team's own workspace data. A new team
may not have a measure or data yet: then they print the reason ("No chart yet:
...") and return None instead of raising, so the rest of the notebook runs.

``plot_sampling`` is drawn in :mod:`qiteach.plot.sessions` and re-exported here for
the notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.axes import Axes

from qiteach.charts import ChartResult, compute_chart
from qiteach.drivers import DriverDiagram
from qiteach.exceptions import InputError, ToolkitError
from qiteach.exercises.session06 import run_chart_rules, team_run_chart
from qiteach.exercises.session07 import main_measure_id, xmr_kwargs
from qiteach.plot.chart import plot_chart
from qiteach.plot.drivers import plot_driver_diagram
from qiteach.plot.progress import plot_progress
from qiteach.plot.sessions import plot_sampling
from qiteach.plot.style import plain_text

if TYPE_CHECKING:
    from qiteach.exercises.session08 import SustainResult
    from qiteach.workspace.model import MeasureSeries, Team

__all__ = [
    "NO_DIAGRAM",
    "plot_programme_progress",
    "plot_sampling",
    "plot_team_diagram",
    "plot_team_frozen",
    "plot_team_mdc",
    "plot_team_run_chart",
    "plot_team_sustain",
]

#: what a team with no driver boxes yet sees instead of its diagram (session 3)
NO_DIAGRAM = (
    "Your team has no driver diagram yet (no drivers in drivers.csv): that is what this "
    "session is for. Build it with the builder in section 3 below."
)


@plain_text
def plot_team_diagram(diagram: DriverDiagram, *, title: str | None = None) -> Axes | None:
    """Draw a team's driver diagram, or print :data:`NO_DIAGRAM` when it has no drivers yet.

    Teams often reach session 3 with only an aim: that is a starting point, not
    an error, so nothing is drawn and None is returned.

    >>> plot_team_diagram(DriverDiagram("Fewer DNAs from 8% to 5% by March 2027")) is None
    Your team has no driver diagram yet (no drivers in drivers.csv): that is what this session is for. Build it with the builder in section 3 below.
    True
    """  # noqa: E501
    if not diagram.primaries:
        print(NO_DIAGRAM)
        return None
    return plot_driver_diagram(diagram, title=title)


@plain_text
def plot_programme_progress(progress: pd.DataFrame, *, names: dict[str, str]) -> Axes | None:
    """Every team's progress scores (session 8), or a printed note when none are recorded.

    A programme that has not scored its teams yet is not an error: the note says
    where the scores go, and None is returned.

    >>> plot_programme_progress(pd.DataFrame({"team_id": [], "score": []}), names={})
    No progress scores recorded yet in this programme: teams add dated 0.5-5.0 scores to progress.csv.
    """  # noqa: E501
    if not len(progress):
        print(
            "No progress scores recorded yet in this programme: teams add dated 0.5-5.0 "
            "scores to progress.csv."
        )
        return None
    return plot_progress(progress, names=names)


@plain_text
def plot_team_run_chart(
    team: Team, measure_id: str | None = None, *, rules: str | None = None
) -> ChartResult | None:
    """Draw a team's run chart (default: its first outcome measure) and return its result.

    A new team may have no measure or no data yet: then the reason is printed
    ("No run chart yet: ...") and None is returned, instead of an error.
    ``rules`` is the programme's rule set (run charts use Anhøj or IHI).
    """
    if not len(team.measures):
        measure_id = None  # the reason to show is "no measures", not "no measure <id>"
    try:
        result, measure = team_run_chart(team, measure_id, rules=run_chart_rules(rules))
    except InputError as exc:  # no measures, an unknown measure, no data points ...
        print(f"No run chart yet: {exc}")
        return None
    plot_chart(result, title=str(measure["name"]), ylabel=str(measure["unit"] or ""))
    return result


def _main_series(team: Team) -> MeasureSeries:
    """The team's main measure (first outcome measure) as a MeasureSeries."""
    measure_id = main_measure_id(team)
    if measure_id is None:
        raise ToolkitError(
            f"team {team.team_id} has no measures yet",
            file="measures.csv",
            fix="add the team's measures and their data, then run the notebook again",
        )
    return team.measure_series(measure_id)


@plain_text
def plot_team_mdc(team: Team) -> ChartResult | None:
    """Session 7: the team's main measure as a Making Data Count XmR chart (or why not)."""
    try:
        series = _main_series(team)
        result = compute_chart(**xmr_kwargs(series))
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    name, unit = series.measure["name"], series.measure["unit"]
    plot_chart(result, title=f"{name} (Making Data Count XmR)", ylabel=unit, show_values=False)
    return result


@plain_text
def plot_team_frozen(team: Team, *, rules: str | None = None) -> ChartResult | None:
    """Session 7: the team's main measure with limits frozen on its baseline (or why not)."""
    try:
        series = _main_series(team)
        result = compute_chart(**series.chart_kwargs(rules))
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    plot_chart(result, title=f"{series.measure['name']} (baseline frozen)", show_values=False)
    return result


@plain_text
def plot_team_sustain(team: Team, *, since: Any = None) -> SustainResult | None:
    """Session 8: the main measure before and after the team's change (or why not)."""
    from qiteach.exercises.session08 import sustain_status  # sessions 3-7 need none of it

    try:
        sustain = sustain_status(team, since=since)
        name = team.measure_series(sustain.measure_id).measure["name"]
        result = sustain.chart()
    except InputError as exc:
        print(f"No chart yet: {exc}")
        return None
    plot_chart(result, title=f"{name}: before and after the change", show_values=False)
    return sustain
