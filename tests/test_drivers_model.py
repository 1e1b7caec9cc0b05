"""DriverDiagram: building, checks, exports and PDSA counts."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.drivers import DriverDiagram, DriverNode
from qiteach.exceptions import ToolkitError

AIM = "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026"


@pytest.fixture
def drivers_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team_id": ["north"] * 5,
            "node_id": ["P1", "S1", "C1", "C2", "P2"],
            "parent_id": [None, "P1", "S1", "S1", None],
            "kind": ["primary", "secondary", "change_idea", "change_idea", "primary"],
            "text": ["Patients remember", "Reminders", "SMS 48h before", "Call", "Easy cancel"],
            "link": ["strong", "weak", None, "strong", "strong"],
        }
    )


def test_build_in_code_gives_ids_and_outline() -> None:
    d = DriverDiagram(AIM)
    p = d.add_primary("Patients remember")
    s = d.add_secondary(p, "Reminders", link="weak")
    c = d.add_change_idea(s, "SMS")
    c2 = d.add_change_idea(p, "Leaflet", node_id="X1")
    assert (p, s, c, c2) == ("P1", "S1", "C1", "X1")
    assert d.to_outline().splitlines() == [
        f"Aim: {AIM}",
        "- [P1] Patients remember",
        "  - [S1] Reminders (weak link)",
        "    - [C1] SMS",
        "  - [X1] Leaflet",
    ]
    assert [n.node_id for n in d.children("P1")] == ["S1", "X1"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: d.add_primary("   "), "the new primary driver has no text"),
        (lambda d: d.add_secondary("P9", "x"), "S1 hangs off P9, which is not in this"),
        (lambda d: d.add_change_idea(None, "x"), "change idea C1 hangs off the aim"),
        (lambda d: d.add_secondary("P1", "x", link="medium"), 'has link "medium"'),
        (lambda d: d.add_primary("again", node_id="P1"), "P1 is already in"),
    ],
)
def test_add_rejects_bad_boxes(call, message: str) -> None:
    d = DriverDiagram(AIM)
    d.add_primary("Patients remember")
    with pytest.raises(ToolkitError, match=message):
        call(d)
    assert len(d) == 1  # nothing half-added


def test_from_frame_reads_one_team(drivers_df: pd.DataFrame) -> None:
    before = drivers_df.copy()
    d = DriverDiagram.from_frame(drivers_df, AIM)
    pd.testing.assert_frame_equal(drivers_df, before)  # input untouched
    assert [n.node_id for n in d.primaries] == ["P1", "P2"]
    assert d.node("S1").link == "weak" and d.node("C1").link == "strong"  # blank = strong
    assert d.node("C2").row == 5


def test_from_frame_problems_name_row_and_column(drivers_df: pd.DataFrame) -> None:
    bad = drivers_df.copy()
    bad.loc[2, "text"] = ""
    bad.loc[3, "parent_id"] = "S7"
    with pytest.raises(ToolkitError) as info:
        DriverDiagram.from_frame(bad, AIM)
    assert str(info.value) == (
        "drivers.csv:4:text: change idea C1 has no text (and 1 more problems) "
        "(fix: write what the change idea says)"
    )
    d = DriverDiagram.from_frame(bad, AIM, validate=False)
    found = [str(p) for p in d.problems()]
    assert found == [
        "drivers.csv:4:text: change idea C1 has no text (fix: write what the change idea says)",
        "drivers.csv:5:parent_id: C2 hangs off S7, which is not in this driver diagram",
    ]


def test_problems_cycles_levels_and_no_primary() -> None:
    nodes = [
        DriverNode("S1", "secondary", "a", "S2"),
        DriverNode("S2", "secondary", "b", "S1"),
        DriverNode("C1", "change_idea", "c", None),
        DriverNode("Q1", "tertiary", "d", None),
    ]
    msgs = [p.message for p in DriverDiagram("", nodes).problems()]
    assert "the driver diagram has no aim" in msgs
    assert 'Q1 has kind "tertiary"' in msgs
    assert any("S1 is part of a cycle" in m for m in msgs)
    assert any("change idea C1 hangs off the aim" in m for m in msgs)
    assert "the driver diagram has no primary drivers" in msgs


def test_several_teams_rejected(drivers_df: pd.DataFrame) -> None:
    two = drivers_df.assign(team_id=["north", "north", "south", "south", "south"])
    with pytest.raises(ToolkitError, match="several teams"):
        DriverDiagram.from_frame(two, AIM)


def test_missing_column_rejected(drivers_df: pd.DataFrame) -> None:
    with pytest.raises(ToolkitError, match="no kind column"):
        DriverDiagram.from_frame(drivers_df.drop(columns="kind"), AIM)


def test_dict_round_trip_keeps_structure(drivers_df: pd.DataFrame) -> None:
    d = DriverDiagram.from_frame(drivers_df, AIM)
    again = DriverDiagram.from_dict(d.to_dict())
    assert again.to_outline() == d.to_outline()
    assert again.to_records() == d.to_records()


def test_short_nested_dict_and_direct_change_idea() -> None:
    d = DriverDiagram.from_dict(
        {"aim": AIM, "drivers": {"Remember": {"Remind": ["SMS", "Call"]}, "Cancel": ["Text"]}}
    )
    assert [(n.node_id, n.kind, n.parent_id) for n in d.nodes] == [
        ("P1", "primary", None),
        ("S1", "secondary", "P1"),
        ("C1", "change_idea", "S1"),
        ("C2", "change_idea", "S1"),
        ("P2", "primary", None),
        ("C3", "change_idea", "P2"),
    ]
    with pytest.raises(ToolkitError, match="no aim"):
        DriverDiagram.from_dict({"drivers": {}})
    with pytest.raises(ToolkitError, match="no primary drivers"):
        DriverDiagram.from_dict({"aim": AIM, "drivers": {}})


def test_with_pdsa_counts_from_table(drivers_df: pd.DataFrame) -> None:
    pdsa = pd.DataFrame(
        {
            "team_id": "north",
            "cycle_id": ["c1", "c2", "c3", "c4"],
            "node_id": ["C1", "C1", "C2", "ZZ"],
        }
    )
    d = DriverDiagram.from_frame(drivers_df, AIM)
    counted = d.with_pdsa_counts(pdsa)
    assert {n.node_id: n.pdsa_count for n in counted.nodes} == {
        "P1": 0,
        "S1": 0,
        "C1": 2,
        "C2": 1,
        "P2": 0,
    }
    assert d.node("C1").pdsa_count == 0  # original unchanged
    assert "[C1] SMS 48h before (2 PDSAs)" in counted.to_outline()
    assert "[C2] Call (1 PDSA)" in counted.to_outline()
    assert counted.with_pdsa_counts([{"node_id": "C2"}]).node("C1").pdsa_count == 0
    with pytest.raises(ToolkitError, match="no node_id column"):
        d.with_pdsa_counts(pdsa.drop(columns="node_id"))


def test_short_form_single_change_idea_as_a_string_is_one_box() -> None:
    # a team writing one change idea without list brackets must not get one box per letter
    d = DriverDiagram.from_dict({"aim": AIM, "drivers": {"Remember": {"Reminders": "Send SMS"}}})
    assert [(n.kind, n.text) for n in d.nodes] == [
        ("primary", "Remember"),
        ("secondary", "Reminders"),
        ("change_idea", "Send SMS"),
    ]


def test_short_form_top_level_list_of_texts_are_primary_drivers() -> None:
    d = DriverDiagram.from_dict({"aim": AIM, "drivers": ["Remember", "Transport"]})
    assert [(n.node_id, n.kind, n.parent_id) for n in d.nodes] == [
        ("P1", "primary", None),
        ("P2", "primary", None),
    ]


def test_a_box_given_two_parents_is_told_a_box_has_one_parent() -> None:
    from qiteach.drivers.tree import tree_problems

    found = tree_problems(
        ["P1", "P2", "S1"], [None, None, "P1;P2"], ["primary"] * 2 + ["secondary"]
    )
    assert [(p.index, p.column) for p in found] == [(2, "parent_id")]
    assert "S1 hangs off P1 and P2, but a box hangs off one parent only" in found[0].message
    # a parent that does not exist is still reported as missing
    missing = tree_problems(["P1", "S1"], [None, "P1;P9"], ["primary", "secondary"])
    assert "which is not in this driver diagram" in missing[0].message
