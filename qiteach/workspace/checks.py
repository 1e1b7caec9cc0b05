"""Checks across rows and tables: keys, references, chart fit, driver trees, dates.

Every check works on whole columns (pandas merges and masks); the only Python
loops run over the problems found and, for driver diagrams, over teams. The
input is the typed tables from :mod:`.coerce` plus each table's spreadsheet row
numbers, so every problem names ``file:row:column``.

>>> import pandas as pd, numpy as np
>>> t = pd.DataFrame({"team_id": ["a", "a"], "measure_id": ["m", "m"],
...                   "period": pd.to_datetime(["2025-01-06", "2025-01-06"])})
>>> [str(p) for p in duplicate_keys(t, ("team_id", "measure_id", "period"),
...                                 np.array([2, 3]), "measurements.csv")]
['measurements.csv:3:period: (team_id, measure_id, period) = (a, m, 2025-01-06) is used twice \
(fix: also on row 2; keep one row)']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qiteach.drivers.tree import tree_problems
from qiteach.exceptions import Problem
from qiteach.suggest import closest, did_you_mean
from qiteach.workspace.schema import TABLES

__all__ = [
    "COUNT_CHARTS",
    "RATIO_CHARTS",
    "VALUE_CHARTS",
    "case_clashes",
    "check_tables",
    "duplicate_keys",
    "percent_cells",
]

#: charts plotting numerator / denominator
RATIO_CHARTS = ("p", "pp", "u", "up")
#: charts plotting one value per period
VALUE_CHARTS = ("run", "i", "mr", "xbar", "s", "c", "g", "t")
#: charts whose values are counts (whole, not negative)
COUNT_CHARTS = ("c", "g")
#: rows from which :func:`duplicate_keys` first narrows a table with pandas' ``duplicated``
#: (below it, one Python pass over every key costs less)
LARGE_TABLE = 5_000


def _fmt(v: object) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _a(chart: str) -> str:
    """'a p chart', 'an i chart', 'an xbar chart', 'an mr chart'."""
    return f"an {chart}" if chart in ("i", "mr", "xbar", "s") else f"a {chart}"


def _make(
    label: str,
    rows: np.ndarray,
    mask: np.ndarray | pd.Series,
    column: str | None,
    messages: Iterable[str],
    fix: str | Iterable[str | None] | None = None,
) -> list[Problem]:
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    messages = list(messages)
    fixes = [fix] * len(idx) if fix is None or isinstance(fix, str) else list(fix)
    return [
        Problem(label, int(rows[i]), column, m, f)
        for i, m, f in zip(idx, messages, fixes, strict=True)
    ]


def duplicate_keys(
    df: pd.DataFrame, key: tuple[str, ...], rows: np.ndarray, label: str
) -> list[Problem]:
    """A problem for each row repeating an earlier row's key (rows with blank keys skipped)."""
    if df.empty or not key:
        return []
    sub = df[list(key)]
    complete = sub.notna().all(axis=1).to_numpy()
    # a dict of keys in Python: a small table costs less so than with pandas' duplicated;
    # a large one (a collaborative's measurements) is first narrowed by duplicated to the
    # rows whose key occurs more than once, then walked the same way
    if len(df) > LARGE_TABLE:
        complete = complete & sub.duplicated(keep=False).to_numpy()
    first: dict[tuple, int] = {}
    repeats: list[tuple[int, int]] = []  # (position, position of the first row with that key)
    columns = [sub[k].tolist() for k in key]
    for i in np.flatnonzero(complete).tolist():
        values = tuple(c[i] for c in columns)
        if first.setdefault(values, i) != i:
            repeats.append((i, first[values]))
    names = ", ".join(key)
    problems = []
    for i, j in repeats:
        shown = ", ".join(_fmt(df[k].iat[i]) for k in key)
        problems.append(
            Problem(
                label,
                int(rows[i]),
                key[-1],
                f"({names}) = ({shown}) is used twice"
                if len(key) > 1
                else f'{key[0]} "{shown}" is used twice',
                f"also on row {int(rows[j])}; keep one row",
            )
        )
    return problems


def case_clashes(df: pd.DataFrame, key: tuple[str, ...], rows: np.ndarray, label: str) -> list:
    """A problem for each id that differs from an earlier row's only in capital letters.

    Ids are matched exactly elsewhere, so "North" and "north" would silently become
    two teams (or participants, measures ...).

    >>> t = pd.DataFrame({"team_id": ["north", "south", "North"]})
    >>> [str(p) for p in case_clashes(t, ("team_id",), np.array([2, 3, 4]), "teams.csv")]
    ['teams.csv:4:team_id: team_id "North" differs from "north" only in capital letters \
(fix: also on row 2; use one spelling)']
    """
    if df.empty or not key:
        return []
    sub = df[list(key)].astype("string")
    complete = sub.notna().all(axis=1).to_numpy()
    if not complete.any():
        return []
    texts = [sub[k].tolist() for k in key]
    first: dict[tuple, int] = {}  # casefolded key -> position of its first row
    clashes: list[tuple[int, int]] = []
    for i, values in enumerate(zip(*texts, strict=True)):
        if not complete[i]:
            continue
        j = first.setdefault(tuple(v.casefold() for v in values), i)
        if j != i and values != tuple(t[j] for t in texts):  # exact repeats: duplicate_keys
            clashes.append((i, j))
    col = key[-1]
    return [
        Problem(
            label,
            int(rows[i]),
            col,
            f'{col} "{df[col].iat[i]}" differs from "{df[col].iat[j]}" only in capital letters',
            f"also on row {int(rows[j])}; use one spelling",
        )
        for i, j in clashes
    ]


def _future(
    df: pd.DataFrame, column: str, rows: np.ndarray, label: str, today: dt.date, end: Any
) -> list[Problem]:
    """Dates after today that are also after the programme's end: almost always a year typo."""
    if df.empty:
        return []
    latest = pd.Timestamp(max(today, end) if isinstance(end, dt.date) else today)
    late = (df[column] > latest).fillna(False).to_numpy()
    ends = f"the programme ends {_fmt(pd.Timestamp(end))}" if isinstance(end, dt.date) else None
    return _make(
        label,
        rows,
        late,
        column,
        (f"{column} {_fmt(d)} is in the future" for d in df[column][late]),
        f"check the year ({ends})" if ends else "check the year",
    )


def _unknown(
    values: pd.Series,
    known: pd.Series,
    rows: np.ndarray,
    label: str,
    column: str,
    what: str,
) -> list[Problem]:
    bad = (values.notna() & ~values.isin(known.dropna())).to_numpy()
    if not bad.any():
        return []
    pool = [str(k) for k in known.dropna().unique()]
    hints = {}
    for v in values[bad].unique():
        hints[v] = did_you_mean(closest(v, pool), f"add it to {what} first")
    texts = values[bad]
    return _make(
        label,
        rows,
        bad,
        column,
        (f'unknown {column} "{v}"' for v in texts),
        (hints[v] for v in texts),
    )


def _pair_lookup(left: pd.DataFrame, right: pd.DataFrame, on: list[str], extra: str) -> pd.Series:
    """For each row of ``left``, the ``extra`` column of the matching ``right`` row (or NA).

    The first ``right`` row with a complete key wins; a key with an empty part matches
    nothing. A dict of keys, not a merge (six run per validate); empty parts are found by one
    ``isna`` pass per table, not per cell.

    >>> m = pd.DataFrame({"team_id": ["a", "a", None], "measure_id": ["x", "y", "x"]})
    >>> ms = pd.DataFrame({"team_id": ["a", "a"], "measure_id": ["x", "x"], "unit": ["%", "n"]})
    >>> _pair_lookup(m, ms, ["team_id", "measure_id"], "unit").tolist()
    ['%', nan, nan]
    """
    first: dict[tuple, int] = {}
    right_empty = right[on].isna().any(axis=1).tolist()
    for i, key in enumerate(zip(*(right[k].tolist() for k in on), strict=True)):
        if not right_empty[i]:
            first.setdefault(key, i)
    left_empty = left[on].isna().any(axis=1).tolist()
    left_keys = zip(*(left[k].tolist() for k in on), strict=True)
    where = [
        -1 if empty else first.get(key, -1)
        for empty, key in zip(left_empty, left_keys, strict=True)
    ]
    values = right[extra].array.take(np.asarray(where, dtype=np.intp), allow_fill=True)
    return pd.Series(values, index=left.index, name="_extra")


def _percent_scale(
    m: pd.DataFrame, measures: pd.DataFrame, rows: np.ndarray, label: str, value: np.ndarray
) -> list[Problem]:
    """Values of a % measure typed on the wrong scale (0-100 where 0-1 is meant, or past 100%).

    A measure whose unit is ``%`` plots ``value * multiply``: with multiply 100 the
    values are proportions (0 to 1), so 8 would plot as 800%; without it they are
    already percentages (0 to 100).
    """
    if "unit" not in measures.columns or "value" not in m.columns:
        return []
    unit = _pair_lookup(m, measures, ["team_id", "measure_id"], "unit")
    if "multiply" in measures.columns:
        mult = _pair_lookup(m, measures, ["team_id", "measure_id"], "multiply")
    else:
        mult = pd.Series(np.nan, index=m.index)
    is_pct = (unit.astype("string").str.strip() == "%").fillna(False).to_numpy() & value
    if not is_pct.any():
        return []
    v = m["value"]
    factor = pd.to_numeric(mult, errors="coerce").fillna(1.0)
    plotted = v * factor
    bad = is_pct & ((plotted > 100) | (plotted < 0)).fillna(False).to_numpy()
    as_prop = bad & (factor == 100).to_numpy() & (v <= 100).fillna(False).to_numpy()
    problems = _make(
        label,
        rows,
        as_prop,
        "value",
        (f"{_fmt(x)} would plot as {_fmt(x * 100)}%" for x in v[as_prop]),
        "the measure's multiply is 100, so give proportions from 0 to 1 (e.g. 0.08 for 8%), "
        "or clear multiply if the values are already percentages",
    )
    other = bad & ~as_prop
    problems += _make(
        label,
        rows,
        other,
        "value",
        (f"{_fmt(x)} is not a percentage from 0 to 100" for x in plotted[other]),
        "check the value (and the measure's multiply)",
    )
    return problems


def percent_cells(
    m: pd.DataFrame, measures: pd.DataFrame, rows: np.ndarray, label: str, percent_rows: frozenset
) -> list[Problem]:
    """Workbook values formatted as % (0.12 shown as 12%) in a measure without multiply 100.

    Excel stores 12% as 0.12; only a measure with multiply 100 plots that as 12.

    >>> m = pd.DataFrame({"team_id": ["a"], "measure_id": ["x"], "value": [0.12]})
    >>> ms = pd.DataFrame({"team_id": ["a"], "measure_id": ["x"], "multiply": [np.nan]})
    >>> print(percent_cells(m, ms, np.array([2]), "w.xlsx[measurements]", frozenset({2}))[0])
    w.xlsx[measurements]:2:value: the cell shows 12% but holds 0.12, which would plot as 0.12% \
(fix: set multiply to 100 for x in measures, or type 12 in a cell formatted as a number)
    """
    if not percent_rows or m.empty or "multiply" not in measures.columns:
        return []
    mult = pd.to_numeric(
        _pair_lookup(m, measures, ["team_id", "measure_id"], "multiply"), errors="coerce"
    ).fillna(1.0)
    flagged = np.isin(rows, np.fromiter(percent_rows, dtype=int)) & m["value"].notna().to_numpy()
    bad = flagged & (mult != 100).to_numpy()
    v, k, ids = m["value"][bad], mult[bad], m["measure_id"][bad]
    return _make(
        label,
        rows,
        bad,
        "value",
        (
            f"the cell shows {_fmt(x * 100)}% but holds {_fmt(x)}, which would plot as "
            f"{_fmt(x * f)}%"
            for x, f in zip(v, k, strict=True)
        ),
        (
            f"set multiply to 100 for {i} in measures, or type {_fmt(x * 100)} in a cell "
            "formatted as a number"
            for i, x in zip(ids, v, strict=True)
        ),
    )


def _chart_fit(
    m: pd.DataFrame, measures: pd.DataFrame, rows: np.ndarray, label: str, skip: np.ndarray
) -> list[Problem]:
    """Rows whose data do not fit their measure's chart (rows in ``skip`` already have a
    problem in value, numerator or denominator and are left out)."""
    if m.empty or measures.empty:
        return []
    chart = _pair_lookup(m, measures, ["team_id", "measure_id"], "chart")
    v, num, den = m["value"], m["numerator"], m["denominator"]
    has_any = (v.notna() | num.notna() | den.notna()).to_numpy() & ~skip
    ratio = chart.isin(RATIO_CHARTS).to_numpy()
    value = chart.isin(VALUE_CHARTS).to_numpy()
    problems: list[Problem] = []
    for col, other in (("numerator", den), ("denominator", num)):
        # report the missing one; if both are missing, report it once, on numerator
        missing = m[col].isna().to_numpy()
        if col == "denominator":
            missing = missing & other.notna().to_numpy()
        need = ratio & has_any & missing
        problems += _make(
            label,
            rows,
            need,
            col,
            (f"{_a(c)} chart needs numerator and denominator" for c in chart[need]),
            "fill numerator and denominator, or change the measure's chart (e.g. to i)",
        )
    need_v = value & has_any & v.isna().to_numpy()
    problems += _make(
        label,
        rows,
        need_v,
        "value",
        (f"{_a(c)} chart needs a value" for c in chart[need_v]),
        "put the number in value, or change the measure's chart (e.g. to p or u)",
    )
    zero = (den == 0).fillna(False).to_numpy()
    problems += _make(
        label,
        rows,
        zero,
        "denominator",
        (f"denominator is 0 (numerator {_fmt(x)})" for x in num[zero]),
        "a proportion needs at least one case below the line; leave the period out",
    )
    prop = chart.isin(("p", "pp")).to_numpy()
    over = prop & ((num > den) & (den > 0)).fillna(False).to_numpy()
    problems += _make(
        label,
        rows,
        over,
        "numerator",
        (
            f"numerator {_fmt(a)} is more than denominator {_fmt(b)}"
            for a, b in zip(num[over], den[over], strict=True)
        ),
        "a proportion cannot exceed 1: check the two counts, or use a u chart for rates",
    )
    counts = chart.isin(COUNT_CHARTS).to_numpy()
    bad_count = counts & (v.notna() & ((v < 0) | (v % 1 != 0))).to_numpy()
    problems += _make(
        label,
        rows,
        bad_count,
        "value",
        (
            f"{_fmt(x)} is not a count ({_a(c)} chart needs whole numbers of 0 or more)"
            for x, c in zip(v[bad_count], chart[bad_count], strict=True)
        ),
        "type a whole number such as 3, or change the measure's chart (e.g. to i)",
    )
    problems += _percent_scale(m, measures, rows, label, value & ~skip)
    times = (chart == "t").to_numpy() & (v < 0).fillna(False).to_numpy()
    problems += _make(
        label,
        rows,
        times,
        "value",
        (f"{_fmt(x)} is negative (a t chart needs times between events)" for x in v[times]),
        "type the time since the previous event, 0 or more",
    )
    return problems


def _drivers(d: pd.DataFrame, rows: np.ndarray, label: str) -> list[Problem]:
    problems: list[Problem] = []
    ok = d["team_id"].notna() & d["node_id"].notna()
    sub = d[ok]
    positions = np.flatnonzero(ok.to_numpy())
    for _, idx in sub.groupby("team_id", sort=False).indices.items():
        part = sub.iloc[idx]
        kinds = part["kind"].fillna("").tolist()
        for tp in tree_problems(part["node_id"].tolist(), part["parent_id"].tolist(), kinds):
            if tp.column == "node_id":
                continue  # duplicates are reported by the key check
            row = int(rows[positions[idx[tp.index]]])
            problems.append(Problem(label, row, tp.column, tp.message, _tree_fix(tp.message)))
    return problems


def _tree_fix(message: str) -> str:
    if "cycle" in message or "its own parent" in message:
        return "each box hangs off a box one level up; the chain must end at a primary driver"
    if "not in this driver diagram" in message:
        return "set parent_id to a node_id of this team, or add that box"
    return "change kind or parent_id"


def _pdsa(p: pd.DataFrame, drivers: pd.DataFrame, rows: np.ndarray, label: str) -> list:
    problems: list[Problem] = []
    if p.empty:
        return problems
    kind = _pair_lookup(p, drivers, ["team_id", "node_id"], "kind")
    given = p["node_id"].notna() & p["team_id"].notna()
    absent = (given & kind.isna()).to_numpy()
    problems += _make(
        label,
        rows,
        absent,
        "node_id",
        (
            f'change idea "{n}" is not in team {t}\'s driver diagram'
            for n, t in zip(p["node_id"][absent], p["team_id"][absent], strict=True)
        ),
        "use the node_id of a change idea in drivers",
    )
    wrong = (given & kind.notna() & (kind != "change_idea")).to_numpy()
    problems += _make(
        label,
        rows,
        wrong,
        "node_id",
        (
            f'"{n}" is a {k.replace("_", " ")} driver, not a change idea'
            for n, k in zip(p["node_id"][wrong], kind[wrong], strict=True)
        ),
        "PDSA cycles test change ideas: use the node_id of a change idea",
    )
    back = (p["end"] < p["start"]).fillna(False).to_numpy()
    problems += _make(
        label,
        rows,
        back,
        "end",
        (
            f"end {_fmt(e)} is before start {_fmt(s)}"
            for s, e in zip(p["start"][back], p["end"][back], strict=True)
        ),
        "check the two dates",
    )
    return problems


def _charter(c: pd.DataFrame, rows: np.ndarray, label: str) -> list[Problem]:
    """A charter whose end comes before its start."""
    back = (c["end"] < c["start"]).fillna(False).to_numpy()
    return _make(
        label,
        rows,
        back,
        "end",
        (
            f"end {_fmt(e)} is before start {_fmt(s)}"
            for s, e in zip(c["start"][back], c["end"][back], strict=True)
        ),
        "check the two dates",
    )


def _learning(
    rows_: pd.DataFrame, people: pd.DataFrame, rows: np.ndarray, label: str
) -> list[Problem]:
    """Learning-evidence rows: the exercise's session, the person's team, the results.

    >>> t = pd.DataFrame({"participant_id": ["p01", "p01"], "team_id": ["north", "west"],
    ...     "session": [1, 2], "exercise": ["aim", "aim"], "first_result": ["pass", "pass"],
    ...     "final_result": ["pass", "not yet"], "attempts": [1, 1]})
    >>> people = pd.DataFrame({"participant_id": ["p01"], "team_id": ["north"]})
    >>> [(p.row, p.column) for p in _learning(t, people, np.array([2, 3]), "learning.csv")]
    [(3, 'session'), (3, 'team_id'), (3, 'final_result')]
    """
    from qiteach.workspace.schema import EXERCISES

    if rows_.empty:
        return []
    out: list[Problem] = []
    want = rows_["exercise"].map(EXERCISES)
    bad = (want.notna() & rows_["session"].notna() & (want != rows_["session"])).to_numpy()
    out += _make(
        label,
        rows,
        bad,
        "session",
        (
            f"exercise {e} belongs to session {EXERCISES[e]}, not {s}"
            for e, s in zip(rows_["exercise"][bad], rows_["session"][bad], strict=True)
        ),
        "rows of learning.csv are written by the notebooks: do not edit them by hand",
    )
    team_of = dict(zip(people["participant_id"], people["team_id"], strict=True))
    theirs = rows_["participant_id"].map(team_of)
    bad = (theirs.notna() & rows_["team_id"].notna() & (theirs != rows_["team_id"])).to_numpy()
    out += _make(
        label,
        rows,
        bad,
        "team_id",
        (
            f"{p} is in team {team_of[p]}, not {t}"
            for p, t in zip(rows_["participant_id"][bad], rows_["team_id"][bad], strict=True)
        ),
        "use the participant's team from participants.csv",
    )
    one = (
        (rows_["attempts"] == 1)
        & rows_["first_result"].notna()
        & (rows_["first_result"] != rows_["final_result"])
    ).to_numpy()
    out += _make(
        label,
        rows,
        one,
        "final_result",
        (
            f"one attempt cannot be both {a} and {b}"
            for a, b in zip(rows_["first_result"][one], rows_["final_result"][one], strict=True)
        ),
        "with one attempt the first and final results are the same",
    )
    return out


def check_tables(
    tables: Mapping[str, pd.DataFrame],
    rows: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    sessions: pd.DataFrame | None,
    *,
    skip_rows: frozenset[int] = frozenset(),
    unreadable: frozenset[str] = frozenset(),
    end: dt.date | None = None,
    today: dt.date | None = None,
    percent_rows: frozenset[int] = frozenset(),
) -> list[Problem]:
    """Every cross-row and cross-table problem in the typed ``tables``.

    ``rows[name]`` holds the spreadsheet row of each row of ``tables[name]``;
    ``labels[name]`` the file label; ``sessions`` the programme's sessions (None
    when programme.yaml could not be read, so session references are not checked);
    ``skip_rows`` the measurements rows whose data cells already have a problem;
    ``unreadable`` the tables that could not be read (references to them are not
    checked, so one bad file gives one problem, not one per row elsewhere); ``end``
    the programme's last day: measurement periods and progress dates after both it
    and ``today`` (default: the date today) are refused as in the future;
    ``percent_rows`` the workbook rows whose value cell is formatted as a percentage.
    """
    problems: list[Problem] = []
    for name, table in TABLES.items():
        problems += duplicate_keys(tables[name], table.key, rows[name], labels[name])
        if all(table.column(k).kind == "id" for k in table.key):
            problems += case_clashes(tables[name], table.key, rows[name], labels[name])
        for column, target in table.references.items():
            ref_table, ref_col = target.split(".")
            if ref_table in unreadable:
                continue
            problems += _unknown(
                tables[name][column],
                tables[ref_table][ref_col],
                rows[name],
                labels[name],
                column,
                labels[ref_table],
            )
    today = today or dt.date.today()
    for name, column in (("measurements", "period"), ("progress", "date")):
        problems += _future(tables[name], column, rows[name], labels[name], today, end)
    m, measures = tables["measurements"], tables["measures"]
    if not m.empty and not measures.empty:
        known = _pair_lookup(m, measures, ["team_id", "measure_id"], "measure_id")
        bad = m["team_id"].isin(tables["teams"]["team_id"]) & m["measure_id"].notna()
        bad = (bad & known.isna()).to_numpy()
        problems += _make(
            labels["measurements"],
            rows["measurements"],
            bad,
            "measure_id",
            (
                f'measure "{x}" is not in team {t}\'s measures'
                for x, t in zip(m["measure_id"][bad], m["team_id"][bad], strict=True)
            ),
            "add it to measures, or correct the measure_id",
        )
    elif not m.empty and "measures" not in unreadable:
        problems += _make(
            labels["measurements"],
            rows["measurements"],
            m["measure_id"].notna().to_numpy(),
            "measure_id",
            (f'measure "{x}" is not in measures' for x in m["measure_id"].dropna()),
            "add it to measures, or correct the measure_id",
        )
    problems += percent_cells(
        m, measures, rows["measurements"], labels["measurements"], percent_rows - skip_rows
    )
    skip = np.isin(rows["measurements"], np.asarray(sorted(skip_rows), dtype=int))
    problems += _chart_fit(m, measures, rows["measurements"], labels["measurements"], skip)
    d = tables["drivers"]
    problems += _drivers(d, rows["drivers"], labels["drivers"])
    problems += _pdsa(tables["pdsa"], d, rows["pdsa"], labels["pdsa"])
    problems += _charter(tables["charter"], rows["charter"], labels["charter"])
    if "participants" not in unreadable:
        problems += _learning(
            tables["learning"], tables["participants"], rows["learning"], labels["learning"]
        )
    node = measures["node_id"]
    if node.notna().any():
        kind = _pair_lookup(measures, d, ["team_id", "node_id"], "kind")
        bad = (node.notna() & measures["team_id"].notna() & kind.isna()).to_numpy()
        problems += _make(
            labels["measures"],
            rows["measures"],
            bad,
            "node_id",
            (
                f'"{n}" is not in team {t}\'s driver diagram'
                for n, t in zip(node[bad], measures["team_id"][bad], strict=True)
            ),
            "use a node_id from drivers, or leave it empty",
        )
    if sessions is not None:
        numbers = sessions["number"].dropna().astype("int64")
        for name in ("attendance", "feedback", "learning"):
            s = tables[name]["session"]
            bad = (s.notna() & ~s.isin(numbers)).to_numpy()
            listed = ", ".join(str(n) for n in sorted(set(numbers))) or "none"
            problems += _make(
                labels[name],
                rows[name],
                bad,
                "session",
                (f"session {x} is not in programme.yaml" for x in s[bad]),
                f"use a session number from programme.yaml (sessions: {listed})",
            )
    return problems
