"""The workbook workspace: README sheet, dropdowns, example rows, reading and round trips."""

from __future__ import annotations

import datetime as dt
import re
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
        # learning.csv is written by the notebooks, and only with the programme's consent
        # (off in a new workspace), so it starts with its header alone
        assert ws.max_row > 1 or table.optional, f"{name} has no example rows"


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


# ---- adversarial workbooks (review of bad input) -----------------------------------------


def _edited(tmp_path: Path, edit) -> Path:
    path = tmp_path / "w.xlsx"
    convert_workspace(FIXTURES / "good", path)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def test_formula_never_calculated_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    # openpyxl (and other tools) save formulas without a result until Excel recalculates
    def edit(wb) -> None:
        wb["progress"]["C2"] = "=1+0.5"
        wb["measures"]["I2"] = "=50*2"  # an optional cell: it must not silently vanish

    path = _edited(tmp_path, edit)
    problems = validate_workspace(path).problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("w.xlsx[measures]", 2, "multiply"),
        ("w.xlsx[progress]", 2, "score"),
    ]
    assert all(p.message == "formula has no saved result" for p in problems)
    assert "open the workbook in Excel and save it" in problems[0].fix
    with pytest.raises(Exception, match="formula has no saved result"):
        convert_workspace(path, tmp_path / "back")  # converting would lose the formula
    assert not (tmp_path / "back").exists()


def test_formula_with_saved_result_and_empty_text_result_are_read(tmp_path: Path) -> None:
    import zipfile

    path = _edited(tmp_path, lambda wb: wb["progress"].cell(2, 4, "placeholder"))
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index("progress") + 1
    tmp = tmp_path / "x.xlsx"
    xml = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == xml:  # as Excel saves them: a number, and an empty text result
                text = data.decode()
                c2 = text[text.index('<c r="C2"') : text.index("</c>", text.index('<c r="C2"')) + 4]
                text = text.replace(c2, '<c r="C2"><f>1+0.5</f><v>1.5</v></c>')
                d2 = text[text.index('<c r="D2"') : text.index("</c>", text.index('<c r="D2"')) + 4]
                text = text.replace(d2, '<c r="D2" t="str"><f>IF(1,"","x")</f><v></v></c>')
                data = text.encode()
            zout.writestr(item, data)
    report = validate_workspace(tmp)
    assert report.ok, report.problems
    progress = report.programme.tables["progress"]
    assert progress["score"].iloc[0] == 1.5 and progress["note"].iloc[0] is None


def test_missing_sheet_never_suggests_renaming_another_needed_sheet(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda wb: setattr(wb["progress"], "title", "Sheet1"))
    [problem] = validate_workspace(path).problems
    assert problem.file == "w.xlsx[progress]" and problem.message == "sheet is missing"
    assert problem.fix == 'add a sheet named "progress"'  # not: rename sheet "programme"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected or an old .xls"),
        (b"team_id,team_name\nnorth,North\n", "is a text (CSV) file, not a workbook"),
        (b"", "is empty"),
    ],
)
def test_not_really_a_workbook_says_what_it_is(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(data)
    with pytest.raises(WorkspaceError, match=re.escape(text)) as info:
        validate_workspace(path)
    assert str(info.value).startswith("w.xlsx: ") and "\n" not in str(info.value)


def test_formatted_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    def edit(wb) -> None:
        ws = wb["progress"]
        fill = PatternFill("solid", fgColor="FFFF00")
        for r in range(4, 3000):  # formatted but empty, as after colouring whole columns
            for c in range(1, 5):
                ws.cell(r, c).fill = fill
        for c, v in enumerate(["north", dt.datetime(2025, 11, 30), 7, "late row"], start=1):
            ws.cell(3000, c, v)

    report = validate_workspace(_edited(tmp_path, edit))
    assert [(p.row, p.column) for p in report.problems] == [(3000, "score")]
    assert report.programme.tables["progress"]["note"].tolist()[-1] == "late row"


def _staff_time_as_percent_cells(*, multiply: float | None):
    """staff_time becomes a % measure; its values typed 0.12 in cells formatted as 12%."""

    def edit(wb) -> None:
        for row in wb["measures"].iter_rows(min_row=2):
            if row[1].value == "staff_time":
                row[5].value, row[8].value = "%", multiply
        for row in wb["measurements"].iter_rows(min_row=2):
            if row[1].value == "staff_time":
                row[3].value, row[3].number_format = 0.12, "0%"

    return edit


def test_percent_formatted_cell_without_multiply_100_is_refused(tmp_path: Path) -> None:
    # Excel shows 12% but stores 0.12: without multiply 100 the chart would show 0.12%
    path = _edited(tmp_path, _staff_time_as_percent_cells(multiply=None))
    problems = validate_workspace(path).problems
    rows = openpyxl.load_workbook(path)["measurements"].iter_rows(min_row=2, values_only=True)
    staff = [i for i, r in enumerate(rows, start=2) if r[1] == "staff_time"]
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("w.xlsx[measurements]", r, "value") for r in staff
    ]
    assert problems[0].message == "the cell shows 12% but holds 0.12, which would plot as 0.12%"
    assert problems[0].fix.startswith("set multiply to 100 for staff_time in measures")


def test_percent_formatted_cell_with_multiply_100_is_read_as_the_proportion(
    tmp_path: Path,
) -> None:
    report = validate_workspace(_edited(tmp_path, _staff_time_as_percent_cells(multiply=100)))
    assert report.ok, report.problems
    m = report.programme.tables["measurements"]
    assert m.loc[m["measure_id"] == "staff_time", "value"].tolist() == [0.12] * 10


def test_programme_field_given_twice_in_the_sheet_is_refused(tmp_path: Path) -> None:
    def edit(wb) -> None:
        ws = wb["programme"]
        ws.insert_rows(4)
        ws["A4"], ws["B4"] = "name", "A second name"

    [problem] = validate_workspace(_edited(tmp_path, edit)).problems
    assert (problem.file, problem.row, problem.column) == ("w.xlsx[programme]", 4, "name")
    assert problem.message == '"name" is given twice'
    assert problem.fix == "keep one of them (the other is on row 2)"
