"""Build the bad-input corpus: ``base/``, ``cases/<id>/`` and ``manifest.yaml``.

Run once from the repository root (``python tests/badinput/make_corpus.py``); the
output is committed, and the tests read the committed files. Each case is a copy
of ``base/`` (the workspace ``qiteach new`` makes) with the files in its folder
laid over it (and the files listed under ``delete`` removed), or a workbook, or a
chart CSV. The manifest says, for every case, what each command must do: fail
with exit code 2 and a message fragment at a ``file:row:column`` location, or
accept the input with a stated normalised value.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE, CASES = HERE / "base", HERE / "cases"
WS_COMMANDS = ["validate", "convert", "report"]
ACCEPT_COMMANDS = ["validate", "convert"]  # a full report run per case is too slow: see
# test_hardening_lost.py, which runs the real reports on an accepted case
manifest: list[dict[str, Any]] = []


def _base_text(name: str) -> str:
    return (BASE / name).read_text(encoding="utf-8")


def ws(
    cid: str,
    what: str,
    files: dict[str, bytes | str],
    *,
    error: tuple[str, str] | None = None,
    accept: dict[str, Any] | None = None,
    delete: tuple[str, ...] = (),
    commands: list[str] | None = None,
    convert: str = "keeps",
    converted: tuple[str, str] | None = None,
) -> None:
    """A folder-workspace case; ``files`` maps file name -> new content."""
    folder = CASES / cid
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    entry: dict[str, Any] = {"id": cid, "input": "workspace", "what": what}
    if delete:
        entry["delete"] = list(delete)
    entry["commands"] = commands or (WS_COMMANDS if error else ACCEPT_COMMANDS)
    _expect(entry, error, accept)
    if error:
        entry["convert"] = convert  # keeps: the converted copy shows the same problem
    if converted:  # the converted copy shows this problem instead
        entry["converted_where"], entry["converted_message"] = converted
    manifest.append(entry)


def _expect(entry: dict, error: tuple[str, str] | None, accept: dict | None) -> None:
    if error:
        entry["expect"] = "error"
        entry["where"], entry["message"] = error
    else:
        entry["expect"] = "accepted"
        entry["check"] = accept


def sub(name: str, old: str, new: str, *, count: int = 1) -> str:
    text = _base_text(name)
    assert old in text, (name, old)
    return text.replace(old, new, count)


def book(
    cid: str,
    what: str,
    edits: dict[tuple[str, str], Any],
    *,
    error: tuple[str, str] | None = None,
    accept: dict[str, Any] | None = None,
    cached: dict[tuple[str, str], tuple[str, str]] | None = None,
    drop_sheet: str | None = None,
    converted: tuple[str, str] | None = None,
    convert: str = "keeps",
    edit: Any = None,
) -> None:
    """A workbook case: the base converted to .xlsx, then cells edited with openpyxl.

    ``edits`` maps (sheet, cell) -> value; ``cached`` maps (sheet, cell) ->
    (formula, cached error value) written into the sheet XML the way Excel saves
    a formula whose result is an error.
    """
    import openpyxl

    from qiteach.workspace import convert_workspace

    folder = CASES / cid
    folder.mkdir(parents=True)
    path = folder / "workspace.xlsx"
    convert_workspace(BASE, path)
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell].value = value
    for (sheet, cell), (formula, _) in (cached or {}).items():
        wb[sheet][cell].value = "=" + formula
    if drop_sheet:
        del wb[drop_sheet]
    if edit is not None:  # anything beyond cell values: merge, hide, rename, formats
        edit(wb)
    wb.save(path)
    if cached:
        _cache_errors(path, wb.sheetnames, cached)
    entry: dict[str, Any] = {"id": cid, "input": "workbook", "what": what}
    entry["commands"] = WS_COMMANDS if error else ACCEPT_COMMANDS
    _expect(entry, error, accept)
    if error:
        entry["convert"] = convert
    if converted:
        entry["converted_where"], entry["converted_message"] = converted
    manifest.append(entry)


def raw_book(cid: str, what: str, data: bytes, *, error: tuple[str, str]) -> None:
    """A file named ``workspace.xlsx`` that is not a workbook at all (refused by every command)."""
    folder = CASES / cid
    folder.mkdir(parents=True)
    (folder / "workspace.xlsx").write_bytes(data)
    entry: dict[str, Any] = {"id": cid, "input": "workbook", "what": what}
    entry["commands"] = WS_COMMANDS
    _expect(entry, error, None)
    entry["convert"] = "refuses"
    manifest.append(entry)


def _cache_errors(path: Path, names: list[str], cached: dict) -> None:
    """Give formula cells a cached error value (``<v>#DIV/0!</v>``, type ``e``)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            for (sheet, cell), (formula, err) in cached.items():
                xml = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
                if item.filename == xml:
                    text = data.decode("utf-8")
                    pat = re.compile(rf'<c r="{cell}"[^>]*>.*?</c>')
                    assert pat.search(text), (sheet, cell)
                    new = f'<c r="{cell}" t="e"><f>{formula}</f><v>{err}</v></c>'
                    data = pat.sub(new, text, count=1).encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def chart(
    cid: str,
    what: str,
    data: bytes | str,
    *,
    args: list[str] | None = None,
    error: tuple[str, str] | None = None,
    accept: dict[str, Any] | None = None,
) -> None:
    """A ``qiteach chart`` case: one CSV plus command-line options."""
    folder = CASES / cid
    folder.mkdir(parents=True)
    (folder / "data.csv").write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    entry: dict[str, Any] = {"id": cid, "input": "chart", "what": what, "args": args or []}
    entry["commands"] = ["chart"]
    _expect(entry, error, accept)
    manifest.append(entry)


Y = [12, 15, 11, 14, 13, 16, 12, 18, 14, 13, 15, 17]
ISO = [f"2025-{m:02d}-01" for m in range(1, 13)]


def rows(xs: list[str], ys: list[Any], sep: str = ",") -> str:
    return "\n".join(f"{x}{sep}{y}" for x, y in zip(xs, ys, strict=True)) + "\n"


def workspace_cases() -> None:
    bom, cp = b"\xef\xbb\xbf", "cp1252"
    teams = _base_text("teams.csv")
    # -- encodings and stray spaces (accepted after normalisation) -------------------------
    ws(
        "ws-utf8-bom",
        "teams.csv saved by Excel as CSV UTF-8 (byte-order mark)",
        {"teams.csv": bom + teams.encode()},
        accept={"table": "teams", "row": 0, "column": "team_id", "value": "north"},
    )
    ws(
        "ws-cp1252",
        "teams.csv saved as Windows-1252 with accents and a dash",
        {"teams.csv": sub("teams.csv", "North Locality", "Nörth Locality – café").encode(cp)},
        accept={
            "table": "teams",
            "row": 0,
            "column": "team_name",
            "value": "Nörth Locality – café",
            "note": "read as Windows-1252",
        },
    )
    ws(
        "ws-utf16",
        "teams.csv saved as UTF-16 ('Unicode text') with its byte-order mark",
        {"teams.csv": sub("teams.csv", "North Locality", "Nörth").encode("utf-16")},
        accept={"table": "teams", "row": 0, "column": "team_name", "value": "Nörth"},
    )
    ws(
        "ws-header-spaces",
        "stray spaces around header names and cells",
        {"progress.csv": " team_id , date ,score , note\n north , 2025-09-30 , 1.5 , ok \n"},
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    ws(
        "ws-case-choices",
        "choices typed in other cases and spellings",
        {
            "participants.csv": sub(
                "participants.csv", "p02,J. Smith,practice manager", "p02,J. Smith,Practice_Manager"
            )
        },
        accept={"table": "participants", "row": 1, "column": "role", "value": "practice manager"},
    )
    ws(
        "ws-uk-dates",
        "progress dates typed DD/MM/YYYY",
        {"progress.csv": sub("progress.csv", "2025-10-31", "31/10/2025")},
        accept={"table": "progress", "row": 1, "column": "date", "value": "2025-10-31"},
    )
    ws(
        "ws-na-tokens",
        "N/A, NA and - for empty cells",
        {"progress.csv": sub("progress.csv", "Texts tested", "N/A")},
        accept={"table": "progress", "row": 1, "column": "note", "value": None},
    )
    ws(
        "ws-blank-lines",
        "blank lines between rows",
        {"progress.csv": sub("progress.csv", "\nnorth,2025-10-31", "\n\n\nnorth,2025-10-31")},
        accept={"table": "progress", "row": 1, "column": "score", "value": 2.5},
    )
    ws(
        "ws-crlf",
        "Windows line endings",
        {"teams.csv": teams.replace("\n", "\r\n")},
        accept={"table": "teams", "row": 0, "column": "topic", "value": "DNAs"},
    )
    ws(
        "ws-quoted-comma",
        "text with commas, quotes and line breaks, properly quoted",
        {
            "feedback.csv": sub(
                "feedback.csv", "Clear and practical", '"Clear, ""practical""\nand short"'
            )
        },
        accept={
            "table": "feedback",
            "row": 0,
            "column": "comment",
            "value": 'Clear, "practical"\nand short',
        },
    )
    ws(
        "ws-neutralised-formula",
        "a CSV cell neutralised with a leading ' (as convert writes)",
        {"feedback.csv": sub("feedback.csv", "Clear and practical", "'=1+1")},
        accept={"table": "feedback", "row": 0, "column": "comment", "value": "=1+1"},
    )
    # -- unreadable files -------------------------------------------------------------------
    ws(
        "ws-empty-file",
        "teams.csv is an empty file",
        {"teams.csv": b""},
        error=("teams.csv", "is empty (no header row)"),
    )
    ws(
        "ws-binary",
        "teams.csv holds binary data",
        {"teams.csv": bytes(range(256)) * 4},
        error=("teams.csv", "is not a text file"),
        convert="refuses",
    )
    ws(
        "ws-xlsx-renamed",
        "a workbook renamed to teams.csv",
        {"teams.csv": b"PK\x03\x04rest"},
        error=("teams.csv", "is an Excel workbook, not a CSV file"),
        convert="refuses",
    )
    ws(
        "ws-unclosed-quote",
        "an opening quote never closed",
        {"teams.csv": sub("teams.csv", "North Locality", '"North Locality')},
        error=("teams.csv:2", "never closed"),
        convert="refuses",
    )
    ws(
        "ws-extra-cells",
        "an unquoted comma adds a cell",
        {"teams.csv": sub("teams.csv", "North Locality", "North, Locality")},
        error=("teams.csv:2", "row has 11 cells but the header has 10"),
        convert="refuses",
    )
    ws(
        "ws-merged-header",
        "a title row (merged cells) above the header",
        {"progress.csv": "Progress scores,,,\n" + _base_text("progress.csv")},
        error=("progress.csv:1", "the header is on row 2, not row 1"),
    )
    ws(
        "ws-missing-file",
        "measures.csv deleted",
        {},
        delete=("measures.csv",),
        error=("measures.csv", "file is missing"),
        converted=("measures.csv", "sheet is missing"),
    )
    ws(
        "ws-missing-column",
        "a required column deleted",
        {"progress.csv": "team_id,date,note\nnorth,2025-09-30,x\n"},
        error=("progress.csv:1:score", "column is missing"),
    )
    ws(
        "ws-renamed-column",
        "a column header misspelt",
        {"progress.csv": sub("progress.csv", "team_id,date,score", "team_id,date,scores")},
        error=("progress.csv:1:score", 'rename column "scores" to "score"'),
    )
    ws(
        "ws-duplicate-column",
        "a column twice",
        {"progress.csv": "team_id,date,score,score\nnorth,2025-09-30,1.5,2\n"},
        error=("progress.csv:1:score", "column appears twice"),
    )
    ws(
        "ws-yaml-empty",
        "programme.yaml is empty",
        {"programme.yaml": b""},
        error=("programme.yaml", "is empty"),
        convert="refuses",
    )
    ws(
        "ws-yaml-broken",
        "programme.yaml with an unclosed bracket",
        {"programme.yaml": "name: [unclosed\n"},
        error=("programme.yaml:2", "cannot read YAML"),
        convert="refuses",
    )
    ws(
        "ws-yaml-tab",
        "programme.yaml indented with a tab",
        {"programme.yaml": "name: x\n\tstart: 2025-01-01\n"},
        error=("programme.yaml:2", "cannot read YAML"),
        convert="refuses",
    )
    ws(
        "ws-yaml-list",
        "programme.yaml is a list",
        {"programme.yaml": "- a\n- b\n"},
        error=("programme.yaml", "should be a list of 'field: value' lines"),
        convert="refuses",
    )
    # -- values -----------------------------------------------------------------------------
    ws(
        "ws-decimal-comma",
        "European decimal comma",
        {"progress.csv": sub("progress.csv", "1.5", '"1,5"')},
        error=("progress.csv:2:score", '"1,5" is not a number'),
    )
    ws(
        "ws-thousands",
        "thousands separator in a count",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ',,31,"1,402",')},
        error=("measurements.csv:2:denominator", "leave out the thousands separator (1402)"),
    )
    ws(
        "ws-percent-sign",
        "a value typed with a % sign",
        {
            "measurements.csv": sub(
                "measurements.csv", "reminders_sent,2025-09-01,0,", "reminders_sent,2025-09-01,8%,"
            )
        },
        error=("measurements.csv:12:value", '"8%" is not a number'),
    )
    ws(
        "ws-pct-scale",
        "a percentage typed 0-100 where the measure multiplies by 100",
        {
            "measures.csv": sub(
                "measures.csv",
                "Reception time on reminders,balancing,i,minutes",
                "Reception time on reminders,balancing,i,%",
            ).replace("decrease,,,Minutes", "decrease,,100,Minutes"),
            "measurements.csv": _pct_measurements(),
        },
        error=("measurements.csv:22:value", "would plot as 4000%"),
    )
    ws(
        "ws-pct-over-100",
        "a percentage over 100",
        {
            "measures.csv": sub(
                "measures.csv",
                "Reception time on reminders,balancing,i,minutes",
                "Reception time on reminders,balancing,i,%",
            ),
            "measurements.csv": sub(
                "measurements.csv", "staff_time,2025-09-01,30,", "staff_time,2025-09-01,140,"
            ),
        },
        error=("measurements.csv:22:value", "is not a percentage from 0 to 100"),
    )
    ws(
        "ws-text-number",
        "text in a number column",
        {"progress.csv": sub("progress.csv", "1.5", "about 2")},
        error=("progress.csv:2:score", '"about 2" is not a number'),
    )
    ws(
        "ws-inf",
        "inf typed as a number",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ",,inf,402,")},
        error=("measurements.csv:2:numerator", '"inf" is not a number'),
    )
    ws(
        "ws-negative-count",
        "a negative numerator",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ",,-31,402,")},
        error=("measurements.csv:2:numerator", "-31 is out of range"),
    )
    ws(
        "ws-num-over-den",
        "numerator above denominator on a p chart",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ",,500,402,")},
        error=("measurements.csv:2:numerator", "numerator 500 is more than denominator 402"),
    )
    ws(
        "ws-den-zero",
        "denominator 0",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ",,31,0,")},
        error=("measurements.csv:2:denominator", "denominator is 0"),
    )
    ws(
        "ws-p-needs-counts",
        "a p-chart measure given a value only",
        {"measurements.csv": sub("measurements.csv", ",,31,402,", ",0.08,,,")},
        error=("measurements.csv:2:numerator", "a p chart needs numerator and denominator"),
    )
    ws(
        "ws-run-needs-value",
        "a run-chart measure given counts only",
        {
            "measurements.csv": sub(
                "measurements.csv",
                "reminders_sent,2025-09-01,0,,,",
                "reminders_sent,2025-09-01,,3,10,",
            )
        },
        error=("measurements.csv:12:value", "a run chart needs a value"),
    )
    ws(
        "ws-score-step",
        "a progress score off the 0.5 steps",
        {"progress.csv": sub("progress.csv", "1.5", "1.7")},
        error=("progress.csv:2:score", "1.7 is out of range"),
    )
    ws(
        "ws-likert-range",
        "a Likert score of 7",
        {"survey.csv": sub("survey.csv", "write_aim,2", "write_aim,7")},
        error=("survey.csv:2:score", "7 is out of range"),
    )
    ws(
        "ws-not-whole",
        "a session number 1.5",
        {"attendance.csv": sub("attendance.csv", "p01,1,yes", "p01,1.5,yes")},
        error=("attendance.csv:2:session", '"1.5" is not a whole number'),
    )
    # -- dates ------------------------------------------------------------------------------
    for cid, text, msg in (
        ("ws-date-us", "10/31/2025", "looks like a US date (month first)"),
        ("ws-date-words", "31 Oct 2025", "is not a date"),
        ("ws-date-dots", "31.10.2025", "is not a date"),
        ("ws-date-serial", "45961", "is not a date"),
        ("ws-date-impossible", "2025-02-30", "is not a date"),
    ):
        ws(
            cid,
            f"a date typed {text}",
            {"progress.csv": sub("progress.csv", "2025-10-31", text)},
            error=("progress.csv:3:date", f'"{text}" {msg}'),
        )
    ws(
        "ws-yaml-bad-date",
        "programme start is not a date",
        {"programme.yaml": sub("programme.yaml", "start: 2025-09-01", "start: next autumn")},
        error=("programme.yaml:7:start", '"next autumn" is not a date'),
    )
    ws(
        "ws-yaml-end-before-start",
        "programme ends before it starts",
        {"programme.yaml": sub("programme.yaml", "end: 2026-03-31", "end: 2024-03-31")},
        error=("programme.yaml:8:end", "end is before start"),
    )
    ws(
        "ws-yaml-missing-name",
        "programme name deleted",
        {"programme.yaml": sub("programme.yaml", "name: Example QI programme 2025-26\n", "")},
        error=("programme.yaml", "name is missing"),
    )
    ws(
        "ws-yaml-rules",
        "unknown default rules",
        {"programme.yaml": sub("programme.yaml", "\nrules: anhoej", "\nrules: anhoj")},
        error=("programme.yaml:9:rules", 'unknown rules "anhoj"'),
    )
    ws(
        "ws-pdsa-end-before-start",
        "a PDSA cycle ending before it starts",
        {"pdsa.csv": sub("pdsa.csv", "2025-10-13,2025-10-17", "2025-10-13,2025-10-01")},
        error=("pdsa.csv:2:end", "before"),
    )
    # -- keys and references ----------------------------------------------------------------
    ws(
        "ws-duplicate-row",
        "a row pasted twice",
        {"progress.csv": _base_text("progress.csv") + "north,2025-10-31,2.5,Texts tested\n"},
        error=("progress.csv:4:date", "is used twice"),
    )
    ws(
        "ws-duplicate-id",
        "two teams with one id",
        {"teams.csv": teams + teams.splitlines()[1] + "\n"},
        error=("teams.csv:3:team_id", 'team_id "north" is used twice'),
    )
    ws(
        "ws-unknown-team",
        "progress for a team that does not exist",
        {"progress.csv": sub("progress.csv", "north,2025-10-31", "sout,2025-10-31")},
        error=("progress.csv:3:team_id", 'unknown team_id "sout"'),
    )
    ws(
        "ws-unknown-participant",
        "attendance of an unknown participant",
        {"attendance.csv": sub("attendance.csv", "p03,1,no", "p33,1,no")},
        error=("attendance.csv:4:participant_id", "p33"),
    )
    ws(
        "ws-unknown-measure",
        "a measurement of an unknown measure",
        {
            "measurements.csv": sub(
                "measurements.csv", "north,dna_rate,2025-09-01", "north,dna_rat,2025-09-01"
            )
        },
        error=("measurements.csv:2:measure_id", 'measure "dna_rat" is not in team north'),
    )
    ws(
        "ws-unknown-session",
        "attendance at a session the programme does not have",
        {"attendance.csv": sub("attendance.csv", "p03,1,no", "p03,9,no")},
        error=("attendance.csv:4:session", "9"),
    )
    ws(
        "ws-bad-id",
        "an id with a space",
        {"teams.csv": sub("teams.csv", "north,North", "north 2,North")},
        error=("teams.csv:2:team_id", '"north 2" is not a valid code'),
    )
    ws(
        "ws-unknown-role",
        "a misspelt role",
        {"participants.csv": sub("participants.csv", "nurse", "nurce")},
        error=("participants.csv:4:role", 'did you mean "nurse"'),
    )
    ws(
        "ws-unknown-chart",
        "a chart type that does not exist",
        {"measures.csv": sub("measures.csv", "outcome,p,%", "outcome,pie,%")},
        error=("measures.csv:2:chart", 'unknown chart "pie"'),
    )
    ws(
        "ws-empty-required",
        "a required cell left empty",
        {"teams.csv": sub("teams.csv", "Fewer missed appointments", "")},
        error=("teams.csv:2:project_title", "project_title is empty"),
    )
    ws(
        "ws-driver-orphan",
        "a driver hanging off a box that does not exist",
        {"drivers.csv": sub("drivers.csv", "north,S1,P1,", "north,S1,P9,")},
        error=("drivers.csv:3:parent_id", "P9"),
    )
    ws(
        "ws-pdsa-node",
        "a PDSA cycle testing a primary driver, not a change idea",
        {"pdsa.csv": sub("pdsa.csv", "north,C1,CI1,", "north,C1,P1,")},
        error=("pdsa.csv:2:node_id", "P1"),
    )
    ws(
        "ws-measure-node",
        "a measure tracking a box not in the driver diagram",
        {"measures.csv": sub("measures.csv", "weekly,6,P1", "weekly,6,P7")},
        error=("measures.csv:2:node_id", '"P7" is not in team north\'s driver diagram'),
    )
    ws(
        "ws-count-not-whole",
        "a c-chart count of 2.5",
        {
            "measures.csv": sub("measures.csv", "process,run,texts", "process,c,texts"),
            "measurements.csv": sub(
                "measurements.csv", "reminders_sent,2025-09-01,0,", "reminders_sent,2025-09-01,2.5,"
            ),
        },
        error=("measurements.csv:12:value", "2.5 is not a count"),
    )
    ws(
        "ws-excel-error-text",
        "an Excel error value pasted into a CSV",
        {
            "measurements.csv": sub(
                "measurements.csv",
                "reminders_sent,2025-09-01,0,",
                "reminders_sent,2025-09-01,#DIV/0!,",
            )
        },
        error=("measurements.csv:12:value", "Excel error #DIV/0! in this cell"),
    )
    charter_cases()
    review_cases()


def charter_cases() -> None:
    """The optional project charter (charter.csv): absent is fine, bad cells are not."""
    ws(
        "ws-charter-absent",
        "a workspace made before charter.csv existed (no charter file)",
        {},
        delete=("charter.csv",),
        accept={"table": "teams", "row": 0, "column": "team_id", "value": "north"},
    )
    ws(
        "ws-charter-dates",
        "a charter ending before it starts",
        {"charter.csv": sub("charter.csv", "2025-09-01,2026-03-31", "2026-03-31,2025-09-01")},
        error=("charter.csv:2:end", "end 2025-09-01 is before start 2026-03-31"),
    )
    ws(
        "ws-charter-team",
        "a charter for a team not in teams.csv",
        {"charter.csv": sub("charter.csv", "\nnorth,", "\nnorht,")},
        error=("charter.csv:2:team_id", "norht"),
    )
    ws(
        "ws-charter-twice",
        "two charters for one team",
        {
            "charter.csv": _base_text("charter.csv")
            + _base_text("charter.csv").splitlines()[1]
            + "\n"
        },
        error=("charter.csv:3:team_id", "used twice"),
    )
    ws(
        "ws-charter-no-problem",
        "a charter row without its problem statement",
        {
            "charter.csv": sub(
                "charter.csv",
                "north,About 40 booked GP appointments a week at "
                "Elm Surgery are missed without notice,",
                "north,,",
            )
        },
        error=("charter.csv:2:problem", "problem is empty"),
    )


def review_cases() -> None:
    """Cases added by the adversarial bad-input review (November 2026)."""
    y = _base_text("programme.yaml")
    ws(
        "ws-semicolons",
        "measurements.csv saved by European Excel: ';' between cells",
        {"measurements.csv": _base_text("measurements.csv").replace(",", ";")},
        accept={
            "table": "measurements",
            "row": 0,
            "column": "numerator",
            "value": 31.0,
            "note": 'cells are separated by ";"',
        },
    )
    ws(
        "ws-utf16-tabs",
        'teams.csv saved as Excel\'s "Unicode Text": UTF-16 with tabs between cells',
        {"teams.csv": _base_text("teams.csv").replace(",", "\t").encode("utf-16")},
        accept={
            "table": "teams",
            "row": 0,
            "column": "team_name",
            "value": "North Locality",
            "note": "cells are separated by tabs",
        },
    )
    ws(
        "ws-sep-hint",
        "Excel's 'sep=;' first line above a ';'-separated file",
        {"progress.csv": "sep=;\n" + _base_text("progress.csv").replace(",", ";")},
        accept={"table": "progress", "row": 1, "column": "score", "value": 2.5},
    )
    ws(
        "ws-repeated-header",
        "two progress files pasted together (the header again on row 4)",
        {"progress.csv": _base_text("progress.csv") + "team_id,date,score,note\n"},
        error=("progress.csv:4", "this row repeats the header"),
        convert="refuses",
    )
    ws(
        "ws-semicolons-decimal-comma",
        "a European CSV with a decimal comma in a score",
        {"progress.csv": "team_id;date;score;note\nnorth;2025-09-30;1,5;x\n"},
        error=("progress.csv:2:score", '"1,5" is not a number'),
    )
    ws(
        "ws-trailing-empty-header",
        "Excel's trailing ',,' after the header and rows",
        {"progress.csv": "team_id,date,score,note,,\nnorth,2025-09-30,1.5,ok,,\n,,,,,\n"},
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    ws(
        "ws-header-case",
        "headers typed 'Team ID', 'Date', 'Score'",
        {"progress.csv": sub("progress.csv", "team_id,date,score,note", "Team ID,Date,Score,Note")},
        error=("progress.csv:1:team_id", 'rename column "Team ID" to "team_id"'),
    )
    ws(
        "ws-header-only",
        "progress.csv holds only its header",
        {"progress.csv": "team_id,date,score,note\n"},
        accept={"table": "teams", "row": 0, "column": "team_id", "value": "north"},
    )
    ws(
        "ws-short-row",
        "a row with fewer cells than the header",
        {"progress.csv": "team_id,date,score,note\nnorth,2025-09-30\n"},
        error=("progress.csv:2:score", "score is empty"),
    )
    ws(
        "ws-nbsp",
        "non-breaking spaces (pasted from a web page) around cells",
        {"progress.csv": "team_id,date,score,note\nnorth\u00a0,2025-09-30,\u00a01.5,ok\n"},
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    ws(
        "ws-team-case",
        "a second team whose id differs only in capitals",
        {"teams.csv": _base_text("teams.csv") + "North,North again,,,,,,,,\n"},
        error=("teams.csv:3:team_id", 'differs from "north" only in capital letters'),
    )
    ws(
        "ws-future-period",
        "a period typed 2052 for 2025",
        {"measurements.csv": sub("measurements.csv", "2025-11-03,,20", "2052-11-03,,20")},
        error=("measurements.csv:11:period", "period 2052-11-03 is in the future"),
    )
    ws(
        "ws-pdsa-missing-idea",
        "a PDSA cycle testing a change idea not in the driver diagram",
        {"pdsa.csv": sub("pdsa.csv", "north,C3,CI2", "north,C3,CI9")},
        error=("pdsa.csv:4:node_id", 'change idea "CI9" is not in team north\'s driver diagram'),
    )
    ws(
        "ws-yes-no-letters",
        "attendance typed Y and TRUE",
        {"attendance.csv": sub("attendance.csv", "p01,1,yes", "p01,1,Y")},
        error=("attendance.csv:2:attended", 'unknown attended "Y"'),
    )
    ws(
        "ws-yaml-duplicate-key",
        "programme.yaml gives name twice (YAML keeps the last silently)",
        {"programme.yaml": y.replace("\nrules: anhoej", "\nrules: anhoej\nname: Other")},
        error=("programme.yaml:10:name", '"name" is given twice'),
        convert="refuses",
    )
    ws(
        "ws-yaml-typo-optional",
        "a misspelt optional field (rulez) would leave the default rules",
        {"programme.yaml": y.replace("\nrules: anhoej", "\nrulez: ihi")},
        error=("programme.yaml:9:rulez", 'unknown field "rulez" (fix: did you mean "rules"?)'),
    )
    ws(
        "ws-yaml-typo-required",
        "organisation spelt organization",
        {"programme.yaml": y.replace("\norganisation:", "\norganization:")},
        error=("programme.yaml:6:organisation", 'rename "organization" to "organisation"'),
    )
    ws(
        "ws-yaml-name-list",
        "the programme name given as a list",
        {"programme.yaml": y.replace("name: Example QI programme 2025-26", "name: [a, b]")},
        error=("programme.yaml:5:name", "name should be text, not a list"),
    )
    ws(
        "ws-yaml-impossible-date",
        "programme.yaml start 2025-02-30 (PyYAML raised a ValueError: a traceback)",
        {"programme.yaml": y.replace("start: 2025-09-01", "start: 2025-02-30")},
        error=("programme.yaml:7:start", '"2025-02-30" is not a date (no such day)'),
        convert="refuses",
    )
    ws(
        "ws-yaml-session-year",
        "a session dated 2062 for 2025",
        {"programme.yaml": y.replace("date: 2025-11-12", "date: 2062-11-12")},
        error=("programme.yaml:25:date", "session 3: 2062-11-12 is after the programme ends"),
    )


def _pct_measurements() -> str:
    """staff_time values as percentages (first one 40) where multiply 100 wants 0.40."""
    lines = _base_text("measurements.csv").splitlines()
    out = []
    for line in lines:
        parts = line.split(",")
        if parts[1] == "staff_time":
            parts[3] = "0.4"
        out.append(",".join(parts))
    first = next(i for i, line in enumerate(out) if ",staff_time," in line)
    parts = out[first].split(",")
    parts[3] = "40"
    out[first] = ",".join(parts)
    return "\n".join(out) + "\n"


def workbook_cases() -> None:
    book(
        "xlsx-formula-cached-error",
        "a formula cell whose cached value is #DIV/0!",
        {},
        cached={("measurements", "E2"): ("1/0", "#DIV/0!")},
        error=("workspace.xlsx[measurements]:2:numerator", "Excel error #DIV/0! in this cell"),
    )
    book(
        "xlsx-error-cell",
        "an error cell (#N/A) typed into a score",
        {("progress", "C2"): "#N/A"},
        error=("workspace.xlsx[progress]:2:score", "Excel error #N/A in this cell"),
    )
    book(
        "xlsx-formula-ok",
        "a formula with a good cached value is read as its value",
        {},
        cached={("progress", "C2"): ("1+0.5", "1.5")},
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    book(
        "xlsx-text-number",
        "a number typed as text with a comma",
        {("progress", "C2"): "1,5"},
        error=("workspace.xlsx[progress]:2:score", "is not a number"),
    )
    book(
        "xlsx-date-cell",
        "a real Excel date cell in a date column",
        {("progress", "B2"): __import__("datetime").datetime(2025, 9, 30)},
        accept={"table": "progress", "row": 0, "column": "date", "value": "2025-09-30"},
    )
    book(
        "xlsx-missing-sheet",
        "the progress sheet deleted",
        {},
        drop_sheet="progress",
        error=("workspace.xlsx[progress]", "sheet is missing"),
        converted=("workspace.xlsx[progress]", "file is missing"),
    )
    book(
        "xlsx-stray-spaces",
        "header and cells with stray spaces",
        {("teams", "B1"): "  team_name ", ("teams", "B2"): "  North  "},
        accept={"table": "teams", "row": 0, "column": "team_name", "value": "North"},
    )
    book(
        "xlsx-unknown-team",
        "a progress row for an unknown team",
        {("progress", "A3"): "sout"},
        error=("workspace.xlsx[progress]:3:team_id", 'unknown team_id "sout"'),
    )
    review_book_cases()


def _percent_staff_time(wb: Any) -> None:
    """staff_time as a % measure (multiply 100) typed 0.12 in cells formatted as 12%."""
    for row in wb["measures"].iter_rows(min_row=2):
        if row[1].value == "staff_time":
            row[5].value, row[8].value = "%", 100
    for row in wb["measurements"].iter_rows(min_row=2):
        if row[1].value == "staff_time":
            row[3].value, row[3].number_format = 0.12, "0%"


def review_book_cases() -> None:
    """Workbook cases added by the adversarial bad-input review (November 2026)."""
    book(
        "xlsx-formula-uncalculated",
        "a formula saved by a program, never calculated by Excel (no saved result)",
        {("progress", "C2"): "=1+0.5"},
        error=("workspace.xlsx[progress]:2:score", "formula has no saved result"),
        convert="refuses",
    )
    book(
        "xlsx-sheet-renamed",
        "the progress sheet renamed Sheet1",
        {},
        edit=lambda wb: setattr(wb["progress"], "title", "Sheet1"),
        error=("workspace.xlsx[progress]", 'sheet is missing (fix: add a sheet named "progress")'),
        converted=("workspace.xlsx[progress]", "file is missing"),
    )
    book(
        "xlsx-title-row",
        "a title row above the header",
        {},
        edit=lambda wb: (wb["progress"].insert_rows(1), wb["progress"].cell(1, 1, "Scores")),
        error=("workspace.xlsx[progress]:1", "the header is on row 2, not row 1"),
    )
    book(
        "xlsx-merged-cells",
        "two rows' team_id cells merged into one",
        {},
        edit=lambda wb: wb["progress"].merge_cells("A2:A3"),
        error=("workspace.xlsx[progress]:3:team_id", "team_id is empty"),
    )
    book(
        "xlsx-hidden-sheet",
        "the progress sheet hidden",
        {},
        edit=lambda wb: setattr(wb["progress"], "sheet_state", "hidden"),
        accept={"table": "progress", "row": 1, "column": "score", "value": 2.5},
    )
    book(
        "xlsx-extra-sheet",
        "an extra sheet of notes",
        {},
        edit=lambda wb: wb.create_sheet("My notes").cell(1, 1, "call Elm Surgery"),
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    book(
        "xlsx-percent-format",
        "a proportion 0.12 shown as 12% in a multiply-100 % measure",
        {},
        edit=_percent_staff_time,
        accept={"table": "measurements", "row": 20, "column": "value", "value": 0.12},
    )
    book(
        "xlsx-nbsp",
        "non-breaking spaces around a team id and a number",
        {("progress", "A2"): "\u00a0north\u00a0", ("progress", "C2"): " 1.5\u00a0"},
        accept={"table": "progress", "row": 0, "column": "score", "value": 1.5},
    )
    book(
        "xlsx-boolean-cell",
        "a TRUE cell in a yes/no column",
        {("attendance", "C2"): True},
        error=("workspace.xlsx[attendance]:2:attended", 'unknown attended "TRUE"'),
    )
    raw_book(
        "xlsx-encrypted",
        "a password-protected workbook (or an old .xls renamed .xlsx)",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
        error=("workspace.xlsx", "is password-protected or an old .xls workbook"),
    )
    raw_book(
        "xlsx-csv-renamed",
        "a CSV file renamed .xlsx",
        _base_text("teams.csv").encode(),
        error=("workspace.xlsx", "is a text (CSV) file, not a workbook"),
    )


def chart_cases() -> None:
    good = "x,y\n" + rows(ISO, Y)
    chart("chart-ok", "a clean run chart", good, accept={"points": 12, "first_y": 12.0, "cl": 14.0})
    chart(
        "chart-bom",
        "UTF-8 with Excel's byte-order mark",
        b"\xef\xbb\xbf" + good.encode(),
        accept={"points": 12, "first_y": 12.0, "cl": 14.0},
    )
    chart(
        "chart-cp1252",
        "Windows-1252 text in a note column",
        ("x,y,note\n" + rows(ISO, [f"{y},café" for y in Y])).encode("cp1252"),
        accept={"points": 12, "first_y": 12.0, "cl": 14.0},
    )
    chart(
        "chart-spaces",
        "stray spaces in the header",
        " x , y \n" + rows(ISO, Y),
        accept={"points": 12, "first_y": 12.0, "cl": 14.0},
    )
    uk = [f"01/{m:02d}/2025" for m in range(1, 13)]
    chart(
        "chart-uk-dates",
        "UK dates sort by date, not as text (Dec after Feb)",
        "x,y\n" + rows(uk, Y),
        accept={"points": 12, "first_x": "2025-01-01", "last_x": "2025-12-01", "first_y": 12.0},
    )
    chart(
        "chart-duplicate-x",
        "two rows for one date form one subgroup (mean)",
        good + f"{ISO[0]},14\n",
        accept={"points": 12, "first_y": 13.0},
    )
    chart("chart-empty", "an empty file", b"", error=("data.csv", "is empty"))
    chart(
        "chart-header-only",
        "a header and no rows",
        "x,y\n",
        error=("data.csv", "no data points to chart"),
    )
    chart(
        "chart-binary",
        "binary data",
        bytes(range(256)) * 4,
        error=("data.csv", "is not a text file"),
    )
    chart(
        "chart-semicolons",
        "European Excel CSV: ';' between cells, decimal commas",
        "x;y\n" + rows(ISO, [f"{y},5" for y in Y], sep=";"),
        error=("data.csv:1", "cells are separated by ';'"),
    )
    chart(
        "chart-decimal-comma",
        "decimal commas in quoted cells",
        "x,y\n" + rows(ISO, [f'"{y},5"' for y in Y]),
        error=("data.csv:2:y", "'12,5' is not a number"),
    )
    chart(
        "chart-percent",
        "values typed with a % sign",
        "x,y\n" + rows(ISO, [f"{y}%" for y in Y]),
        error=("data.csv:2:y", "'12%' is not a number"),
    )
    chart(
        "chart-text",
        "a word among the numbers",
        good + "2026-01-01,abc\n",
        error=("data.csv:14:y", "'abc' is not a number"),
    )
    chart(
        "chart-excel-error",
        "#DIV/0! pasted from Excel",
        good + "2026-01-01,#DIV/0!\n",
        error=("data.csv:14:y", "'#DIV/0!' is not a number"),
    )
    chart(
        "chart-inf",
        "inf among the numbers",
        good + "2026-01-01,inf\n",
        error=("data.csv:14:y", "is not a finite number"),
    )
    chart(
        "chart-title-row",
        "a title row above the header",
        "My chart,\n" + good,
        error=("data.csv:1", "the header is on row 2, not row 1"),
    )
    chart(
        "chart-unclosed-quote",
        "an unclosed quote",
        'x,y\n"2025-01-01,3\n',
        error=("data.csv", "not a readable CSV file"),
    )
    chart(
        "chart-us-date",
        "a US (month-first) date among UK dates",
        "x,y\n" + rows([*uk[:11], "01/13/2025"], Y),
        error=("data.csv:13:x", "looks like a US date (month first)"),
    )
    chart(
        "chart-mixed-dates",
        "a date typed in words among ISO dates",
        "x,y\n" + rows([*ISO[:11], "1 Dec 2025"], Y),
        error=("data.csv:13:x", "is not a date like the others"),
    )
    chart(
        "chart-missing-y",
        "no y column",
        "x,value\n" + rows(ISO, Y),
        error=("data.csv:y", "no column 'y' for y"),
    )
    chart(
        "chart-p-no-n",
        "a p chart without denominators",
        good,
        args=["--chart", "p"],
        error=("n", "a p chart needs a denominator"),
    )
    pn = "x,y,n\n" + "\n".join(f"{x},{y},100" for x, y in zip(ISO, Y, strict=True)) + "\n"
    chart(
        "chart-p-negative",
        "a negative numerator on a p chart",
        pn.replace(f"{ISO[2]},11,", f"{ISO[2]},-11,"),
        args=["--chart", "p"],
        error=("data.csv:4:y", "is negative"),
    )
    chart(
        "chart-p-over",
        "numerator above denominator on a p chart",
        pn.replace(f"{ISO[2]},11,100", f"{ISO[2]},111,100"),
        args=["--chart", "p"],
        error=("data.csv:4:y", "numerator 111 is greater than denominator 100"),
    )
    chart(
        "chart-p-zero-n",
        "denominator 0",
        pn.replace(f"{ISO[2]},11,100", f"{ISO[2]},11,0"),
        args=["--chart", "p"],
        error=("data.csv:4:n", "denominator 0 is not positive"),
    )
    chart(
        "chart-p-percent-as-counts",
        "percentages 0-100 given as y with n=100 (accepted)",
        pn,
        args=["--chart", "p"],
        accept={"points": 12, "first_y": 0.12},
    )
    chart(
        "chart-c-fraction",
        "a fractional count on a c chart",
        "x,y\n" + rows(ISO, [f"{y}.5" for y in Y]),
        args=["--chart", "c"],
        error=("data.csv:2:y", "is not a whole number"),
    )
    chart(
        "chart-unknown-type",
        "an unknown chart type",
        good,
        args=["--chart", "pie"],
        error=("chart", "unknown chart type 'pie'"),
    )
    chart(
        "chart-unknown-rules",
        "an unknown rule set",
        good,
        args=["--rules", "nelson"],
        error=("rules", "unknown rule set 'nelson'"),
    )
    chart(
        "chart-part-past-end",
        "a part after point 99 of 12",
        good,
        args=["--part", "99"],
        error=("part", "part 99 is past the last point (12)"),
    )
    chart(
        "chart-exclude-past-end",
        "excluding point 40 of 12",
        good,
        args=["--exclude", "40"],
        error=("exclude", "exclude 40 is past the last point (12)"),
    )
    chart(
        "chart-mdc-not-i",
        "Making Data Count rules on a run chart",
        good,
        args=["--rules", "mdc"],
        error=("chart", "the mdc rules are for XmR (i) charts"),
    )
    chart(
        "chart-bad-out",
        "an output file that is not .png/.svg/.pdf",
        good,
        args=["--out", "{out}/chart.txt"],
        error=("chart.txt", "cannot write .txt"),
    )


def hardening2_cases() -> None:
    """Cases added by the second hardening pass (issue 17, December 2026)."""
    measures = _base_text("measures.csv")
    ws(
        "ws-optional-header-case",
        "optional header in another case (Multiply): was ignored, 64 % shown as 0.64 %",
        {"measures.csv": measures.replace(",multiply,", ",Multiply,", 1)},
        error=("measures.csv:1:Multiply", 'column "Multiply" is not read as "multiply"'),
    )
    ws(
        "ws-optional-header-misspelt",
        "optional header misspelt (notee for note) in progress.csv",
        {
            "progress.csv": sub(
                "progress.csv", "team_id,date,score,note", "team_id,date,score,notee"
            )
        },
        error=("progress.csv:1:notee", 'column "notee" is not read as "note"'),
    )
    ws(
        "ws-date-after-pandas",
        "a date after pandas' last date (2262-04-12): was a traceback",
        {"progress.csv": sub("progress.csv", "2025-10-31", "2262-04-12")},
        error=("progress.csv:3:date", "is outside the dates qiteach reads"),
    )
    ws(
        "ws-date-year-one",
        "a date in year 1 (0001-01-01) in programme.yaml",
        {"programme.yaml": sub("programme.yaml", "start: 2025-09-01", "start: 0001-01-01")},
        error=("programme.yaml:7:start", "is outside the dates qiteach reads"),
    )
    ws(
        "ws-huge-whole-number",
        "baseline_points 9999999999999999999 (past 2^63): was a traceback",
        {"measures.csv": measures.replace(",weekly,6,P1", ",weekly,9999999999999999999,P1", 1)},
        error=("measures.csv:2:baseline_points", "is too large"),
    )
    ws(
        "ws-yaml-set",
        "a YAML !!set value in programme.yaml: convert gave a traceback",
        {"programme.yaml": _base_text("programme.yaml") + "tags: !!set {a, b}\n"},
        error=("programme.yaml", "holds a YAML set (!!set)"),
        convert="refuses",
    )
    ws(
        "ws-yaml-formula-field",
        "a programme.yaml field name starting with '=' (was written as a formula)",
        {"programme.yaml": _base_text("programme.yaml") + "'=HYPERLINK(\"x\")': 1\n"},
        error=("programme.yaml", "so a spreadsheet would run it as a formula"),
        convert="refuses",
    )
    ws(
        "ws-formula-header",
        "a column header starting with '=' (was written as a formula into the workbook)",
        {"teams.csv": sub("teams.csv", "next_steps", "next_steps,=SUM(A1)")},
        error=("teams.csv:1:=SUM(A1)", "so a spreadsheet would run it as a formula"),
        convert="refuses",
    )
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    topics = "  topics:\n  - aims\n  - driver diagrams"
    ws(
        "ws-yaml-alias-bomb-topics",
        "a YAML alias bomb under a session's topics (4.8 million topics): validate ran for minutes",
        {"programme.yaml": "\n".join(bomb) + "\n" + sub("programme.yaml", topics, "  topics: *g")},
        error=("programme.yaml", "its YAML aliases (&name and *name) expand to more than"),
        convert="refuses",
    )
    ws(
        "ws-mathtext-name",
        "a team name that looks like matplotlib mathtext ($\\notacommand{x$)",
        {"teams.csv": sub("teams.csv", "North Locality", "North $\\notacommand{x$")},
        accept={
            "table": "teams",
            "row": 0,
            "column": "team_name",
            "value": "North $\\notacommand{x$",
        },
    )


_STAKE_HEADER = "team_id,stakeholder,influence,interest,action,who,when\n"


def stakeholder_cases() -> None:
    """The optional stakeholders table (session 5): scores 1-5, one row per stakeholder."""

    def table(*lines: str) -> dict[str, str]:
        return {"stakeholders.csv": _STAKE_HEADER + "".join(f"{line}\n" for line in lines)}

    ws(
        "ws-stakeholder-out-of-range",
        "a stakeholder scored 7 on the 1-5 scale",
        table("north,GP partners,7,4,Meet them,PM,June"),
        error=("stakeholders.csv:2:influence", "7 is out of range"),
    )
    ws(
        "ws-stakeholder-word-score",
        "a score typed as a word",
        table("north,GP partners,high,4,Meet them,PM,June"),
        error=("stakeholders.csv:2:influence", '"high" is not a number'),
    )
    ws(
        "ws-stakeholder-half-score",
        "a score of 4.5",
        table("north,GP partners,4,4.5,Meet them,PM,June"),
        error=("stakeholders.csv:2:interest", '"4.5" is not a whole number'),
    )
    ws(
        "ws-stakeholder-unknown-team",
        "a stakeholder of a team that does not exist",
        table("nort,GP partners,5,4,Meet them,PM,June"),
        error=("stakeholders.csv:2:team_id", 'unknown team_id "nort"'),
    )
    ws(
        "ws-stakeholder-twice",
        "the same stakeholder listed twice for one team",
        table("north,GP partners,5,4,Meet them,PM,June", "north,GP partners,2,2,,,"),
        error=("stakeholders.csv:3:stakeholder", "is used twice"),
    )
    ws(
        "ws-stakeholder-no-name",
        "scores with no stakeholder named",
        table("north,,5,4,Meet them,PM,June"),
        error=("stakeholders.csv:2:stakeholder", "stakeholder is empty"),
    )
    ws(
        "ws-stakeholder-optional-columns",
        "only the required columns, with stray spaces",
        {"stakeholders.csv": "team_id, stakeholder ,influence,interest\nnorth, GP partners ,5,4\n"},
        accept={"table": "stakeholders", "row": 0, "column": "stakeholder", "value": "GP partners"},
    )


def main() -> int:
    from qiteach.workspace import new_workspace

    for path in (BASE, CASES):
        if path.exists():
            shutil.rmtree(path)
    new_workspace(BASE)
    (BASE / "workbook.xlsx").unlink()
    workspace_cases()
    hardening2_cases()
    workbook_cases()
    chart_cases()
    manifest.append(
        {
            "id": "ws-huge",
            "input": "workspace",
            "generate": "huge",
            "what": "100,000 measurements with one bad date near the end",
            "commands": ["validate", "report"],
            "expect": "error",
            "where": "measurements.csv:99991:period",
            "message": '"31/02/2026" is not a date',
        }
    )
    manifest.append(
        {
            "id": "chart-huge",
            "input": "chart",
            "generate": "huge",
            "args": [],
            "what": "200,000 points with one word near the end",
            "commands": ["chart"],
            "expect": "error",
            "where": "data.csv:199992:y",
            "message": "'n/k' is not a number",
        }
    )
    stakeholder_cases()
    header = "# Generated by tests/badinput/make_corpus.py - edit that, then re-run it.\n"
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)
    (HERE / "manifest.yaml").write_text(header + text, encoding="utf-8")
    print(f"{len(manifest)} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
