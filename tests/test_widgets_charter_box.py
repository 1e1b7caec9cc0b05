"""The charter box driven headlessly: type, click Save, check the message, file and drawing."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest
from box_helpers import drawn_png as png
from box_helpers import team_rows

from qiteach.widgets import CharterBox
from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.save import read_history, save_charter
from qiteach.workspace.saver import LocalSaver

pytestmark = pytest.mark.usefixtures("close_figures")


def rows(folder: Path, team: str) -> list[dict[str, str]]:
    return team_rows(folder, "charter", team)


def test_box_opens_with_the_saved_charter_and_its_drawing(demo_ws):
    box = CharterBox(demo_ws, "north")
    saved = rows(demo_ws, "north")[0]
    for name in ("problem", "scope_in", "scope_out", "sponsor"):
        assert box.fields[name].value == saved[name]
    assert box.fields["roles"].value.splitlines()[:2] == [
        "Dr Amira Hale - clinical lead",
        "Beth Carver - project lead",
    ]
    assert (box.fields["start"].value, box.fields["end"].value) == (
        dt.date(2025, 12, 1),
        dt.date(2026, 9, 30),
    )
    assert png(box).startswith(b"\x89PNG")
    assert box.paper_png() == box.drawing.outputs[0]["data"]["image/png"]  # for the worksheet
    assert box.charter is not None and box.charter.sponsor == saved["sponsor"]
    # what it would save is what is saved: nothing to do
    box.panel.save_button.click()
    assert box.panel.message == "Nothing to save: North Locality's charter.csv already holds this."


def test_save_writes_the_row_redraws_and_a_team_mate_reloads_it(demo_ws):
    alice = CharterBox(demo_ws, "west", saver=LocalSaver(demo_ws, user="p05"))
    bob = CharterBox(
        demo_ws, "west", saver=LocalSaver(demo_ws, user="p06")
    )  # opened before alice saves
    drawn = png(alice)
    alice.set_values(
        scope_out="Online consultations; the extended-access hub",
        roles="Dr Farid Lowe - clinical lead\nGemma Stroud - project lead\n\nHugh Penrose - data",
        end=dt.date(2026, 12, 18),
    )
    alice.panel.save_button.click()
    assert alice.panel.message == "Saved: West Locality's charter."
    assert "#1b5e20" in alice.panel.status.value
    row = rows(demo_ws, "west")[0]
    assert row["scope_out"] == "Online consultations; the extended-access hub"
    assert row["roles"] == "Dr Farid Lowe - clinical lead; Gemma Stroud - project lead; " + (
        "Hugh Penrose - data"
    )
    assert row["end"] == "2026-12-18" and row["start"] == "2025-12-01"
    assert read_history(demo_ws)[-1]["user"] == "p05"
    assert read_history(demo_ws)[-1]["operation"] == "save_charter"
    assert validate_workspace(demo_ws).ok
    # the drawing is redrawn from the saved row (with the team's own aim and measures)
    assert alice.charter is not None
    assert alice.charter.scope_out == "Online consultations; the extended-access hub"
    assert alice.charter.end == dt.date(2026, 12, 18) and alice.charter.measures
    assert png(alice) != drawn
    assert open_workspace(demo_ws).team("west").charter["scope_out"] == row["scope_out"]  # type: ignore[index]

    # a team mate who opens the notebook later sees it
    carol = CharterBox(demo_ws, "west")
    assert carol.fields["scope_out"].value == row["scope_out"]
    assert carol.fields["end"].value == dt.date(2026, 12, 18)
    assert png(carol) == png(alice)

    # bob opened it before alice saved: his save would overwrite hers, so it is refused
    bob.set_values(sponsor="Dr P Wren, senior partner")
    before = (demo_ws / "charter.csv").read_bytes()
    bob.panel.save_button.click()
    assert bob.panel.message.startswith("Not saved: West Locality's charter was saved by p05 at ")
    assert "(fix: click Reload" in bob.panel.message and "#b71c1c" in bob.panel.status.value
    assert (demo_ws / "charter.csv").read_bytes() == before
    bob.reload_button.click()
    assert bob.fields["scope_out"].value == row["scope_out"]
    bob.set_values(sponsor="Dr P Wren, senior partner")
    bob.panel.save_button.click()
    assert bob.panel.message == "Saved: West Locality's charter."
    row = rows(demo_ws, "west")[0]
    assert (row["sponsor"], row["scope_out"]) == (
        "Dr P Wren, senior partner",
        carol.base["scope_out"],
    )


def test_bad_input_is_refused_with_one_line_per_problem_and_nothing_written(demo_ws):
    box = CharterBox(demo_ws, "south", saver=LocalSaver(demo_ws, user="p09"))
    before = (demo_ws / "charter.csv").read_bytes()
    history = len(read_history(demo_ws))
    box.set_values(problem="   ", start=dt.date(2026, 9, 30), end=dt.date(2026, 1, 5))
    box.panel.save_button.click()
    assert box.panel.message == (
        "Not saved: problem: the charter has no problem statement (fix: write what is wrong "
        "now, for whom, and the number that shows it) (and 1 more, listed above)"
    )
    assert "#b71c1c" in box.panel.status.value
    assert "<li>problem: the charter has no problem statement" in box.problems.value
    assert (
        "<li>end: the end 2026-01-05 is before the start 2026-09-30 (fix: pick an end date "
        "after the start, or clear one of the two)</li>"
    ) in box.problems.value
    assert (demo_ws / "charter.csv").read_bytes() == before and len(
        read_history(demo_ws)
    ) == history
    # fixed, it saves, and the list of problems goes
    box.set_values(problem=rows(demo_ws, "south")[0]["problem"], end=dt.date(2027, 3, 31))
    box.panel.save_button.click()
    assert box.panel.message == "Saved: South Locality's charter."
    assert box.problems.value == ""
    # the save operation itself refuses the same (a hub client or code that skips the form)
    with pytest.raises(Exception, match=r"^Not saved: end: the end 2026-01-05 is before"):
        save_charter(demo_ws, "south", user="p09", row={"start": "2026-09-30", "end": "2026-01-05"})
    with pytest.raises(Exception, match=r'^Not saved: start: "30/09/2026" is not a date'):
        save_charter(demo_ws, "south", user="p09", row={"start": "30/09/2026"})


def test_shipped_example_is_refused():
    box = CharterBox("demo-programme", "north")
    box.set_values(sponsor="Dr New Sponsor")
    box.panel.save_button.click()
    assert box.panel.message.startswith('Not saved: "demo-programme" is a shipped example')
    assert open_workspace("demo-programme").team("north").charter["sponsor"] != "Dr New Sponsor"  # type: ignore[index]


def test_undo_restores_the_row_and_the_drawing(demo_ws):
    original = rows(demo_ws, "north")
    box = CharterBox(demo_ws, "north", saver=LocalSaver(demo_ws, user="p01"))
    drawn = png(box)
    box.set_values(scope_out="", sponsor="Dr R Shah, senior partner")
    box.panel.save_button.click()
    assert box.panel.message == "Saved: North Locality's charter."
    assert rows(demo_ws, "north")[0]["scope_out"] == ""
    assert png(box) != drawn
    box.panel.undo_button.click()
    assert box.panel.message.startswith("Undone: save_charter by p01 at ")
    assert rows(demo_ws, "north") == original
    assert box.fields["sponsor"].value == original[0]["sponsor"]  # the box reloaded
    assert png(box) == drawn


def test_a_new_team_without_a_charter_file_writes_its_first_charter(fresh_workspace):
    (fresh_workspace / "charter.csv").unlink()  # a workspace made before the charter table
    box = CharterBox(fresh_workspace, "east", saver=LocalSaver(fresh_workspace, user="e01"))
    assert all(not f.value for f in box.fields.values())
    assert box.charter is not None and box.charter.sponsor is None
    box.set_values(
        problem="Repeat prescriptions take 5 working days at Ash Surgery; 30 complaints a month",
        sponsor="Dr K Obi, senior partner",
        start=dt.date(2026, 1, 5),
    )
    box.panel.save_button.click()
    assert box.panel.message == "Saved: East PCN's first charter."
    (row,) = rows(fresh_workspace, "east")
    assert (row["sponsor"], row["start"], row["end"]) == (
        "Dr K Obi, senior partner",
        "2026-01-05",
        "",
    )
    assert validate_workspace(fresh_workspace).ok
    assert CharterBox(fresh_workspace, "east").fields["sponsor"].value == "Dr K Obi, senior partner"


def _save_many(args: tuple[str, str, int]) -> list[str]:
    folder, team, n = args
    return [
        save_charter(
            folder, team, user=f"{team}-user", row={"sponsor": f"Sponsor {team} {i}"}
        ).message
        for i in range(n)
    ]


def test_concurrent_saves_by_two_teams_lose_nothing(demo_ws):
    with ProcessPoolExecutor(2) as pool:
        done = list(pool.map(_save_many, [(str(demo_ws), "west", 6), (str(demo_ws), "south", 6)]))
    assert all(m.endswith("charter.") for ms in done for m in ms)
    assert rows(demo_ws, "west")[0]["sponsor"] == "Sponsor west 5"
    assert rows(demo_ws, "south")[0]["sponsor"] == "Sponsor south 5"
    assert rows(demo_ws, "north")[0]["sponsor"] == "Dr Amira Hale, North PCN clinical director"
    mine = [h for h in read_history(demo_ws) if h["operation"] == "save_charter"]
    assert sorted(h["team_id"] for h in mine) == ["south"] * 6 + ["west"] * 6
    assert len({h["change_id"] for h in mine}) == 12
    assert validate_workspace(demo_ws).ok


# -- the form's answer fills a box whose team has no charter yet (issue 14) ------------------
def _typed_scope(folder: Path, ws: Path, team: str, **values: str):
    """Session 1's scope-and-sponsor form, typed into box by box (each change saves it)."""
    from qiteach.widgets.forms import answer_form
    from qiteach.workspace import open_workspace

    form = answer_form("session01.charter_scope", folder=folder, record_in=(ws, team),
                       team=open_workspace(ws).team(team))  # fmt: skip
    for name, value in values.items():
        form.controls[name].widgets[0].value = value
    return form


SCOPE = {
    "scope_in": "Adults on the repeat prescribing list at Ash Surgery",
    "scope_out": "Controlled drugs; the dispensary's stock ordering",
    "sponsor": "Dr K Obi, senior partner",
}


def test_a_team_with_no_charter_starts_from_its_saved_form_answer(fresh_workspace, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    (fresh_workspace / "charter.csv").unlink()
    form = _typed_scope(tmp_path, fresh_workspace, "east", **SCOPE)
    form.check()
    assert form.answer == SCOPE  # the form still checks it as before
    box = CharterBox(fresh_workspace, "east", answers=AnswerStore("session01", folder=tmp_path),
                     saver=LocalSaver(fresh_workspace, user="e01"))  # fmt: skip
    assert {name: box.fields[name].value for name in SCOPE} == SCOPE
    assert box.fields["problem"].value == "" and box.fields["start"].value is None
    assert "These come from your answers to &quot;Exercise 4: your charter&#x27;s scope" in (
        box.note.value
    )
    assert "until you click Save to our charter." in box.note.value
    assert not (fresh_workspace / "charter.csv").exists()  # nothing saved before Save
    box.set_values(problem="Repeat prescriptions take 5 working days at Ash Surgery")
    box.panel.save_button.click()
    assert box.panel.message == "Saved: East PCN's first charter."
    (row,) = rows(fresh_workspace, "east")
    assert {name: row[name] for name in SCOPE} == SCOPE
    assert box.note.value == ""
    # a saved charter wins: the form's later answer is not used
    _typed_scope(tmp_path, fresh_workspace, "east", sponsor="Dr Someone Else")
    again = CharterBox(fresh_workspace, "east", answers=AnswerStore("session01", folder=tmp_path))
    assert again.fields["sponsor"].value == SCOPE["sponsor"] and again.note.value == ""


def test_a_saved_charter_wins_over_the_form_answer(demo_ws, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    _typed_scope(tmp_path, demo_ws, "west", **SCOPE)
    box = CharterBox(demo_ws, "west", answers=AnswerStore("session01", folder=tmp_path))
    assert box.fields["sponsor"].value == rows(demo_ws, "west")[0]["sponsor"]
    assert box.note.value == ""


def test_a_shown_box_follows_the_form_until_typed_in_or_saved(fresh_workspace, tmp_path):
    from qiteach.widgets.forms.store import AnswerStore

    (fresh_workspace / "charter.csv").unlink()
    store = AnswerStore("session01", folder=tmp_path)
    box = CharterBox(fresh_workspace, "east", answers=store,
                     saver=LocalSaver(fresh_workspace, user="e01"))  # fmt: skip
    assert [box.fields[name].value for name in SCOPE] == ["", "", ""] and box.note.value == ""
    drawn = box.drawing.outputs
    form = _typed_scope(tmp_path, fresh_workspace, "east", **SCOPE)  # answered after the box
    assert {name: box.fields[name].value for name in SCOPE} == SCOPE
    assert box.drawing.outputs is drawn  # the saved charter did not change: not drawn again
    assert "These come from your answers to &quot;Exercise 4" in box.note.value
    # another team's answer, or another person's answers file, is not this box's
    store.save("session01.charter_scope", {"sponsor": "Dr West"}, team="west")
    AnswerStore("session01", folder=tmp_path, user="someone.else").save(
        "session01.charter_scope", {"sponsor": "Dr Else"}, team="east"
    )
    assert box.fields["sponsor"].value == SCOPE["sponsor"]
    # the cell run again: only the new box follows the form
    again = CharterBox(fresh_workspace, "east", answers=store,
                       saver=LocalSaver(fresh_workspace, user="e01"))  # fmt: skip
    form.controls["sponsor"].widgets[0].value = "Dr A Patel, practice manager"
    assert again.fields["sponsor"].value == "Dr A Patel, practice manager"
    assert box.fields["sponsor"].value == SCOPE["sponsor"]
    # typed in the box: the form's later answer never overwrites it, and the note says so
    again.fields["problem"].value = "Repeat prescriptions take 5 working days at Ash Surgery"
    again.fields["sponsor"].value = "Dr K Obi"
    form.controls["scope_out"].widgets[0].value = "Controlled drugs"
    assert again.fields["problem"].value.startswith("Repeat prescriptions take 5")
    assert (again.fields["sponsor"].value, again.fields["scope_out"].value) == (
        "Dr K Obi",
        SCOPE["scope_out"],
    )
    assert "changed; what you typed here is kept (Reload puts the answers in" in again.note.value
    again.reload_button.click()  # Reload takes the form's answer after all
    assert (again.fields["problem"].value, again.fields["scope_out"].value) == (
        "",
        "Controlled drugs",
    )
    # once the team has saved its charter, the saved row wins over the form
    again.set_values(problem="Repeat prescriptions take 5 working days at Ash Surgery")
    again.panel.save_button.click()
    assert again.panel.message == "Saved: East PCN's first charter."
    form.controls["sponsor"].widgets[0].value = "Dr Someone Else"
    assert again.fields["sponsor"].value == "Dr A Patel, practice manager"
    assert again.note.value == "" and rows(fresh_workspace, "east")[0]["sponsor"] == (
        "Dr A Patel, practice manager"
    )
