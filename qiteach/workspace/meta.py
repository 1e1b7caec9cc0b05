"""``programme.yaml``: check it, list its sessions, and lay it out as a workbook sheet.

In a folder the programme is ``programme.yaml``::

    name: North Shire QI Leaders 2025-26
    organisation: North Shire Training Hub
    start: 2025-09-01
    end: 2026-06-30
    rules: anhoej
    sessions:
      - {number: 1, date: 2025-09-10, title: Introduction, topics: [aims, measures]}

In a workbook it is the ``programme`` sheet: ``field | value`` rows, then a row
whose first cell is ``sessions``, then a header row (``number | date | title |
topics``) and one row per session; topics are separated by ``;``. Other fields
holding lists or mappings are written as YAML flow text (``[a, b]``).

>>> meta = {"name": "P", "organisation": "O", "start": "2025-09-01", "end": "2026-06-30",
...         "sessions": [{"number": 1, "date": "2025-09-10", "title": "Intro"}]}
>>> rows = meta_to_rows(meta)
>>> rows[:2]
[['field', 'value'], ['name', 'P']]
>>> back, where = rows_to_meta(rows)
>>> back == meta, where[("sessions", 0)]
(True, 9)
>>> sessions, problems = check_meta(meta, "programme.yaml", {})
>>> problems, sessions["number"].tolist()
([], [1])
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import yaml

from qiteach.dates import DATE_RANGE_TEXT, FIRST_DATE, LAST_DATE, well_formed_date
from qiteach.dates import parse_days as parse_dates
from qiteach.exceptions import Problem, WorkspaceError
from qiteach.suggest import closest, did_you_mean
from qiteach.workspace.coerce import match_choices
from qiteach.workspace.portable import meta_problems
from qiteach.workspace.raw import load_yaml_bounded
from qiteach.workspace.schema import PROGRAMME_FIELDS

__all__ = [
    "SESSION_FIELDS",
    "TRAINER_FIELDS",
    "check_meta",
    "empty_sessions",
    "meta_to_rows",
    "normalise_meta",
    "rows_to_meta",
    "rule_set_names",
]


def rule_set_names() -> tuple[str, ...]:
    """The chart rule sets a programme may name as its default (the chart engine's).

    Read from :mod:`qiteach.charts.rules` when needed, so that importing the
    workspace layer does not import the chart engine.

    >>> rule_set_names()
    ('anhoej', 'ihi', 'hcdg', 'mdc')
    """
    from qiteach.charts.rules import RULE_SETS as registry

    return tuple(registry)


#: Fields of one learning session: name -> (required, description).
SESSION_FIELDS: dict[str, tuple[bool, str]] = {
    "number": (True, "Session number 1, 2, 3 ... (attendance and feedback refer to it)"),
    "date": (True, "Date of the session (YYYY-MM-DD)"),
    "title": (True, "Title of the session"),
    "topics": (False, "Topics covered (a list; in the workbook separated by ';')"),
}

Where = dict[tuple, int]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _as_date(v: Any) -> pd.Timestamp | None:
    if isinstance(v, dt.date):  # YAML read it as a date: it may be out of pandas' range
        when = dt.date(v.year, v.month, v.day)
        ok = FIRST_DATE.date() <= when <= LAST_DATE.date()
        return pd.Timestamp(when) if ok else None
    if isinstance(v, str):
        d, bad = parse_dates(pd.Series([v.strip()], dtype=object))
        return None if bad.iloc[0] else d.iloc[0]
    return None


_DATE_FIX = "write dates as YYYY-MM-DD, e.g. 2025-09-01"


def _not_a_date(value: Any) -> str:
    """Why ``value`` is not a programme date: not a date at all, or outside the range read.

    >>> _not_a_date("soon"), _not_a_date(dt.date(1, 1, 1))
    ('"soon" is not a date', '"0001-01-01" is outside the dates qiteach reads (from 1900 to 2199)')
    """
    if well_formed_date(value):
        return f'"{value}" is outside the dates qiteach reads ({DATE_RANGE_TEXT})'
    return f'"{value}" is not a date'


def empty_sessions() -> pd.DataFrame:
    """The sessions table with no rows."""
    return pd.DataFrame(
        {
            "number": pd.Series(dtype="Int64"),
            "date": pd.Series(dtype="datetime64[ns]"),
            "title": pd.Series(dtype=object),
            "topics": pd.Series(dtype=object),
        }
    )


def check_meta(meta: Any, source: str, where: Where) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the programme fields and sessions; return (sessions table, problems)."""
    problems: list[Problem] = []

    def add(path: tuple, column: str | None, message: str, fix: str | None = None) -> None:
        row = where.get(path) or where.get(path[:2]) or where.get(path[:1])
        problems.append(Problem(source, row, column, message, fix))

    if meta is None:
        return empty_sessions(), problems  # missing or unreadable: reported by the reader
    if not isinstance(meta, Mapping):
        add((), None, "should be a list of 'field: value' lines", "see docs/workspace.md")
        return empty_sessions(), problems
    problems += meta_problems(meta, source, where)  # !!set values, "=..." field names
    typos = _typos(meta, PROGRAMME_FIELDS)
    for key, (required, description) in PROGRAMME_FIELDS.items():
        if required and _blank(meta.get(key)):
            if key in typos:  # e.g. "organization:" typed for "organisation:"
                typed = typos.pop(key)
                add((typed,), key, f"{key} is missing", f'rename "{typed}" to "{key}"')
            else:
                add((key,), key, f"{key} is missing", f"add '{key}: ...' ({description})")
    for key, typed in typos.items():  # an optional field misspelt would be ignored silently
        add((typed,), typed, f'unknown field "{typed}"', f'did you mean "{key}"?')
    for key in ("name", "organisation"):
        if isinstance(meta.get(key), list | dict):
            add(
                (key,),
                key,
                f"{key} should be text, not a list",
                f"write it on one line: {key}: ...",
            )
    dates = {}
    for key in ("start", "end"):
        value = meta.get(key)
        if not _blank(value):
            dates[key] = _as_date(value)
            if dates[key] is None:
                add((key,), key, _not_a_date(value), _DATE_FIX)
    start, end = dates.get("start"), dates.get("end")
    if start is not None and end is not None and end < start:
        add(("end",), "end", "end is before start", "check the two dates")
    rules = meta.get("rules")
    if not _blank(rules):
        names = rule_set_names()
        _, bad = match_choices(pd.Series([str(rules)]), names)
        if bad:
            fix = did_you_mean(bad[str(rules)], f"use one of: {', '.join(names)}")
            add(("rules",), "rules", f'unknown rules "{rules}"', fix)
    for flag in _FLAGS:
        value = meta.get(flag)
        if value is not None and _as_bool(value) is None:
            add((flag,), flag, f'"{value}" is not true or false', "type true or false")
    if _as_bool(meta.get("learning_evidence_answers")) and not _as_bool(
        meta.get("learning_evidence")
    ):
        add(
            ("learning_evidence_answers",),
            "learning_evidence_answers",
            "learning_evidence_answers is true but learning_evidence is not",
            "answers are kept only with learning evidence: set learning_evidence: true too, "
            "or remove learning_evidence_answers",
        )
    _check_trainers(meta.get("trainers"), add)
    sessions = _check_sessions(meta.get("sessions"), add)
    for i, when in enumerate(sessions["date"]):
        outside = None
        if start is not None and when < start:
            outside = f"before the programme starts ({start:%Y-%m-%d})"
        elif end is not None and when > end:
            outside = f"after the programme ends ({end:%Y-%m-%d})"
        if outside is not None:
            message = f"session {i + 1}: {when:%Y-%m-%d} is {outside}"
            add(("sessions", i, "date"), "date", message, "check the year")
    return sessions, problems


#: programme.yaml fields that are true or false
_FLAGS = ("synthetic", "learning_evidence", "learning_evidence_answers")


def _as_bool(value: Any) -> bool | None:
    """True/False for a YAML boolean or the text true/false/yes/no (any case), else None.

    >>> _as_bool(True), _as_bool(" FALSE "), _as_bool("yes"), _as_bool("maybe")
    (True, False, True, None)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().lower())
    return None


def _typos(mapping: Mapping, fields: Mapping[str, Any]) -> dict[str, str]:
    """Known field -> the unknown key that looks like a misspelling of it.

    Other unknown keys (e.g. ``funder``) are allowed: they are kept and converted.

    >>> _typos({"organization": "O", "rulez": "ihi", "funder": "NHS"}, PROGRAMME_FIELDS)
    {'organisation': 'organization', 'rules': 'rulez'}
    """
    out: dict[str, str] = {}
    for typed in mapping:
        if typed in fields:
            continue
        near = closest(str(typed).strip().lower(), list(fields), cutoff=0.75)
        if near is not None and near not in mapping and near not in out:
            out[near] = str(typed)
    return out


def normalise_meta(meta: Any) -> dict[str, Any]:
    """A copy of ``programme.yaml`` with ``start`` and ``end`` as dates, however they were typed.

    Later code (reports, evaluation) reads these dates; a UK date such as
    ``01/09/2025`` must reach it as 1 September, not be re-parsed month-first.

    >>> normalise_meta({"start": "01/09/2025", "end": dt.date(2026, 6, 30), "name": "P"})
    {'start': datetime.date(2025, 9, 1), 'end': datetime.date(2026, 6, 30), 'name': 'P'}
    >>> normalise_meta(None)
    {}
    """
    if not isinstance(meta, Mapping):
        return {}
    out = dict(meta)
    for flag in _FLAGS:  # "false" typed as text must stay False
        if _as_bool(out.get(flag)) is not None:
            out[flag] = _as_bool(out[flag])
    for key in ("start", "end"):
        value = out.get(key)
        if not _blank(value) and not isinstance(value, dt.date):
            when = _as_date(value)
            if when is not None:
                out[key] = when.date()
    return out


#: Fields of one trainer in ``trainers``: name -> (required, description).
TRAINER_FIELDS: dict[str, tuple[bool, str]] = {
    "trainer_id": (True, "Short unique code, the trainer's hub user name (e.g. t01)"),
    "display_name": (True, "Name printed on the trainer's sign-in slip"),
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def _check_trainers(trainers: Any, add) -> None:
    """Check the optional ``trainers`` list (the hub's trainer accounts).

    >>> found = []
    >>> _check_trainers([{"trainer_id": "t01", "display_name": "Sam"},
    ...                  {"trainer_id": "t 2"}, {"trainer_id": "T01", "display_name": "Jo"}],
    ...                 lambda path, column, message, fix=None: found.append(message))
    >>> found
    ['trainer 2: display_name is missing', 'trainer 2: trainer_id "t 2" is not a code of \
letters, digits, - and _', 'trainer 3: trainer_id "T01" is used twice']
    """
    if _blank(trainers):
        return
    if not isinstance(trainers, list):
        fix = "write one '- trainer_id: t01' line and one 'display_name: ...' line per trainer"
        add(("trainers",), "trainers", "trainers should be a list", fix)
        return
    seen: set[str] = set()
    for i, t in enumerate(trainers):
        label = f"trainer {i + 1}"
        if not isinstance(t, Mapping):
            add(("trainers", i), "trainers", f"{label} should have trainer_id and display_name")
            continue
        for key, (required, description) in TRAINER_FIELDS.items():
            if required and _blank(t.get(key)):
                add(("trainers", i, key), key, f"{label}: {key} is missing", description)
        tid = t.get("trainer_id")
        if _blank(tid):
            continue
        if not _ID.match(str(tid)):
            add(
                ("trainers", i, "trainer_id"),
                "trainer_id",
                f'{label}: trainer_id "{tid}" is not a code of letters, digits, - and _',
                "use a short code such as t01",
            )
        elif str(tid).lower() in seen:
            add(
                ("trainers", i, "trainer_id"),
                "trainer_id",
                f'{label}: trainer_id "{tid}" is used twice',
                "give each trainer their own code",
            )
        seen.add(str(tid).lower())


def _check_sessions(sessions: Any, add) -> pd.DataFrame:
    if _blank(sessions):
        return empty_sessions()
    if not isinstance(sessions, list):
        add(("sessions",), "sessions", "sessions should be a list", "see docs/workspace.md")
        return empty_sessions()
    rows = []
    seen: dict[int, int] = {}
    for i, s in enumerate(sessions):
        label = f"session {i + 1}"
        if not isinstance(s, Mapping):
            add(("sessions", i), "sessions", f"{label} should have number, date and title")
            continue
        typos = _typos(s, SESSION_FIELDS)
        for key, (required, description) in SESSION_FIELDS.items():
            if required and _blank(s.get(key)):
                if key in typos:
                    typed = typos.pop(key)
                    fix = f'rename "{typed}" to "{key}"'
                    add(("sessions", i, typed), key, f"{label}: {key} is missing", fix)
                else:
                    add(("sessions", i, key), key, f"{label}: {key} is missing", description)
        for key, typed in typos.items():
            add(
                ("sessions", i, typed),
                typed,
                f'{label}: unknown field "{typed}"',
                f'did you mean "{key}"?',
            )
        number = s.get("number")
        if not _blank(number):
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                add(
                    ("sessions", i, "number"),
                    "number",
                    f'{label}: number "{number}" is not a whole number of 1 or more',
                    "number sessions 1, 2, 3 ...",
                )
                number = None
            elif number in seen:
                add(
                    ("sessions", i, "number"),
                    "number",
                    f"session number {number} is used twice",
                    f"give each session its own number (also session {seen[number] + 1})",
                )
            else:
                seen[number] = i
        date = None
        if not _blank(s.get("date")):
            date = _as_date(s.get("date"))
            if date is None:
                add(
                    ("sessions", i, "date"),
                    "date",
                    f"{label}: {_not_a_date(s['date'])}",
                    _DATE_FIX,
                )
        topics = s.get("topics")
        if isinstance(topics, str):
            topics = [t.strip() for t in topics.split(";") if t.strip()]
        elif topics is None:
            topics = []
        elif not isinstance(topics, list):
            add(("sessions", i, "topics"), "topics", f"{label}: topics should be a list")
            topics = []
        title = s.get("title")
        rows.append(
            {
                "number": number if isinstance(number, int) else None,
                "date": date,
                "title": None if _blank(title) else str(title),
                "topics": [str(t) for t in topics],
            }
        )
    if not rows:
        return empty_sessions()
    df = pd.DataFrame(rows)
    df["number"] = df["number"].astype("Int64")
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    return df


# ---- workbook layout -------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
    return value


def _uncell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return load_yaml_bounded(value, "programme sheet")
        except (yaml.YAMLError, WorkspaceError):  # not YAML, or an alias bomb: keep the text
            return value
    return value


def meta_to_rows(meta: Mapping[str, Any]) -> list[list[Any]]:
    """Lay ``programme.yaml`` out as rows of the workbook's ``programme`` sheet."""
    rows: list[list[Any]] = [["field", "value"]]
    for key, value in meta.items():
        if key != "sessions":
            rows.append([str(key), _cell(value)])
    sessions = meta.get("sessions") or []
    if isinstance(sessions, list):
        rows.append([])
        rows.append(["sessions"])
        cols = list(SESSION_FIELDS)
        for s in sessions:
            if isinstance(s, Mapping):
                cols += [k for k in s if k not in cols]
        rows.append(cols)
        for s in sessions:
            s = s if isinstance(s, Mapping) else {}
            row = []
            for c in cols:
                v = s.get(c)
                if c == "topics" and isinstance(v, list) and all(";" not in str(t) for t in v):
                    v = "; ".join(str(t) for t in v)
                row.append(_cell(v))
            rows.append(row)
    elif "sessions" in meta:
        rows.append(["sessions", _cell(sessions)])
    return rows


def rows_to_meta(rows: list[list[Any]]) -> tuple[dict[str, Any], Where]:
    """Read the ``programme`` sheet rows back into a ``programme.yaml`` dict.

    Returns the dict and where each field sits (spreadsheet row numbers).
    """
    meta: dict[str, Any] = {}
    where: Where = {}
    i = 1 if rows and str(rows[0][0] if rows[0] else "").strip().lower() == "field" else 0
    header: list[str] | None = None
    sessions: list[dict[str, Any]] | None = None
    for r in range(i, len(rows)):
        cells = [c.strip() if isinstance(c, str) else c for c in rows[r]]
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            continue
        first = str(cells[0]).strip() if cells[0] is not None else ""
        if sessions is None and first.lower() == "sessions" and len(cells) == 1:
            sessions = []
            meta["sessions"] = sessions
            where[("sessions",)] = r + 1
            continue
        if sessions is not None and header is None:
            header = [str(c).strip() if c is not None else "" for c in cells]
            continue
        if sessions is not None and header is not None:
            entry: dict[str, Any] = {}
            where[("sessions", len(sessions))] = r + 1
            for name, value in zip(header, cells, strict=False):
                if not name or _blank(value):
                    continue
                value = _uncell(value)
                if name == "topics" and isinstance(value, str):
                    value = [t.strip() for t in value.split(";") if t.strip()]
                entry[name] = value
                where[("sessions", len(sessions), name)] = r + 1
            sessions.append(entry)
            continue
        value = cells[1] if len(cells) > 1 else None
        meta[first] = None if _blank(value) else _uncell(value)
        where[(first,)] = r + 1
    return meta, where
