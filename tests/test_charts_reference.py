"""The anhoej engine reproduces qicharts2 0.8.1's stored results (tests/fixtures/reference)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qiteach.charts import compute_chart

REF = Path(__file__).parent / "fixtures" / "reference"
TABLES = REF / "montgomery-tables"
EXPECTED = REF / "qicharts2-expected"

#: expected file -> (input table, compute_chart keyword arguments)
CASES = {
    "ex_6.3_1": ("tbl_06.03", {"x": "sample", "y": "obs", "chart": "xbar"}),
    "ex_6.3_2": ("tbl_06.03", {"x": "sample", "y": "obs", "chart": "s"}),
    "ex_6.4_1": ("tbl_06.04", {"x": "sample", "y": "obs", "chart": "xbar"}),
    "ex_6.4_2": ("tbl_06.04", {"x": "sample", "y": "obs", "chart": "s"}),
    "ex_6.5_3": ("tbl_06.07", {"x": "weeks", "y": "cost", "chart": "i", "freeze": 20}),
    "ex_6.5_4": ("tbl_06.07", {"x": "weeks", "y": "cost", "chart": "mr", "freeze": 20}),
    "ex_7.1_5": (
        "tbl_07.03",
        {
            "x": "sample",
            "y": "count",
            "n": "size",
            "chart": "p",
            "exclude": [15, 23],
            "part": 30,
            "notes": "note",
        },
    ),
    "tbl_7.4_1": ("tbl_07.04", {"x": "sample", "y": "count", "n": "size", "chart": "p"}),
    "ex_7.3_3": (
        "tbl_07.08",
        {"x": "sample", "y": "count", "chart": "c", "exclude": [6, 20], "freeze": 26},
    ),
    "ex_7.4_1": ("tbl_07.10", {"x": "sample", "y": "count", "n": "size", "chart": "u"}),
    "ex_7.5_1": (
        "tbl_07.11",
        {"x": "roll", "y": "count", "n": "meters", "chart": "u", "multiply": 50},
    ),
    "ex_7.6_1": ("tbl_07.14", {"x": "failure", "y": "hours", "chart": "t"}),
    "NA_test": ("NA_test", {"x": "sample", "y": "obs", "chart": "xbar"}),
}


def close(got: np.ndarray, want: np.ndarray) -> bool:
    """Equal to 1e-9 relative (and both missing where qicharts2 has NA)."""
    got, want = np.asarray(got, float), np.asarray(want, float)
    same_nan = np.array_equal(np.isnan(got), np.isnan(want))
    ok = np.isnan(want) | np.isclose(got, want, rtol=1e-9, atol=1e-12)
    return bool(same_nan and ok.all())


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_qicharts2_point_by_point(name: str) -> None:
    table, kwargs = CASES[name]
    data = pd.read_csv(TABLES / f"{table}.csv")
    if "notes" in kwargs and kwargs["notes"] not in data.columns:
        kwargs = {k: v for k, v in kwargs.items() if k != "notes"}
    want = pd.read_csv(EXPECTED / f"{name}.csv")
    result = compute_chart(data, **kwargs)
    pts = result.points
    assert len(pts) == len(want)
    assert pts["x"].tolist() == want["x"].tolist()
    for col in ("y", "cl", "ucl", "lcl"):
        assert close(pts[col], want[col]), f"{name}: column {col} differs"
    assert pts["part"].tolist() == want["part"].tolist()
    assert pts["baseline"].tolist() == want["baseline"].tolist()
    assert pts["include"].tolist() == want["include"].tolist()
    assert pts["sigma_signal"].tolist() == want["sigma.signal"].tolist()
    assert pts["runs_signal"].tolist() == want["runs.signal"].tolist()
    by_part = result.parts.set_index("part")
    for col, ref in (
        ("n_obs", "n.obs"),
        ("n_useful", "n.useful"),
        ("longest_run", "longest.run"),
        ("longest_run_max", "longest.run.max"),
        ("n_crossings", "n.crossings"),
        ("n_crossings_min", "n.crossings.min"),
    ):
        got = by_part.loc[want["part"], col].to_numpy(dtype=float)
        assert close(got, want[ref].to_numpy(dtype=float)), f"{name}: {col} differs"


def _summary(result) -> pd.DataFrame:
    """qicharts2's summary(): per part, mean limits and the number of sigma signals."""
    pts = result.points
    rows = []
    for p, g in pts.groupby("part"):
        part = result.parts.set_index("part").loc[p]
        rows.append(
            {
                "n.obs": part.n_obs,
                "n.useful": part.n_useful,
                "longest.run": part.longest_run,
                "longest.run.max": part.longest_run_max,
                "n.crossings": part.n_crossings,
                "n.crossings.min": part.n_crossings_min,
                "runs.signal": int(part.runs_signal),
                "aLCL": g["lcl"].mean(),
                "CL": g["cl"].mean(),
                "aUCL": g["ucl"].mean(),
                "sigma.signal": int(g["sigma_signal"].sum()),
            }
        )
    return pd.DataFrame(rows)


def _check_summary(got: pd.DataFrame, want: pd.DataFrame) -> None:
    for col in got.columns:
        assert close(got[col].to_numpy(float), want[col].to_numpy(float)), col


@pytest.fixture(scope="module")
def infections() -> pd.DataFrame:
    d = pd.read_csv(REF / "qicharts2-datasets" / "hospital_infections.csv")
    d["month"] = pd.to_datetime(d["month"])
    return d


def test_hai_1_all_infections_by_month(infections: pd.DataFrame) -> None:
    r = compute_chart(infections, x="month", y="n", n="days", chart="u")
    _check_summary(_summary(r), pd.read_csv(EXPECTED / "hai_1.csv"))


def test_hai_2_per_infection(infections: pd.DataFrame) -> None:
    got = pd.concat(
        [
            _summary(compute_chart(g, x="month", y="n", n="days", chart="u"))
            for _, g in infections.groupby("infection", sort=True)
        ]
    )
    _check_summary(got, pd.read_csv(EXPECTED / "hai_2.csv"))


def test_hai_3_per_hospital_and_infection(infections: pd.DataFrame) -> None:
    got = pd.concat(
        [
            _summary(compute_chart(g, x="month", y="n", n="days", chart="u"))
            for _, g in infections.groupby(["hospital", "infection"], sort=True)
        ]
    )
    _check_summary(got.reset_index(drop=True), pd.read_csv(EXPECTED / "hai_3.csv"))


def test_hai_4_funnel_by_hospital(infections: pd.DataFrame) -> None:
    recent = infections[infections["month"] >= "2016-07-01"].copy()
    order = recent.groupby("hospital")["days"].sum().sort_values().index.tolist()
    recent["hospital"] = pd.Categorical(recent["hospital"], categories=order)
    got = pd.concat(
        [
            _summary(compute_chart(g, x="hospital", y="n", n="days", chart="u", multiply=10000))
            for _, g in recent.groupby("infection", sort=True)
        ]
    )
    _check_summary(got.reset_index(drop=True), pd.read_csv(EXPECTED / "hai_4.csv"))
