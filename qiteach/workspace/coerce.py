"""Turn text tables into typed tables, one column at a time, without row loops.

Each column is parsed according to its :class:`~qiteach.workspace.schema.Column`
kind. Bad cells become missing values in the typed table and a
:class:`~qiteach.exceptions.Problem` each, naming the spreadsheet row and
column, with a fix where one exists.

Decisions (documented in ``docs/workspace.md``):

- dates: ISO ``YYYY-MM-DD`` or UK ``DD/MM/YYYY`` (:func:`qiteach.dates.parse_days`);
  anything else is a problem;
- numbers: a decimal comma (``12,5``) and a percent sign (``12%``) are problems
  with a fix, never guessed;
- choices: matched ignoring case, spaces, ``_`` and ``-`` and stored in the
  canonical spelling; near misses get a "did you mean" suggestion;
- Excel error values (``#DIV/0!``, ``#N/A`` ...) are problems naming the cell.

>>> import pandas as pd
>>> from qiteach.workspace.raw import RawTable
>>> df = pd.DataFrame({"participant_id": ["p1", "p2"], "display_name": ["A", "B"],
...                    "role": ["Practice  Manager", "practise manager"],
...                    "team_id": ["north", "north"]}, index=[2, 3])
>>> typed, problems = coerce_table(RawTable("participants", "participants.csv", df,
...                                         list(df.columns)), "participants.csv")
>>> typed["role"].tolist()
['practice manager', None]
>>> print(problems[0])
participants.csv:3:role: unknown role "practise manager" (fix: did you mean "practice manager"?)
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from qiteach.dates import (  # re-exported: the workspace's date rules live in qiteach.dates
    DATE_RANGE_TEXT,
    FIRST_DATE,
    LAST_DATE,
    in_date_range,
    looks_us,
    well_formed_date,
)
from qiteach.dates import parse_days as parse_dates
from qiteach.exceptions import Problem
from qiteach.ids import SAFE_ID, UNSAFE_ID_FIX, UNSAFE_ID_MESSAGE
from qiteach.suggest import closest, did_you_mean
from qiteach.workspace.limits import DRAWN_COLUMNS, MAX_DRAWN_TEXT
from qiteach.workspace.memo import Memo
from qiteach.workspace.raw import RawTable
from qiteach.workspace.schema import TABLES, Column, Table

__all__ = [
    "DATE_RANGE_TEXT",
    "EXCEL_ERRORS",
    "FIRST_DATE",
    "LAST_DATE",
    "choice_key",
    "coerce_table",
    "empty_typed",
    "in_date_range",
    "match_choices",
    "parse_dates",
    "well_formed_date",
]

EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")
_EXCEL_ERROR_SET = frozenset(EXCEL_ERRORS)
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")
_DTYPES = {
    "text": object,
    "id": object,
    "choice": object,
    "int": "Int64",
    "float": "float64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}


def choice_key(text: str) -> str:
    """The form choices are compared in: lower case, no spaces, ``_`` or ``-``.

    >>> choice_key(" Change_Idea "), choice_key("change idea")
    ('changeidea', 'changeidea')
    """
    return re.sub(r"[\s_\-]+", "", str(text).lower())


def match_choices(
    values: pd.Series, choices: Iterable[str]
) -> tuple[pd.Series, dict[str, str | None]]:
    """Map texts to canonical choices; return (canonical series, {bad text: suggestion}).

    >>> s, bad = match_choices(pd.Series(["GP", "gp", "Nurse ", "nurce", None]),
    ...                        ("GP", "nurse"))
    >>> s.tolist(), bad
    (['GP', 'GP', 'nurse', None, None], {'nurce': 'nurse'})
    """
    canon = {choice_key(c): c for c in choices}
    mapping: dict[Any, str | None] = {}
    bad: dict[str, str | None] = {}
    texts = values.tolist()
    missing = values.isna().to_numpy()
    for text, na in zip(texts, missing, strict=True):
        if na or text in mapping:
            continue
        hit = canon.get(choice_key(text))
        mapping[text] = hit
        if hit is None:
            close = closest(choice_key(text), canon)
            bad[text] = canon[close] if close else None
    # one pass in Python: a column holds a few hundred short texts, pandas' map/where cost more
    out = [None if na else mapping[t] for t, na in zip(texts, missing, strict=True)]
    return pd.Series(out, index=values.index, dtype=object, name=values.name), bad


def _problems(
    label: str, rows: Iterable[int], column: str, messages: Iterable[str], fix: str | None
) -> list[Problem]:
    return [Problem(label, int(r), column, m, fix) for r, m in zip(rows, messages, strict=True)]


def _number_fix(texts: pd.Series) -> list[str | None]:
    fixes: list[str | None] = []
    for t in texts:
        if "%" in t:
            fixes.append(
                "leave out the % sign: give the plain number, or numerator and denominator"
            )
        elif re.fullmatch(r"\d{1,3}(,\d{3})+", t.strip()):  # 1,402: thousands or decimals?
            digits = t.strip().replace(",", "")
            fixes.append(
                f"leave out the thousands separator ({digits}); if the comma is a decimal "
                f"point, use a point ({t.strip().replace(',', '.')})"
            )
        elif "," in t:
            fixes.append(
                "use a point for decimals and no thousands separator, e.g. "
                + t.replace(",", ".").replace(" ", "")
            )
        else:
            fixes.append("type a number such as 12 or 12.5")
    return fixes


#: The largest whole number a whole-number column holds (far above any count a programme
#: keeps, and exact as a float); 9999999999999999999 overflowed to a traceback.
LARGEST_WHOLE = 10**15


def _to_float(s: pd.Series) -> pd.Series:
    """Numbers as floats, anything else (text, a date from a hand-edited .xlsx ...) NaN.

    >>> import datetime as dt
    >>> _to_float(pd.Series(["1.5", dt.datetime(2020, 1, 1), True, "x", 2])).tolist()
    [1.5, nan, nan, nan, 2.0]
    """
    ok = s.map(
        lambda v: (
            v is None or (isinstance(v, str | numbers.Real) and not isinstance(v, bool | np.bool_))
        )
    )
    return pd.to_numeric(s.where(ok, "?"), errors="coerce").astype("float64")


def _parse_numbers(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    # the checks run on one numpy array (a pandas mask per check cost more than the checks)
    num = _to_float(s).to_numpy(dtype="float64", copy=True)
    problems: list[Problem] = []
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(num) & s.notna().to_numpy()
        if bad.any():
            texts = s[bad]
            for row, text, fix in zip(texts.index, texts, _number_fix(texts), strict=True):
                problems.append(
                    Problem(label, int(row), col.name, f'"{text}" is not a number', fix)
                )
            num[bad] = np.nan
        if col.kind == "int":
            whole_checks = (  # in turn: a value refused by the first is not checked again
                (lambda: np.abs(num) > LARGEST_WHOLE, "is too large",
                 f"type a whole number below {LARGEST_WHOLE:,}"),
                (lambda: ~np.isnan(num) & (num % 1 != 0), "is not a whole number",
                 "type a whole number such as 3"),
            )  # fmt: skip
            for refused, says, fix in whole_checks:
                wrong = refused()
                if wrong.any():
                    texts = (f'"{t}" {says}' for t in s[wrong])
                    problems += _problems(label, s.index[wrong], col.name, texts, fix)
                    num[wrong] = np.nan
        out_range = np.zeros(num.shape, dtype=bool)
        if col.min is not None:
            out_range |= num < col.min
        if col.max is not None:
            out_range |= num > col.max
        if col.step is not None:
            out_range |= ~np.isnan(num) & ((num / col.step) % 1 != 0)
    if out_range.any():
        problems += _problems(
            label,
            s.index[out_range],
            col.name,
            (f"{t} is out of range" for t in s[out_range]),
            _range_fix(col),
        )
        num[out_range] = np.nan
    typed = pd.Series(num, index=s.index, name=s.name)
    if col.kind == "int":
        return typed.astype("Int64"), problems
    return typed, problems


def _range_fix(col: Column) -> str:
    if col.min is not None and col.max is not None:
        step = f" in steps of {col.step:g}" if col.step else ""
        return f"use a value from {col.min:g} to {col.max:g}{step}"
    if col.min is not None:
        return f"use a value of at least {col.min:g}"
    return f"use a value of at most {col.max:g}"


def _parse_dates_col(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    dates, failed = parse_dates(s)
    problems = []
    for row, text in s[failed].items():
        what = "looks like a US date (month first)" if looks_us(text) else "is not a date"
        fix = "write dates as YYYY-MM-DD (e.g. 2025-10-06) or DD/MM/YYYY (e.g. 06/10/2025)"
        if well_formed_date(text):
            what = f"is outside the dates qiteach reads ({DATE_RANGE_TEXT})"
            fix = "check the year"
        problems.append(Problem(label, int(row), col.name, f'"{text}" {what}', fix))
    return dates, problems


def _parse_choice(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    out, bad = match_choices(s, col.choices)
    problems = []
    if bad:
        allowed = ", ".join(col.choices)
        for row, text in s[s.isin(list(bad))].items():
            fix = did_you_mean(bad[text], f"use one of: {allowed}")
            problems.append(Problem(label, int(row), col.name, f'unknown {col.name} "{text}"', fix))
    return out, problems


def _parse_bool(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    words = {"yes": True, "true": True, "y": True, "1": True}
    words |= {"no": False, "false": False, "n": False, "0": False}
    out = s.str.lower().map(words).astype("boolean")
    bad = out.isna() & s.notna()
    problems = _problems(
        label, s.index[bad], col.name, (f'"{t}" is not yes or no' for t in s[bad]), "type yes or no"
    )
    return out, problems


def _parse_ids(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    safe = SAFE_ID if col.name == "team_id" else _ID  # SAFE_ID is the stricter
    if all(v is None or (isinstance(v, str) and safe.fullmatch(v)) for v in s.tolist()):
        return s, []  # every id valid: no masks to build
    ok = s.str.fullmatch(_ID)
    bad = (ok == False) & s.notna()  # noqa: E712  (NA-aware comparison)
    problems = _problems(
        label,
        s.index[bad],
        col.name,
        (f'"{t}" is not a valid code' for t in s[bad]),
        "use letters, digits, - and _ only (no spaces), e.g. north_2",
    )
    if col.name == "team_id":  # it names the team's report file: the runner's own rule
        unsafe = ~bad & s.notna() & (s.str.fullmatch(SAFE_ID) == False)  # noqa: E712
        problems += _problems(
            label,
            s.index[unsafe],
            col.name,
            (f'"{t}": {UNSAFE_ID_MESSAGE}' for t in s[unsafe]),
            UNSAFE_ID_FIX,
        )
        bad |= unsafe
    return s.where(~bad, None), problems


def _parse_column(s: pd.Series, col: Column, label: str) -> tuple[pd.Series, list[Problem]]:
    if col.kind in ("int", "float"):
        return _parse_numbers(s, col, label)
    if col.kind == "date":
        return _parse_dates_col(s, col, label)
    if col.kind == "choice":
        return _parse_choice(s, col, label)
    if col.kind == "bool":
        return _parse_bool(s, col, label)
    if col.kind == "id":
        return _parse_ids(s, col, label)
    return s, []


def empty_typed(table: Table) -> pd.DataFrame:
    """An empty typed table with every schema column.

    >>> empty_typed(TABLES["progress"]).dtypes.astype(str).tolist()
    ['object', 'datetime64[ns]', 'float64', 'object']
    """
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in table.columns})


def _header_problems(raw: RawTable, table: Table, label: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for h in raw.header:
        if h and h in seen:  # empty header cells are judged below, by their data
            problems.append(
                Problem(label, 1, h, "column appears twice", "delete or rename one of them")
            )
        seen.add(h)
    extra = [h for h in raw.header if h not in table.names and h]
    for col in table.columns:
        if col.required and col.name not in raw.header:
            same = [h for h in extra if header_key(h) == col.name]
            close = same[0] if same else closest(col.name, extra)
            fix = (
                f'rename column "{close}" to "{col.name}"'
                if close
                else f'add a column headed "{col.name}" ({col.description})'
            )
            problems.append(Problem(label, 1, col.name, "column is missing", fix))
    problems += _near_headers(raw, table, label, extra)
    for name in raw.df.columns:
        if (name == "" or re.fullmatch(r"\.\d+", name)) and raw.df[name].notna().any():
            problems.append(
                Problem(label, 1, None, "a column with data has no header", "give it a header")
            )
    return problems


def header_key(text: str) -> str:
    """A header as qiteach compares it: case, outer spaces, inner spaces and dashes folded.

    >>> header_key(" Node Id "), header_key("Multiply"), header_key("team-id")
    ('node_id', 'multiply', 'team_id')
    """
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _near_miss(header: str, names: list[str]) -> str | None:
    """The schema column ``header`` was surely meant to be, or None (an unrelated column)."""
    same = [n for n in names if header_key(header) == n]
    return same[0] if same else closest(header_key(header), names, cutoff=0.85)


def _near_headers(raw: RawTable, table: Table, label: str, extra: list[str]) -> list[Problem]:
    """A problem for each extra header that is an optional column misspelt or in other case.

    Read as it is, such a column would be silently ignored (``Multiply`` for ``multiply``
    left a percentage 100 times too small), so it is refused like a misspelt required one.

    >>> df = pd.DataFrame({"team_id": ["n"], "Multiply": ["100"]}, index=[2])
    >>> rt = RawTable("measures", "measures.csv", df, ["team_id", "Multiply"])
    >>> problem = _near_headers(rt, TABLES["measures"], "measures.csv", ["Multiply"])[0]
    >>> problem.column, problem.message
    ('Multiply', 'column "Multiply" is not read as "multiply"')
    """
    absent = [c.name for c in table.columns if c.name not in raw.header]
    problems = []
    for h in extra:
        meant = _near_miss(h, absent)
        if meant is not None and not TABLES[raw.name].column(meant).required:
            problems.append(
                Problem(
                    label,
                    1,
                    h,
                    f'column "{h}" is not read as "{meant}"',
                    f'rename column "{h}" to "{meant}"',
                )
            )
    return problems


def header_notes(raw: RawTable, table: Table, label: str) -> list[str]:
    """One note per column qiteach does not use: kept in the file, never silently dropped.

    >>> df = pd.DataFrame({"team_id": ["n"], "Colour": ["red"]}, index=[2])
    >>> header_notes(RawTable("teams", "teams.csv", df, ["team_id", "Colour"]),
    ...              TABLES["teams"], "teams.csv")
    ['teams.csv: column "Colour" is not a qiteach column: it is kept in the file but not used']
    """
    if raw.missing or raw.unreadable:
        return []
    absent = [c.name for c in table.columns if c.name not in raw.header]
    return [
        f'{label}: column "{h}" is not a qiteach column: it is kept in the file but not used'
        for h in dict.fromkeys(raw.header)
        if h and h not in table.names and _near_miss(h, absent) is None
    ]


def _header_below(raw: RawTable, table: Table, label: str) -> Problem | None:
    """A problem when row 1 is a title or merged header and the real header is below it.

    >>> df = pd.DataFrame({"Scores": ["team_id", "north"], "": ["date", "2025-01-01"],
    ...                    ".1": ["score", "2"]}, index=[2, 3])
    >>> print(_header_below(RawTable("progress", "p.csv", df, ["Scores", "", ""]),
    ...                     TABLES["progress"], "p.csv"))
    p.csv:1: the header is on row 2, not row 1 (fix: delete row 1 above it ...)
    """
    required = {c.name for c in table.columns if c.required}
    if required <= set(raw.header):
        return None
    for row, values in raw.df.head(5).iterrows():
        cells = {str(v).strip() for v in values if v is not None}
        if required <= cells:
            above = "row 1" if row == 2 else f"rows 1 to {row - 1}"
            return Problem(
                label,
                1,
                None,
                f"the header is on row {row}, not row 1",
                f"delete {above} above it (a title or merged header cells)",
            )
    return None


def coerce_table(raw: RawTable, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse every column of ``raw``; return (typed table, problems).

    The typed table has one row per data row of the file, in file order, with a
    fresh 0-based index; its ``rows`` (the spreadsheet row numbers) are ``raw.df.index``.
    Columns the file lacks are added empty; extra columns are kept as text.

    A table read unchanged from a file (``raw.digest`` set) is parsed once per content
    and label (:mod:`.memo`); each call gets its own copy of the typed table.
    """
    if raw.digest is None:
        return _coerce_table(raw, label)
    key = (raw.name, raw.digest, label)
    kept = COERCED.get(key)
    if kept is None:
        typed, problems = _coerce_table(raw, label)
        weight = int(typed.memory_usage(index=False).sum())
        COERCED.put(key, (typed.copy(), tuple(problems)), weight=weight)
        return typed, problems
    return kept[0].copy(), list(kept[1])


#: typed tables and problems of tables read unchanged from a file, by (table, digest, label)
COERCED = Memo()


def _coerce_table(raw: RawTable, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    table = TABLES[raw.name]
    if raw.missing or raw.unreadable:
        return empty_typed(table), []
    if not raw.header:
        cols = ",".join(c.name for c in table.columns if c.required)
        one = (
            table.name[:-1] if table.name.endswith("s") and table.name[-2:] != "ss" else table.name
        )
        fix = f"give it the header line {cols}, then one row per {one}"
        return empty_typed(table), [Problem(label, None, None, "is empty (no header row)", fix)]
    misplaced = _header_below(raw, table, label)
    if misplaced is not None:
        return empty_typed(table), [misplaced]
    problems = _header_problems(raw, table, label)
    df = raw.df
    out: dict[str, pd.Series] = {}
    for col in table.columns:
        if col.name not in df.columns:
            dtype = _DTYPES[col.kind]
            if dtype is object:
                out[col.name] = pd.Series([None] * len(df), index=df.index, dtype=object)
            else:  # all missing, in the column's own dtype (NaN, <NA> or NaT)
                out[col.name] = pd.Series(index=df.index, dtype=dtype)
            continue
        s = df[col.name]
        values = s.tolist()  # the masks below are built only when a cell needs them
        errs = s.isin(EXCEL_ERRORS) if not _EXCEL_ERROR_SET.isdisjoint(values) else None
        if errs is not None:
            problems += _problems(
                label,
                s.index[errs],
                col.name,
                (f"Excel error {t} in this cell" for t in s[errs]),
                "correct the formula or type the value",
            )
            s = s.where(~errs, None)
        long = None
        if col.name in DRAWN_COLUMNS and any(  # drawn in charts: bounded, or a report runs away
            isinstance(v, str) and len(v) > MAX_DRAWN_TEXT for v in values
        ):
            lengths = s.map(lambda v: len(v) if isinstance(v, str) else 0)
            long = lengths > MAX_DRAWN_TEXT
            if long.any():
                problems += _problems(
                    label,
                    s.index[long],
                    col.name,
                    (
                        f"is {n:,} characters long, more than the {MAX_DRAWN_TEXT} "
                        "a name or label may have"
                        for n in lengths[long]
                    ),
                    "shorten it (it is shown in chart titles, legends and diagrams)",
                )
                s = s.where(~long, None)
        if not col.nullable and not all(isinstance(v, str) for v in values):
            empty = s.isna()
            for mask in (errs, long):
                if mask is not None:
                    empty &= ~mask
            if empty.any():
                problems += _problems(
                    label,
                    s.index[empty],
                    col.name,
                    (f"{col.name} is empty" for _ in range(int(empty.sum()))),
                    f"fill it in ({col.description})",
                )
        parsed, col_problems = _parse_column(s, col, label)
        problems += col_problems
        out[col.name] = parsed
    for name in df.columns:
        if name not in out and name and not re.fullmatch(r"\.\d+", name):
            out[name] = df[name]
    typed = pd.DataFrame(out, index=df.index)
    for col in table.columns:  # all-empty columns keep their proper dtype
        if col.kind in ("int", "float", "date", "bool"):
            typed[col.name] = typed[col.name].astype(_DTYPES[col.kind])
    return typed.reset_index(drop=True), problems
