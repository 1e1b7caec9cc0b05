"""The size envelope (issue 17): beyond the supported sizes, one line and exit 2.

Real sizes where that is cheap (a CSV one row past the limit, 1,001 teams, a sparse
file past the byte limit); a lowered limit where writing a real workbook of that size
would take minutes (the stop itself is what is tested: reading ends at the limit).
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

import qiteach.workspace.xlsx as xlsx
from qiteach.cli import main
from qiteach.workspace.limits import MAX_DRAWN_TEXT, MAX_FILE_BYTES, MAX_TABLE_ROWS, MAX_TEAMS

BASE = Path(__file__).parent / "badinput" / "base"


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    return ws


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _lines(capsys) -> list[str]:
    out = capsys.readouterr()
    return [line for line in (out.out + out.err).splitlines() if line.strip()]


def _measurement_rows(n: int) -> str:
    return "".join(f"north,dna_rate,p{i},,1,10,\n" for i in range(n))


def test_a_table_one_row_past_the_limit_is_refused_unread_with_one_line(
    tmp_path: Path, capsys
) -> None:
    ws = _workspace(tmp_path)
    m = ws / "measurements.csv"
    header = m.read_text("utf-8").splitlines()[0]
    m.write_text(header + "\n" + _measurement_rows(MAX_TABLE_ROWS + 1), "utf-8")
    before = _digest(ws)
    assert main(["validate", str(ws)]) == 2
    lines = _lines(capsys)
    wanted = f"measurements.csv: has {MAX_TABLE_ROWS + 1:,} rows, more than the "
    hits = [line for line in lines if wanted in line]
    assert len(hits) == 1 and "(fix: split the programme" in hits[0], lines
    # the table was not read: no line about its (bad) periods
    assert not [line for line in lines if line.startswith("measurements.csv:2")], lines[:5]
    assert "Traceback" not in "\n".join(lines)
    assert _digest(ws) == before


@pytest.mark.slow  # reads and checks 500,000 rows: about 30 s
def test_a_table_at_the_limit_is_read(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path)
    m = ws / "measurements.csv"
    header = m.read_text("utf-8").splitlines()[0]
    m.write_text(header + "\n" + _measurement_rows(MAX_TABLE_ROWS), "utf-8")
    assert main(["validate", str(ws)]) == 2  # read: its made-up periods are not dates
    lines = _lines(capsys)
    assert not [line for line in lines if "rows one table may have" in line]
    assert [line for line in lines if line.startswith("measurements.csv:2:period")], lines[:5]


def test_more_teams_than_the_envelope_are_refused_before_any_report(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path)
    teams = ws / "teams.csv"
    lines = teams.read_text("utf-8").splitlines()
    extra = [f"t{i:04d},Team {i},,,Project,DNAs,,,," for i in range(MAX_TEAMS)]
    teams.write_text("\n".join([*lines, *extra]) + "\n", "utf-8")
    out = tmp_path / "out"
    assert main(["report", str(ws), "--out", str(out), "-q", "--jobs", "1"]) == 2
    text = "\n".join(_lines(capsys))
    assert f"teams.csv: has {MAX_TEAMS + 1:,} teams, more than the {MAX_TEAMS:,}" in text
    assert "Traceback" not in text
    assert not out.exists() or not any(out.glob("*.html"))


def test_a_name_too_long_to_draw_is_refused_before_any_report(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path)
    teams = ws / "teams.csv"
    teams.write_text(teams.read_text("utf-8").replace("North Locality", "N" * 1_000_000), "utf-8")
    out = tmp_path / "out"
    assert main(["report", str(ws), "--out", str(out), "-q", "--jobs", "1"]) == 2
    lines = [line for line in _lines(capsys) if "team_name" in line]
    assert lines == [
        f"teams.csv:2:team_name: is 1,000,000 characters long, more than the {MAX_DRAWN_TEXT} "
        "a name or label may have (fix: shorten it (it is shown in chart titles, legends "
        "and diagrams))"
    ], lines
    assert not out.exists() or not any(out.glob("*.html"))
    # a name at the limit is fine, and long free text (a background) is not a name
    teams.write_text(
        teams.read_text("utf-8").replace("N" * 1_000_000, "N" * MAX_DRAWN_TEXT), "utf-8"
    )
    assert main(["validate", str(ws)]) == 0


def test_a_file_past_the_byte_limit_is_refused_without_reading_it(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path)
    big = ws / "survey.csv"
    with big.open("r+b") as fh:  # sparse: the size is real, no disk is used
        fh.truncate(MAX_FILE_BYTES + 1)
    assert main(["validate", str(ws)]) == 2
    lines = _lines(capsys)
    wanted = f"survey.csv: is 200 MB, more than the {MAX_FILE_BYTES // 2**20} MB one file may be"
    assert [line for line in lines if line.startswith(wanted)], lines


def _book(tmp_path: Path) -> Path:
    ws = _workspace(tmp_path)
    book = tmp_path / "ws.xlsx"
    assert main(["convert", str(ws), str(book)]) == 0
    return book


def test_a_workbook_sheet_past_the_limit_stops_being_read_at_the_limit(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    book = _book(tmp_path)  # 30 measurement rows
    monkeypatch.setattr(xlsx, "MAX_TABLE_ROWS", 29)
    capsys.readouterr()
    before = book.read_bytes()
    assert main(["validate", str(book)]) == 2
    lines = _lines(capsys)
    assert lines == [lines[0]] and "error: ws.xlsx[measurements]: has more than the" in lines[0]
    assert book.read_bytes() == before
    monkeypatch.setattr(xlsx, "MAX_TABLE_ROWS", 30)
    assert main(["validate", str(book)]) == 0


def test_a_workbook_that_unpacks_past_the_limit_is_refused_from_its_directory(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    book = _book(tmp_path)
    with zipfile.ZipFile(book, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * 3 * 2**20)  # 3 MB packing to 3 kB
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 2**21)
    capsys.readouterr()
    assert main(["validate", str(book)]) == 2
    lines = _lines(capsys)
    assert any("ws.xlsx: unpacks to 3 MB, more than the" in line for line in lines), lines


@pytest.mark.parametrize("limit", [MAX_TABLE_ROWS, MAX_TEAMS, MAX_FILE_BYTES])
def test_the_envelope_is_documented_with_the_same_figures(limit: int) -> None:
    root = Path(__file__).parents[1]
    text = (root / "docs" / "reliability.md").read_text("utf-8")
    shown = f"{limit // 2**20} MB" if limit == MAX_FILE_BYTES else f"{limit:,}"
    assert shown in text
