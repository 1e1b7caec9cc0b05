"""Hostile free text stays plain text: in exported CSV/XLSX and in reports opened in Chromium.

The fast tests check ``convert``'s exports (formula-looking text is stored as
text in XLSX and neutralised with a leading ``'`` in CSV, and reads back
unchanged). The slow test runs the real report notebooks on a workspace full of
markup, script, ``javascript:`` links, formula injection, right-to-left and emoji
text, then opens every page in headless Chromium: no script runs, no dialog
opens, no request leaves the machine, no console error, every chart image loads.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from _hardening_plugin import HOSTILE, hashes, hostile_workspace

from qiteach.cli import main
from qiteach.workspace import open_workspace

BASE = Path(__file__).parent / "badinput" / "base"
BUILD = Path(__file__).resolve().parents[1] / "build" / "hardening"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_workspace(BASE, tmp_path / "hostile")


def test_xlsx_export_stores_formula_text_as_text(hostile: Path, tmp_path: Path) -> None:
    book = tmp_path / "out.xlsx"
    assert main(["convert", str(hostile), str(book)]) == 0
    wb = openpyxl.load_workbook(book)  # formulas as written, not cached values
    formulas = [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []
    aim = next(c for c in wb["teams"][2] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert aim.data_type == "s" and aim.value == HOSTILE["aim"]


def test_csv_export_neutralises_formulas_and_reads_back_unchanged(
    hostile: Path, tmp_path: Path
) -> None:
    book, back = tmp_path / "out.xlsx", tmp_path / "back"
    assert main(["convert", str(hostile), str(book)]) == 0
    assert main(["convert", str(book), str(back)]) == 0
    with (back / "teams.csv").open(newline="", encoding="utf-8") as fh:
        team = next(csv.DictReader(fh))
    assert team["aim"] == "'" + HOSTILE["aim"]  # a spreadsheet shows it as text
    assert team["learning"].startswith("'@SUM")
    assert team["background"] == HOSTILE["background"]  # starts with "<": harmless
    with (back / "feedback.csv").open(newline="", encoding="utf-8") as fh:
        assert next(csv.DictReader(fh))["comment"] == HOSTILE["comment"]
    for folder in (hostile, back):
        teams = open_workspace(folder).tables["teams"]
        assert teams["aim"].iloc[0] == HOSTILE["aim"]
        assert teams["learning"].iloc[0] == HOSTILE["learning"].strip()  # cells are stripped


def test_csv_cells_that_are_numbers_are_not_neutralised(tmp_path: Path) -> None:
    folder, book, back = tmp_path / "ws", tmp_path / "ws.xlsx", tmp_path / "back"
    assert main(["new", str(folder)]) == 0
    assert main(["convert", str(folder), str(book)]) == 0
    assert main(["convert", str(book), str(back)]) == 0
    for name in ("measurements.csv", "teams.csv", "pdsa.csv"):
        assert (back / name).read_text("utf-8") == (folder / name).read_text("utf-8")


@pytest.mark.slow
def test_reports_show_hostile_text_as_plain_text_in_chromium(hostile: Path, tmp_path: Path):
    from browser.pages import audit, browser

    out = tmp_path / "reports"
    before = hashes(hostile)
    assert main(["report", str(hostile), "--out", str(out), "-q", "--jobs", "2"]) == 0
    assert hashes(hostile) == before
    pages = sorted(out.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "programme.html", "team-north.html"}
    BUILD.mkdir(parents=True, exist_ok=True)
    with browser() as b:
        results = [
            audit(b, p.as_uri(), screenshot=str(BUILD / f"hostile-{p.stem}.png")) for p in pages
        ]
    images = 0
    for r in results:
        assert r.pwned is None, (r.url, r.pwned)
        assert r.dialogs == [], r.dialogs
        assert r.outside == [], r.outside
        assert r.console_errors == [], r.console_errors
        assert r.broken_images == [], r.broken_images
        images += r.images
        assert "<script>window.__pwned=1</script>North" in r.text  # shown, not run
    team = next(r for r in results if r.url.endswith("team-north.html"))
    assert team.images >= 1
    assert HOSTILE["aim"][:40] in team.text and "مرحبا بالعالم" in team.text
    assert '<a href="javascript:window.__pwned=3">click me</a>' in team.text
    assert images >= 2
