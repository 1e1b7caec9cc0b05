"""The saving widgets driven headlessly: set values, click Save, check the message and file."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

from qiteach.datasets import dataset_path
from qiteach.widgets import AimBox, DriverBuilder, MeasureForm, PDSAPlanner, ProgressForm
from qiteach.workspace import validate_workspace
from qiteach.workspace.save import read_history
from qiteach.workspace.saver import LocalSaver

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture
def ws(tmp_path):
    return Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))


def rows(folder: Path, table: str, team: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["team_id"] == team]


def add_idea(b: DriverBuilder, text: str, parent: str) -> None:
    b.kind.value = "change_idea"
    b.parent.value = parent
    b.text.value = text
    b.add_button.click()


def test_builder_saves_a_new_change_idea_and_a_team_mate_reloads_it(ws):
    alice = DriverBuilder.for_team(ws, "north", saver=LocalSaver(ws, user="p01"))
    bob = DriverBuilder.for_team(ws, "north", saver=LocalSaver(ws, user="p02"))
    n = len(alice.diagram)
    secondary = next(x.node_id for x in alice.diagram.nodes if x.kind == "secondary")
    add_idea(alice, "Text reminder in Polish and Urdu", secondary)
    alice.panel.save_button.click()
    assert alice.panel.message == (
        f"Saved: North Locality's driver diagram, {n + 1} boxes (1 box added)."
    )
    assert "#1b5e20" in alice.panel.status.value  # green
    assert "Text reminder in Polish and Urdu" in {r["text"] for r in rows(ws, "drivers", "north")}
    assert read_history(ws)[-1]["user"] == "p01"

    # bob opened the diagram before alice saved: his save would overwrite hers, so it is refused
    add_idea(bob, "Reminder on the check-in screen", secondary)
    before = (ws / "drivers.csv").read_bytes()
    bob.panel.save_button.click()
    assert bob.panel.message.startswith(
        "Not saved: North Locality's driver diagram was saved by p01 at "
    )
    assert "(fix: click Reload" in bob.panel.message and "#b71c1c" in bob.panel.status.value
    assert (ws / "drivers.csv").read_bytes() == before
    bob.panel.reload_button.click()
    assert "Text reminder in Polish and Urdu" in {x.text for x in bob.diagram.nodes}
    add_idea(bob, "Reminder on the check-in screen", secondary)
    bob.panel.save_button.click()
    assert bob.panel.message.startswith("Saved: North Locality's driver diagram")
    texts = {r["text"] for r in rows(ws, "drivers", "north")}
    assert {"Text reminder in Polish and Urdu", "Reminder on the check-in screen"} <= texts
    assert validate_workspace(ws).ok


def test_removing_a_tested_change_idea_asks_then_saves_and_undo_restores(ws):
    original = {t: rows(ws, t, "north") for t in ("drivers", "pdsa", "measures")}
    b = DriverBuilder.for_team(ws, "north", saver=LocalSaver(ws, user="p01"))
    tested = next(x for x in b.diagram.nodes if x.kind == "change_idea" and x.pdsa_count)
    b.remove_choice.value = tested.node_id
    b.remove_button.click()
    assert b.pending_remove == tested.node_id
    cycles = [r["cycle_id"] for r in rows(ws, "pdsa", "north") if r["node_id"] == tested.node_id]
    assert cycles and all(re.search(rf"PDSA cycle {c}\b", b.confirm_text.value) for c in cycles)
    assert "its PDSA cycles are deleted" in b.confirm_text.value
    assert tested.node_id in {x.node_id for x in b.diagram.nodes}  # nothing removed yet
    b.confirm_button.click()
    assert tested.node_id not in {x.node_id for x in b.diagram.nodes}
    b.panel.save_button.click()
    assert b.panel.message.startswith("Saved: North Locality's driver diagram")
    assert f"{tested.pdsa_count} PDSA cycle" in b.panel.message
    assert tested.node_id not in {r["node_id"] for r in rows(ws, "pdsa", "north")}
    assert validate_workspace(ws).ok
    b.panel.undo_button.click()
    assert b.panel.message.startswith("Undone: save_drivers by p01")
    assert {t: rows(ws, t, "north") for t in original} == original
    assert tested.node_id in {x.node_id for x in b.diagram.nodes}  # the builder reloaded


def test_removing_without_the_yes_is_refused_on_save(ws):
    # a diagram edited in code (no confirm step) cannot drop a tested box silently
    b = DriverBuilder.for_team(ws, "north", saver=LocalSaver(ws, user="p01"))
    tested = next(x for x in b.diagram.nodes if x.kind == "change_idea" and x.pdsa_count)
    b.remove(tested.node_id)
    before = (ws / "pdsa.csv").read_bytes()
    b.panel.save_button.click()
    assert b.panel.message.startswith("Not saved: PDSA cycles ")
    assert (ws / "pdsa.csv").read_bytes() == before


def test_planner_lists_the_change_idea_saved_in_the_builder_and_saves_a_cycle(ws):
    b = DriverBuilder.for_team(ws, "west", saver=LocalSaver(ws, user="p05"))
    secondary = next(x.node_id for x in b.diagram.nodes if x.kind == "secondary")
    add_idea(b, "Pharmacist call for overdue reviews", secondary)
    b.panel.save_button.click()
    new_id = next(
        r["node_id"]
        for r in rows(ws, "drivers", "west")
        if r["text"] == "Pharmacist call for overdue reviews"
    )
    planner = PDSAPlanner.for_team(ws, "west", saver=LocalSaver(ws, user="p05"))
    assert new_id in [v for _, v in planner.fields["node_id"].options]
    planner.set_plan(
        node_id=new_id,
        objective="Will a pharmacist call get overdue patients booked?",
        prediction="5 of 10 patients called book a review",
        who="Practice pharmacist",
        scale="10 patients, 1 week",
    )
    planner.start.value = dt.date(2026, 9, 7)
    n = len(rows(ws, "pdsa", "west"))
    planner.panel.save_button.click()
    saved = rows(ws, "pdsa", "west")
    assert len(saved) == n + 1
    new = saved[-1]
    assert planner.panel.message == (
        f"Saved: PDSA cycle {new['cycle_id']} (planned, testing {new_id}) in West Locality's "
        f"PDSA log, now {n + 1} cycles."
    )
    assert (new["node_id"], new["start"], new["end"], new["do"]) == (new_id, "2026-09-07", "", "")
    assert new["objective"].startswith("Will a pharmacist call get overdue patients booked?")
    assert validate_workspace(ws).ok
    # the planner re-read its log: the next plan gets the next number
    assert planner.row()["cycle_id"] != new["cycle_id"]


def test_planner_without_change_ideas_says_why_it_cannot_save(fresh_workspace):
    planner = PDSAPlanner.for_team(fresh_workspace, "east")
    planner.set_plan(objective="Test something")
    planner.panel.save_button.click()
    assert planner.panel.message == (
        "Not saved: node_id: choose the change idea this cycle tests (fix: add change ideas "
        "to your driver diagram (session 3) first)"
    )


def test_aim_box_checks_and_saves(ws):
    box = AimBox(ws, "south", saver=LocalSaver(ws, user="p09"))
    assert box.text.value == rows(ws, "teams", "south")[0]["aim"]
    box.text.value = "Improve access"
    box.check_button.click()
    assert "Your aim has" in box.feedback.value and "of the 4 parts" in box.feedback.value
    aim = "Increase the % of calls answered within 2 minutes from 45% to 80% by 31 March 2027"
    box.text.value = aim
    box.panel.save_button.click()
    assert box.panel.message == "Saved: South Locality's aim."
    assert rows(ws, "teams", "south")[0]["aim"] == aim
    box.panel.undo_button.click()
    assert box.panel.message.startswith("Undone: save_aim")
    assert box.text.value == rows(ws, "teams", "south")[0]["aim"] != aim


def test_measure_form_adds_a_measure_and_refuses_an_incomplete_one(ws):
    form = MeasureForm(ws, "south", saver=LocalSaver(ws, user="p09"))
    n = len(rows(ws, "measures", "south"))
    assert len(form.pick.options) == n + 1
    form.set_values(
        name="Calls abandoned",
        type="balancing",
        chart="p",
        unit="%",
        direction="decrease",
        multiply="100",
        definition="Calls ended by the caller before they are answered, as % of all calls",
        numerator="Abandoned calls",
        denominator="All incoming calls",
        data_source="Telephony dashboard",
        frequency="weekly",
    )
    form.check_button.click()
    form.panel.save_button.click()
    assert form.panel.message == (
        f"Saved: South Locality's measures, now {n + 1} (1 measure added)."
    )
    new = rows(ws, "measures", "south")[-1]
    assert (new["measure_id"], new["chart"], new["multiply"]) == ("calls_abandoned", "p", "100")
    assert form.pick.value is None  # the form stays on "a new measure"
    assert "calls_abandoned" in form.existing
    # change it: pick it, edit the data source, save
    form.pick.value = "calls_abandoned"
    assert form.fields["definition"].value.startswith("Calls ended by the caller")
    form.fields["data_source"].value = "New telephony report"
    form.panel.save_button.click()
    assert form.panel.message.endswith("(1 changed).")
    assert rows(ws, "measures", "south")[-1]["data_source"] == "New telephony report"
    # a new measure without its definition is refused, nothing written
    form.pick.value = None
    form.set_values(name="Reviews done", type="process", chart="run", frequency="weekly")
    form.fields["definition"].value = ""
    before = (ws / "measures.csv").read_bytes()
    form.panel.save_button.click()
    assert form.panel.message.startswith("Not saved: measures.csv:")
    assert ":definition: " in form.panel.message
    assert (ws / "measures.csv").read_bytes() == before


def test_progress_form_saves_a_score(ws):
    form = ProgressForm(ws, "north", saver=LocalSaver(ws, user="p01"))
    assert form.score.value == float(rows(ws, "progress", "north")[-1]["score"])
    form.date.value = dt.date(2026, 9, 14)
    form.score.value = 4.0
    assert form.meaning.value.startswith("4.0 Significant improvement")
    form.note.value = "Half the goals met"
    form.panel.save_button.click()
    assert form.panel.message == "Saved: progress score 4.0 on 2026-09-14 for North Locality."
    last = rows(ws, "progress", "north")[-1]
    assert (last["date"], last["score"], last["note"]) == ("2026-09-14", "4", "Half the goals met")
    form.date.value = None
    form.panel.save_button.click()
    assert form.panel.message == "Not saved: date: no date (fix: pick the date you scored)"


def test_widgets_pointed_at_the_shipped_example_refuse_to_save():
    box = AimBox("demo-programme", "north")
    box.panel.save_button.click()
    assert box.panel.message.startswith('Not saved: "demo-programme" is a shipped example')
