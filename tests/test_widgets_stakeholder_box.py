"""The stakeholder box driven headlessly: type, click Save, check the message, file and grid."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest
from box_helpers import drawn_png as png
from box_helpers import team_rows

from qiteach.widgets import StakeholderBox
from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.save import read_history, save_stakeholders
from qiteach.workspace.saver import LocalSaver

pytestmark = pytest.mark.usefixtures("close_figures")


def rows(folder: Path, team: str) -> list[dict[str, str]]:
    return team_rows(folder, "stakeholders", team)


def names(box: StakeholderBox) -> list[str]:
    return [r["stakeholder"] for r in box.rows() if r["stakeholder"]]


def test_box_opens_with_the_saved_rows_and_their_grid(demo_ws):
    box = StakeholderBox(demo_ws, "north")
    saved = rows(demo_ws, "north")
    assert names(box) == [r["stakeholder"] for r in saved]
    first = box.rows()[0]
    assert (first["influence"], first["interest"], first["who"]) == (
        saved[0]["influence"],
        saved[0]["interest"],
        saved[0]["who"],
    )
    assert len(box.rows()) == 8  # at least 8 rows to type into
    assert png(box).startswith(b"\x89PNG")
    assert box.paper_png() == box.drawing.outputs[0]["data"]["image/png"]  # for the worksheet
    assert "ICB primary care team (keep satisfied) has high influence" in box.gaps.value
    box.panel.save_button.click()
    assert box.panel.message == (
        "Nothing to save: North Locality's stakeholders.csv already holds this."
    )


def test_save_replaces_the_rows_redraws_and_a_team_mate_reloads_it(demo_ws):
    alice = StakeholderBox(demo_ws, "west", saver=LocalSaver(demo_ws, user="p05"))
    bob = StakeholderBox(
        demo_ws, "west", saver=LocalSaver(demo_ws, user="p06")
    )  # opened before alice
    drawn = png(alice)
    north = rows(demo_ws, "north")
    alice.set_row(1, stakeholder="", influence="", interest="", action="", who="", when="")
    alice.set_row(5, stakeholder="Care home managers", influence="high", interest=5,
                  action="Visit with the data", who="QI lead", when="June")  # fmt: skip
    alice.panel.save_button.click()
    assert alice.panel.message == (
        "Saved: West Locality's stakeholders, 4 stakeholders (1 stakeholder added, 1 removed)."
    )
    assert "#1b5e20" in alice.panel.status.value
    saved = rows(demo_ws, "west")
    assert saved[-1] == {"team_id": "west", "stakeholder": "Care home managers",
                         "influence": "4", "interest": "5", "action": "Visit with the data",
                         "who": "QI lead", "when": "June"}  # fmt: skip
    assert len(saved) == 4 and rows(demo_ws, "north") == north
    assert read_history(demo_ws)[-1]["operation"] == "save_stakeholders"
    assert read_history(demo_ws)[-1]["user"] == "p05"
    assert validate_workspace(demo_ws).ok
    # the grid is redrawn from the saved rows
    assert alice.grid is not None and alice.grid.quadrant_of("Care home managers") == (
        "manage_closely"
    )
    assert png(alice) != drawn
    assert names(alice) == [r["stakeholder"] for r in saved]  # reloaded: no gap at row 1

    carol = StakeholderBox(demo_ws, "west")  # a team mate opening the notebook later
    assert names(carol) == names(alice)
    assert png(carol) == png(alice)

    # bob opened it before alice saved: his save would overwrite hers, so it is refused
    bob.set_row(2, when="next week")
    before = (demo_ws / "stakeholders.csv").read_bytes()
    bob.panel.save_button.click()
    assert bob.panel.message.startswith(
        "Not saved: West Locality's stakeholders were saved by p05 at "
    )
    assert "(fix: click Reload" in bob.panel.message and "#b71c1c" in bob.panel.status.value
    assert (demo_ws / "stakeholders.csv").read_bytes() == before
    bob.reload_button.click()
    assert names(bob) == names(alice)
    bob.set_row(2, when="next week")
    bob.panel.save_button.click()
    assert bob.panel.message.startswith("Saved: West Locality's stakeholders, 4 stakeholders")
    assert rows(demo_ws, "west")[1]["when"] == "next week"
    assert rows(demo_ws, "west")[-1]["stakeholder"] == "Care home managers"


def test_a_long_list_gets_more_rows_than_the_minimum(demo_ws):
    many = [{"stakeholder": f"Group {i}", "influence": 2, "interest": 2} for i in range(1, 11)]
    save_stakeholders(demo_ws, "south", user="p09", rows=many)
    box = StakeholderBox(demo_ws, "south")
    assert len(box.rows()) == 12 and names(box)[-1] == "Group 10"


def test_bad_input_is_refused_with_one_line_per_problem_and_nothing_written(demo_ws):
    box = StakeholderBox(demo_ws, "north", saver=LocalSaver(demo_ws, user="p01"))
    before = (demo_ws / "stakeholders.csv").read_bytes()
    history = len(read_history(demo_ws))
    box.set_row(2, interest="")
    box.set_row(6, stakeholder="", influence="4", interest="4")
    box.set_row(7, stakeholder="gp partners", influence="2", interest="2")
    box.panel.save_button.click()
    assert box.panel.message == (
        "Not saved: Row 2, interest: Reception team has no interest score (fix: give a whole "
        "number from 1 (low) to 5 (high), or low/high) (and 2 more, listed above)"
    )
    assert "#b71c1c" in box.panel.status.value
    assert (
        "<li>Row 6, name: a row has scores but no stakeholder (fix: name the person or group, "
        "e.g. Practice nurses)</li>"
    ) in box.problems.value
    assert "<li>Row 7, name: gp partners is listed twice (fix: keep one row per stakeholder)" in (
        box.problems.value
    )
    assert (demo_ws / "stakeholders.csv").read_bytes() == before and len(
        read_history(demo_ws)
    ) == history
    # fixed, it saves, and the list of problems goes
    box.set_row(2, interest="5")
    box.set_row(6, stakeholder="Practice pharmacist")
    box.set_row(7, stakeholder="", influence="", interest="")
    box.panel.save_button.click()
    assert box.panel.message.startswith("Saved: North Locality's stakeholders, 6 stakeholders")
    assert box.problems.value == ""
    # the save operation itself refuses the same (a hub client or code that skips the form)
    with pytest.raises(Exception, match=r"^Not saved: Row 1, influence: GP: 7 is not a score"):
        save_stakeholders(demo_ws, "north", user="p01", rows=[{"stakeholder": "GP", "influence": 7,
                                                          "interest": 4}])  # fmt: skip
    with pytest.raises(Exception, match=r"^Not saved: no stakeholders \(fix: list at least"):
        save_stakeholders(demo_ws, "north", user="p01", rows=[{}])
    with pytest.raises(Exception, match=r'^Not saved: "role" is not a column of stakeholders'):
        save_stakeholders(demo_ws, "north", user="p01", rows=[{"stakeholder": "GP", "role": "x"}])


def test_shipped_example_is_refused():
    box = StakeholderBox("demo-programme", "north")
    box.set_row(3, action="A new action")
    box.panel.save_button.click()
    assert box.panel.message.startswith('Not saved: "demo-programme" is a shipped example')
    assert (
        "A new action"
        not in open_workspace("demo-programme").team("north").stakeholders["action"].tolist()
    )


def test_undo_restores_the_rows_and_the_grid(demo_ws):
    original = rows(demo_ws, "north")
    box = StakeholderBox(demo_ws, "north", saver=LocalSaver(demo_ws, user="p01"))
    drawn = png(box)
    box.set_row(1, influence="2")
    box.panel.save_button.click()
    assert box.panel.message == "Saved: North Locality's stakeholders, 5 stakeholders (1 changed)."
    assert rows(demo_ws, "north")[0]["influence"] == "2"
    assert png(box) != drawn
    box.panel.undo_button.click()
    assert box.panel.message.startswith("Undone: save_stakeholders by p01 at ")
    assert rows(demo_ws, "north") == original
    assert box.rows()[0]["influence"] == original[0]["influence"]  # the box reloaded
    assert png(box) == drawn


def test_a_new_team_without_the_file_saves_its_first_stakeholders(fresh_workspace):
    (fresh_workspace / "stakeholders.csv").unlink(missing_ok=True)  # the table is optional
    box = StakeholderBox(fresh_workspace, "east", saver=LocalSaver(fresh_workspace, user="e01"))
    assert names(box) == [] and box.grid is None
    assert box.paper_png() is None and box.drawing.outputs == ()
    box.set_row(1, stakeholder="GP partners", influence="5", interest="4",
                action="Present the aim", who="Practice manager", when="3 June")  # fmt: skip
    box.set_row(2, stakeholder="Dispensary team", influence="3", interest="5")
    box.panel.save_button.click()
    assert box.panel.message == (
        "Saved: East PCN's stakeholders, 2 stakeholders (2 stakeholders added)."
    )
    assert [r["stakeholder"] for r in rows(fresh_workspace, "east")] == [
        "GP partners",
        "Dispensary team",
    ]
    assert validate_workspace(fresh_workspace).ok
    assert box.paper_png() is not None
    assert names(StakeholderBox(fresh_workspace, "east")) == ["GP partners", "Dispensary team"]


def _save_many(args: tuple[str, str, int]) -> list[str]:
    folder, team, n = args
    return [
        save_stakeholders(
            folder,
            team,
            user=f"{team}-user",
            rows=[{"stakeholder": f"Group {team} {j}", "influence": 1 + j, "interest": 5 - j}
                  for j in range(i % 3 + 1)],
        ).message
        for i in range(n)
    ]  # fmt: skip


def test_concurrent_saves_by_two_teams_lose_nothing(demo_ws):
    north = rows(demo_ws, "north")
    with ProcessPoolExecutor(2) as pool:
        done = list(pool.map(_save_many, [(str(demo_ws), "west", 6), (str(demo_ws), "south", 6)]))
    assert all(m.startswith("Saved: ") for ms in done for m in ms)
    # the last save of each: i = 5, so 3 rows
    assert [r["stakeholder"] for r in rows(demo_ws, "west")] == [
        f"Group west {j}" for j in range(3)
    ]
    assert [r["stakeholder"] for r in rows(demo_ws, "south")] == [
        f"Group south {j}" for j in range(3)
    ]
    assert rows(demo_ws, "north") == north
    mine = [h for h in read_history(demo_ws) if h["operation"] == "save_stakeholders"]
    assert sorted(h["team_id"] for h in mine) == ["south"] * 6 + ["west"] * 6
    assert len({h["change_id"] for h in mine}) == 12
    assert validate_workspace(demo_ws).ok


# -- the form's answer fills a box whose team has saved nothing yet (issue 14) ---------------
def _typed_form(folder: Path, ws: Path, team: str, rows: list[dict[str, str]]):
    """Session 5's stakeholder form, typed into cell by cell (each change saves it)."""
    from qiteach.widgets.forms import answer_form

    form = answer_form("session05.stakeholders", folder=folder, record_in=(ws, team))
    cells = form.controls["stakeholders"]._cells
    for i, row in enumerate(rows):
        for name, value in row.items():
            cells[i][name].value = value
    return form


def test_a_team_with_no_saved_rows_starts_from_its_saved_form_answer(fresh_workspace, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    answers = tmp_path / "answers"
    form = _typed_form(answers, fresh_workspace, "east", [
        {"name": "GP partners", "influence": "5", "interest": "4",
         "action": "Present the aim", "who": "Practice manager", "when": "3 June"},
        {"name": "Dispensary team", "influence": "3", "interest": "5"},
    ])  # fmt: skip
    assert form.check().correct is False  # only 2: the form still checks as before
    before = (fresh_workspace / "stakeholders.csv").read_bytes()
    store = AnswerStore("session05", folder=answers)
    box = StakeholderBox(fresh_workspace, "east", answers=store,
                         saver=LocalSaver(fresh_workspace, user="e01"))  # fmt: skip
    assert box.rows()[0] == {"stakeholder": "GP partners", "influence": "5", "interest": "4",
                             "action": "Present the aim", "who": "Practice manager",
                             "when": "3 June"}  # fmt: skip
    assert names(box) == ["GP partners", "Dispensary team"]
    assert "These come from your answers to &quot;Exercise 4: your project&#x27;s stakeholders" in (
        box.note.value
    )
    assert "nothing is saved for your team until you click Save our stakeholders" in box.note.value
    # nothing is saved until the team clicks Save
    assert (fresh_workspace / "stakeholders.csv").read_bytes() == before and box.grid is None
    box.panel.save_button.click()
    assert box.panel.message == (
        "Saved: East PCN's stakeholders, 2 stakeholders (2 stakeholders added)."
    )
    assert [r["when"] for r in rows(fresh_workspace, "east")] == ["3 June", ""]
    assert box.note.value == "" and box.grid is not None  # now the saved rows are shown
    # another team's box does not take this answer (it was saved for east)
    assert store.load("session05.stakeholders", team="west") is None


def test_a_saved_table_wins_over_the_form_answer(demo_ws, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    _typed_form(tmp_path, demo_ws, "north", [{"name": "Care home managers", "influence": "4"}])
    box = StakeholderBox(demo_ws, "north", answers=AnswerStore("session05", folder=tmp_path))
    assert names(box) == [r["stakeholder"] for r in rows(demo_ws, "north")]
    assert "Care home managers" not in names(box) and box.note.value == ""


def test_an_old_one_column_answer_still_loads_is_checked_and_fills_the_box(
    fresh_workspace, tmp_path
):
    import json

    from qiteach.widgets.forms import get_spec
    from qiteach.widgets.forms.form import AnswerForm
    from qiteach.widgets.forms.store import AnswerStore

    old = [  # saved when the form had one "Who, and when" column (and no team)
        {"row": "1", "name": "GP partners", "influence": "5", "interest": "4",
         "action": "15 minutes at the partners' meeting", "who": "Practice manager, 3 June"},
        {"row": "2", "name": "Reception team", "influence": "2", "interest": "4", "action": "",
         "who": ""},
        {"row": "3", "name": "Patient participation group", "influence": "2", "interest": "5",
         "action": "", "who": ""},
    ]  # fmt: skip
    store = AnswerStore("session05", folder=tmp_path, user="sam")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"answers": {"session05.stakeholders": {
        "values": {"stakeholders": old}, "saved": "2026-05-01T10:00:00+00:00"}}}))  # fmt: skip
    form = AnswerForm(get_spec("session05.stakeholders"), store=store)  # loads the old file
    assert form.controls["stakeholders"].get()[0]["who"] == "Practice manager, 3 June"
    fb = form.check()
    assert fb.correct is True, fb
    assert fb.message.startswith("All 3 stakeholders placed on the grid")
    assert fb.hints[-1] == "Say when for GP partners (the When column), so each action has a date."
    box = StakeholderBox(fresh_workspace, "east", answers=store)
    first = box.rows()[0]
    assert (first["who"], first["when"]) == ("Practice manager, 3 June", None)
    assert names(box) == ["GP partners", "Reception team", "Patient participation group"]


def test_a_shown_table_follows_the_form_but_keeps_what_was_typed_in_it(fresh_workspace, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    box = StakeholderBox(fresh_workspace, "east", answers=AnswerStore("session05", folder=tmp_path))
    assert names(box) == []
    form = _typed_form(tmp_path, fresh_workspace, "east", [
        {"name": "GP partners", "influence": "5", "interest": "4"},
    ])  # fmt: skip
    assert names(box) == ["GP partners"] and "These come from your answers" in box.note.value
    box.set_row(1, action="Present the aim at the partners' meeting")  # typed in the box
    form.controls["stakeholders"]._cells[1]["name"].value = "Dispensary team"
    assert names(box) == ["GP partners"]
    assert box.rows()[0]["action"] == "Present the aim at the partners' meeting"
    assert "what you typed here is kept" in box.note.value
