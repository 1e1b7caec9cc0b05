"""Templates for a new workspace: a small, coherent example programme to overwrite.

``qiteach new DIR`` makes a folder (``programme.yaml``, one CSV per table and,
for people who prefer one file, ``workbook.xlsx`` holding the same content);
``qiteach new FILE.xlsx`` makes only the workbook. Every table starts with a few
example rows of one team ("north") so users see the format; the example passes
``qiteach validate`` (a test checks it).

>>> meta, tables = example_content()
>>> meta["sessions"][0]["title"]
'Getting started: the Model for Improvement'
>>> sorted(tables) == sorted(TABLES)
True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from qiteach.workspace.convert import save_folder, save_workbook
from qiteach.workspace.raw import RawTable, RawWorkspace, clean_frame
from qiteach.workspace.schema import TABLES

__all__ = ["YAML_HEADER", "example_content", "example_workspace", "new_workspace"]

YAML_HEADER = """\
# programme.yaml - the programme's own details (see docs/data-dictionary.md).
# Dates are YYYY-MM-DD. rules: anhoej (default), ihi, hcdg or mdc.
# Each session: number (1, 2, ...), date, title, topics (a list). Set synthetic to true
# only for made-up teaching data. Check the workspace with: qiteach validate <folder>
"""

_SESSIONS = [
    (1, "2025-09-10", "Getting started: the Model for Improvement", ["aims", "driver diagrams"]),
    (2, "2025-10-08", "Measurement for improvement", ["measures", "run charts"]),
    (3, "2025-11-12", "Testing changes", ["PDSA cycles", "control charts"]),
]

_ROWS: dict[str, list[str]] = {
    "teams": [
        "north|North Locality|North|Elm Surgery; Oak Medical Centre|Fewer missed appointments|"
        "DNAs|Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026|"
        "DNAs waste about 40 GP appointments a week.|||North place|24500",
    ],
    "participants": [
        "p01|Dr A. Patel|GP|north",
        "p02|J. Smith|practice manager|north",
        "p03|K. Jones|nurse|north",
    ],
    "attendance": ["p01|1|yes", "p02|1|yes", "p03|1|no", "p01|2|yes", "p02|2|yes", "p03|2|yes"],
    "drivers": [
        "north|P1||primary|Patients remember their appointment|strong|",
        "north|S1|P1|secondary|Reminders reach every patient|strong|",
        "north|CI1|S1|change_idea|Text reminder 48 hours before|strong|DNA-SMS",
        "north|CI2|S1|change_idea|Phone call for patients without a mobile|weak|",
        "north|P2||primary|Patients can cancel easily|weak|",
        "north|S2|P2|secondary|A cancellation line that is answered|weak|",
        "north|CI3|S2|change_idea|Cancel by text reply|weak|DNA-CANCEL",
    ],
    "measures": [
        "north|dna_rate|DNA rate|outcome|p|%|decrease|5|100|"
        "Booked appointments not attended without notice, as % of booked|"
        "Appointments coded DNA|All booked face-to-face appointments|"
        "Face-to-face GP and nurse appointments|Telephone appointments|"
        "EMIS appointment report|weekly|6|P1",
        "north|reminders_sent|Reminders sent|process|run|texts|increase||"
        "|Text reminders sent in the week|||All booked appointments||"
        "Text messaging log|weekly||S1",
        "north|staff_time|Reception time on reminders|balancing|i|minutes|decrease||"
        "|Minutes reception spent on reminders and rebooking in the week|||||"
        "Reception time sheet|weekly||",
    ],
    "pdsa": [
        "north|C1|CI1|R1|2025-10-13|2025-10-17|Do text reminders reach patients?|"
        "Most patients with a mobile get the text|Sent 40 texts on one GP list|"
        "38 of 40 delivered; 2 numbers out of date|adapt|1 GP list, 1 week",
        "north|C2|CI1|R1|2025-10-20|2025-11-07|Texts to all GP lists with a number check|"
        "DNAs fall on lists with texts|Checked numbers at booking; texts to all lists|"
        "DNA rate fell from about 8% to 6%|adopt|all GP lists, 3 weeks",
        "north|C3|CI2|R2|2025-11-10||Phone calls for patients without a mobile|"
        "Calls take 2 minutes each||||1 receptionist, 1 week",
    ],
    "charter": [
        "north|About 40 booked GP appointments a week at Elm Surgery are missed without notice|"
        "Booked face-to-face appointments at Elm Surgery|Telephone and online consultations|"
        "Dr R Shah, practice lead GP|Dr A Patel - clinical lead; J Smith - data and reminders|"
        "2025-09-01|2026-03-31",
    ],
    "progress": ["north|2025-09-30|1.5|Charter agreed", "north|2025-10-31|2.5|Texts tested"],
    "stakeholders": [],  # optional: filled in at session 5 (header only until then)
    "survey": [
        "p01|pre|confidence|write_aim|2",
        "p01|post|confidence|write_aim|4",
        "p02|pre|knowledge|run_chart_rules|3",
        "p02|post|knowledge|run_chart_rules|4",
    ],
    "feedback": ["p01|1|5|Clear and practical", "p02|1|4|", "p01|2|4|More time on charts"],
    "learning": [],  # written by the notebooks once programme.yaml has learning_evidence: true
}

_WEEKS = pd.date_range("2025-09-01", periods=10, freq="7D")
_DNA = [
    (31, 402),
    (35, 398),
    (29, 391),
    (33, 405),
    (30, 387),
    (34, 410),
    (26, 399),
    (24, 402),
    (22, 396),
    (20, 404),
]
_TEXTS = [0, 0, 0, 0, 0, 0, 40, 120, 390, 401]
_MINUTES = [30, 35, 28, 32, 30, 31, 45, 60, 50, 42]


def _measurements() -> list[dict[str, str]]:
    rows = []
    for i, week in enumerate(_WEEKS):
        day = week.strftime("%Y-%m-%d")
        num, den = _DNA[i]
        note = "Text reminders start" if i == 6 else ""
        rows.append(
            {
                "team_id": "north",
                "measure_id": "dna_rate",
                "period": day,
                "numerator": str(num),
                "denominator": str(den),
                "note": note,
            }
        )
    for i, week in enumerate(_WEEKS):
        day = week.strftime("%Y-%m-%d")
        rows.append(
            {
                "team_id": "north",
                "measure_id": "reminders_sent",
                "period": day,
                "value": str(_TEXTS[i]),
            }
        )
    for i, week in enumerate(_WEEKS):
        day = week.strftime("%Y-%m-%d")
        rows.append(
            {
                "team_id": "north",
                "measure_id": "staff_time",
                "period": day,
                "value": str(_MINUTES[i]),
            }
        )
    return rows


def example_content() -> tuple[dict[str, Any], dict[str, RawTable]]:
    """The example programme: (programme.yaml dict, text tables)."""
    meta: dict[str, Any] = {
        "name": "Example QI programme 2025-26",
        "organisation": "Example Training Hub",
        "start": dt.date(2025, 9, 1),
        "end": dt.date(2026, 3, 31),
        "rules": "anhoej",
        "synthetic": True,
        "sessions": [
            {"number": n, "date": dt.date.fromisoformat(d), "title": t, "topics": topics}
            for n, d, t, topics in _SESSIONS
        ],
    }
    tables: dict[str, RawTable] = {}
    for name, table in TABLES.items():
        if name == "measurements":
            records = _measurements()
        else:
            records = [dict(zip(table.names, line.split("|"), strict=True)) for line in _ROWS[name]]
        df = pd.DataFrame(records, columns=list(table.names), dtype=object)
        tables[name] = RawTable(name, table.filename, clean_frame(df), list(table.names))
    return meta, tables


def _raw(path: Path) -> tuple[RawWorkspace, dict[str, Any]]:
    meta, tables = example_content()
    return RawWorkspace(path, "folder", meta, "programme.yaml", tables), meta


def example_workspace(folder: str | Path, *, force: bool = False) -> Path:
    """Write the example programme as a folder workspace (no workbook)."""
    raw, meta = _raw(Path(folder))
    return save_folder(raw, meta, folder, force=force, yaml_header=YAML_HEADER)


def new_workspace(path: str | Path, *, force: bool = False) -> list[Path]:
    """Create a new workspace from the templates; return the files written.

    ``path`` ending in ``.xlsx``: only the workbook. Otherwise a folder with
    ``programme.yaml``, one CSV per table and ``workbook.xlsx``. Existing files
    are never overwritten unless ``force``.
    """
    path = Path(path)
    raw, meta = _raw(path)
    # a new workspace is a real programme: its example rows are there to be replaced, and
    # "synthetic data: made up for teaching" on its pages would be wrong from the first run
    meta["synthetic"] = False
    if path.suffix.lower() == ".xlsx":
        return [save_workbook(raw, meta, path, force=force)]
    save_folder(raw, meta, path, force=force, yaml_header=YAML_HEADER, workbook=True)
    names = ["programme.yaml", *(t.filename for t in TABLES.values()), "workbook.xlsx"]
    return [path / n for n in names]
