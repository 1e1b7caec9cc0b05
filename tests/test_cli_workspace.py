"""`qiteach new`, `validate` and `convert`: exit codes, messages, untouched inputs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from qiteach.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "workspaces"


def _hashes(root: Path) -> dict[str, str]:
    if root.is_file():
        return {root.name: hashlib.sha256(root.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "good", tmp_path / "good"))


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "bad", tmp_path / "bad"))


def test_validate_clean_prints_one_ok_line(good: Path, capsys) -> None:
    before = _hashes(good)
    assert main(["validate", str(good)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and out.startswith("OK: Example QI programme 2025-26 — 1 team,")
    assert "30 measurements" in out
    assert "Windows-1252" in err  # the note about participants.csv
    assert _hashes(good) == before


def test_validate_bad_lists_every_problem_and_exits_2(bad: Path, capsys) -> None:
    before = _hashes(bad)
    assert main(["validate", str(bad)]) == 2
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 40
    assert 'participants.csv:3:role: unknown role "practise manager" (fix: did you mean ' in out
    assert err.strip().startswith("qiteach: 40 problems in")
    assert _hashes(bad) == before


def test_new_folder_then_validate(tmp_path: Path, capsys) -> None:
    ws = tmp_path / "prog"
    assert main(["new", str(ws)]) == 0
    names = sorted(p.name for p in ws.iterdir())
    assert "programme.yaml" in names and "workbook.xlsx" in names and "measurements.csv" in names
    assert main(["validate", str(ws)]) == 0
    assert main(["validate", str(ws / "workbook.xlsx")]) == 0
    before = _hashes(ws)
    capsys.readouterr()
    assert main(["new", str(ws)]) == 2  # never overwrite without --force
    assert "--force" in capsys.readouterr().err
    assert _hashes(ws) == before
    (ws / "teams.csv").write_text("changed\n")
    assert main(["new", str(ws), "--force"]) == 0
    assert (ws / "teams.csv").read_text().startswith("team_id,")


def test_new_into_existing_folder_keeps_other_files(tmp_path: Path) -> None:
    ws = tmp_path / "prog"
    ws.mkdir()
    (ws / "notes.txt").write_text("mine")
    assert main(["new", str(ws)]) == 0
    assert (ws / "notes.txt").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def test_new_workbook_only(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "p.xlsx")]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]


def test_convert_round_trip_and_refusals(good: Path, tmp_path: Path, capsys) -> None:
    before = _hashes(good)
    book = tmp_path / "good.xlsx"
    assert main(["convert", str(good), str(book)]) == 0
    assert _hashes(good) == before
    book_hash = _hashes(book)
    assert main(["convert", str(book), str(tmp_path / "back")]) == 0
    assert _hashes(book) == book_hash
    assert main(["validate", str(tmp_path / "back")]) == 0
    capsys.readouterr()
    assert main(["convert", str(good), str(book)]) == 2
    assert "--force" in capsys.readouterr().err
    assert _hashes(book) == book_hash
    assert main(["convert", str(good), str(book), "--force"]) == 0
    assert main(["convert", str(good), str(tmp_path / "x")]) == 2
    assert "give a .xlsx file as DST" in capsys.readouterr().err


def test_validate_missing_path(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "no such workspace folder" in capsys.readouterr().err


def test_folder_note_when_workbook_is_newer(tmp_path: Path, capsys) -> None:
    import os

    ws = tmp_path / "prog"
    main(["new", str(ws)])
    t = (ws / "teams.csv").stat().st_mtime
    os.utime(ws / "workbook.xlsx", (t + 60, t + 60))
    capsys.readouterr()
    assert main(["validate", str(ws)]) == 0
    assert "workbook.xlsx is newer than the CSV files" in capsys.readouterr().err


# ---- wrong paths (review of bad input) ---------------------------------------------------


def test_validate_given_one_csv_file_points_to_its_folder(good: Path, capsys) -> None:
    assert main(["validate", str(good / "teams.csv")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "teams.csv: is one file of a workspace, not a workspace" in err
    assert f"qiteach validate {good}" in err


def test_validate_of_a_folder_with_no_workspace_files_says_so_once(tmp_path: Path, capsys):
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Downloads" / "letter.docx").write_bytes(b"x")
    assert main(["validate", str(tmp_path / "Downloads")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "not a workspace folder (no programme.yaml and no table CSV files)" in err


# ---------------------------------------------------------------- issue 13
def test_a_new_workspace_is_a_real_programme_not_synthetic(tmp_path) -> None:
    """`qiteach new` starts a real programme: its pages must not say "synthetic data"."""
    import yaml

    from qiteach.exercises.common import session_header
    from qiteach.workspace import open_workspace
    from qiteach.workspace.templates import new_workspace

    new_workspace(tmp_path / "ws")
    new_workspace(tmp_path / "book.xlsx")
    text = (tmp_path / "ws" / "programme.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["synthetic"] is False
    for where in (tmp_path / "ws", tmp_path / "ws" / "workbook.xlsx", tmp_path / "book.xlsx"):
        programme = open_workspace(where)
        assert programme.synthetic is False, where
        header = str(session_header(programme, programme.team_ids[0]))
        assert "synthetic" not in header.lower()
