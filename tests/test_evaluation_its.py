"""Tests for qiteach.evaluation.its: segmented regression and cross-team aggregation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qiteach.evaluation.its import aggregate_measure, its_regression, programme_its
from qiteach.exceptions import InputError


def _months(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2024-01-01", periods=n, freq="MS")


def test_exact_linear_case_hand_checkable() -> None:
    # 10 pre points on y = 20 + 1*t; at t0 = 10 the level drops by 4 and the slope
    # becomes 1 - 1.5 = -0.5 per month.
    x = _months(20)
    t = np.arange(20)
    y = 20 + 1.0 * t + np.where(t >= 10, -4.0 - 1.5 * (t - 10), 0.0)
    r = its_regression(pd.DataFrame({"m": x, "v": y}), x="m", y="v", start="2024-11-01")
    assert r.status == "fitted"
    assert (r.n_pre, r.n_post) == (10, 10)
    assert r.pre_slope == pytest.approx(1.0)
    assert r.level_change == pytest.approx(-4.0)
    assert r.slope_change == pytest.approx(-1.5)
    assert r.post_slope == pytest.approx(-0.5)
    np.testing.assert_allclose(r.fitted["fitted"], y, atol=1e-9)
    np.testing.assert_allclose(r.fitted["counterfactual"], 20 + t, atol=1e-9)
    coef = r.coefficients.set_index("term")
    assert coef["p_value"].isna().all()  # perfect fit: no uncertainty to test
    assert coef.loc["level_change", "ci_low"] == pytest.approx(-4.0)
    assert "p not computable" in r.sentence()


def _newey_west_se(design: np.ndarray, resid: np.ndarray, lags: int) -> np.ndarray:
    """Newey-West (1987) sandwich with Bartlett weights and the n/(n-k) correction."""
    n, k = design.shape
    u = design * resid[:, None]
    s = u.T @ u
    for lag in range(1, lags + 1):
        w = 1 - lag / (lags + 1)
        g = u[lag:].T @ u[:-lag]
        s += w * (g + g.T)
    bread = np.linalg.inv(design.T @ design)
    cov = bread @ s @ bread * n / (n - k)
    return np.sqrt(np.diag(cov))


def test_recovers_known_effects_from_noisy_series() -> None:
    rng = np.random.default_rng(42)
    n_pre, n_post = 24, 24
    t = np.arange(n_pre + n_post)
    noise = np.zeros(t.size)
    for i in range(1, t.size):  # AR(1) errors, phi = 0.3
        noise[i] = 0.3 * noise[i - 1] + rng.normal(0, 1.0)
    post = t >= n_pre
    y = 50 + 0.2 * t + post * (-6.0 - 0.4 * (t - n_pre)) + noise
    r = its_regression(None, x=_months(t.size), y=y, start=_months(t.size)[n_pre], label="DNA")
    coef = r.coefficients.set_index("term")
    for term, true in (("pre_slope", 0.2), ("level_change", -6.0), ("slope_change", -0.4)):
        est, lo, hi = coef.loc[term, ["estimate", "ci_low", "ci_high"]]
        assert lo < true < hi
        assert est == pytest.approx(true, abs=3 * coef.loc[term, "se"])
    # point estimates are plain OLS; standard errors are Newey-West by hand
    design = np.column_stack([np.ones(t.size), t, post, (t - n_pre) * post])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(coef["estimate"], beta, rtol=1e-9)
    assert r.hac_lags == math.floor(4 * (48 / 100) ** (2 / 9))
    se = _newey_west_se(design, y - design @ beta, r.hac_lags)
    np.testing.assert_allclose(coef["se"], se, rtol=1e-8)
    assert coef.loc["level_change", "p_value"] < 0.001
    assert r.sentence().startswith("DNA: before the programme the slope was +0.")
    assert r.warnings == ()


def test_too_few_points_is_not_yet_available() -> None:
    r = its_regression(None, x=_months(8), y=np.arange(8.0), start="2024-07-01")
    assert r.status == "not yet available"
    assert (r.n_pre, r.n_post) == (6, 2)
    assert "at least 3" in r.sentence()
    assert r.sentence().startswith("Not yet available: 6 points before and 2 after")
    assert r.sentence().endswith("needed.")
    assert math.isnan(r.level_change)


def test_short_segments_warn_and_missing_y_dropped() -> None:
    y = [1.0, 2.0, np.nan, 3.0, 4.0, 9.0, 10.0, 11.0]
    r = its_regression(None, x=list(range(8)), y=y, start=5)
    assert (r.n_pre, r.n_post) == (4, 3)
    assert r.warnings and "shorter segment" in r.warnings[0]


def test_bad_start_raises() -> None:
    with pytest.raises(InputError, match="cannot be compared"):
        its_regression(None, x=list(range(8)), y=list(range(8)), start="soon")


def _tables() -> dict[str, pd.DataFrame]:
    measures = pd.DataFrame(
        {
            "team_id": ["a", "b", "a", "b"],
            "measure_id": ["dna", "dna", "wait", "wait_days"],
            "chart": ["p", "p", "i", "i"],
            "multiply": [100.0, 100.0, None, None],
        }
    )
    per = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-02-03"])
    rows = []
    for team, nums, dens in (("a", [1, 2, 3], [10, 20, 30]), ("b", [5, 0, 1], [50, 10, 10])):
        for p, num, den in zip(per, nums, dens, strict=True):
            rows.append((team, "dna", p, np.nan, float(num), float(den)))
    rows += [
        ("a", "wait", per[0], 4.0, np.nan, np.nan),
        ("b", "wait_days", per[0], 8.0, None, None),
    ]
    cols = ["team_id", "measure_id", "period", "value", "numerator", "denominator"]
    return {"measures": measures, "measurements": pd.DataFrame(rows, columns=cols)}


def test_aggregate_pooled_proportion_and_mean() -> None:
    src = _tables()
    before = src["measurements"].copy()
    out = aggregate_measure(src, "dna")
    assert list(out["value"]) == pytest.approx([600 / 60, 200 / 30, 400 / 40])
    assert list(out["n_teams"]) == [2, 2, 2]
    monthly = aggregate_measure(src, "dna", freq="M")
    assert list(monthly["numerator"]) == [8.0, 4.0]
    assert monthly["value"].iloc[0] == pytest.approx(800 / 90)
    wait = aggregate_measure(src, {"a": "wait", "b": "wait_days"})
    assert wait["value"].tolist() == [6.0] and wait["numerator"].isna().all()
    only_a = aggregate_measure(src, "dna", teams=["a"])
    assert only_a["value"].tolist() == pytest.approx([10.0, 10.0, 10.0])
    assert aggregate_measure(src, "nothing").empty
    pd.testing.assert_frame_equal(src["measurements"], before)


def test_aggregate_rejects_mixed_definitions() -> None:
    src = _tables()
    src["measures"].loc[1, "multiply"] = 1.0
    with pytest.raises(InputError, match="multiply"):
        aggregate_measure(src, "dna")


def test_programme_its_uses_programme_start() -> None:
    months = _months(12)
    num = [10, 11, 10, 11, 10, 11, 6, 5, 6, 5, 6, 5]
    rows = pd.DataFrame(
        {
            "team_id": "a",
            "measure_id": "dna",
            "period": months,
            "value": np.nan,
            "numerator": np.array(num, dtype=float),
            "denominator": 100.0,
        }
    )
    measures = pd.DataFrame(
        {"team_id": ["a"], "measure_id": ["dna"], "chart": ["p"], "multiply": [100.0]}
    )
    src = {"meta": {"start": "2024-07-01"}, "measures": measures, "measurements": rows}
    r = programme_its(src, "dna", freq="M")
    assert (r.n_pre, r.n_post, r.unit) == (6, 6, "month")
    direct = its_regression(None, x=months, y=num, start=months[6])
    np.testing.assert_allclose(r.coefficients["estimate"], direct.coefficients["estimate"])
    assert programme_its({**src, "meta": {}}, "dna").status == "not yet available"
