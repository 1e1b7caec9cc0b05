"""programme.yaml checks and the workbook programme-sheet layout."""

from __future__ import annotations

import datetime as dt

from qiteach.workspace.meta import check_meta, meta_to_rows, rows_to_meta
from qiteach.workspace.raw import yaml_lines

GOOD = {
    "name": "P",
    "organisation": "O",
    "start": dt.date(2025, 9, 1),
    "end": "30/06/2026",
    "rules": "IHI",
    "synthetic": False,
    "sessions": [
        {"number": 1, "date": dt.date(2025, 9, 10), "title": "A", "topics": ["x", "y"]},
        {"number": 2, "date": "2025-10-08", "title": "B", "topics": "p; q", "room": "Hall"},
    ],
}


def test_good_meta_gives_a_sessions_table() -> None:
    sessions, problems = check_meta(GOOD, "programme.yaml", {})
    assert problems == []
    assert sessions["number"].tolist() == [1, 2]
    assert sessions["topics"].tolist() == [["x", "y"], ["p", "q"]]
    assert str(sessions["date"].dtype) == "datetime64[ns]"


def test_problems_carry_yaml_lines() -> None:
    text = (
        "name: P\nstart: 2026-01-01\nend: 2025-01-01\nsynthetic: maybe\n"
        "sessions:\n  - number: 0\n    date: soon\n    title: A\n  - title: B\n"
    )
    import yaml

    _, problems = check_meta(yaml.safe_load(text), "programme.yaml", yaml_lines(text))
    got = {(p.row, p.column) for p in problems}
    assert got == {
        (None, "organisation"),
        (3, "end"),  # before start
        (4, "synthetic"),
        (6, "number"),  # 0
        (7, "date"),  # soon
        (9, "number"),  # session 2 has no number ...
        (9, "date"),  # ... nor date
    }


def test_not_a_mapping() -> None:
    _, problems = check_meta(["a", "b"], "programme.yaml", {})
    assert len(problems) == 1 and "field: value" in problems[0].message


def test_sheet_rows_round_trip_with_extra_fields() -> None:
    meta = dict(GOOD, sessions=[dict(s) for s in GOOD["sessions"]], tags=["a", "b"])
    meta["sessions"][1]["topics"] = ["p", "q"]
    rows = meta_to_rows(meta)
    assert ["sessions"] in rows
    assert rows[rows.index(["sessions"]) + 1] == ["number", "date", "title", "topics", "room"]
    back, where = rows_to_meta(rows)
    assert back == meta
    assert where[("start",)] == 4 and where[("sessions", 1, "room")] == len(rows)
