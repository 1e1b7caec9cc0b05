"""ITS sensitivity (issue 15): other lags, and team fixed effects clustered by team.

The fixed-effects fit is checked against an independent numpy implementation of OLS
with the CR1 cluster-robust sandwich (Cameron & Miller 2015, eq. 11 with the small-sample
factor G/(G-1)·(N-1)/(N-K)) and t(G-1) intervals, on data with noise of every kind.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qiteach.evaluation.its import programme_its
from qiteach.evaluation.its_sensitivity import (
    FEW_CLUSTERS,
    fixed_effects_its,
    its_sensitivity,
    team_series,
)


def _source(teams: int = 6, periods: int = 24, seed: int = 3, ratio: bool = False):
    rng = np.random.default_rng(seed)
    rows, measures = [], []
    for i in range(teams):
        team = f"t{i}"
        measures.append(
            {
                "team_id": team,
                "measure_id": "m",
                "chart": "p" if ratio else "i",
                "multiply": 100.0 if ratio else 1.0,
            }
        )
        base = rng.normal(20, 5)
        for t in range(periods):
            mean = base + 0.2 * t + 2.5 * (t >= 12) - 0.1 * (t - 12) * (t >= 12)
            value = mean + rng.normal(0, 1 + 0.3 * i)
            day = pd.Timestamp("2024-01-01") + pd.DateOffset(months=t)
            if ratio:
                den = float(rng.integers(200, 400))
                rows.append(
                    {
                        "team_id": team,
                        "measure_id": "m",
                        "period": day,
                        "value": None,
                        "numerator": round(den * value / 100),
                        "denominator": den,
                    }
                )
            else:
                rows.append(
                    {
                        "team_id": team,
                        "measure_id": "m",
                        "period": day,
                        "value": value,
                        "numerator": None,
                        "denominator": None,
                    }
                )
    return {"measures": pd.DataFrame(measures), "measurements": pd.DataFrame(rows)}


def _by_hand(panel: pd.DataFrame, start: str) -> dict[str, float]:
    """OLS with team dummies and the CR1 sandwich, in numpy only."""
    periods = np.sort(panel["period"].unique())
    t = panel["period"].map({p: i for i, p in enumerate(periods)}).to_numpy(float)
    t0 = float(np.argmax(periods >= pd.Timestamp(start)))
    d = (t >= t0).astype(float)
    teams = sorted(panel["team_id"].unique())
    g = panel["team_id"].map({k: i for i, k in enumerate(teams)}).to_numpy()
    x = np.column_stack([np.eye(len(teams))[g], t, d, (t - t0) * d])
    y = panel["value"].to_numpy(float)
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    e = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    meat = sum(np.outer(x[g == c].T @ e[g == c], x[g == c].T @ e[g == c]) for c in set(g))
    n, k, big_g = len(y), x.shape[1], len(teams)
    v = bread @ meat @ bread * big_g / (big_g - 1) * (n - 1) / (n - k)
    q = stats.t.ppf(0.975, big_g - 1)
    lv, sl = len(teams) + 1, len(teams) + 2
    return {
        "level_change": beta[lv],
        "level_low": beta[lv] - q * np.sqrt(v[lv, lv]),
        "slope_change": beta[sl],
        "slope_high": beta[sl] + q * np.sqrt(v[sl, sl]),
    }


@pytest.mark.parametrize("ratio", [False, True])
def test_fixed_effects_match_an_independent_cluster_robust_fit(ratio: bool) -> None:
    src = _source(ratio=ratio)
    panel = team_series(src, "m")
    assert sorted(panel["team_id"].unique()) == [f"t{i}" for i in range(6)]
    got = fixed_effects_its(panel, start="2025-01-01")
    want = _by_hand(panel, "2025-01-01")
    assert got is not None and got["teams"] == 6 and got["n"] == 6 * 24
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


def test_the_table_has_the_main_fit_other_lags_and_fixed_effects() -> None:
    src = _source()
    main = programme_its(src, "m", start="2025-01-01")
    table = its_sensitivity(src, "m", start="2025-01-01")
    lags = main.hac_lags
    assert lags is not None and lags >= 2
    assert list(table["model"]) == [
        f"pooled series, Newey–West {lags} lags (the main fit)",
        *(f"pooled series, {k} lags" for k in sorted({0, max(1, lags // 2), 2 * lags} - {lags})),
        "team fixed effects, 6 teams, clustered by team",
    ]
    pooled = table.iloc[:-1]
    # other lags move the intervals, never the estimates
    assert np.allclose(pooled["level_change"], main.level_change)
    assert np.allclose(pooled["slope_change"], main.slope_change)
    assert pooled["level_low"].nunique() > 1
    assert table.iloc[0]["end_effect"] == pytest.approx(main.end_effect[0])
    assert table.iloc[-1]["note"] == "only 6 teams: clustered intervals are too narrow"
    assert FEW_CLUSTERS > 6


def test_teams_differing_only_in_level_give_the_pooled_step_exactly() -> None:
    # each team is the same series shifted by its own constant: fixed effects remove the
    # shifts, so the step and slope change equal those of the pooled (mean) series
    rows, periods = [], 14
    for team, shift in (("a", 0.0), ("b", 7.0), ("c", -3.0)):
        for t in range(periods):
            y = 10 + 0.3 * t + 2 * (t >= 7) + shift + (0.4 if t % 3 == 0 else -0.2)
            rows.append(
                {
                    "team_id": team,
                    "measure_id": "m",
                    "value": y,
                    "numerator": None,
                    "denominator": None,
                    "period": pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=t),
                }
            )
    src = {
        "measures": pd.DataFrame({"team_id": ["a", "b", "c"], "measure_id": "m", "chart": "i"}),
        "measurements": pd.DataFrame(rows),
    }
    table = its_sensitivity(src, "m", start=pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=7))
    fe, main = table.iloc[-1], table.iloc[0]
    assert fe["level_change"] == pytest.approx(main["level_change"], abs=1e-9)
    assert fe["slope_change"] == pytest.approx(main["slope_change"], abs=1e-9)


def test_too_few_periods_gives_an_empty_table_and_one_team_no_fixed_effects() -> None:
    src = _source(teams=1, periods=24)
    table = its_sensitivity(src, "m", start="2025-01-01")
    assert not table["model"].str.startswith("team fixed effects").any()
    short = _source(periods=5)
    assert its_sensitivity(short, "m", start="2025-01-01").empty
