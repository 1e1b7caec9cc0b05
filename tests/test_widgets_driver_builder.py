"""Driver builder driven headlessly through its controls."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from qiteach.exercises.common import team_driver_diagram
from qiteach.widgets.driver_builder import DriverBuilder

AIM = "Reduce DNAs at Elm Surgery from 8% to 5% by March 2026"


@pytest.fixture
def builder() -> DriverBuilder:
    return DriverBuilder(aim=AIM, title="Test")


def _add(b: DriverBuilder, kind: str, text: str, parent=None, link="strong") -> None:
    b.kind.value = kind
    if parent is not None:
        b.parent.value = parent
    b.text.value = text
    b.link.value = link
    b.add_button.click()


def test_add_boxes_through_the_controls(builder):
    _add(builder, "primary", "Patients remember")
    assert builder.parent.options == (("the aim", None),)
    _add(builder, "secondary", "Reminders reach patients", parent="P1", link="weak")
    _add(builder, "change_idea", "SMS reminder", parent="S1")
    assert [n.node_id for n in builder.diagram.nodes] == ["P1", "S1", "C1"]
    assert builder.diagram.node("S1").link == "weak"
    assert "(weak link)" in builder.outline_box.value
    assert builder.problems == []
    assert any("Only 1 primary driver" in a for a in builder.advice)
    texts = {t.get_text() for t in builder.figure.axes[0].texts}
    assert {"Patients remember", "SMS reminder"} <= {" ".join(t.split()) for t in texts}
    assert builder.text.value == ""  # cleared after adding


def test_parent_dropdown_offers_the_level_above(builder):
    _add(builder, "primary", "Patients remember")
    _add(builder, "secondary", "Reminders", parent="P1")
    builder.kind.value = "secondary"
    assert [v for _, v in builder.parent.options] == ["P1"]
    builder.kind.value = "change_idea"
    assert [v for _, v in builder.parent.options] == ["S1", "P1"]


def test_blank_text_is_refused_with_a_message(builder):
    _add(builder, "primary", "   ")
    assert len(builder.diagram) == 0
    assert builder.messages[0].startswith("Not added:") and "no text" in builder.messages[0]


def test_remove_takes_the_branch(builder):
    _add(builder, "primary", "Remember")
    _add(builder, "secondary", "Reminders", parent="P1")
    _add(builder, "change_idea", "SMS", parent="S1")
    _add(builder, "primary", "Cancel easily")
    builder.remove_choice.value = "S1"
    builder.remove_button.click()  # C1 hangs off S1: asks first
    assert [n.node_id for n in builder.diagram.nodes] == ["P1", "S1", "C1", "P2"]
    assert builder.confirm_box.layout.display == "flex"
    assert "1 box hangs off it (C1) and will go too" in builder.confirm_text.value
    builder.cancel_button.click()
    assert len(builder.diagram) == 4 and builder.messages == ["Kept S1."]
    builder.remove_button.click()
    builder.confirm_button.click()
    assert [n.node_id for n in builder.diagram.nodes] == ["P1", "P2"]
    assert builder.messages == ["Removed C1, S1."]
    assert builder.confirm_box.layout.display == "none"
    assert any('P1 "Remember" has no secondary' in a for a in builder.advice)


def test_aim_box_updates_the_diagram_and_its_advice(builder):
    builder.aim_text.value = "Fewer DNAs"
    assert builder.diagram.aim == "Fewer DNAs"
    assert any("The aim is missing" in a for a in builder.advice)


def test_starts_from_a_team_diagram(demo_programme):
    programme = demo_programme
    team = programme.team("south")
    b = DriverBuilder(team_driver_diagram(team))
    assert len(b.diagram) == len(team.drivers)
    assert b.problems == []
    assert b.records() == b.diagram.to_records()
    assert b.output.outputs[0]["data"]["image/png"]


def test_clearing_the_aim_box_keeps_the_diagram_and_says_why(builder):
    _add(builder, "primary", "Patients remember")
    builder.aim_text.value = "   "  # the user selects the aim and deletes it
    assert builder.diagram.aim == AIM
    assert builder.messages == [
        "The aim cannot be empty: write the aim (the diagram keeps the last one)."
    ]
    assert "aim cannot be empty" in builder.report.value
    builder.aim_text.value = "Fewer DNAs at Elm Surgery from 8% to 5% by March 2027"
    assert builder.diagram.aim.startswith("Fewer DNAs") and len(builder.diagram) == 1


def test_a_team_with_drivers_but_no_aim_yet_draws_a_placeholder_aim(demo_programme):
    from qiteach.drivers import DriverDiagram
    from qiteach.plot.drivers import AIM_PLACEHOLDER

    team = demo_programme.team("south")
    no_aim = DriverDiagram.from_frame(team.drivers, "", validate=False)
    b = DriverBuilder(no_aim)
    assert b.diagram.aim == ""  # the team's own (blank) aim is not overwritten
    assert "the driver diagram has no aim" in b.report.value
    assert b.output.outputs[0]["data"]["image/png"]
    texts = [t.get_text() for t in b.figure.axes[0].texts]
    assert AIM_PLACEHOLDER in " ".join(texts).replace("\n", " ")
    b.aim_text.value = AIM
    assert b.diagram.aim == AIM and "has no aim" not in b.report.value
