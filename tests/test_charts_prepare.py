"""x values read from CSV as ISO date text are dates, so runs rules apply."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from qiteach.charts import compute_chart

CDI = Path(__file__).parent / "fixtures" / "reference" / "qicharts2-datasets" / "cdi.csv"


def test_iso_date_text_is_a_time_axis_and_runs_rules_fire() -> None:
    df = pd.read_csv(CDI)  # month arrives as text "2012-11-01"
    assert pd.api.types.is_string_dtype(df["month"])
    as_text = compute_chart(df, x="month", y="n", chart="run")
    as_dates = compute_chart(df.assign(month=pd.to_datetime(df["month"])), x="month", y="n")
    part = as_text.parts.iloc[0]
    assert (part.longest_run, part.longest_run_max) == (14, 8)
    assert (part.n_crossings, part.n_crossings_min) == (6, 11)
    assert bool(part.runs_signal) is True
    assert as_text.parts.equals(as_dates.parts)
    assert {s.rule for s in as_text.signal_spans} == {"long_run", "few_crossings"}


def test_text_categories_stay_categories() -> None:
    df = pd.DataFrame({"x": ["Ward A", "Ward B", "Ward C"], "y": [1.0, 2.0, 3.0]})
    result = compute_chart(df, x="x", y="y", chart="i")
    assert result.points["x"].tolist() == ["Ward A", "Ward B", "Ward C"]


def test_no_rows_with_a_denominator_is_a_clear_error_not_a_crash() -> None:
    import pytest

    from qiteach.exceptions import ChartInputError

    empty = pd.DataFrame(
        {
            "x": pd.Series([], dtype="datetime64[ns]"),
            "y": pd.Series([], dtype=float),
            "n": pd.Series([], dtype=float),
        }
    )
    with pytest.raises(ChartInputError, match="no data points"):
        compute_chart(empty, x="x", y="y", n="n", chart="p")


def _general_codes(xk: pd.Series):
    """prepare's general path: always factorize, never the sorted-unique shortcut."""
    return pd.factorize(xk, sort=True)


def test_sorted_unique_shortcut_gives_the_general_paths_results(monkeypatch) -> None:
    """Every kind of x, with and without the shortcut: the same points, parts and spans."""
    import numpy as np

    from qiteach.charts import prepare as prepare_module

    rng = np.random.default_rng(3)
    size = 400
    y = rng.normal(10, 2, size).round(1)
    y[[5, 50, 51]] = np.nan
    y[7] = -0.0
    den = rng.integers(20, 60, size).astype(float)
    num = np.minimum(rng.binomial(40, 0.3, size).astype(float), den)
    num[9] = np.nan
    xs = {
        "none": None,
        "sorted ints": np.arange(3, 3 + 2 * size, 2),
        "sorted floats": np.linspace(-1.0, 1.0, size),
        "dates": pd.Series(pd.date_range("2020-01-06", periods=size, freq="W")),
        "unsorted": rng.permutation(size),
        "duplicated": np.sort(rng.integers(0, size // 3, size)),
        "text": pd.Series([f"w{i:04d}" for i in range(size)]),
        "descending": np.arange(size, 0, -1),
    }
    notes = [None] * size
    notes[12] = "new rota"
    for name, x in xs.items():
        for kw in (
            {"y": y, "chart": "i", "rules": "hcdg"},
            {"y": y, "chart": "run", "rules": "anhoej", "notes": notes},
            {"y": num, "n": den, "chart": "p", "rules": "anhoej"},
            {"y": y, "chart": "xbar", "rules": "hcdg"},
        ):
            fast = compute_chart(x=x, **kw)
            with monkeypatch.context() as m:
                m.setattr(prepare_module, "_subgroup_codes", _general_codes)
                general = compute_chart(x=x, **kw)
            pd.testing.assert_frame_equal(fast.points, general.points, check_exact=True, obj=name)
            pd.testing.assert_frame_equal(fast.parts, general.parts, check_exact=True, obj=name)
            assert fast.signal_spans == general.signal_spans, name
            assert fast.warnings == general.warnings, name
