"""A large SYNTHETIC workspace for benchmarks, built with vectorised numpy.

:func:`scale_tables` makes 1,000 teams × 10 measures × 36 monthly periods by
default (360,000 measurements) plus drivers, PDSA cycles, progress scores,
participants, attendance, feedback and survey answers, in well under a second.

>>> _, big = scale_tables(teams=20, measures=10, periods=36, seed=1)
>>> len(big["measurements"]), len(big["pdsa"])
(7200, 120)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from qiteach.simulate.collab import (
    _ROLES,
    _SCALES,
    _SET_TITLES,
    PROGRAMME_START,
    _check,
    _evaluation,
    _month_starts,
    _programme,
)

__all__ = ["scale_tables"]


def scale_tables(
    *, teams: int = 1000, measures: int = 10, periods: int = 36, seed: int = 1
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """A large SYNTHETIC workspace for benchmarks, built with vectorised numpy."""
    _check("teams", teams, 1)
    _check("measures", measures, 1)
    _check("periods", periods, 1)
    rng = np.random.default_rng(seed)
    team_ids = np.array([f"t{i + 1:04d}" for i in range(teams)], dtype=object)
    mids = np.array([f"m{j + 1:02d}" for j in range(measures)], dtype=object)
    charts = np.array(["p", "i", "c"], dtype=object)[np.arange(measures) % 3]
    months = _month_starts(dt.date(2023, 1, 1), periods)
    month_text = np.array(months.strftime("%Y-%m-%d"), dtype=object)
    teams_df = pd.DataFrame(
        {
            "team_id": team_ids,
            "team_name": [f"Team {t} (SYNTHETIC)" for t in team_ids],
            "locality": np.array([f"Locality {c}" for c in "ABCDEFGHIJ"], dtype=object)[
                np.arange(teams) % 10
            ],
            "project_title": "Benchmark project",
            "topic": "benchmark",
            "aim": "Improve the benchmark measure by 20% within 36 months",
        }
    )
    measures_df = pd.DataFrame(
        {
            "team_id": np.repeat(team_ids, measures),
            "measure_id": np.tile(mids, teams),
            "name": np.tile([f"Measure {m}" for m in mids], teams),
            "type": np.tile(np.where(np.arange(measures) == 0, "outcome", "process"), teams),
            "chart": np.tile(charts, teams),
            "direction": "increase",
            "multiply": np.tile(np.where(charts == "p", 100.0, np.nan), teams),
            "definition": "Synthetic benchmark measure",
            "frequency": "monthly",
            "baseline_points": 12,
        }
    )
    n_rows = teams * measures * periods
    chart_rows = np.repeat(np.tile(charts, teams), periods)
    shift = np.repeat(rng.random(teams) < 0.5, measures * periods) * np.tile(
        np.arange(periods) >= 18, teams * measures
    )
    denom = rng.poisson(200, n_rows).astype(float)
    rate = np.clip(0.4 + 0.1 * shift + rng.normal(0, 0.02, n_rows), 0.01, 0.99)
    numer = rng.binomial(denom.astype(int), rate).astype(float)
    cvals = rng.poisson(20 + 6 * shift).astype(float)
    ivals = np.round(50 + 8 * shift + rng.normal(0, 5, n_rows), 2)
    is_p = chart_rows == "p"
    measurements = pd.DataFrame(
        {
            "team_id": np.repeat(team_ids, measures * periods),
            "measure_id": np.tile(np.repeat(mids, periods), teams),
            "period": np.tile(month_text, teams * measures),
            "value": np.where(is_p, np.nan, np.where(chart_rows == "c", cvals, ivals)),
            "numerator": np.where(is_p, numer, np.nan),
            "denominator": np.where(is_p, denom, np.nan),
        }
    )
    kinds = np.array(["primary", "secondary", "change_idea", "change_idea"], dtype=object)
    drivers = pd.DataFrame(
        {
            "team_id": np.repeat(team_ids, 4),
            "node_id": np.tile(["P1", "S1", "CI1", "CI2"], teams),
            "parent_id": np.tile(["", "P1", "S1", "S1"], teams),
            "kind": np.tile(kinds, teams),
            "text": np.tile(["Primary driver", "Secondary driver", "Change A", "Change B"], teams),
            "link": "strong",
        }
    )
    per = 6
    start = months[0] + pd.to_timedelta(np.tile(np.arange(per) * 30 + 180, teams), unit="D")
    pdsa = pd.DataFrame(
        {
            "team_id": np.repeat(team_ids, per),
            "cycle_id": np.tile([f"C{i + 1}" for i in range(per)], teams),
            "node_id": np.tile(["CI1", "CI1", "CI1", "CI2", "CI2", "CI2"], teams),
            "ramp": np.tile(["R1", "R1", "R1", "R2", "R2", "R2"], teams),
            "start": np.array(start.strftime("%Y-%m-%d"), dtype=object),
            "end": np.array((start + pd.Timedelta(days=14)).strftime("%Y-%m-%d"), dtype=object),
            "objective": "Test the change at a larger scale",
            "prediction": "The measure improves",
            "act": np.tile(["adapt", "adapt", "adopt", "adapt", "abandon", "continue"], teams),
            "scale": np.tile([*_SCALES, "whole practice", "whole practice"], teams),
        }
    )
    quarter_ends = pd.date_range(months[0], periods=max(1, periods // 3), freq="3ME")
    q = len(quarter_ends)
    score = np.clip(1.0 + 0.5 * np.floor(np.arange(q) * 8 / max(q, 1)), 0.5, 5.0)
    progress = pd.DataFrame(
        {
            "team_id": np.repeat(team_ids, q),
            "date": np.tile(np.array(quarter_ends.strftime("%Y-%m-%d"), dtype=object), teams),
            "score": np.tile(score, teams),
        }
    )
    people = np.array([f"p{i + 1:05d}" for i in range(teams * 3)], dtype=object)
    participants = pd.DataFrame(
        {
            "participant_id": people,
            "display_name": [f"Participant {p[1:]}" for p in people],
            "role": np.array(_ROLES, dtype=object)[np.arange(teams * 3) % len(_ROLES)],
            "team_id": np.repeat(team_ids, 3),
        }
    )
    sessions = [(PROGRAMME_START + dt.timedelta(days=60 * i)) for i in range(6)]
    programme = _programme(
        f"SYNTHETIC benchmark - {teams} teams x {measures} measures x {periods} periods",
        12,
        sessions,
        _SET_TITLES,
    )
    tables = {
        "teams": teams_df,
        "participants": participants,
        "drivers": drivers,
        "measures": measures_df,
        "measurements": measurements,
        "pdsa": pdsa,
        "progress": progress,
        **_evaluation(rng, people, 6),
    }
    return programme, tables
