"""histogram(): bins, counts and summary figures against hand counts."""

from __future__ import annotations

import numpy as np
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools import histogram

# Days to routine GP appointment, hand-checked: sum 120, n 12, mean 10,
# sorted 4 6 7 8 9 9 11 11 12 13 14 16 -> median (9+11)/2 = 10,
# squared deviations 36+16+9+4+1+1+1+1+4+9+16+36 = 134 -> sd sqrt(134/11)
DAYS = [9, 11, 4, 16, 8, 12, 7, 13, 9, 6, 14, 11]


def test_summary_figures():
    h = histogram(DAYS)
    assert (h.n, h.n_missing, h.mean, h.median) == (12, 0, 10.0, 10.0)
    assert h.sd == pytest.approx(np.sqrt(134 / 11))
    assert (h.minimum, h.maximum) == (4.0, 16.0)
    assert h.counts.sum() == 12


def test_integer_bins_and_edges():
    h = histogram(DAYS, bins=4)  # width 3: [4,7) [7,10) [10,13) [13,16]
    assert h.edges.tolist() == [4, 7, 10, 13, 16]
    assert h.counts.tolist() == [2, 4, 3, 3]
    h = histogram(DAYS, bins=[0, 10, 20])
    assert h.counts.tolist() == [6, 6]
    assert h.as_frame()["count"].tolist() == [6, 6]


def test_blanks_dropped_and_counted():
    h = histogram([1, None, "", float("nan"), 3])
    assert (h.n, h.n_missing, h.mean) == (2, 3, 2.0)


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([1], {}, "1 number"),
        ([1, "abc"], {}, r"item 2 \('abc'\) is not a number"),
        ([1, 2], {"bins": 0}, "bins=0"),
        ([1, 2], {"bins": [0, 0.5]}, "outside the bin edges"),
        ([1, 2], {"bins": [3, 1]}, "increasing"),
        ([1, 2], {"bins": "magic"}, "bins='magic'"),
        ([1, float("inf")], {}, "infinite"),
    ],
)
def test_bad_input(values, kwargs, message):
    with pytest.raises(ToolkitError, match=message):
        histogram(values, **kwargs)


def test_blanks_in_nullable_columns_are_missing_not_errors():
    import pandas as pd

    h = histogram(pd.Series([1.0, 2.0, None, 3.0, 4.0], dtype="Float64"))
    assert (h.n, h.n_missing) == (4, 1)
    h = histogram(pd.Series([5, None, 7], dtype="Int64"))
    assert (h.n, h.n_missing, h.mean) == (2, 1, 6.0)
