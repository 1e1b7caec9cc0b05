"""The loaded programme: typed tables plus handy per-team and per-measure views.

:class:`Programme` is what :func:`qiteach.open_workspace` returns. It only
prepares data; drawing and chart maths live elsewhere, so a measure is handed
over as a :class:`MeasureSeries`: its :meth:`~MeasureSeries.spec` is the chart's
settings (a ``qiteach.charts.ChartSpec``), :meth:`~MeasureSeries.compute` the chart,
and :meth:`~MeasureSeries.chart_kwargs` feed ``qiteach.charts.compute_chart`` directly::

    ms = programme.team("north").measure_series("dna_rate")
    result = compute_chart(**ms.chart_kwargs())     # the same as ms.compute()

>>> import pandas as pd
>>> measure = {"team_id": "north", "measure_id": "dna", "chart": "p", "direction": "decrease",
...            "target": 5.0, "multiply": 100.0, "baseline_points": 12}
>>> data = pd.DataFrame({"x": pd.to_datetime(["2025-01-06"]), "y": [3.0], "n": [40.0],
...                      "note": [None]})
>>> MeasureSeries(measure, data, "anhoej").spec()  # doctest: +NORMALIZE_WHITESPACE
ChartSpec(chart='p', rules='anhoej', freeze=12, part=(), exclude=(), direction='decrease',
          target=5.0, multiply=100.0, screen_mr=True)
>>> kw = MeasureSeries(measure, data, "anhoej").chart_kwargs()
>>> {k: v for k, v in kw.items() if k != "data"}
{'x': 'x', 'y': 'y', 'n': 'n', 'notes': 'note', 'chart': 'p', 'rules': 'anhoej', 'freeze': 12, \
'part': None, 'exclude': None, 'direction': 'decrease', 'target': 5.0, 'multiply': 100.0, \
'screen_mr': True}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.exceptions import Problem, WorkspaceError
from qiteach.suggest import closest, did_you_mean
from qiteach.workspace.checks import RATIO_CHARTS

if TYPE_CHECKING:  # the workspace layer does not import the chart engine at run time
    from qiteach.charts.result import ChartResult
    from qiteach.charts.spec import ChartSpec

__all__ = ["MeasureSeries", "Programme", "Team"]

_TEAM_TABLES = ("drivers", "measures", "measurements", "pdsa", "progress", "stakeholders")
_PERSON_TABLES = ("attendance", "survey", "feedback", "learning")


def _clean(value: Any) -> Any:
    """NA → None, numpy scalars → Python, Timestamps stay Timestamps."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _row_dict(df: pd.DataFrame, i: int) -> dict[str, Any]:
    return {c: _clean(df[c].iat[i]) for c in df.columns}


@dataclass
class MeasureSeries:
    """One measure's data, ready for the chart engine.

    ``data`` has columns ``x`` (period), ``y`` (value, or numerator for p/pp/u/up
    charts), ``n`` (denominator; empty for value charts) and ``note``, sorted by
    period. ``measure`` is the measure's row as a dict.
    """

    measure: dict[str, Any]
    data: pd.DataFrame
    default_rules: str = "anhoej"

    @property
    def chart(self) -> str:
        """The measure's chart type."""
        return str(self.measure["chart"])

    def _n(self, rules: str | None) -> str | None:
        """The denominator column, for a ratio measure not charted as XmR."""
        ratio = self.chart in RATIO_CHARTS and not self._xmr(rules or self.default_rules)
        return "n" if ratio else None

    def _xmr(self, rules: str) -> bool:
        """True when ``rules`` judge XmR (i) charts only (MDC) and this measure is not one."""
        from qiteach.charts.rules import RULE_SETS

        found = RULE_SETS.get(rules)
        return found is not None and found.charts == ("i",) and self.chart != "i"

    def spec(self, rules: str | None = None, **changes: Any) -> ChartSpec:
        """The measure's chart settings (rules default to the programme's).

        The workspace's ``baseline_points`` is the chart's ``freeze``; a blank
        direction is ``neutral``. Making Data Count (``rules="mdc"``) is defined on
        XmR charts only; as in NHS England's guidance, a percentage, rate or count
        measure is then charted as an i chart of its plotted values
        (``y / n × multiply``, see :meth:`chart_data`), with the target in the same
        plotted units. ``changes`` replace settings (e.g. ``part=12``).

        >>> import pandas as pd
        >>> m = {"chart": "p", "direction": None, "multiply": 100, "baseline_points": 12}
        >>> ms = MeasureSeries(m, pd.DataFrame({"x": [], "y": [], "n": [], "note": []}))
        >>> ms.spec().freeze, ms.spec("mdc").chart, ms.spec(part=5).freeze
        (12, 'i', None)
        """
        from qiteach.charts.spec import ChartSpec

        m = self.measure
        target = _clean(m.get("target"))
        multiply = _clean(m.get("multiply"))
        freeze = _clean(m.get("baseline_points"))
        rules = rules or self.default_rules
        xmr = self._xmr(rules)
        spec = ChartSpec(
            chart="i" if xmr else self.chart,
            rules=rules,
            freeze=int(freeze) if freeze else None,
            direction=m.get("direction") or "neutral",
            target=None if target is None else float(target),
            multiply=1.0 if multiply is None or xmr else float(multiply),
        )
        return spec.replace(**changes) if changes else spec

    def chart_data(self, rules: str | None = None) -> pd.DataFrame:
        """The data the chart is computed from: ``data``, or for an XmR chart of a
        measure charted otherwise (Making Data Count) its plotted values in ``y``."""
        rules = rules or self.default_rules
        if not self._xmr(rules):
            return self.data
        multiply = _clean(self.measure.get("multiply"))
        multiply = 1.0 if multiply is None else float(multiply)
        data = self.data
        ratio = self.chart in RATIO_CHARTS
        values = data["y"] / data["n"] * multiply if ratio else data["y"] * multiply
        return data.assign(y=values)

    def chart_kwargs(self, rules: str | None = None, **changes: Any) -> dict[str, Any]:
        """Keyword arguments for ``compute_chart``: :meth:`chart_data` and :meth:`spec`."""
        spec = self.spec(rules, **changes)
        kwargs = {
            "data": self.chart_data(rules),
            "x": "x",
            "y": "y",
            "n": self._n(rules),
            "notes": "note",
        }
        return kwargs | spec.kwargs()

    def compute(self, rules: str | None = None, **changes: Any) -> ChartResult:
        """The measure's chart (a ``ChartResult``), with :meth:`spec` ``(rules, **changes)``."""
        from qiteach.charts import compute_chart

        spec = self.spec(rules, **changes)
        data = self.chart_data(rules)
        return compute_chart(data, x="x", y="y", n=self._n(rules), notes="note", spec=spec)


@dataclass
class Programme:
    """A programme workspace: ``meta``, ``sessions`` and one typed DataFrame per table."""

    path: Path
    kind: str
    meta: dict[str, Any]
    sessions: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    rows: dict[str, np.ndarray] = field(repr=False)
    labels: dict[str, str] = field(repr=False)
    problems: list[Problem] = field(default_factory=list, repr=False)
    notes: list[str] = field(default_factory=list, repr=False)
    #: cache of derived data: per-table indices, "measures:records", charts keyed by tuples
    _index: dict[Any, Any] = field(default_factory=dict, repr=False)

    # -- tables -------------------------------------------------------------------------------
    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def name(self) -> str:
        """The programme's name from programme.yaml."""
        return str(self.meta.get("name") or self.path.stem)

    @property
    def rules(self) -> str:
        """Default chart rule set (programme.yaml ``rules``, else ``anhoej``)."""
        return str(self.meta.get("rules") or "anhoej").strip().lower()

    @property
    def synthetic(self) -> bool:
        """True when the programme's data are made up."""
        return bool(self.meta.get("synthetic", False))

    @property
    def team_ids(self) -> list[str]:
        """Team ids in file order."""
        return [t for t in self.tables["teams"]["team_id"].tolist() if t is not None]

    def counts(self) -> dict[str, int]:
        """Rows per table, plus sessions."""
        return {"sessions": len(self.sessions)} | {k: len(v) for k, v in self.tables.items()}

    # -- per team -----------------------------------------------------------------------------
    def _rows_for(self, table: str, key: str, value: Any) -> pd.DataFrame:
        if table not in self._index:
            df = self.tables[table]
            self._index[table] = df.groupby(key, sort=False).indices if len(df) else {}
        idx = self._index[table].get(value, np.array([], dtype=int))
        return self.tables[table].iloc[idx].reset_index(drop=True)

    def team(self, team_id: str) -> Team:
        """One team's view of the programme."""
        if team_id not in self.team_ids:
            fix = did_you_mean(closest(team_id, self.team_ids), "use a team_id from teams")
            raise WorkspaceError(
                f'unknown team "{team_id}"', file=self.labels["teams"], column="team_id", fix=fix
            )
        return Team(self, team_id)

    def teams_iter(self) -> Iterator[Team]:
        """Every team, in file order."""
        for t in self.team_ids:
            yield Team(self, t)

    def measure_series(self, team_id: str, measure_id: str) -> MeasureSeries:
        """Shortcut for ``programme.team(team_id).measure_series(measure_id)``."""
        return self.team(team_id).measure_series(measure_id)

    def _pair_index(self, table: str, second: str) -> dict[Any, np.ndarray]:
        key = f"{table}:{second}"
        if key not in self._index:
            df = self.tables[table]
            self._index[key] = (
                df.groupby(["team_id", second], sort=False).indices if len(df) else {}
            )
        return self._index[key]

    def _measure_series(self, team_id: str, measure_id: str) -> MeasureSeries:
        hit = self._pair_index("measures", "measure_id").get((team_id, measure_id))
        if hit is None or not len(hit):
            ids = self.team(team_id).measure_ids
            fix = did_you_mean(closest(measure_id, ids), "use a measure_id from measures")
            raise WorkspaceError(
                f'team {team_id} has no measure "{measure_id}"',
                file=self.labels["measures"],
                column="measure_id",
                fix=fix,
            )
        if "measures:records" not in self._index:
            self._index["measures:records"] = self.tables["measures"].to_dict("records")
        record = self._index["measures:records"][int(hit[0])]
        measure = {k: _clean(v) for k, v in record.items()}
        idx: Any = self._pair_index("measurements", "measure_id").get((team_id, measure_id), [])
        rows = self.tables["measurements"].iloc[np.asarray(idx, dtype=int)]
        rows = rows.sort_values("period", kind="stable")
        ratio = measure.get("chart") in RATIO_CHARTS
        data = pd.DataFrame(
            {
                "x": rows["period"].to_numpy(),
                "y": (rows["numerator"] if ratio else rows["value"]).to_numpy(dtype=float),
                "n": rows["denominator"].to_numpy(dtype=float)
                if ratio
                else np.full(len(rows), np.nan),
                "note": rows["note"].to_numpy(dtype=object),
            }
        )
        return MeasureSeries(measure, data, self.rules)

    def measure_series_all(self) -> Iterator[MeasureSeries]:
        """Every measure of every team, in file order."""
        for team in self.teams_iter():
            for measure_id in team.measure_ids:
                yield team.measure_series(measure_id)


class Team:
    """One team: its row of teams (``info``) and its slice of every table."""

    def __init__(self, programme: Programme, team_id: str) -> None:
        self.programme = programme
        self.team_id = team_id
        teams = programme.tables["teams"]
        i = int(np.flatnonzero((teams["team_id"] == team_id).to_numpy())[0])
        self.info: dict[str, Any] = _row_dict(teams, i)

    def __repr__(self) -> str:
        return f"Team({self.team_id!r})"

    def _slice(self, table: str) -> pd.DataFrame:
        return self.programme._rows_for(table, "team_id", self.team_id)

    @property
    def participants(self) -> pd.DataFrame:
        """The team's participants."""
        return self._slice("participants")

    def _people(self, table: str) -> pd.DataFrame:
        df = self.programme.tables[table]
        ids = self.participants["participant_id"]
        return df[df["participant_id"].isin(ids)].reset_index(drop=True)

    @property
    def attendance(self) -> pd.DataFrame:
        """Attendance rows of the team's participants."""
        return self._people("attendance")

    @property
    def survey(self) -> pd.DataFrame:
        """Survey answers of the team's participants."""
        return self._people("survey")

    @property
    def feedback(self) -> pd.DataFrame:
        """Session feedback from the team's participants."""
        return self._people("feedback")

    @property
    def learning(self) -> pd.DataFrame:
        """Self-check results of the team's participants (learning.csv; empty without consent)."""
        return self._people("learning")

    @property
    def charter(self) -> dict[str, Any] | None:
        """The team's project charter row (charter.csv) as a dict, or None if it has none.

        The aim is ``info["aim"]`` and the measures are :attr:`measures`: the charter
        table does not repeat them (:mod:`qiteach.tools.charter` puts them together).
        """
        df = self._slice("charter")
        return _row_dict(df, 0) if len(df) else None

    @property
    def drivers(self) -> pd.DataFrame:
        """The team's driver diagram, one row per box."""
        return self._slice("drivers")

    @property
    def measures(self) -> pd.DataFrame:
        """The team's family of measures."""
        return self._slice("measures")

    @property
    def measurements(self) -> pd.DataFrame:
        """The team's data rows for all its measures."""
        return self._slice("measurements")

    @property
    def pdsa(self) -> pd.DataFrame:
        """The team's PDSA log, sorted by start date."""
        return self._slice("pdsa").sort_values("start", kind="stable").reset_index(drop=True)

    @property
    def progress(self) -> pd.DataFrame:
        """The team's progress scores, sorted by date."""
        return self._slice("progress").sort_values("date", kind="stable").reset_index(drop=True)

    @property
    def stakeholders(self) -> pd.DataFrame:
        """The team's stakeholder analysis (session 5), in file order; empty if none yet."""
        return self._slice("stakeholders").reset_index(drop=True)

    @property
    def measure_ids(self) -> list[str]:
        """The team's measure ids in file order."""
        return [m for m in self.measures["measure_id"].tolist() if m is not None]

    def measure_series(self, measure_id: str) -> MeasureSeries:
        """One measure's data (x, y, n, note) and definition, ready for the chart engine."""
        return self.programme._measure_series(self.team_id, measure_id)
