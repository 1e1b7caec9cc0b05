"""How much an interrupted time series depends on its choices: lags, and pooling.

The main fit (:func:`qiteach.evaluation.its.programme_its`) pools the teams into one
series and uses Newey–West standard errors with the automatic lag ``L``. Two checks
a reader of the board paper would ask for:

- **lag choice**: the same pooled fit with ``0`` (heteroscedasticity only), ``L // 2``
  and ``2 L`` lags; the estimates are the same, only their intervals move;
- **practice fixed effects**: one series per team instead of the pooled one,
  ``y_it = α_i + β₁·t + β₂·D_t + β₃·(t − t₀)·D_t + ε_it`` (a level of its own per
  team; ``t`` counts calendar periods), fitted by OLS with standard errors clustered
  by team (CR1: ``G/(G−1) · (N−1)/(N−K)``; Cameron & Miller, J Hum Resour 2015). With
  fewer than 20 teams clustered standard errors are too small, which the row says.

Each row gives the level change at the start, the slope change per period and the
effect at the last period (observed minus counterfactual), each with its 95% interval.

>>> import pandas as pd
>>> rows = []
>>> for team, base in (("a", 10.0), ("b", 20.0), ("c", 30.0)):
...     for t in range(12):
...         rows.append({"team_id": team, "measure_id": "m", "value": base + 0.5 * t
...                      + 3 * (t >= 6) + 0.1 * ((t * 7 + len(team)) % 3),
...                      "period": pd.Timestamp("2025-01-01") + pd.DateOffset(months=t),
...                      "numerator": None, "denominator": None})
>>> src = {"measures": pd.DataFrame({"team_id": ["a", "b", "c"], "measure_id": "m",
...                                  "chart": "i"}), "measurements": pd.DataFrame(rows)}
>>> table = its_sensitivity(src, "m", start="2025-07-01")
>>> list(table["model"])[:2]
['pooled series, Newey–West 2 lags (the main fit)', 'pooled series, 0 lags']
>>> round(float(table["level_change"].iloc[-1]), 6)  # team levels removed: the step is 3
3.0
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_table, plural, programme_start
from qiteach.evaluation.its import RATIO_CHARTS, ITSResult, programme_its

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = ["FEW_CLUSTERS", "fixed_effects_its", "its_sensitivity"]

#: Fewer teams than this make clustered standard errors unreliable (Cameron & Miller).
FEW_CLUSTERS = 20

_COLUMNS = [
    "model",
    "level_change",
    "level_low",
    "level_high",
    "slope_change",
    "slope_low",
    "slope_high",
    "end_effect",
    "end_low",
    "end_high",
    "note",
]


def _row(model: str, result: ITSResult, note: str = "") -> dict[str, Any]:
    c = result.coefficients.set_index("term")
    end = result.end_effect or (math.nan,) * 3
    return {
        "model": model,
        "level_change": float(c.loc["level_change", "estimate"]),
        "level_low": float(c.loc["level_change", "ci_low"]),
        "level_high": float(c.loc["level_change", "ci_high"]),
        "slope_change": float(c.loc["slope_change", "estimate"]),
        "slope_low": float(c.loc["slope_change", "ci_low"]),
        "slope_high": float(c.loc["slope_change", "ci_high"]),
        "end_effect": end[0],
        "end_low": end[1],
        "end_high": end[2],
        "note": note,
    }


def team_series(
    source: Source,
    measure_id: str | Mapping[str, str],
    *,
    teams: list[str] | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """One row per team and period: ``team_id, period, value`` (ratios as each team's own)."""
    from qiteach.evaluation.its import aggregate_measure

    measures = get_table(source, "measures", required=("team_id", "measure_id", "chart"))
    ids = (
        dict(measure_id)
        if isinstance(measure_id, Mapping)
        else {
            t: measure_id
            for t in (teams or sorted(measures["team_id"].dropna().unique()))
            if ((measures["team_id"] == t) & (measures["measure_id"] == measure_id)).any()
        }
    )
    if teams is not None:
        ids = {k: v for k, v in ids.items() if k in set(teams)}
    parts = []
    for team, mid in ids.items():
        one = aggregate_measure(source, {team: mid}, freq=freq)  # the same pooling rules
        if not one.empty:
            parts.append(one.assign(team_id=team)[["team_id", "period", "value"]])
    if not parts:
        return pd.DataFrame(columns=["team_id", "period", "value"])
    return pd.concat(parts, ignore_index=True).dropna(subset=["value"])


def fixed_effects_its(
    panel: pd.DataFrame, *, start: Any, confidence: float = 0.95
) -> dict[str, Any] | None:
    """Team fixed effects with standard errors clustered by team; None if it cannot be fitted.

    ``panel`` has ``team_id, period, value``. Returns the estimates (``level_change``,
    ``slope_change``, ``end_effect``), their intervals (``*_low``/``*_high``), ``teams``
    and ``n``; None when fewer than 2 teams, or fewer than 3 periods before or after.
    """
    import statsmodels.api as sm
    from scipy.special import stdtrit

    panel = panel.dropna(subset=["value"])
    periods = np.sort(pd.to_datetime(panel["period"]).unique())
    start = pd.Timestamp(start)
    post_periods = periods >= start
    teams = sorted(panel["team_id"].unique())
    if len(teams) < 2 or (~post_periods).sum() < 3 or post_periods.sum() < 3:
        return None
    rank = {p: i for i, p in enumerate(periods)}
    t = pd.to_datetime(panel["period"]).map(rank).to_numpy(dtype=float)
    t0 = float(np.argmax(post_periods))
    d = (t >= t0).astype(float)
    codes = panel["team_id"].map({k: i for i, k in enumerate(teams)}).to_numpy()
    dummies = np.eye(len(teams))[codes]  # a level per team, no common intercept
    design = np.column_stack([dummies, t, d, (t - t0) * d])
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = sm.OLS(panel["value"].to_numpy(dtype=float), design).fit(
            cov_type="cluster", cov_kwds={"groups": codes, "use_correction": True}, use_t=True
        )
    params, cov = np.asarray(fit.params), np.asarray(fit.cov_params())
    k = len(teams)
    q = stdtrit(len(teams) - 1, 0.5 + confidence / 2)  # statsmodels: G - 1 df when clustered
    out: dict[str, Any] = {"teams": len(teams), "n": len(panel)}
    last = float(len(periods) - 1)
    for name, g in (
        ("level_change", np.eye(len(params))[k + 1]),
        ("slope_change", np.eye(len(params))[k + 2]),
        ("end_effect", np.eye(len(params))[k + 1] + (last - t0) * np.eye(len(params))[k + 2]),
    ):
        est = float(g @ params)
        half = float(q * math.sqrt(max(g @ cov @ g, 0.0)))
        out |= {name: est, f"{name.split('_')[0]}_low": est - half}
        out[f"{name.split('_')[0]}_high"] = est + half
    return out


def its_sensitivity(
    source: Source,
    measure_id: str | Mapping[str, str],
    *,
    teams: list[str] | None = None,
    freq: str | None = None,
    start: Any = None,
    label: str | None = None,
) -> pd.DataFrame:
    """The main pooled fit, the same with other lags, and team fixed effects (module doc).

    Empty when the main fit is not available (too few periods, no start date).
    """
    start = start if start is not None else programme_start(source)
    main = programme_its(source, measure_id, teams=teams, freq=freq, start=start, label=label)
    if main.status != "fitted" or main.hac_lags is None:
        return pd.DataFrame(columns=_COLUMNS)
    lags = main.hac_lags
    rows = [_row(f"pooled series, Newey–West {lags} lags (the main fit)", main)]
    for other in sorted({0, max(1, lags // 2), 2 * lags} - {lags}):
        fit = programme_its(source, measure_id, teams=teams, freq=freq, start=start, hac_lags=other)
        rows.append(_row(f"pooled series, {other} lags", fit))
    measures = get_table(source, "measures", required=("team_id", "measure_id", "chart"))
    chart = (
        set(measures.loc[measures["measure_id"] == measure_id, "chart"])
        if isinstance(measure_id, str)
        else set()
    )
    panel = team_series(source, measure_id, teams=teams, freq=freq)
    fe = fixed_effects_its(panel, start=start)
    if fe is not None:
        note = "each team's own rate" if chart & set(RATIO_CHARTS) else ""
        if fe["teams"] < FEW_CLUSTERS:
            few = f"only {plural(fe['teams'], 'team')}: clustered intervals are too narrow"
            note = f"{note}; {few}" if note else few
        rows.append(
            {
                "model": f"team fixed effects, {plural(fe['teams'], 'team')}, clustered by team",
                **{c: fe[c] for c in _COLUMNS[1:-1]},
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=_COLUMNS)
