"""Fishbone model: building from tables and dicts, validation."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools import CATEGORIES_4P, CATEGORIES_6M, Fishbone


@pytest.fixture
def causes():
    return pd.DataFrame(
        {
            "problem": ["DNAs"] * 5,
            "category": ["People", "Methods", "People", "Place", "Methods"],
            "cause": ["Forget", "No texts", "Work clash", "Parking", "No texts"],
        }
    )


def test_from_frame_keeps_order_and_drops_repeats(causes):
    before = causes.copy()
    fb = Fishbone.from_frame(causes, effect="problem")
    assert fb.effect == "DNAs"
    assert list(fb.categories) == ["People", "Methods", "Place"]
    assert fb.categories["Methods"] == ("No texts",)
    assert fb.n_causes == 4
    assert fb.as_frame()["cause"].tolist() == ["Forget", "Work clash", "No texts", "Parking"]
    pd.testing.assert_frame_equal(causes, before)


def test_effect_as_text_or_effect_column(causes):
    assert Fishbone.from_frame(causes, effect="Missed appointments").effect == "Missed appointments"
    with_col = causes.rename(columns={"problem": "effect"})
    assert Fishbone.from_frame(with_col).effect == "DNAs"


def test_custom_column_names_and_empty_category():
    df = pd.DataFrame({"bone": ["Place", "People"], "why": ["One phone line", None]})
    fb = Fishbone.from_frame(df, category="bone", cause="why", effect="Long waits")
    assert fb.categories == {"Place": ("One phone line",), "People": ()}


def test_category_sets():
    assert len(CATEGORIES_6M) == 6 and "Measurement" in CATEGORIES_6M
    assert len(CATEGORIES_4P) == 4


def test_errors(causes):
    two = causes.copy()
    two.loc[0, "problem"] = "Waits"
    with pytest.raises(ToolkitError, match="holds 2 different effects"):
        Fishbone.from_frame(two, effect="problem")
    with pytest.raises(ToolkitError, match="no effect given"):
        Fishbone.from_frame(causes)
    blank = causes.copy()
    blank.loc[2, "category"] = " "
    with pytest.raises(ToolkitError, match=r"^4:category: blank category"):
        Fishbone.from_frame(blank, effect="problem")
    with pytest.raises(ToolkitError, match="no 'cause' column"):
        Fishbone.from_frame(causes.drop(columns="cause"), effect="x")
    with pytest.raises(ToolkitError, match=r"effect .* is blank"):
        Fishbone.from_dict("", {"People": ["x"]})
    with pytest.raises(ToolkitError, match="no categories"):
        Fishbone.from_dict("x", {})
    with pytest.raises(ToolkitError, match="blank cause"):
        Fishbone.from_dict("x", {"People": ["a", ""]})


def test_a_blank_in_a_string_column_is_not_a_cause_called_na():
    df = pd.DataFrame(
        {
            "category": pd.Series(["People", "Place", "Place"], dtype="string"),
            "cause": pd.Series(["Forget", None, "Bus route cut"], dtype="string"),
        }
    )
    fb_string = Fishbone.from_frame(df, effect="DNAs")
    fb_object = Fishbone.from_frame(df.astype(object).where(df.notna(), None), effect="DNAs")
    assert fb_string.categories == fb_object.categories
    assert "<NA>" not in str(fb_string.categories)
