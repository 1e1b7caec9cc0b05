"""Pareto table: sorting, percentages, the vital-few rule and the Other lump."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools import pareto

DNA_REASONS = {
    "forgot": 42,
    "work": 18,
    "transport": 12,
    "felt better": 10,
    "unaware": 8,
    "childcare": 5,
    "weather": 3,
    "other reason": 2,
}


def test_hand_checked_table():
    t = pareto(DNA_REASONS)
    assert t["category"].tolist()[:4] == ["forgot", "work", "transport", "felt better"]
    assert t["percent"].tolist() == [42, 18, 12, 10, 8, 5, 3, 2]
    assert t["cumulative_percent"].tolist() == [42, 60, 72, 82, 90, 95, 98, 100]
    # 72% after three, 82% after four: the fourth is included
    assert t["vital_few"].tolist() == [True] * 4 + [False] * 4
    assert t.attrs["total"] == 100


def test_exactly_80_percent_closes_the_vital_few():
    t = pareto({"a": 50, "b": 30, "c": 20})
    assert t["vital_few"].tolist() == [True, True, False]
    # awkward thirds: 1/3 + 1/3 = 66.7 <80 -> all three
    assert pareto({"a": 1, "b": 1, "c": 1})["vital_few"].all()


def test_ties_keep_first_seen_order_and_raw_categories_are_counted():
    t = pareto(["phone", "walk-in", "online", "walk-in", "phone", "letter"])
    assert t["category"].tolist() == ["phone", "walk-in", "online", "letter"]
    assert t["count"].tolist() == [2, 2, 1, 1]


def test_dataframe_and_series_inputs():
    df = pd.DataFrame({"reason": ["work", "forgot", "work"], "n": [3, 10, 2]})
    t = pareto(df, category="reason", count="n")
    assert t[["category", "count"]].values.tolist() == [["forgot", 10], ["work", 5]]
    rows = pd.DataFrame({"category": ["x", "y", "x"]})
    assert pareto(rows)["count"].tolist() == [2, 1]
    s = pd.Series(DNA_REASONS)
    assert pareto(s).equals(pareto(DNA_REASONS))
    before = df.copy()
    pareto(df, category="reason", count="n")
    pd.testing.assert_frame_equal(df, before)


def test_other_lump_is_last_and_never_vital():
    t = pareto(DNA_REASONS, other_below=6)  # 5, 3, 2 -> Other 10
    assert t["category"].tolist() == [
        "forgot", "work", "transport", "felt better", "unaware", "Other",
    ]  # fmt: skip
    assert t["count"].tolist()[-1] == 10 and t["other"].tolist()[-1]
    top = pareto(DNA_REASONS, top=2, other_label="All other")
    assert top["category"].tolist() == ["forgot", "work", "All other"]
    assert top["count"].tolist() == [42, 18, 40]
    # Other (40) would reach 100% but is not a single cause: not vital few
    assert top["vital_few"].tolist() == [True, True, False]
    # one small category is not hidden behind "Other"
    assert "Other" not in pareto({"a": 90, "b": 9, "c": 1}, other_below=2)["category"].tolist()[:2]
    assert pareto({"a": 90, "b": 9, "c": 1}, other_below=2)["category"].tolist() == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ({"a": -1}, {}, "count -1 for 'a' is not a number of 0 or more"),
        ({"a": "lots"}, {}, "count 'lots'"),
        ({"a": 0}, {}, "all counts are zero"),
        ({}, {}, "no categories"),
        (["a", None], {}, "item 2: blank category"),
        ({"a": 1}, {"top": 0}, "top=0"),
        ({"a": 1}, {"other_below": 120}, "other_below=120"),
        (pd.DataFrame({"x": [1]}), {}, "no 'category' column"),
        ("abc", {}, "cannot make a Pareto table from str"),
    ],
)
def test_bad_input(data, kwargs, message):
    with pytest.raises(ToolkitError, match=message.replace("(", r"\(")):
        pareto(data, **kwargs)


def test_a_category_tied_with_the_last_vital_one_is_vital_too():
    # B reaches 80%; C has the same count, so which of them is "vital" must not depend on
    # the order they were typed in
    assert pareto({"A": 60, "B": 20, "C": 20})["vital_few"].tolist() == [True, True, True]
    assert pareto({"A": 60, "C": 20, "B": 20})["vital_few"].tolist() == [True, True, True]
    t = pareto({"A": 70, "B": 10, "C": 10, "D": 5, "E": 5})
    assert t["vital_few"].tolist() == [True, True, True, False, False]
    # the Other lump is never vital, even when its count ties
    t = pareto({"A": 60, "B": 20, "Other": 20})
    assert t["vital_few"].tolist() == [True, True, False]


def test_a_blank_in_a_string_column_is_a_blank_not_a_category_called_na():
    df = pd.DataFrame({"category": pd.Series(["forgot", None, "work"], dtype="string")})
    with pytest.raises(ToolkitError, match="row 3: blank category"):
        pareto(df)
