"""What a workspace must not hold to be converted without loss.

``convert`` must be lossless or refuse with the reason. These checks find, before anything
is written, what the other format would change or run:

- text longer than an Excel cell holds (32,767 characters: openpyxl cut it silently);
- control characters, which Excel cannot store (openpyxl raised ``IllegalCharacterError``);
- YAML values with no spreadsheet or plain-YAML form (``!!set``, ``!!binary``, ``!!omap``);
- a column header or a ``programme.yaml`` field name that a spreadsheet would run as a
  formula (``=HYPERLINK(...)``).

>>> from qiteach.workspace.raw import table_from_text
>>> rt = table_from_text("teams", "teams.csv", "team_id,team_name\\nn,Nor\\x01th\\n")
>>> print(table_problems(rt, "teams.csv", to_workbook=True)[0])
teams.csv:2:team_name: holds a control character (U+0001) that Excel cannot store (fix: ...)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from qiteach.exceptions import Problem
from qiteach.workspace.raw import FORMULA_STARTS, RawTable

__all__ = ["EXCEL_CELL_LIMIT", "header_formula", "meta_problems", "table_problems"]

#: The most characters one Excel cell holds (Excel's specification and limits).
EXCEL_CELL_LIMIT = 32_767

#: Characters Excel cannot store (openpyxl's ILLEGAL_CHARACTERS_RE: C0 controls but tab,
#: newline and carriage return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Scalar types programme.yaml may hold (what safe YAML gives for plain values).
_PLAIN = (str, int, float, bool, dt.date, type(None))


def header_formula(header: str) -> bool:
    """True when a header would run as a formula in a spreadsheet.

    >>> header_formula("=SUM(A1)"), header_formula("@x"), header_formula("note")
    (True, True, False)
    """
    return header.startswith(FORMULA_STARTS)


def _formula_header_problem(label: str, row: int | None, name: str, what: str) -> Problem:
    return Problem(
        label,
        row,
        name,
        f'{what} "{name}" starts with "{name[0]}", so a spreadsheet would run it as a formula',
        f"rename the {what}",
    )


def table_problems(rt: RawTable, label: str, *, to_workbook: bool) -> list[Problem]:
    """Problems converting one table: formula headers always; for a workbook, long or
    control-character text as well."""
    if rt.missing or rt.unreadable:
        return []
    problems = [
        _formula_header_problem(label, 1, h, "column") for h in rt.header if header_formula(h)
    ]
    if not to_workbook or rt.df.empty:
        return problems
    for j, name in enumerate(rt.df.columns):
        column = rt.header[j] if j < len(rt.header) else str(name)
        # one pass in plain Python: a pandas mask per column cost more than the check
        cells = zip(rt.df.index.tolist(), rt.df[name].tolist(), strict=True)
        texts = [(r, v) for r, v in cells if isinstance(v, str)]
        for row, text in ((r, v) for r, v in texts if len(v) > EXCEL_CELL_LIMIT):
            problems.append(
                Problem(
                    label,
                    int(row),
                    column,
                    f"is {len(text):,} characters long; an Excel cell holds at most "
                    f"{EXCEL_CELL_LIMIT:,}",
                    "shorten it, or keep this workspace as a folder of CSV files",
                )
            )
        for row, text in ((r, v) for r, v in texts if _CONTROL.search(v)):
            code = ord(_CONTROL.search(text).group())  # type: ignore[union-attr]
            problems.append(
                Problem(
                    label,
                    int(row),
                    column,
                    f"holds a control character (U+{code:04X}) that Excel cannot store",
                    "retype the cell (the character is invisible) or keep this workspace as "
                    "a folder of CSV files",
                )
            )
    return problems


def _walk(value: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """(path, what) for each value that has no plain YAML or spreadsheet form."""
    seen: set[int] = set()
    out: list[tuple[tuple[str, ...], str]] = []
    stack = [(value, path)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, Mapping | list):
            if id(v) in seen:  # a YAML alias seen before: each node once (aliases can loop)
                continue
            seen.add(id(v))
            items = v.items() if isinstance(v, Mapping) else enumerate(v)
            for k, item in items:
                if isinstance(v, Mapping) and not isinstance(k, _PLAIN):
                    out.append((p, f"a field name of YAML type {type(k).__name__}"))
                stack.append((item, (*p, str(k))))
        elif isinstance(v, set | frozenset):
            out.append((p, "a YAML set (!!set)"))
        elif isinstance(v, bytes):
            out.append((p, "YAML binary data (!!binary)"))
        elif isinstance(v, tuple):
            out.append((p, "YAML ordered pairs (!!omap or !!pairs)"))
        elif not isinstance(v, _PLAIN):
            out.append((p, f"a value of YAML type {type(v).__name__}"))
    return out


def meta_problems(meta: Any, source: str, where: Mapping[tuple, int]) -> list[Problem]:
    """Problems in programme.yaml that a conversion (or a reader) cannot keep.

    >>> print(*meta_problems({"name": "x", "=cmd": 1, "tags": {"a", "b"}}, "p.yaml", {}),
    ...       sep="\\n")
    p.yaml:=cmd: field "=cmd" starts with "=", so a spreadsheet would run it as a formula ...
    p.yaml:tags: holds a YAML set (!!set), which qiteach does not read (fix: write it as a ...
    """
    if not isinstance(meta, Mapping):
        return []
    problems = []
    for key in meta:
        if isinstance(key, str) and header_formula(key):
            problems.append(_formula_header_problem(source, where.get((key,)), key, "field"))
    for path, what in sorted(_walk(meta, ()), key=lambda pw: pw[0]):
        row = where.get(path[:1]) if path else None
        problems.append(
            Problem(
                source,
                row,
                path[0] if path else None,
                f"holds {what}, which qiteach does not read",
                "write it as a list (- item) or as plain text",
            )
        )
    return problems
