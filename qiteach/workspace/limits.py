"""The sizes of workspace qiteach supports, and the one-line refusals beyond them.

A QI collaborative is tens of practices, a few measures each, a few years of weekly or
monthly points: the envelope below is ten times the largest programme we know of,
and is what the benchmark ``benchmarks/bench_envelope.py`` measures at its edge
(figures in ``docs/reliability.md``). Beyond it qiteach refuses with one line before
reading the data into memory, instead of running for minutes and running out of it.

>>> MAX_TEAMS, f"{MAX_TABLE_ROWS:,}", MAX_FILE_BYTES // 2**20
(1000, '500,000', 200)
>>> print(too_many_rows("measurements.csv", 600_001))
measurements.csv: has 600,001 rows, more than the 500,000 rows one table may have ...
>>> print(too_many_teams("teams.csv", 8000))
teams.csv: has 8,000 teams, more than the 1,000 one workspace may have (fix: split ...
"""

from __future__ import annotations

from qiteach.exceptions import Problem

__all__ = [
    "DRAWN_COLUMNS",
    "MAX_DRAWN_TEXT",
    "MAX_FILE_BYTES",
    "MAX_TABLE_ROWS",
    "MAX_TEAMS",
    "MAX_UNPACKED_BYTES",
    "too_big",
    "too_many_rows",
    "too_many_teams",
]

#: Teams in one workspace (the largest collaborative we know of has about 80 practices).
MAX_TEAMS = 1_000
#: Data rows in one table (CSV file or workbook sheet), e.g. 1,000 teams x 10 measures
#: x 50 points. Workbooks are read row by row and stop one row past it.
MAX_TABLE_ROWS = 500_000
#: Bytes of one CSV file or workbook, checked before it is read.
MAX_FILE_BYTES = 200 * 2**20
#: Bytes a workbook's zip may unpack to (a 500,000-row sheet is about 200 MB of XML).
MAX_UNPACKED_BYTES = 2**30
#: Characters of a cell that charts and diagrams draw (names, titles, box texts): a
#: 1,000,000-character team name grew the programme report's kernel to 12 GB.
MAX_DRAWN_TEXT = 300
#: The columns whose text is drawn in charts, legends, diagrams and headings.
DRAWN_COLUMNS = frozenset(
    {"team_name", "locality", "area", "topic", "project_title", "display_name", "name",
     "unit", "text", "code", "ramp", "item"}
)  # fmt: skip

_SPLIT = "split the programme into workspaces, e.g. one per locality or topic"


def too_many_rows(label: str, rows: int | None) -> Problem:
    """The line for a table with more than :data:`MAX_TABLE_ROWS` data rows.

    ``rows`` is None when reading stopped at the limit (a workbook sheet is not read on).

    >>> print(too_many_rows("workspace.xlsx[measurements]", None))
    workspace.xlsx[measurements]: has more than the 500,000 rows one table may have ...
    """
    count = f"{rows:,} rows, more than" if rows is not None else "more than"
    return Problem(
        label,
        None,
        None,
        f"has {count} the {MAX_TABLE_ROWS:,} rows one table may have",
        f"{_SPLIT}, or keep fewer periods (e.g. monthly rather than daily points)",
    )


def too_many_teams(label: str, teams: int) -> Problem:
    """The line for a workspace with more than :data:`MAX_TEAMS` teams."""
    return Problem(
        label,
        None,
        None,
        f"has {teams:,} teams, more than the {MAX_TEAMS:,} one workspace may have",
        _SPLIT,
    )


def too_big(label: str, size: int, *, unpacked: bool = False) -> Problem:
    """The line for a file larger than :data:`MAX_FILE_BYTES` (or a workbook unpacking to
    more than :data:`MAX_UNPACKED_BYTES`).

    >>> print(too_big("survey.csv", 300 * 2**20))
    survey.csv: is 300 MB, more than the 200 MB one file may be (fix: split the programme ...
    >>> print(too_big("w.xlsx", 5 * 2**30, unpacked=True))
    w.xlsx: unpacks to 5,120 MB, more than the 1,024 MB one workbook may hold (fix: ...
    """
    if unpacked:
        what = f"unpacks to {size / 2**20:,.0f} MB, more than the "
        what += f"{MAX_UNPACKED_BYTES // 2**20:,} MB one workbook may hold"
    else:
        what = f"is {size / 2**20:,.0f} MB, more than the {MAX_FILE_BYTES // 2**20:,} MB "
        what += "one file may be"
    return Problem(label, None, None, what, _SPLIT)
