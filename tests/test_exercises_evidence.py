"""Learning evidence (issue 13): each self-check result recorded with the programme's consent."""

from __future__ import annotations

import csv
import multiprocessing as mp
import shutil
from pathlib import Path

import pytest

from qiteach.datasets import dataset_path
from qiteach.exercises import evidence, session01, session06
from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.save import read_history, save_progress, undo_last

GOOD_AIM = "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027"


def _workspace(tmp_path: Path, *lines: str) -> Path:
    """A copy of the demo programme without its consent and its learning.csv, plus ``lines``."""
    ws = tmp_path / "ws"
    shutil.copytree(dataset_path("demo-programme"), ws)
    (ws / "learning.csv").unlink()
    yaml = ws / "programme.yaml"
    text = yaml.read_text(encoding="utf-8").replace("learning_evidence: true\n", "")
    yaml.write_text(text + "".join(f"{x}\n" for x in lines), "utf-8")
    return ws


def _rows(ws: Path) -> list[dict[str, str]]:
    path = ws / "learning.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_nothing_is_recorded_without_consent(tmp_path):
    ws = _workspace(tmp_path)
    fb = session01.check_aim("Improve access")
    assert evidence.record(ws, "north", participant="p01", exercise="aim", feedback=fb) is None
    assert not (ws / "learning.csv").exists()
    assert read_history(ws) == []


def test_first_try_attempts_and_final_result(tmp_path):
    ws = _workspace(tmp_path, "learning_evidence: true")
    weak, good = session01.check_aim("Improve access"), session01.check_aim(GOOD_AIM)
    for fb in (weak, weak, good):
        line = evidence.record(ws, "north", participant="p01", exercise="aim", feedback=fb,
                               answer="my words", user="p01")  # fmt: skip
    assert line == "Recorded: aim (session 1) for p01, attempt 3, pass."
    (row,) = _rows(ws)
    assert {k: row[k] for k in ("participant_id", "team_id", "session", "exercise")} == {
        "participant_id": "p01", "team_id": "north", "session": "1", "exercise": "aim"}  # fmt: skip
    assert (row["first_result"], row["final_result"], row["attempts"]) == ("not yet", "pass", "3")
    assert row["answer"] == ""  # the text is not kept without its own opt-in
    assert len(row["date"]) == 10
    assert validate_workspace(ws).ok
    assert read_history(ws)[-1]["operation"] == "record_check"
    # an unanswered check records nothing
    blank = session01.check_aim(None)
    assert evidence.record(ws, "north", participant="p01", exercise="aim", feedback=blank) is None
    assert _rows(ws)[0]["attempts"] == "3"


def test_answers_only_with_their_own_opt_in(tmp_path):
    ws = _workspace(tmp_path, "learning_evidence: true", "learning_evidence_answers: true")
    fb = session06.check_median(133, [130, 133, 140])
    evidence.record(ws, "north", participant="p02", exercise="median", feedback=fb,
                    answer={"median": 133}, user="p02")  # fmt: skip
    (row,) = _rows(ws)
    assert row["answer"] == '{"median": 133}' and row["session"] == "6"


@pytest.mark.parametrize(
    ("participant", "team", "words"),
    [("p99", "north", 'participant "p99" is not in team "north"'),
     ("p06", "north", 'participant "p06" is not in team "north"')],
)  # fmt: skip
def test_refusals_are_one_line_and_change_nothing(tmp_path, participant, team, words):
    ws = _workspace(tmp_path, "learning_evidence: true")
    before = {p.name: p.read_bytes() for p in ws.iterdir()}
    fb = session01.check_aim(GOOD_AIM)
    line = evidence.record(ws, team, participant=participant, exercise="aim", feedback=fb)
    assert line.startswith("Not saved: ") and words in line and "\n" not in line
    assert {p.name: p.read_bytes() for p in ws.iterdir() if p.name != ".qiteach.lock"} == before


def test_the_hub_being_unreachable_is_one_line(tmp_path, monkeypatch):
    ws = _workspace(tmp_path, "learning_evidence: true")
    monkeypatch.setenv("QITEACH_SAVE_URL", "http://127.0.0.1:9/services/qiteach-save")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "not-a-real-token")
    monkeypatch.delenv("QITEACH_WORKSPACE", raising=False)
    line = evidence.record(ws, "north", participant="p01", exercise="aim",
                           feedback=session01.check_aim(GOOD_AIM))  # fmt: skip
    assert "Could not reach the hub's saving service" in line
    assert not (ws / "learning.csv").exists()


def test_undo_takes_back_the_team_work_not_a_check_result(tmp_path):
    ws = _workspace(tmp_path, "learning_evidence: true")
    save_progress(ws, "north", user="p01", rows=[{"date": "2026-10-15", "score": 4.5}])
    evidence.record(ws, "north", participant="p01", exercise="aim",
                    feedback=session01.check_aim(GOOD_AIM), user="p01")  # fmt: skip
    assert undo_last(ws, "north", user="p01").message.startswith("Undone: save_progress")
    assert len(_rows(ws)) == 1
    assert "2026-10-15" not in (ws / "progress.csv").read_text(encoding="utf-8")


def _record_many(args: tuple[str, str]) -> None:
    ws, participant = args
    fb = session01.check_aim(GOOD_AIM)
    for exercise in ("three_questions", "classification", "aim"):
        evidence.record(ws, "north", participant=participant, exercise=exercise, feedback=fb,
                        user=participant)  # fmt: skip


def test_participants_checking_at_the_same_time_lose_nothing(tmp_path):
    ws = _workspace(tmp_path, "learning_evidence: true")
    people = [p for p in open_workspace(ws).team("north").participants["participant_id"]]
    with mp.get_context("spawn").Pool(2) as pool:
        pool.map(_record_many, [(str(ws), p) for p in people])
    rows = _rows(ws)
    assert len(rows) == 3 * len(people)
    assert {(r["participant_id"], r["exercise"]) for r in rows} == {
        (p, e) for p in people for e in ("three_questions", "classification", "aim")}  # fmt: skip


def _problems(ws: Path) -> list[str]:
    return [str(p) for p in validate_workspace(ws).problems]


def test_validator_guards_consent_answers_and_sessions(tmp_path):
    header = (
        "participant_id,team_id,session,exercise,first_result,final_result,attempts,date,answer\n"
    )
    ws = _workspace(tmp_path)
    (ws / "learning.csv").write_text(header + "p01,north,1,aim,pass,pass,1,2026-01-19,\n", "utf-8")
    assert any("does not have learning_evidence: true" in p for p in _problems(ws))
    ws2 = _workspace(tmp_path / "b", "learning_evidence: true")
    (ws2 / "learning.csv").write_text(
        header
        + "p01,north,1,aim,pass,pass,1,2026-01-19,my aim\n"
        + "p01,north,2,aim,pass,pass,1,2026-01-19,\n"
        + "p01,west,1,three_questions,pass,pass,1,2026-01-19,\n"
        + "p01,north,1,classification,pass,not yet,1,2026-01-19,\n"
        + "p01,north,1,lunch,pass,pass,1,2026-01-19,\n",
        "utf-8",
    )
    found = _problems(ws2)
    for words in ("learning.csv:2", "learning_evidence_answers: true", "exercise aim belongs to "
                  "session 1, not 2", "p01 is in team north, not west", "one attempt cannot be "
                  "both pass and not yet", "lunch"):  # fmt: skip
        assert any(words in p for p in found), (words, found)
    ws3 = _workspace(tmp_path / "c", "learning_evidence: maybe", "learning_evidence_answers: true")
    found = _problems(ws3)
    assert any('"maybe" is not true or false' in p for p in found)
    assert any("learning_evidence_answers is true but learning_evidence is not" in p for p in found)


def test_a_workspace_without_learning_csv_is_complete(tmp_path):
    ws = _workspace(tmp_path, "learning_evidence: true")
    assert validate_workspace(ws).ok
    assert open_workspace(ws).team("north").learning.empty


def test_the_participant_defaults_to_the_signed_in_user(tmp_path, monkeypatch):
    ws = _workspace(tmp_path, "learning_evidence: true")
    monkeypatch.delenv("QITEACH_PARTICIPANT", raising=False)
    fb = session01.check_aim(GOOD_AIM)
    assert evidence.record(ws, "north", exercise="aim", feedback=fb, user="p03").startswith(
        "Recorded: aim (session 1) for p03"
    )
    line = evidence.record(ws, "north", exercise="aim", feedback=fb, user="someone-else")
    assert line.startswith('Not saved: participant "someone-else" is not in team "north"')
