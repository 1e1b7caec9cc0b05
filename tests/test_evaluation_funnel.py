"""Funnel plot limits (qiteach.evaluation.funnel) against published values and FunnelPlotR."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qiteach.evaluation.funnel import (
    Z95,
    Z998,
    binomial_limit,
    funnel,
    measure_funnel,
    poisson_limits,
)
from qiteach.exceptions import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "funnel"


def test_exact_poisson_limits_match_funnelplotr_published_values() -> None:
    ref = pd.read_csv(FIXTURES / "funnelplotr_poisson_limits.csv")
    lo95, hi95 = poisson_limits(0.025, ref["expected"])
    lo998, hi998 = poisson_limits(0.001, ref["expected"])
    assert np.round(lo95, 7).tolist() == ref["ll95"].tolist()
    assert np.round(hi95, 6).tolist() == ref["ul95"].tolist()
    assert np.round(lo998, 7).tolist() == ref["ll998"].tolist()
    assert np.round(hi998, 6).tolist() == ref["ul998"].tolist()


def _binomial_quantile_by_hand(p: float, n: int, theta: float) -> float:
    """Spiegelhalter (2005) appendix A.1.1, summing the probabilities one count at a time."""
    cum = 0.0
    for r in range(n + 1):
        prob = math.comb(n, r) * theta**r * (1 - theta) ** (n - r)
        if cum + prob >= p:
            alpha = (cum + prob - p) / prob
            return (r - alpha) / n
        cum += prob
    return 1.0


@pytest.mark.parametrize("n", [5, 20, 57, 200, 1000])
@pytest.mark.parametrize("theta", [0.05, 0.3, 0.62, 0.9])
def test_exact_binomial_limits_follow_the_interpolation(n, theta) -> None:
    for p in (0.001, 0.025, 0.975, 0.999):
        got = float(binomial_limit(p, n, theta)[0])
        assert got == pytest.approx(_binomial_quantile_by_hand(p, n, theta), abs=1e-9)


def test_binomial_limits_approach_the_normal_limits_for_large_n() -> None:
    n, theta = 100_000, 0.4
    sd = math.sqrt(theta * (1 - theta) / n)
    assert float(binomial_limit(0.975, n, theta)[0]) == pytest.approx(theta + Z95 * sd, abs=2e-5)
    assert float(binomial_limit(0.001, n, theta)[0]) == pytest.approx(theta - Z998 * sd, abs=2e-5)


# -- over-dispersion: FunnelPlotR's formulas, written out from its R source -----------------------
def _r_quantile(x: np.ndarray, q: float) -> float:
    """R's default (type 7) quantile."""
    x = np.sort(x)
    h = (len(x) - 1) * q
    lo, hi = math.floor(h), math.ceil(h)
    return float(x[lo] + (h - lo) * (x[hi] - x[lo]))


def _funnelplotr_pr(num, den, trim=0.1):
    num, den = np.asarray(num, float), np.asarray(den, float)
    target_t = math.asin(math.sqrt(num.sum() / den.sum()))
    y = np.arcsin(np.sqrt(num / den))
    s = 1 / (2 * np.sqrt(den))
    uz = (y - target_t) / s
    lz, hz = _r_quantile(uz, trim), _r_quantile(uz, 1 - trim)
    wz = np.where(uz < lz, lz, np.where(uz > hz, hz, uz))
    n = len(uz)
    phi = (1 / n) * np.sum(wz**2)
    if n * phi < n - 1:
        tau2 = 0.0
    else:
        tau2 = max(
            0, (n * phi - (n - 1)) / (np.sum(1 / s**2) - np.sum((1 / s**2) ** 2) / np.sum(1 / s**2))
        )
    target = num.sum() / den.sum()
    lim = {
        k: np.sin(math.asin(math.sqrt(target)) + z * np.sqrt(s**2 + tau2)) ** 2
        for k, z in (
            ("lo95", -1.959964),
            ("hi95", 1.959964),
            ("lo998", -3.090232),
            ("hi998", 3.090232),
        )
    }
    return phi, tau2, lim


def _practices(seed: int, k: int = 40):
    rng = np.random.default_rng(seed)
    den = rng.integers(80, 2000, k)
    p = np.clip(rng.normal(0.6, 0.06, k), 0.05, 0.95)  # real between-practice spread
    return rng.binomial(den, p), den


def test_additive_adjustment_matches_funnelplotr_for_proportions() -> None:
    num, den = _practices(7)
    r = funnel(num, den, [f"p{i}" for i in range(len(num))], adjust="additive")
    phi, tau2, lim = _funnelplotr_pr(num, den)
    assert r.overdispersed and r.adjustment == "additive"
    assert r.phi == pytest.approx(phi, rel=1e-12)
    assert r.tau2 == pytest.approx(tau2, rel=1e-12)
    # limits at each practice's own size: the band must agree with FunnelPlotR's limits
    value = num / den
    want = np.select(
        [value > lim["hi998"], value < lim["lo998"], value > lim["hi95"], value < lim["lo95"]],
        ["above 99.8%", "below 99.8%", "above 95%", "below 95%"],
        "within",
    )
    assert r.units["band"].tolist() == want.tolist()
    # and on the drawn grid
    size = r.limits["size"].to_numpy()
    s = 1 / (2 * np.sqrt(size))
    t = math.asin(math.sqrt(r.target))
    hi = np.sin(t + 1.959964 * np.sqrt(s**2 + tau2)) ** 2
    assert r.limits["hi95"].to_numpy() == pytest.approx(hi, rel=1e-6)
    assert "additive method" in r.sentence() and f"τ = {math.sqrt(tau2):.3f}" in r.sentence()


def test_multiplicative_adjustment_scales_the_sd_by_root_phi() -> None:
    num, den = _practices(8)
    r = funnel(num, den, range(len(num)), adjust="multiplicative")
    phi, _, _ = _funnelplotr_pr(num, den)
    size = r.limits["size"].to_numpy()
    t = math.asin(math.sqrt(r.target))
    lo = np.sin(t - Z998 * math.sqrt(phi) / (2 * np.sqrt(size))) ** 2
    assert r.adjustment == "multiplicative" and r.tau2 == 0.0
    assert r.limits["lo998"].to_numpy() == pytest.approx(lo, rel=1e-9)
    assert "multiplicative method" in r.sentence()


def test_no_adjustment_when_the_data_are_not_over_dispersed() -> None:
    rng = np.random.default_rng(3)
    den = rng.integers(100, 3000, 60)
    num = rng.binomial(den, 0.3)  # every practice the same underlying rate
    r = funnel(num, den, range(60))
    assert not r.overdispersed and r.adjustment == "none" and r.tau2 == 0.0
    assert r.limits["hi95"].to_numpy() == pytest.approx(
        binomial_limit(0.975, r.limits["size"], r.target), rel=1e-12
    )
    assert "exact limits" in r.sentence()
    # about 5% outside the 95% limits and almost none outside 99.8% for in-control data
    assert (r.units["band"] != "within").sum() <= 8
    assert r.units["band"].str.contains("99.8").sum() <= 1


def test_rates_on_the_square_root_scale_match_funnelplotr_cqc() -> None:
    rng = np.random.default_rng(11)
    exposure = rng.integers(2000, 20000, 30).astype(float)
    events = rng.poisson(exposure * 0.004 * rng.gamma(20, 1 / 20, 30))  # extra-Poisson spread
    r = funnel(events, exposure, range(30), kind="rate", multiplier=1000)
    theta = events.sum() / exposure.sum()
    e = theta * exposure
    uz = (np.sqrt(events / e) - 1) / (1 / (2 * np.sqrt(e)))
    lz, hz = _r_quantile(uz, 0.1), _r_quantile(uz, 0.9)
    phi = np.mean(np.clip(uz, lz, hz) ** 2)
    s = 1 / (2 * np.sqrt(e))
    w = 1 / s**2
    tau2 = max(0, (30 * phi - 29) / (w.sum() - (w**2).sum() / w.sum()))
    assert r.phi == pytest.approx(phi) and r.tau2 == pytest.approx(tau2)
    grid_e = theta * r.limits["size"].to_numpy()
    hi = (1 + 1.959964 * np.sqrt((1 / (2 * np.sqrt(grid_e))) ** 2 + tau2)) ** 2
    assert r.limits["hi95"].to_numpy() == pytest.approx(1000 * theta * hi, rel=1e-6)


def test_exact_rate_limits_are_the_poisson_ones_times_the_target() -> None:
    rng = np.random.default_rng(5)
    exposure = rng.integers(2000, 20000, 30).astype(float)
    events = rng.poisson(exposure * 0.004)
    r = funnel(events, exposure, range(30), kind="rate")
    assert r.adjustment == "none"
    lo, _ = poisson_limits(0.001, r.target * r.limits["size"].to_numpy())
    assert r.limits["lo998"].to_numpy() == pytest.approx(r.target * lo)


def test_bad_input_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="at least 2 units"):
        funnel([1], [10], ["a"])
    with pytest.raises(InputError, match="unknown over-dispersion adjustment"):
        funnel([1, 2], [10, 10], ["a", "b"], adjust="random")


def test_collaborative_funnels_name_the_practices(collaborative_programme) -> None:
    collab = collaborative_programme
    r = measure_funnel(collab, "hba1c_target")
    assert len(r.units) == 36 and r.kind == "proportion" and r.multiplier == 100
    assert r.units["unit"].str.endswith("(SYNTHETIC)").all()
    latest = collab.measurements.query("measure_id == 'hba1c_target'").sort_values("period")
    latest = latest.groupby("team_id").tail(1)
    assert r.target == pytest.approx(latest["numerator"].sum() / latest["denominator"].sum())
    # a count measure becomes a rate per 1,000 registered patients per month (list_size)
    hypos = measure_funnel(collab, "hypos")
    assert hypos.kind == "rate" and hypos.multiplier == 1000
    assert "per 1,000 registered patients" in hypos.label
    with pytest.raises(InputError, match="no team has a measure"):
        measure_funnel(collab, "no_such_measure")


def test_cli_funnel_prints_the_reading_and_draws(tmp_path, capsys) -> None:
    from qiteach.cli import main

    out = tmp_path / "funnel.png"
    assert main(["funnel", "collaborative", "--measure", "bp_target", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Blood pressure at target, latest period: 24 teams around")
    assert "additive method" in text and out.read_bytes()[:4] == b"\x89PNG"
    assert main(["funnel", "collaborative", "--measure", "bp_target", "--adjust",
                 "multiplicative", "--json"]) == 0  # fmt: skip
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["adjustment"] == "multiplicative" and len(data["units"]) == 24
    assert main(["funnel", "collaborative", "--measure", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        'qiteach: error: measures.csv:measure_id: no team has a measure "nope" '
        "(fix: use a measure_id from measures.csv)"
    )
