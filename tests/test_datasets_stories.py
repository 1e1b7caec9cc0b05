"""The demo programme tells the intended stories (checked with plain numpy here,
and with the chart engine ``qiteach.charts.compute_chart``):

* north (DNAs, p chart): clear improvement - an unusually long run below the
  centre line (Anhøj) and points below the lower limit;
* west (calls answered in 2 minutes, p' chart): a borderline late shift - a long
  run that just passes the Anhøj rule, no point beyond the limits;
* south (SMR coverage, p chart): common-cause variation only.

Each is checked both with limits frozen on the measure's ``baseline_points`` and
with limits from all points, so the story survives either way of charting it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from qiteach.datasets import dataset_path


def anhoej(y: np.ndarray, cl: float) -> dict[str, int]:
    """Longest run and crossings about ``cl`` with the Anhøj limits (points on cl dropped)."""
    side = np.sign(y - cl)
    side = side[side != 0]
    n = len(side)
    breaks = np.flatnonzero(np.diff(side)) + 1
    longest = max(len(r) for r in np.split(side, breaks))
    return {
        "n": n,
        "longest": longest,
        "longest_max": round(math.log2(n)) + 3,
        "crossings": len(breaks),
        "crossings_min": int(binom.ppf(0.05, n - 1, 0.5)),
    }


def p_chart(y: np.ndarray, n: np.ndarray, base: int | None, *, laney: bool = False) -> pd.DataFrame:
    """p (or Laney p') chart: p, cl, lcl, ucl with limits from the first ``base`` points."""
    k = len(y) if base is None else base
    p = y / n
    pbar = y[:k].sum() / n[:k].sum()
    sigma = np.sqrt(pbar * (1 - pbar) / n)
    if laney:  # Laney: z-scores' moving ranges, with Nelson's screening as in qi-methods 6
        z = (p[:k] - pbar) / sigma[:k]
        mr = np.abs(np.diff(z))
        mr = mr[mr <= 3.267 * mr.mean()]
        sigma = sigma * mr.mean() / 1.128
    return pd.DataFrame(
        {"p": p, "cl": pbar, "lcl": np.clip(pbar - 3 * sigma, 0, 1), "ucl": pbar + 3 * sigma}
    )


@pytest.fixture(scope="module")
def demo() -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = dataset_path("demo-programme")
    measurements = pd.read_csv(folder / "measurements.csv", parse_dates=["period"])
    return measurements, pd.read_csv(folder / "measures.csv")


def _series(demo, team: str, measure: str) -> tuple[np.ndarray, np.ndarray, int, str]:
    m, measures = demo
    d = m[(m["team_id"] == team) & (m["measure_id"] == measure)]
    spec = measures[(measures["team_id"] == team) & (measures["measure_id"] == measure)].iloc[0]
    y, n = d["numerator"].to_numpy(float), d["denominator"].to_numpy(float)
    return y, n, int(spec["baseline_points"]), str(spec["chart"])


@pytest.mark.parametrize("frozen", [True, False])
def test_north_improves_clearly(demo, frozen: bool) -> None:
    y, n, base, chart = _series(demo, "north", "dna_rate")
    assert chart == "p" and base == 52
    c = p_chart(y, n, base if frozen else None)
    runs = anhoej(c["p"].to_numpy(), float(np.median(c["p"][: base if frozen else None])))
    assert runs["longest"] > runs["longest_max"]  # unusually long run (Anhøj)
    assert runs["longest"] >= 20
    below = c["p"] < c["lcl"]
    assert below[base:].sum() >= 1  # a point below the lower limit after the changes
    if frozen:  # limits from the whole shifted series are too wide to judge the baseline by
        assert not below[:base].any() and not (c["p"] > c["ucl"]).any()
    last = c["p"].to_numpy()[-26:]
    assert (last < c["p"][:base].median()).all()  # sustained: every point of the last 6 months


@pytest.mark.parametrize("frozen", [True, False])
def test_west_borderline_late_shift(demo, frozen: bool) -> None:
    y, n, base, chart = _series(demo, "west", "answered_2min")
    assert chart == "pp"
    c = p_chart(y, n, base if frozen else None, laney=True)
    p = c["p"].to_numpy()
    assert not ((c["p"] > c["ucl"]) | (c["p"] < c["lcl"])).any()  # no point beyond limits
    if frozen:  # against its baseline: a long run that only just passes the Anhøj rule
        runs = anhoej(p, float(np.median(p[:base])))
        assert runs["longest_max"] < runs["longest"] <= runs["longest_max"] + 3
        assert (p[-8:] > np.median(p[:base])).all()  # the run is at the end of the series


@pytest.mark.parametrize("frozen", [True, False])
def test_south_common_cause_only(demo, frozen: bool) -> None:
    y, n, base, chart = _series(demo, "south", "smr_coverage")
    assert chart == "p"
    c = p_chart(y, n, base if frozen else None)
    p = c["p"].to_numpy()
    for cl in (float(c["cl"].iloc[0]), float(np.median(p[: base if frozen else None]))):
        runs = anhoej(p, cl)
        assert runs["longest"] <= runs["longest_max"]
        assert runs["crossings"] >= runs["crossings_min"]
    assert not ((c["p"] > c["ucl"]) | (c["p"] < c["lcl"])).any()


# --- the same stories through the chart engine -------------------------------------------


def _engine(demo, team: str, measure: str, *, frozen: bool, chart: str | None = None):
    from qiteach.charts import compute_chart

    m, measures = demo
    d = m[(m["team_id"] == team) & (m["measure_id"] == measure)]
    spec = measures[(measures["team_id"] == team) & (measures["measure_id"] == measure)].iloc[0]
    return compute_chart(
        d,
        x="period",
        y="numerator",
        n="denominator",
        chart=chart or spec["chart"],
        freeze=int(spec["baseline_points"]) if frozen else None,
        direction=spec["direction"],
        multiply=100,
    )


def test_engine_north_has_improvement_signal(demo) -> None:
    result = _engine(demo, "north", "dna_rate", frozen=True)
    assert result.summary()["verdict"] == "improvement"
    assert "outside_limits" in result.summary()["rules_fired"]
    part = result.parts.iloc[0]
    assert part["longest_run"] > part["longest_run_max"]
    assert result.points["sigma_signal"].iloc[52:].sum() >= 1
    unfrozen = _engine(demo, "north", "dna_rate", frozen=False)
    assert bool(unfrozen.parts["runs_signal"].iloc[0])
    assert "long_run" in unfrozen.summary()["rules_fired"]


@pytest.mark.parametrize("frozen", [True, False])
def test_engine_south_has_no_signal(demo, frozen: bool) -> None:
    for chart in ("p", "run"):
        result = _engine(demo, "south", "smr_coverage", frozen=frozen, chart=chart)
        assert result.summary()["rules_fired"] == [], chart
        assert not result.parts["runs_signal"].any()
        assert result.points["sigma_signal"].sum() == 0


def test_engine_west_is_borderline(demo) -> None:
    """Only the long-run rule fires, by one or two points; nothing beyond the limits."""
    result = _engine(demo, "west", "answered_2min", frozen=True)
    assert result.summary()["rules_fired"] == ["long_run"]
    assert result.points["sigma_signal"].sum() == 0
    part = result.parts.iloc[0]
    assert 1 <= part["longest_run"] - part["longest_run_max"] <= 3
