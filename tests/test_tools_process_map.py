"""Process map compute: main path, lead and value-added time, bottleneck, lanes, validation."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.exceptions import ToolkitError
from qiteach.tools.process_map import ProcessMap, ProcessStep


def _table(**changes) -> pd.DataFrame:
    """Repeat prescription, hand-sized: a decision at R2 with a rework loop from R4 to R2."""
    t = pd.DataFrame(
        {
            "step_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
            "step": ["Request", "Triage", "Routine sign", "GP review", "Send", "Collect"],
            "lane": ["Patient", "Admin", "GP", "GP", "Admin", "Patient"],
            "next": ["R2", "R3:routine;R4:needs review", "R5", "R5;R2", "R6", ""],
            "decision": ["no", "yes", "no", "yes", "no", "no"],
            "minutes": [5, 2, 1, 6, 1, 10],
            "wait_minutes": [0, 240, 600, 900, 30, 1440],
            "value_added": ["yes", "no", "yes", "yes", "no", "yes"],
        }
    )
    for col, (i, value) in changes.items():
        t[col] = t[col].astype(object)
        t.loc[i, col] = value
    return t


def test_hand_checked_totals_along_the_main_path() -> None:
    table = _table()
    before = table.copy()
    pm = ProcessMap.from_frame(table)
    pd.testing.assert_frame_equal(table, before)  # input not changed
    assert pm.main_path == ("R1", "R2", "R3", "R5", "R6")  # first-listed branch at R2
    # waits 0+240+600+30+1440 = 2310, hands-on 5+2+1+1+10 = 19
    assert pm.lead_time == 2329.0
    # value-added hands-on: R1 5 + R3 1 + R6 10 = 16 (R4 is off the main path)
    assert pm.value_added_time == 16.0
    assert pm.value_added_ratio == pytest.approx(16 / 2329)
    assert pm.bottleneck == "R6"  # 1450 minutes, more than R3's 601
    assert pm.summary_line() == "total 2,329 min, value-added 16 min (0.7 %)"
    assert pm.lanes == ("Patient", "Admin", "GP")
    lanes = pm.lane_totals().set_index("lane")
    assert lanes.loc["Patient"].tolist() == [2, 15.0, 1440.0, 1455.0, 15.0]
    assert lanes.loc["Admin"].tolist() == [2, 3.0, 270.0, 273.0, 0.0]
    assert lanes.loc["GP"].tolist() == [1, 1.0, 600.0, 601.0, 1.0]
    assert lanes["total_minutes"].sum() == pm.lead_time


def test_branch_labels_links_ranks_and_loops() -> None:
    pm = ProcessMap.from_frame(_table())
    assert pm.step("R2").labels == ("routine", "needs review")
    assert pm.step("R4").labels == ()
    assert ("R2", "R4", "needs review") in pm.links()
    assert pm.back_links == frozenset({("R4", "R2")})
    assert pm.ranks == {"R1": 0, "R2": 1, "R3": 2, "R4": 2, "R5": 3, "R6": 4}
    frame = pm.as_frame()
    assert frame.loc[1, "next"] == "R3:routine;R4:needs review"
    assert frame["on_main_path"].tolist() == [True, True, True, False, True, True]


def test_bottleneck_tie_goes_to_the_earlier_step_and_zero_time() -> None:
    steps = (
        ProcessStep("A", "a", "L", ("B",), minutes=5, wait_minutes=5),
        ProcessStep("B", "b", "L", minutes=10),
    )
    assert ProcessMap(steps).bottleneck == "A"
    zero = ProcessMap((ProcessStep("A", "a", "L"),))
    assert zero.bottleneck is None and zero.value_added_ratio is None
    assert zero.summary_line() == "total 0 min, value-added 0 min"


def test_optional_columns_default_to_no_and_zero() -> None:
    four = _table()[["step_id", "step", "lane", "next"]]
    pm = ProcessMap.from_frame(four.assign(next=["R2", "R4", "R5", "R3", "R6", ""]))
    assert pm.main_path == ("R1", "R2", "R4", "R3", "R5", "R6")
    assert pm.lead_time == 0 and not any(s.decision or s.value_added for s in pm.steps)
    with pytest.raises(ToolkitError, match="5:next: step 'R4' cannot be reached"):
        ProcessMap.from_frame(four.assign(next=["R2", "R3", "R5", "R5", "R6", ""]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"next": (0, "R9")}, "2:next: step 'R1' goes to unknown step 'R9'"),
        ({"minutes": (2, -3)}, "4:minutes: minutes is -3"),
        ({"wait_minutes": (1, "two hours")}, "3:wait_minutes: 'two hours' is not a number"),
        ({"value_added": (0, "maybe")}, "2:value_added: 'maybe' is not yes or no"),
        ({"step_id": (3, "R2")}, "5:step_id: step_id 'R2' is used twice"),
        ({"step_id": (0, "")}, "2:step_id: blank step_id"),
        ({"lane": (2, " ")}, "4:lane: step 'R3' has a blank lane"),
        ({"decision": (1, "no")}, "3:decision: step 'R2' has 2 next steps but is not a decision"),
        ({"decision": (0, "yes")}, "2:next: decision 'R1' has 1 next step"),
        ({"next": (5, "R1")}, "the process never ends"),
        (
            {"next": (4, "R2;R6"), "decision": (4, "yes")},
            "6:next: the main path loops back from 'R5' to 'R2'",
        ),
        ({"next": (2, "R2")}, "4:next: the main path loops back from 'R3' to 'R2'"),
        ({"next": (1, "R3;;R4")}, "3:next: empty next step"),
        ({"next": (1, ":yes;R4")}, "3:next: branch label 'yes' has no step id"),
        ({"next": (1, "R3;R3")}, "3:next: step 'R2' lists the same next step twice"),
    ],
)
def test_bad_tables_get_one_line_naming_row_and_column(changes, message) -> None:
    with pytest.raises(ToolkitError) as err:
        ProcessMap.from_frame(_table(**changes))
    text = str(err.value)
    assert message in text and "\n" not in text and "(fix: " in text


def test_loop_with_no_way_out() -> None:
    steps = (
        ProcessStep("A", "a", "L", ("B", "D"), decision=True),
        ProcessStep("B", "b", "L", ("C",)),
        ProcessStep("C", "c", "L", ("B",)),
        ProcessStep("D", "d", "L"),
    )
    with pytest.raises(ToolkitError, match="step 'B' is in a loop with no way out"):
        ProcessMap(steps)


def test_missing_column_and_no_rows_and_source_in_message() -> None:
    with pytest.raises(ToolkitError, match=r"steps\.csv:lane: no 'lane' column"):
        ProcessMap.from_frame(_table().drop(columns="lane"), source="steps.csv")
    with pytest.raises(ToolkitError, match="the process has no steps"):
        ProcessMap.from_frame(_table().iloc[:0])
    with pytest.raises(ToolkitError, match=r"steps\.csv:2:next: step 'R1' goes to unknown"):
        ProcessMap.from_frame(_table(next=(0, "X")), source="steps.csv")


def test_the_teaching_dataset_is_a_valid_map_with_hand_checked_totals() -> None:
    from qiteach.datasets import load_dataset

    table = load_dataset("repeat-prescription")
    pm = ProcessMap.from_frame(table, source="repeat-prescription.csv")
    assert pm.main_path == ("R1", "R2", "R3", "R4", "R6", "R7", "R8", "R9")
    # waits 0+120+240+480+1440+10+480+720 = 3490; hands-on 5+3+2+4+1+1+10+10 = 36
    assert pm.lead_time == 3526.0
    assert pm.value_added_time == 25.0  # pharmacist 4 + sign 1 + dispense 10 + collect 10
    assert pm.bottleneck == "R6"  # the GP signing queue: 1,440 + 1
    assert pm.back_links == frozenset({("R10", "R3")})  # a query goes round again
    assert pm.lanes[0] == "Patient" and len(pm.lanes) == 5
    assert sum(s.decision for s in pm.steps) == 2
