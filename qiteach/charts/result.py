"""The chart result shared by the compute engine and the plotting layer.

A :class:`ChartResult` holds one row per subgroup (``points``), one row per part
(``parts``), the runs/trends/clusters the rules found (``signal_spans``) and any
``warnings``. ``to_dict()``/``to_json()`` give the ``qiteach chart --json`` format.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from qiteach.charts.rules.base import RuleSet
    from qiteach.charts.spec import ChartSpec

__all__ = ["PART_COLUMNS", "POINT_COLUMNS", "ChartResult", "SignalSpan"]

POINT_COLUMNS = (
    "x",
    "y",
    "n",
    "part",
    "cl",
    "lcl",
    "ucl",
    "lcl_2s",
    "ucl_2s",
    "lcl_1s",
    "ucl_1s",
    "baseline",
    "include",
    "sigma_signal",
    "runs_signal",
    "signals",
    "point_type",
    "note",
)
PART_COLUMNS = (
    "part",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "sigma_signals",
    "trial_limits",
    "variation",
    "assurance",
)
#: The ``--json`` format: every column except the 2σ/1σ limits and notes (points) and
#: the trial-limits flag (parts), in the same order.
_JSON_POINT = tuple(
    c for c in POINT_COLUMNS if c not in {"lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s", "note"}
)
_JSON_PART = tuple(c for c in PART_COLUMNS if c != "trial_limits")


@dataclass(frozen=True)
class SignalSpan:
    """A run, trend or cluster a rule found: 0-based inclusive rows of ``points``."""

    rule: str
    part: int
    start: int
    end: int
    direction: str | None
    text: str


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/None -> None, numpy -> Python, dates -> YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return None
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        if math.isnan(f) or math.isinf(f):
            return None
        return f
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class ChartResult:
    """Everything a run or control chart shows, computed (see docs/charts.md).

    ``spec`` holds the settings it was computed with (:class:`~qiteach.charts.spec.ChartSpec`);
    ``chart``, ``rules``, ``direction``, ``target`` and ``multiply`` read from it.
    """

    spec: ChartSpec
    points: pd.DataFrame
    parts: pd.DataFrame
    signal_spans: tuple[SignalSpan, ...]
    warnings: tuple[str, ...]

    @property
    def chart(self) -> str:
        """The chart type."""
        return self.spec.chart

    @property
    def rules(self) -> str:
        """The rule set's name."""
        return self.spec.rules

    @property
    def rule_set(self) -> RuleSet:
        """The rule set the chart was judged with."""
        return self.spec.rule_set

    @property
    def direction(self) -> str:
        """The direction of improvement: increase, decrease or neutral."""
        return self.spec.direction

    @property
    def target(self) -> float | None:
        """The target, in plotted units (None when there is none)."""
        return self.spec.target

    @property
    def multiply(self) -> float:
        """The multiplier applied to every plotted value."""
        return self.spec.multiply

    def to_dict(self) -> dict[str, Any]:
        """The ``qiteach chart --json`` object (NaN -> None, dates as YYYY-MM-DD).

        Besides the issue's ``chart``, ``rules``, ``points`` and ``parts`` it carries
        the ``direction`` and ``target`` the chart was judged against (``target``
        null when none was given) and every setting under ``settings``
        (:meth:`ChartSpec.to_dict <qiteach.charts.spec.ChartSpec.to_dict>`).
        """
        pts = []
        cols = {c: self.points[c].tolist() for c in _JSON_POINT}
        for i in range(len(self.points)):
            row = {c: _plain(cols[c][i]) for c in _JSON_POINT}
            if row["n"] is not None and float(row["n"]).is_integer():
                row["n"] = int(row["n"])
            pts.append(row)
        parts = [
            {c: _plain(v) for c, v in zip(_JSON_PART, values, strict=True)}
            for values in self.parts[list(_JSON_PART)].itertuples(index=False)
        ]
        for p in parts:
            for key in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
                if p[key] is not None:
                    p[key] = int(p[key])
        return {
            "chart": self.chart,
            "rules": self.rules,
            "direction": self.direction,
            "target": _plain(self.target),
            "settings": self.spec.to_dict(),
            "points": pts,
            "parts": parts,
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (keyword arguments go to ``json.dumps``)."""
        return json.dumps(self.to_dict(), **kwargs)

    def explain(self) -> list[str]:
        """Plain-English sentences describing the chart and every signal found."""
        from qiteach.charts.explain import explain

        return explain(self)

    def summary(self) -> dict[str, Any]:
        """A few key figures: latest value, centre line, signals and a verdict."""
        from qiteach.charts.explain import summary

        return summary(self)
