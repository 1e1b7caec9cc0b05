"""scatter(): Anscombe's quartet (published values) and hand-checked ranks."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools import CAUSATION_NOTE, scatter

# Anscombe FJ. Graphs in statistical analysis. Am Stat 1973;27:17-21.
X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
Y = {
    "I": [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68],
    "II": [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74],
    "III": [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73],
}


@pytest.mark.parametrize("name", ["I", "II", "III"])
def test_anscombe_published_values(name):
    s = scatter(X, Y[name])
    assert s.n == 11
    assert s.pearson_r == pytest.approx(0.816, abs=0.001)
    assert s.intercept == pytest.approx(3.00, abs=0.01)
    assert s.slope == pytest.approx(0.500, abs=0.001)
    assert s.r_squared == pytest.approx(0.67, abs=0.005)


def test_spearman_hand_checked():
    # ranks of y for x = 1..5: y = 1, 3, 2, 5, 4 -> d = 0,-1,1,-1,1, sum d^2 = 4
    # rho = 1 - 6*4/(5*24) = 0.8
    s = scatter([1, 2, 3, 4, 5], [10, 30, 20, 50, 40])
    assert s.spearman_rho == pytest.approx(0.8)
    # Anscombe III: one outlier; ranks agree except the 13 <-> 14 swap -> rho = 1 - 6*2/1320
    assert scatter(X, Y["III"]).spearman_rho == pytest.approx(1 - 12 / 1320)


def test_blank_pairs_dropped_and_reminder_given():
    s = scatter([1, 2, None, 4, 5], [2, 4, 6, "", 10])
    assert (s.n, s.n_dropped) == (3, 2)
    assert s.slope == pytest.approx(2.0) and s.intercept == pytest.approx(0.0, abs=1e-12)
    assert s.note == CAUSATION_NOTE and "not causation" in s.as_text()
    assert s.equation() == "y = 0.00 + 2.00x"


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1, 2, 3], [1, 2], "3 x values but 2 y values"),
        ([1, 2], [1, 2], "2 complete pairs"),
        ([1, 1, 1], [1, 2, 3], "every x value is 1"),
        ([1, 2, 3], [5, 5, 5], "every y value is 5"),
        ([1, "two", 3], [1, 2, 3], "x item 2"),
    ],
)
def test_bad_input(x, y, message):
    with pytest.raises(ToolkitError, match=message):
        scatter(x, y)


def test_blanks_in_nullable_columns_are_dropped_pairs():
    import pandas as pd

    x = pd.Series([1, 2, None, 4, 5], dtype="Int64")
    y = pd.Series([2.0, 4.0, 6.0, None, 10.0], dtype="Float64")
    s = scatter(x, y)
    assert (s.n, s.n_dropped) == (3, 2)
    assert s.slope == pytest.approx(2.0)
