"""Tests for the SIPOC tool (qiteach.tools.sipoc)."""

from __future__ import annotations

import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.sipoc import PROCESS_STEPS, SIPOC_PARTS, Sipoc

PARTS = {
    "suppliers": ["Patient", "GP"],
    "inputs": ["Request"],
    "process": ["Ask", "Log", "Check", "Sign", "Collect"],
    "outputs": ["Medicine"],
    "customers": ["Patient"],
}


def test_table_has_the_five_parts_in_order_padded() -> None:
    frame = Sipoc.from_mapping(PARTS).as_frame()
    assert list(frame.columns) == [p.capitalize() for p in SIPOC_PARTS]
    assert len(frame) == 5
    assert frame["Suppliers"].tolist() == ["Patient", "GP", "", "", ""]
    assert frame["Process"].tolist() == PARTS["process"]


def test_blank_entries_dropped_and_spaces_tidied() -> None:
    s = Sipoc.from_mapping(PARTS | {"inputs": ["  Repeat   slip ", "", None]})
    assert s.inputs == ("Repeat slip",)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"customers": []}, "customers is empty"),
        ({"process": ["A", "B", "C"]}, "3 high-level steps"),
        ({"process": list("ABCDEFGH")}, "8 high-level steps"),
        ({"budget": ["x"]}, "unknown part 'budget'"),
        ({"outputs": 5}, "outputs is not a list"),
    ],
)
def test_bad_sipoc_gets_one_clear_line(change, said) -> None:
    with pytest.raises(ToolkitError) as err:
        Sipoc.from_mapping(PARTS | change)
    assert said in str(err.value)
    assert "fix:" in str(err.value)
    assert "\n" not in str(err.value)


def test_step_bounds_are_the_constant() -> None:
    low, high = PROCESS_STEPS
    Sipoc.from_mapping(PARTS | {"process": list("ABCDEFG")[:low]})
    Sipoc.from_mapping(PARTS | {"process": list("ABCDEFG")[:high]})
