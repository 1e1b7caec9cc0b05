"""Second hardening pass (issue 17): each kind of fault found, tested at its source.

One test per kind, not per example; the bad-input corpus (tests/badinput) holds the
one-line messages for the workspace cases.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import shutil
from pathlib import Path

import pandas as pd
import pytest

import qiteach.plot
from qiteach.cli import main

BASE = Path(__file__).parent / "badinput" / "base"
MATH = "North $\\notacommand{x$ Locality"


def _drawing_functions():
    modules = [
        importlib.import_module(f"qiteach.plot.{m.name}")
        for m in pkgutil.iter_modules(qiteach.plot.__path__)
    ]
    modules.append(importlib.import_module("qiteach.exercises.plots"))
    for module in modules:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            public = not name.startswith("_") and fn.__module__ == module.__name__
            if public and name.startswith(("plot_", "draw_", "add_", "annotate_")):
                yield f"{module.__name__}.{name}", fn


def test_every_drawing_function_treats_dollars_as_text() -> None:
    found = dict(_drawing_functions())
    assert len(found) >= 20, sorted(found)
    assert [n for n, fn in found.items() if not getattr(fn, "plain_text", False)] == []


@pytest.mark.slow
def test_team_name_that_looks_like_mathtext_gives_working_reports(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    teams.write_text(teams.read_text("utf-8").replace("North Locality", MATH), "utf-8")
    out = tmp_path / "out"
    assert main(["validate", str(ws)]) == 0
    assert main(["report", str(ws), "--out", str(out), "-q", "--jobs", "1"]) == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary, "summary.json has the team's figures"
    page = (out / "team-north.html").read_text("utf-8")
    assert "notacommand" in page and "Traceback" not in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 40_003, "is 40,003 characters long; an Excel cell holds at most 32,767"),
        ("DNAs\x01 waste", "holds a control character (U+0001) that Excel cannot store"),
    ],
)
def test_convert_to_a_workbook_refuses_what_excel_would_cut_or_reject(
    tmp_path: Path, capsys, text: str, message: str
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    teams.write_text(
        teams.read_text("utf-8").replace("DNAs waste about 40 GP appointments a week.", text),
        "utf-8",
    )
    before = teams.read_bytes()
    dst = tmp_path / "book.xlsx"
    assert main(["validate", str(ws)]) == 0  # a folder of CSV files holds it whole
    capsys.readouterr()
    assert main(["convert", str(ws), str(dst)]) == 2
    err = capsys.readouterr().err
    assert f"teams.csv:2:background: {message}" in err and "Traceback" not in err
    assert not dst.exists() and teams.read_bytes() == before


def test_convert_back_from_a_workbook_keeps_long_text_within_the_limit(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    long = "y" * 32_767  # exactly the limit: kept whole both ways
    teams.write_text(
        teams.read_text("utf-8").replace("DNAs waste about 40 GP appointments a week.", long),
        "utf-8",
    )
    assert main(["convert", str(ws), str(tmp_path / "b.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "b.xlsx"), str(tmp_path / "back")]) == 0
    assert long in (tmp_path / "back" / "teams.csv").read_text("utf-8")


@pytest.mark.parametrize("team_id", [".", "-north", "a" * 65])
def test_validate_refuses_a_team_id_that_report_refuses_with_the_same_message(
    tmp_path: Path, capsys, team_id: str
) -> None:
    from qiteach.ids import UNSAFE_ID_MESSAGE
    from qiteach.reports.params import check_ids

    with pytest.raises(Exception, match=UNSAFE_ID_MESSAGE):
        check_ids([team_id])
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    teams.write_text(teams.read_text("utf-8").replace("\nnorth,", f"\n{team_id},", 1), "utf-8")
    assert main(["validate", str(ws)]) == 2
    assert f'teams.csv:2:team_id: "{team_id}": {UNSAFE_ID_MESSAGE}' in capsys.readouterr().out


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0"])
def test_report_timeout_that_is_not_a_positive_number_is_a_usage_error(
    tmp_path: Path, capsys, value: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(BASE), "--out", str(out), f"--timeout={value}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--timeout: must be a number of seconds more than 0" in err
    assert not out.exists()


def _patched_book(tmp_path: Path, sheet: str, change) -> Path:
    """The base workspace as a real workbook, with one sheet's XML changed by ``change``."""
    import re
    import zipfile

    book = tmp_path / "book.xlsx"
    assert main(["convert", str(BASE), str(book)]) == 0
    with zipfile.ZipFile(book) as z:
        files = {n: z.read(n) for n in z.namelist()}
    order = re.findall(r'<sheet name="([^"]+)"', files["xl/workbook.xml"].decode())
    name = f"xl/worksheets/sheet{order.index(sheet) + 1}.xml"
    files[name] = change(files[name].decode()).encode()
    out = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in files.items():
            z.writestr(n, data)
    return out


@pytest.mark.parametrize(
    ("sheet", "change", "message"),
    [
        (
            "teams",
            lambda x: x.replace(
                "</sheetData>",
                '<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>far</t></is>'
                "</c></row></sheetData>",
            ),
            "[teams]: has a cell beyond Excel's last row (1,048,576)",
        ),
        (
            "teams",
            lambda x: x.replace("<worksheet", '<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1),
            "the workbook contains XML entity declarations, which qiteach does not read",
        ),
        (
            "participants",
            lambda x: x.replace('r="A2"', 'r="1A"', 1),
            "cannot read the workbook: ",
        ),
    ],
    ids=["row-1e9", "entity", "bad-cell-ref"],
)
def test_crafted_workbook_is_one_clear_line_not_a_hang_or_traceback(
    tmp_path: Path, capsys, sheet: str, change, message: str
) -> None:
    book = _patched_book(tmp_path, sheet, change)
    capsys.readouterr()
    assert main(["validate", str(book)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err, err


@pytest.mark.slow
def test_two_team_runs_into_one_folder_leave_an_index_of_both(tmp_path: Path) -> None:
    from _hardening_plugin import hostile_workspace

    ws = hostile_workspace(BASE, tmp_path / "ws", teams=("east",))
    out = tmp_path / "out"
    for team in ("north", "east"):
        assert main(["report", str(ws), "--out", str(out), "--team", team, "-q"]) == 0
    index = (out / "index.html").read_text("utf-8")
    assert "team-north.html" in index and "team-east.html" in index
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["teams"]) == {"north", "east"}


@pytest.mark.slow  # waits for the connection to time out
@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not a scheduler::", "tcp://[::1"])
def test_unreachable_or_malformed_scheduler_leaves_no_out_folder(
    tmp_path: Path, capsys, address: str
) -> None:
    out = tmp_path / "new" / "out"
    code = main(["report", str(BASE), "--out", str(out), "--scheduler", address, "-q"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Dask scheduler" in err, err
    assert not out.exists()


def test_out_that_is_a_file_is_one_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "file.txt"
    out.write_text("keep me", "utf-8")
    assert main(["report", str(BASE), "--out", str(out), "-q"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert out.read_text("utf-8") == "keep me"


def test_disk_full_while_writing_is_one_line_naming_the_path(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import qiteach.fileio as fileio

    real = fileio.os.replace

    def full(src, dst, *a, **k):  # the rename is where a full disk shows once buffers flush
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(fileio.os, "replace", full)
    dst = tmp_path / "book.xlsx"
    assert main(["convert", str(BASE), str(dst)]) == 2
    monkeypatch.setattr(fileio.os, "replace", real)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device (fix: free some disk space" in err
    assert not dst.exists()
    assert [p.name for p in tmp_path.iterdir()] == [], "no partial or temporary file left"


def _with_shared_strings(book: Path, out: Path, strings: list[str], index: str) -> Path:
    """``book`` with a shared-string table, the teams sheet's A2 cell pointing at ``index``."""
    import re
    import zipfile

    with zipfile.ZipFile(book) as z:
        files = {n: z.read(n) for n in z.namelist()}
    order = re.findall(r'<sheet name="([^"]+)"', files["xl/workbook.xml"].decode())
    sheet = f"xl/worksheets/sheet{order.index('teams') + 1}.xml"
    xml = files[sheet].decode()
    xml, n = re.subn(
        r'<c r="A2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
        rf'<c r="A2"\1 t="s"><v>{index}</v></c>',
        xml,
    )
    assert n == 1
    files[sheet] = xml.encode()
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    files["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'
    ).encode()
    files["[Content_Types].xml"] = (
        files["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        .encode()
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ("-1", "a cell refers to shared string -1, but the workbook has strings 0 to 1 only"),
        ("7", "a cell refers to shared string 7, but the workbook has strings 0 to 1 only"),
    ],
    ids=["minus-one", "past-the-end"],
)
def test_shared_string_index_outside_the_table_is_refused_not_read_as_another_string(
    tmp_path: Path, capsys, index: str, message: str
) -> None:
    book = tmp_path / "book.xlsx"
    assert main(["convert", str(BASE), str(book)]) == 0
    good = _with_shared_strings(book, tmp_path / "good.xlsx", ["north", "zz-last"], "0")
    capsys.readouterr()
    assert main(["validate", str(good)]) == 0  # the same table through index 0 reads well
    bad = _with_shared_strings(book, tmp_path / "bad.xlsx", ["north", "zz-last"], index)
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err, err


def test_line_breaks_inside_cells_survive_a_round_trip_through_a_workbook(tmp_path: Path) -> None:
    from qiteach.workspace import read_raw

    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    teams.write_bytes(
        teams.read_bytes().replace(
            b"DNAs waste about 40 GP appointments a week.", b'"one\r\ntwo\rthree\nfour"'
        )
    )
    before = teams.read_bytes()
    assert main(["convert", str(ws), str(tmp_path / "b.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "b.xlsx"), str(tmp_path / "back")]) == 0
    tables = [read_raw(p).tables["teams"].df for p in (ws, tmp_path / "b.xlsx", tmp_path / "back")]
    assert tables[0].loc[2, "background"] == "one\ntwo\nthree\nfour"
    for other in tables[1:]:
        pd.testing.assert_frame_equal(other, tables[0])
    assert teams.read_bytes() == before


def test_an_empty_table_file_is_still_reported_after_convert(tmp_path: Path, capsys) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    (ws / "survey.csv").write_bytes(b"")
    capsys.readouterr()
    assert main(["validate", str(ws)]) == 2
    assert "survey.csv: is empty (no header row)" in capsys.readouterr().out
    for dst in (tmp_path / "b.xlsx", tmp_path / "back"):
        src = ws if dst.suffix else tmp_path / "b.xlsx"
        assert main(["convert", str(src), str(dst)]) == 0
        capsys.readouterr()
        assert main(["validate", str(dst)]) == 2, dst
        assert "is empty (no header row)" in capsys.readouterr().out
    assert (ws / "survey.csv").read_bytes() == b""
