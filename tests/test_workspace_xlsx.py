"""The workbook workspace: README sheet, dropdowns, example rows, reading and round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from qiteach.exceptions import WorkspaceError
from qiteach.workspace import convert_workspace, new_workspace, open_workspace, validate_workspace
from qiteach.workspace.schema import TABLES

FIXTURES = Path(__file__).parent / "fixtures" / "workspaces"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "programme.xlsx"
    new_workspace(path)
    return path


def test_new_workbook_layout(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["README", "programme", *TABLES]
    readme = [r[0] for r in wb["README"].iter_rows(values_only=True)]
    assert "How to fill in:" in readme
    # the README's data dictionary lists every column of every table
    listed = {(r[0], r[1]) for r in wb["README"].iter_rows(values_only=True) if r[1]}
    assert {(t, c.name) for t, tab in TABLES.items() for c in tab.columns} <= listed
    for name, table in TABLES.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == list(table.names)
        assert ws.max_row > 1, f"{name} has no example rows"


def test_every_choice_column_has_a_dropdown(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    for name, table in TABLES.items():
        ws = wb[name]
        dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
        for j, col in enumerate(table.columns):
            letter = openpyxl.utils.get_column_letter(j + 1)
            if col.kind == "choice":
                dv = dvs[f"{letter}2"]
                assert dv.type == "list"
                assert dv.formula1.strip('"').split(",") == list(col.choices)
            else:
                assert f"{letter}2" not in dvs


def test_new_workbook_validates_and_matches_folder(book: Path, tmp_path: Path) -> None:
    report = validate_workspace(book)
    assert report.ok, [str(p) for p in report.problems]
    folder = open_workspace(FIXTURES / "good")
    p = report.programme
    for name in TABLES:
        if name in ("participants", "progress", "drivers"):
            continue  # the good fixture was hand-edited there
        pd.testing.assert_frame_equal(p.tables[name], folder.tables[name], check_dtype=True)
    assert p.meta["start"] == dt.date(2025, 9, 1)


def test_cells_are_typed_in_the_workbook(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["measurements"]
    row = [c.value for c in ws[2]]
    assert isinstance(row[2], dt.datetime) and isinstance(row[4], int)


def test_never_overwrites_without_force(book: Path) -> None:
    before = book.read_bytes()
    with pytest.raises(WorkspaceError, match="--force"):
        new_workspace(book)
    assert book.read_bytes() == before
    new_workspace(book, force=True)
    assert validate_workspace(book).ok


def test_error_cells_and_sheet_labels(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    convert_workspace(FIXTURES / "good", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["measurements"]
    ws["D12"] = "#DIV/0!"  # stored as an Excel error value (cached result of a formula)
    ws["F3"] = 0
    del wb["survey"]
    wb.save(path)
    problems = [str(p) for p in validate_workspace(path).problems]
    assert 'w.xlsx[survey]: sheet is missing (fix: add a sheet named "survey")' in problems
    assert any(p.startswith("w.xlsx[measurements]:12:value: Excel error #DIV/0!") for p in problems)
    assert any(
        p.startswith("w.xlsx[measurements]:3:denominator: denominator is 0") for p in problems
    )


def test_programme_sheet_problems_name_the_sheet_row(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    convert_workspace(FIXTURES / "good", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["programme"]
    assert ws["A4"].value == "start"
    ws["B4"] = "next week"
    wb.save(path)
    problems = [str(p) for p in validate_workspace(path).problems]
    assert problems == [
        'w.xlsx[programme]:4:start: "next week" is not a date (fix: write dates as YYYY-MM-DD, '
        "e.g. 2025-09-01)"
    ]


def test_folder_to_workbook_to_folder_is_lossless(tmp_path: Path) -> None:
    src = FIXTURES / "good"
    convert_workspace(src, tmp_path / "w.xlsx")
    convert_workspace(tmp_path / "w.xlsx", tmp_path / "back")
    a, b = open_workspace(src), open_workspace(tmp_path / "back")
    for name in TABLES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    pd.testing.assert_frame_equal(a.sessions, b.sessions)
    original = yaml.safe_load((src / "programme.yaml").read_text())
    assert yaml.safe_load((tmp_path / "back" / "programme.yaml").read_text()) == original


def test_workbook_to_folder_to_workbook_keeps_cell_values(book: Path, tmp_path: Path) -> None:
    convert_workspace(book, tmp_path / "f")
    convert_workspace(tmp_path / "f", tmp_path / "again.xlsx")
    wa, wb = openpyxl.load_workbook(book), openpyxl.load_workbook(tmp_path / "again.xlsx")
    assert wa.sheetnames == wb.sheetnames
    for name in wa.sheetnames:
        va = [list(r) for r in wa[name].iter_rows(values_only=True)]
        vb = [list(r) for r in wb[name].iter_rows(values_only=True)]
        assert va == vb, name


def test_bad_workspace_converts_too_and_keeps_its_problems(tmp_path: Path) -> None:
    convert_workspace(FIXTURES / "bad", tmp_path / "bad.xlsx")
    folder = {(p.row, p.column, p.message) for p in validate_workspace(FIXTURES / "bad").problems}
    book = {
        (p.row, p.column, p.message) for p in validate_workspace(tmp_path / "bad.xlsx").problems
    }
    # programme-sheet rows differ from YAML lines; every table problem is the same
    strip = {(c, m) for r, c, m in folder}
    assert {(c, m) for r, c, m in book} == strip
