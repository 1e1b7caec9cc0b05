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
