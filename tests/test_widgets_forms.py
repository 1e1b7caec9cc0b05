"""Exercise forms, headless: set the fields, click Check my answer, read the feedback.

The form must give exactly the feedback the Python route gives for the same
answer (the check functions are called, never copied), say what it
understood, and save what was typed so it is there next time.
"""

from __future__ import annotations

import json
import threading

import pytest

from qiteach.exercises import session01
from qiteach.widgets.forms import answer_form, form_keys, get_spec
from qiteach.widgets.forms.store import AnswerStore

GOOD_AIM = "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027"


def _feedback_text(form) -> str:
    (shown,) = form.output.outputs
    return shown["data"]["text/plain"]


def test_every_session_exercise_has_a_form() -> None:
    keys = form_keys()
    assert len(keys) == 34
    for n in range(1, 9):
        assert any(k.startswith(f"session{n:02d}.") for k in keys), n


def test_aim_form_typed_and_checked_gives_the_python_feedback(tmp_path) -> None:
    form = answer_form("session01.aim", folder=tmp_path)
    (box,) = form.controls["aim"].widgets
    box.value = GOOD_AIM
    form.button.click()
    assert _feedback_text(form) == str(session01.check_aim(GOOD_AIM))
    assert form.feedback.passed
    said = form.understood_html.value
    assert "I read your aim as" in said and "31 March 2027" in said and "from 8% to 5%" in said
    markdown = form.output.outputs[0]["data"]["text/markdown"]
    assert markdown == session01.check_aim(GOOD_AIM)._repr_markdown_()


def test_aim_form_weak_aim_says_what_is_missing(tmp_path) -> None:
    form = answer_form("session01.aim", folder=tmp_path)
    form.set_values({"aim": "Improve access"})
    form.button.click()
    assert _feedback_text(form) == str(session01.check_aim("Improve access"))
    assert not form.feedback.passed
    assert "by when: not found" in form.understood_html.value


def test_blank_form_is_not_answered_and_says_nothing_understood(tmp_path) -> None:
    form = answer_form("session01.aim", folder=tmp_path)
    form.button.click()
    assert form.feedback.correct is None
    assert form.feedback == session01.check_aim(None)
    assert _feedback_text(form).startswith("Nothing to check yet: fill in the form")
    assert form.understood_html.value == ""


def test_half_filled_form_says_what_it_still_needs(tmp_path) -> None:
    import qiteach

    form = answer_form(
        "session04.weekly_dna", folder=tmp_path, log=qiteach.load_dataset("appointment-log")
    )
    form.set_values({"column": "status"})
    form.button.click()
    assert _feedback_text(form) == "Still to fill in: the value, the date column."
    assert form.feedback.correct is None


def test_three_questions_form_matches_the_python_list(tmp_path) -> None:
    form = answer_form("session01.three_questions", folder=tmp_path)
    typed = ["What do we want to achieve?", "How will we know it is better?", "What can we try?"]
    for i, text in enumerate(typed, start=1):
        form.controls[f"q{i}"].widgets[0].value = text
    form.button.click()
    assert form.answer == typed
    assert _feedback_text(form) == str(session01.check_three_questions(typed))


def test_classification_form_dropdowns_give_the_python_dict(tmp_path) -> None:
    form = answer_form("session01.classification", folder=tmp_path)
    key = [s.kind for s in session01.STATEMENTS]
    for cells, kind in zip(form.controls["kinds"]._cells, key, strict=True):
        cells["kind"].value = kind
    form.button.click()
    assert form.answer == dict(enumerate(key, start=1))
    assert form.feedback.passed
    assert _feedback_text(form) == str(session01.check_classification(form.answer))
    cells = form.controls["kinds"]._cells
    cells[2]["kind"].value = "measure"  # statement 3 is a change idea
    form.button.click()
    assert not form.feedback.passed
    assert "Statement 3" in _feedback_text(form)


# ------------------------------------------------------------------ saving
def test_answers_are_saved_and_filled_in_next_time(tmp_path) -> None:
    form = answer_form("session01.aim", folder=tmp_path)
    form.controls["aim"].widgets[0].value = GOOD_AIM  # saved as soon as it changes
    (path,) = tmp_path.glob("session01-*.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["answers"]["session01.aim"]["values"] == {"aim": GOOD_AIM}
    again = answer_form("session01.aim", folder=tmp_path)  # the notebook opened again
    assert again.controls["aim"].widgets[0].value == GOOD_AIM
    assert "saved answer is filled in" in again.status.value
    kinds = answer_form("session01.classification", folder=tmp_path)
    kinds.controls["kinds"]._cells[0]["kind"].value = "aim"
    both = json.loads(path.read_text(encoding="utf-8"))["answers"]
    assert set(both) == {"session01.aim", "session01.classification"}  # one file per session
    assert answer_form("session01.classification", folder=tmp_path).values()["kinds"][0] == {
        "row": "1",
        "kind": "aim",
    }


def test_each_person_has_their_own_file(tmp_path) -> None:
    spec = get_spec("session01.aim")
    from qiteach.widgets.forms.form import AnswerForm

    sam = AnswerForm(spec, store=AnswerStore("session01", folder=tmp_path, user="sam"))
    kim = AnswerForm(spec, store=AnswerStore("session01", folder=tmp_path, user="kim"))
    sam.set_values({"aim": "Sam's aim"})
    kim.set_values({"aim": "Kim's aim"})
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "session01-kim.json",
        "session01-sam.json",
    ]
    again = AnswerForm(spec, store=AnswerStore("session01", folder=tmp_path, user="sam"))
    assert again.values() == {"aim": "Sam's aim"}


def test_concurrent_saves_lose_nothing(tmp_path) -> None:
    keys = [f"session01.form{i}" for i in range(8)]

    def save(key: str) -> None:
        store = AnswerStore("session01", folder=tmp_path, user="sam")
        for n in range(10):
            store.save(key, {"n": n})

    threads = [threading.Thread(target=save, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = AnswerStore("session01", folder=tmp_path, user="sam")
    assert {k: store.load(k) for k in keys} == {k: {"n": 9} for k in keys}


def test_an_unreadable_answers_file_is_kept_not_overwritten(tmp_path) -> None:
    bad = tmp_path / "session01-sam.json"
    bad.write_text("{not json", encoding="utf-8")
    from qiteach.widgets.forms.form import AnswerForm

    form = AnswerForm(
        get_spec("session01.aim"), store=AnswerStore("session01", folder=tmp_path, user="sam")
    )
    assert "could not be read" in form.status.value
    form.set_values({"aim": GOOD_AIM})
    assert (tmp_path / "session01-sam.unreadable.json").read_text() == "{not json"
    assert AnswerStore("session01", folder=tmp_path, user="sam").load("session01.aim") == {
        "aim": GOOD_AIM
    }


def test_an_unknown_form_names_the_closest() -> None:
    from qiteach.exceptions import InputError

    with pytest.raises(InputError, match=r"session01\.aim"):
        get_spec("session01.aims")


# -- learning evidence ---------------------------------------------------------------------
def _consenting_copy(tmp_path, *, consent: bool = True):
    import shutil

    from qiteach.datasets import dataset_path

    ws = tmp_path / "ws"
    shutil.copytree(dataset_path("demo-programme"), ws)
    (ws / "learning.csv").unlink()  # start without the demo's own rows
    meta = ws / "programme.yaml"
    if not consent:
        text = meta.read_text("utf-8").replace("evidence: true", "evidence: false")
        meta.write_text(text, "utf-8")
    return ws


def test_each_check_in_a_form_records_learning_evidence(tmp_path, monkeypatch) -> None:
    from qiteach.exercises.evidence import learning_rows

    monkeypatch.setenv("QITEACH_PARTICIPANT", "p01")
    ws = _consenting_copy(tmp_path)
    form = answer_form("session01.aim", folder=tmp_path / "answers", record_in=(ws, "north"))
    form.set_values({"aim": "Improve access"})
    form.button.click()
    assert form.recorded == "Recorded: aim (session 1) for p01, attempt 1, not yet."
    assert form.recorded in form.status.value
    form.set_values({"aim": GOOD_AIM})
    form.button.click()
    rows = learning_rows(ws)
    assert rows[["participant_id", "session", "exercise"]].values.tolist() == [["p01", 1, "aim"]]
    row = rows.iloc[0]
    assert (row.first_result, row.final_result, row.attempts) == ("not yet", "pass", 2)


def test_a_form_records_under_the_check_functions_name(tmp_path, monkeypatch) -> None:
    import qiteach
    from qiteach.exercises.evidence import learning_rows

    monkeypatch.setenv("QITEACH_PARTICIPANT", "p01")
    ws = _consenting_copy(tmp_path)
    north = qiteach.open_workspace(ws).team("north")
    form = answer_form(
        "session05.weakest", folder=tmp_path / "a", record_in=(ws, "north"), team=north
    )
    (choice,) = form.controls["principle"].widgets
    choice.value = choice.options[1][1]
    form.button.click()
    assert learning_rows(ws)["exercise"].tolist() == ["weakest_principle"]


def test_without_consent_or_an_answer_a_form_records_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QITEACH_PARTICIPANT", "p01")
    ws = _consenting_copy(tmp_path, consent=False)
    form = answer_form("session01.aim", folder=tmp_path / "answers", record_in=(ws, "north"))
    form.set_values({"aim": GOOD_AIM})
    form.button.click()
    assert form.recorded is None and not (ws / "learning.csv").exists()
    consenting = _consenting_copy(tmp_path / "second")
    blank = answer_form("session01.aim", folder=tmp_path / "b", record_in=(consenting, "north"))
    blank.button.click()  # nothing typed: nothing to learn from
    assert blank.recorded is None and not (consenting / "learning.csv").exists()


def test_a_form_in_a_notebook_records_into_the_notebooks_workspace(tmp_path, monkeypatch) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from qiteach.exercises.evidence import learning_rows

    monkeypatch.setenv("QITEACH_PARTICIPANT", "p02")
    ws = _consenting_copy(tmp_path)
    shell = InteractiveShell.instance()
    try:
        shell.user_ns.update(workspace=str(ws), team="north")  # the parameters cell
        form = answer_form("session01.aim", folder=tmp_path / "answers")
        assert form.record_in == (str(ws), "north")
        form.set_values({"aim": GOOD_AIM})
        form.button.click()
    finally:
        InteractiveShell.clear_instance()
    assert learning_rows(ws)["participant_id"].tolist() == ["p02"]


def test_charter_scope_form_gives_the_python_dict_and_feedback(tmp_path, demo_programme) -> None:
    north = demo_programme.team("north")
    form = answer_form("session01.charter_scope", folder=tmp_path, team=north)
    typed = {
        "scope_in": "Adults on the hypertension register at Elm Surgery",
        "scope_out": "Care-home residents",
        "sponsor": "Beth Carver",  # north's project lead: passes, with a hint
    }
    for name, text in typed.items():
        form.controls[name].widgets[0].value = text
    form.button.click()
    assert form.answer == typed
    assert _feedback_text(form) == str(session01.check_charter_scope(typed, team=north))
    assert form.feedback.passed and "Beth Carver leads the project" in _feedback_text(form)
    said = form.understood_html.value
    assert "sponsor &quot;Beth Carver&quot;" in said and "out of scope" in said
    form.controls["scope_out"].widgets[0].value = ""
    form.button.click()
    assert not form.feedback.passed
    assert "Out of scope: say what the project leaves out" in _feedback_text(form)
    assert "out of scope: blank" in form.understood_html.value


def test_priority_grid_form_dropdowns_give_the_python_dict(tmp_path) -> None:
    from qiteach.tools.priority import prioritise

    form = answer_form("session01.priority_grid", folder=tmp_path)
    key = [p.quadrant for p in prioritise(session01.GRID_IDEAS)]
    cells = form.controls["grid"]._cells
    assert len(cells) == 6
    for row, quadrant in zip(cells, key, strict=True):
        row["quadrant"].value = quadrant
    form.button.click()
    assert form.answer == dict(enumerate(key, start=1))
    assert form.feedback.passed
    assert _feedback_text(form) == str(session01.check_priority_grid(form.answer))
    cells[5]["quadrant"].value = "fill-ins"  # idea 6 (impact 3, effort 2) is a quick win
    form.button.click()
    assert not form.feedback.passed
    assert "Idea 6" in _feedback_text(form) and "impact 3 counts as high" in _feedback_text(form)
