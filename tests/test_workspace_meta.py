"""programme.yaml checks and the workbook programme-sheet layout."""

from __future__ import annotations

import datetime as dt

from qiteach.workspace.meta import check_meta, meta_to_rows, normalise_meta, rows_to_meta
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


# ---- adversarial programme.yaml (review of bad input) ------------------------------------


def _workspace_with_yaml(tmp_path, old: str, new: str):
    from qiteach.workspace import validate_workspace
    from qiteach.workspace.templates import example_workspace

    folder = tmp_path / "ws"
    example_workspace(folder)
    path = folder / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate_workspace(folder)


def test_uk_start_date_reaches_the_programme_as_that_date(tmp_path) -> None:
    # "01/09/2025" is 1 September: reports must not read it month-first (9 January)
    report = _workspace_with_yaml(tmp_path, "start: 2025-09-01", "start: 01/09/2025")
    assert report.ok, report.problems
    assert report.programme.meta["start"] == dt.date(2025, 9, 1)
    assert report.programme.meta["end"] == dt.date(2026, 3, 31)


def test_a_field_given_twice_is_refused_at_its_second_line(tmp_path) -> None:
    report = _workspace_with_yaml(tmp_path, "\nrules: anhoej", "\nrules: anhoej\nname: Other")
    [problem] = report.problems
    lines = (tmp_path / "ws" / "programme.yaml").read_text().splitlines()
    assert lines[problem.row - 1] == "name: Other"
    assert problem.column == "name" and "given twice" in problem.message
    assert f"line {lines.index('name: Example QI programme 2025-26') + 1}" in problem.fix


def test_a_session_field_given_twice_is_refused(tmp_path) -> None:
    report = _workspace_with_yaml(
        tmp_path, "  title: Measurement for improvement", "  title: A\n  title: B"
    )
    [problem] = report.problems
    assert problem.column == "title" and "given twice" in problem.message


def test_misspelt_required_field_says_rename(tmp_path) -> None:
    report = _workspace_with_yaml(tmp_path, "organisation:", "organization:")
    [problem] = report.problems
    assert problem.column == "organisation"
    assert problem.fix == 'rename "organization" to "organisation"'
    assert problem.row == 6


def test_misspelt_optional_field_is_not_silently_ignored(tmp_path) -> None:
    # "rulez: ihi" must not leave the programme on the default anhoej rules unnoticed
    report = _workspace_with_yaml(tmp_path, "\nrules: anhoej", "\nrulez: ihi")
    [problem] = report.problems
    assert (problem.row, problem.column) == (9, "rulez")
    assert problem.message == 'unknown field "rulez"'
    assert problem.fix == 'did you mean "rules"?'


def test_misspelt_session_field_is_refused(tmp_path) -> None:
    report = _workspace_with_yaml(tmp_path, "  topics:\n  - aims", "  topic:\n  - aims")
    [problem] = report.problems
    assert problem.column == "topic" and problem.fix == 'did you mean "topics"?'


def test_extra_fields_unlike_any_known_field_stay_allowed() -> None:
    meta = dict(GOOD, tags=["a"], funder="NHS England")
    _, problems = check_meta(meta, "programme.yaml", {})
    assert problems == []


def test_name_that_is_a_list_is_refused() -> None:
    _, problems = check_meta(dict(GOOD, name=["a", "b"]), "programme.yaml", {("name",): 1})
    assert [(p.row, p.column) for p in problems] == [(1, "name")]
    assert "should be text" in problems[0].message


def test_synthetic_typed_as_text_true_or_false_is_read_as_that() -> None:
    # a workbook cell typed "FALSE" as text, or YAML synthetic: "false" (quoted)
    for text, expected in (("FALSE", False), ("true", True), (" No ", False)):
        _, problems = check_meta(dict(GOOD, synthetic=text), "programme.yaml", {})
        assert problems == []
        assert normalise_meta(dict(GOOD, synthetic=text))["synthetic"] is expected


def test_session_dates_outside_the_programme_are_refused() -> None:
    sessions = [dict(s) for s in GOOD["sessions"]]
    sessions[1]["date"] = dt.date(2062, 10, 8)  # a year typo
    where = {("sessions", 1, "date"): 17}
    _, problems = check_meta(dict(GOOD, sessions=sessions), "programme.yaml", where)
    assert [(p.row, p.column, p.message) for p in problems] == [
        (17, "date", "session 2: 2062-10-08 is after the programme ends (2026-06-30)")
    ]
    sessions[1]["date"] = dt.date(2024, 10, 8)
    _, problems = check_meta(dict(GOOD, sessions=sessions), "programme.yaml", where)
    assert (
        problems[0].message == "session 2: 2024-10-08 is before the programme starts (2025-09-01)"
    )


def test_impossible_yaml_date_is_a_problem_not_a_traceback(tmp_path) -> None:
    # PyYAML raises ValueError (not a YAMLError) for 2025-02-30
    report = _workspace_with_yaml(tmp_path, "start: 2025-09-01", "start: 2025-02-30")
    [problem] = report.problems
    assert (problem.row, problem.column) == (7, "start")
    assert problem.message == '"2025-02-30" is not a date (no such day)'


def test_impossible_session_date_names_its_line(tmp_path) -> None:
    report = _workspace_with_yaml(tmp_path, "date: 2025-10-08", "date: 2025-13-08")
    [problem] = report.problems
    assert (problem.row, problem.column) == (19, "date")


def test_recursive_and_exponential_yaml_aliases_finish(tmp_path) -> None:
    import time

    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("r: &r [*r]")
    start = time.perf_counter()
    report = _workspace_with_yaml(tmp_path, "synthetic: true", "\n".join(lines))
    assert time.perf_counter() - start < 20
    # an alias bomb is refused in one line before anything walks it (issue 17: bound it)
    assert [(p.file, p.message) for p in report.problems] == [
        ("programme.yaml", "its YAML aliases (&name and *name) expand to more than 100,000 values")
    ]
