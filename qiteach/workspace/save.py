"""Save a team's work into a workspace folder: locked, re-read, validated, atomic, recorded.

Every operation in :data:`OPERATIONS` has the signature
``fn(workspace, team, *, user, **payload) -> SaveResult`` and does, in order:

1. take an exclusive lock on the workspace (``<workspace>/.qiteach.lock``,
   :func:`fcntl.flock`, waiting at most :data:`LOCK_TIMEOUT` seconds);
2. re-read the table(s) it changes from disk (what others saved a moment ago counts);
3. change only that team's rows;
4. validate the whole resulting workspace with the project's own validator
   (:func:`qiteach.workspace.loader.validate_workspace`'s checks): a save that adds
   a problem is refused with :class:`~qiteach.exceptions.SaveRefused` and changes
   nothing (problems the workspace already had elsewhere do not block it);
5. write each changed CSV atomically (:mod:`qiteach.fileio`);
6. add one row per changed table to ``<workspace>/history.csv`` (who, when, what),
   from which :func:`undo_last` restores a team's last change;
7. release the lock.

A single user on a laptop calls these directly (or through
:func:`qiteach.workspace.saver.get_saver`); in a JupyterHub the hub's saving
service calls them on behalf of the signed-in person.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> r = save_progress(ws, "west", user="p05",
...                   rows=[{"date": "2026-07-31", "score": 3.5, "note": "Spread to 2 sites"}])
>>> r.message
'Saved: progress score 3.5 on 2026-07-31 for West Locality.'
>>> read_history(ws)[-1]["operation"], read_history(ws)[-1]["user"]
('save_progress', 'p05')
>>> undo_last(ws, "west", user="p05").message.startswith("Undone: save_progress")
True
>>> save_aim(ws, "nowhere", user="p05", aim="x")
Traceback (most recent call last):
...
qiteach.exceptions.SaveRefused: Not saved: there is no team "nowhere" in teams.csv ...
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from qiteach.exceptions import Problem, SaveRefused
from qiteach.fileio import write_text_atomic
from qiteach.pdsa.log import next_cycle_ids
from qiteach.workspace.raw import EMPTY_TOKENS, RawTable, RawWorkspace, neutralise
from qiteach.workspace.schema import HISTORY, TABLES

__all__ = [
    "HISTORY_FILE",
    "LOCK_FILE",
    "LOCK_TIMEOUT",
    "OPERATIONS",
    "SaveResult",
    "add_pdsa_cycle",
    "read_history",
    "record_check",
    "register",
    "save_aim",
    "save_charter",
    "save_drivers",
    "save_measures",
    "save_progress",
    "save_stakeholders",
    "undo_last",
    "workspace_lock",
]

HISTORY_FILE = HISTORY.filename  # "history.csv"
LOCK_FILE = ".qiteach.lock"
#: seconds a save waits for another save to finish before giving up
LOCK_TIMEOUT = float(os.environ.get("QITEACH_LOCK_TIMEOUT", "120"))


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did: the line to show, the table, the team and its row count there now."""

    message: str
    table: str
    team: str
    rows: int


#: wire name -> save function (the hub's saving service dispatches on these keys)
OPERATIONS: dict[str, Callable[..., SaveResult]] = {}


def register(name: str) -> Callable[[Callable[..., SaveResult]], Callable[..., SaveResult]]:
    """Add a save function to :data:`OPERATIONS` under ``name``."""

    def add(fn: Callable[..., SaveResult]) -> Callable[..., SaveResult]:
        OPERATIONS[name] = fn
        return fn

    return add


# --------------------------------------------------------------------------- the folder
def _refuse(message: str, fix: str | None = None) -> SaveRefused:
    return SaveRefused(f"Not saved: {message}" + (f" (fix: {fix})" if fix else ""))


def _folder(workspace: str | Path) -> Path:
    """The workspace folder to save into, or a refusal (workbook, shipped example, missing)."""
    from qiteach.workspace.loader import resolve_workspace

    path = resolve_workspace(workspace)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _refuse(
            f"{path.name} is a workbook; notebooks save into a workspace folder",
            f"convert it once with `qiteach convert {path.name} FOLDER` and use the folder",
        )
    if not (path / "programme.yaml").is_file() or not (path / "teams.csv").is_file():
        raise _refuse(
            f"{path} is not a workspace folder (no programme.yaml or teams.csv)",
            "set workspace to your programme's folder",
        )
    if _is_shipped(path):
        raise _refuse(
            f'"{path.name}" is a shipped example and is never changed',
            f"copy the folder {path} to a folder of your own and set workspace to that copy",
        )
    return path


def _is_shipped(path: Path) -> bool:
    from qiteach.datasets import CATALOGUE, datasets_root

    root = datasets_root().resolve()
    real = path.resolve()
    return any(
        e.kind == "workspace" and (root / e.path).resolve() == real for e in CATALOGUE.values()
    )


@contextmanager
def workspace_lock(folder: str | Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's exclusive lock (``.qiteach.lock``) for the block.

    Waits for another save to finish (at most ``timeout`` seconds, default
    :data:`LOCK_TIMEOUT`), else refuses: nothing has been changed then.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> with workspace_lock(d):
    ...     pass
    """
    wait = LOCK_TIMEOUT if timeout is None else timeout
    lock_path = Path(folder) / LOCK_FILE
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        raise _refuse(
            f"you cannot write to the workspace {Path(folder)}",
            "save from the notebook's Save button in the hub, or ask your trainer",
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _refuse(
                        f"the workspace is busy (another save has taken over {wait:g} s)",
                        "try again in a minute",
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- rows
Row = dict[str, str | None]


def _cell(value: Any) -> str | None:
    """A payload value as the text a CSV cell holds (blank -> None).

    >>> _cell(2.5), _cell(12), _cell("  x "), _cell("NA"), _cell(None), _cell(dt.date(2026, 1, 5))
    ('2.5', '12', 'x', None, None, '2026-01-05')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value).strip()
    return None if text in EMPTY_TOKENS else text


@dataclass
class _Table:
    """One table as read for a save: its header and rows of text, in file order."""

    name: str
    header: list[str]
    rows: list[Row]

    @classmethod
    def read(cls, raw: RawWorkspace, name: str) -> _Table:
        rt = raw.tables[name]
        label = TABLES[name].filename
        if rt.unreadable:
            bad = next((str(p) for p in raw.problems if p.file == label), f"{label} is unreadable")
            raise _refuse(f"{label} cannot be read ({bad})", "ask your trainer to repair it")
        if rt.missing or not rt.header:
            return cls(name, list(TABLES[name].names), [])
        cols = list(rt.df.columns)
        records = [
            {h: r.get(c) for h, c in zip(rt.header, cols, strict=True)}
            for r in rt.df.to_dict("records")
        ]
        return cls(name, list(rt.header), records)

    def team_rows(self, team: str) -> list[Row]:
        return [r for r in self.rows if r.get("team_id") == team]

    def replace_team(self, team: str, new: Sequence[Row]) -> _Table:
        """This table with ``team``'s rows replaced by ``new`` (placed where the old ones began)."""
        at = next((i for i, r in enumerate(self.rows) if r.get("team_id") == team), None)
        others = [r for r in self.rows if r.get("team_id") != team]
        if at is None:
            at = len(others)
        else:
            at = sum(1 for r in self.rows[:at] if r.get("team_id") != team)
        header = list(self.header)
        for r in new:  # an optional column the file lacks (e.g. link) is added when used
            header += [c for c, v in r.items() if c not in header and v is not None]
        filled = [{h: r.get(h) for h in header} for r in new]
        return _Table(self.name, header, others[:at] + filled + others[at:])

    def raw(self) -> RawTable:
        label = TABLES[self.name].filename
        cols = _dedupe(self.header)
        df = pd.DataFrame(
            [[r.get(h) for h in self.header] for r in self.rows], columns=cols, dtype=object
        )
        df.index = pd.RangeIndex(2, 2 + len(df))
        return RawTable(self.name, label, df, list(self.header))

    def csv_text(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.header)
        for r in self.rows:
            writer.writerow(
                ["" if r.get(h) is None else neutralise(str(r.get(h))) for h in self.header]
            )
        return buf.getvalue()


def _dedupe(header: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for h in header:
        out.append(h if not seen[h] else f"{h}.{seen[h]}")
        seen[h] += 1
    return out


def _payload_rows(table: str, team: str, rows: Any, *, what: str) -> list[Row]:
    """Check payload rows (list of column -> value) for ``table``; return them as text rows."""
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes):
        raise _refuse(f"{what} must be a list of rows", "send a list of column: value pairs")
    columns = TABLES[table].names
    out: list[Row] = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise _refuse(f"{what} {i} is not a row of column: value pairs")
        unknown = [k for k in row if k not in columns]
        if unknown:
            raise _refuse(
                f'"{unknown[0]}" is not a column of {TABLES[table].filename}',
                f"use only: {', '.join(c for c in columns if c != 'team_id')}",
            )
        given = _cell(row.get("team_id"))
        if given is not None and given != team:
            raise _refuse(
                f'{what} {i} belongs to team "{given}", not "{team}"',
                "save each team's rows for that team",
            )
        text = {c: _cell(row.get(c)) for c in columns if c != "team_id" and c in row}
        out.append({"team_id": team, **text})
    return out


# --------------------------------------------------------------------------- history
def read_history(workspace: str | Path) -> list[dict[str, Any]]:
    """Every row of ``history.csv`` (oldest first); ``before``/``after`` as lists of rows.

    A missing file is an empty history. A row that cannot be read raises
    :class:`SaveRefused` naming it.
    """
    path = Path(workspace) / HISTORY_FILE
    if not path.is_file():
        return []
    out: list[dict[str, Any]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if list(reader.fieldnames or []) != list(HISTORY.names):
            raise _refuse(
                f"{HISTORY_FILE} has an unexpected header",
                f"its first line must be {','.join(HISTORY.names)}; ask your trainer",
            )
        for line, rec in enumerate(reader, start=2):
            try:
                out.append(
                    {
                        **rec,
                        "change_id": int(rec["change_id"]),
                        "before": json.loads(rec["before"]),
                        "after": json.loads(rec["after"]),
                        "undoes": int(rec["undoes"]) if rec["undoes"] else None,
                    }
                )
            except (ValueError, TypeError) as exc:
                raise _refuse(
                    f"{HISTORY_FILE}:{line}: this record cannot be read ({exc})",
                    "ask your trainer; rows of history.csv are written by qiteach only",
                ) from None
    return out


def history_problems(folder: str | Path) -> list[str]:
    """Notes for ``qiteach validate`` when ``history.csv`` is there but cannot be read.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> history_problems(d)
    []
    >>> _ = (d / "history.csv").write_text("when,who\\n")
    >>> history_problems(d)[0]
    'history.csv has an unexpected header (fix: its first line must be change_id,...'
    """
    try:
        read_history(folder)
    except SaveRefused as exc:
        return [f"{str(exc).removeprefix('Not saved: ')}; undo cannot use it until then"]
    return []


@dataclass
class _Change:
    """One table's change for one team: rows before and after."""

    table: str
    before: list[Row]
    after: list[Row]


def _history_text(old: str, changes: Sequence[_Change], meta: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if not old:
        writer.writerow(HISTORY.names)
    for ch in changes:
        writer.writerow(
            [
                meta["change_id"],
                meta["time"],
                neutralise(meta["user"]),
                meta["operation"],
                meta["team"],
                ch.table,
                json.dumps(ch.before, ensure_ascii=False),
                json.dumps(ch.after, ensure_ascii=False),
                "" if meta.get("undoes") is None else meta["undoes"],
            ]
        )
    if old and not old.endswith("\n"):
        old += "\n"
    return old + buf.getvalue()


# --------------------------------------------------------------------------- the transaction
@dataclass
class _Plan:
    """What an operation wants to write: the new tables, the line to show, the row count."""

    tables: dict[str, _Table]
    message: str
    table: str
    rows: int
    undoes: int | None = None
    changes: list[_Change] = field(default_factory=list)


def _team_name(raw: RawWorkspace, team: str) -> str:
    teams = _Table.read(raw, "teams")
    row = next((r for r in teams.rows if r.get("team_id") == team), None)
    if row is None:
        known = ", ".join(sorted({str(r.get("team_id")) for r in teams.rows if r.get("team_id")}))
        raise _refuse(
            f'there is no team "{team}" in teams.csv',
            f"use your team's team_id ({known or 'teams.csv has no teams yet'})",
        )
    return str(row.get("team_name") or team)


def _problem_key(p: Problem) -> tuple[Any, ...]:
    return (p.file, p.column, p.message)


def _check(raw: RawWorkspace, new: RawWorkspace) -> None:
    """Refuse when ``new`` has a problem ``raw`` did not have (row numbers may shift)."""
    from qiteach.workspace.loader import _build

    after = _build(new)[1]
    if not after:
        return
    before = Counter(_problem_key(p) for p in _build(raw)[1])
    for p in after:
        if before[_problem_key(p)]:
            before[_problem_key(p)] -= 1
            continue
        raise SaveRefused(f"Not saved: {p}")


def _transact(
    workspace: str | Path,
    team: str,
    user: str,
    operation: str,
    plan: Callable[[RawWorkspace, str], _Plan],
) -> SaveResult:
    from qiteach.workspace.reading import read_raw

    if not isinstance(team, str) or not team.strip():
        raise _refuse("no team given", "set team to your team's team_id")
    if not isinstance(user, str) or not user.strip():
        raise _refuse("no user given", "say who is saving")
    folder = _folder(workspace)
    with workspace_lock(folder):
        raw = read_raw(folder)  # re-read under the lock: others' saves count
        name = _team_name(raw, team)
        p = plan(raw, name)
        new_tables = dict(raw.tables)
        changes: list[_Change] = list(p.changes)
        for tname, table in p.tables.items():
            new_tables[tname] = table.raw()
            if not p.changes:
                before = _Table.read(raw, tname).team_rows(team)
                changes.append(_Change(tname, before, table.team_rows(team)))
        changes = [c for c in changes if c.before != c.after]
        if not changes:
            return SaveResult(
                f"Nothing to save: {name}'s {TABLES[p.table].filename} already holds this.",
                p.table,
                team,
                p.rows,
            )
        new_raw = RawWorkspace(
            raw.path,
            raw.kind,
            raw.meta,
            raw.meta_source,
            new_tables,
            [q for q in raw.problems if q.file not in {TABLES[t].filename for t in p.tables}],
            list(raw.notes),
            raw.meta_where,
        )
        _check(raw, new_raw)
        history = folder / HISTORY_FILE
        old = history.read_text(encoding="utf-8") if history.is_file() else ""
        last = read_history(folder)
        meta = {
            "change_id": (last[-1]["change_id"] + 1) if last else 1,
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "user": user.strip(),
            "operation": operation,
            "team": team,
            "undoes": p.undoes,
        }
        for tname, table in p.tables.items():
            write_text_atomic(folder / TABLES[tname].filename, table.csv_text())
        write_text_atomic(history, _history_text(old, changes, meta))
    return SaveResult(p.message, p.table, team, p.rows)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# --------------------------------------------------------------------------- operations
@register("save_aim")
def save_aim(workspace: str | Path, team: str, *, user: str, aim: str) -> SaveResult:
    """Write the team's aim statement into ``teams.csv`` (blank clears it)."""
    if aim is not None and not isinstance(aim, str):
        raise _refuse("the aim must be text")

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        teams = _Table.read(raw, "teams")
        if "aim" not in teams.header:
            raise _refuse("teams.csv has no aim column", "ask your trainer to add the column")
        text = _cell(aim)
        rows = [dict(r, aim=text) if r.get("team_id") == team else r for r in teams.rows]
        message = f"Saved: {name}'s aim." if text else f"Saved: {name}'s aim is now blank."
        return _Plan({"teams": _Table("teams", teams.header, rows)}, message, "teams", 1)

    return _transact(workspace, team, user, "save_aim", plan)


@register("save_charter")
def save_charter(
    workspace: str | Path,
    team: str,
    *,
    user: str,
    row: Mapping[str, Any],
    base: Mapping[str, Any] | None = None,
) -> SaveResult:
    """Write the team's project charter, its one row of ``charter.csv`` (made if missing).

    ``row`` holds the charter's own columns (:data:`qiteach.tools.charter.CHARTER_FIELDS`;
    the aim and measures live in their own tables); a column left out keeps what is
    saved. :func:`qiteach.tools.charter.charter_problems` is checked first (the
    problem statement, the dates). ``base`` (optional) is the row the form started
    from: when the saved row is no longer that (a team mate saved meanwhile), the save
    is refused instead of overwriting their work.
    """
    from qiteach.tools.charter import charter_problems

    (new,) = _payload_rows("charter", team, [row], what="charter")
    base_row = None if base is None else _payload_rows("charter", team, [base], what="charter")[0]

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        charter = _Table.read(raw, "charter")
        before = charter.team_rows(team)
        old = before[0] if before else {"team_id": team}
        names = TABLES["charter"].names
        if base_row is not None and _norm([{c: old.get(c) for c in names}]) != _norm(
            [{c: base_row.get(c) for c in names}]
        ):
            raise _refuse(
                f"{name}'s charter was saved by {_last_saver(raw.path, team, 'charter')} "
                "after you opened it",
                "click Reload to get the saved charter, make your change again and save",
            )
        after = {**old, **new}
        problems = charter_problems(after)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise _refuse(problems[0] + more)
        message = f"Saved: {name}'s charter." if before else f"Saved: {name}'s first charter."
        return _Plan({"charter": charter.replace_team(team, [after])}, message, "charter", 1)

    return _transact(workspace, team, user, "save_charter", plan)


#: the columns a stakeholder row is made of (the schema's, bar team_id)
_STAKE_COLUMNS = tuple(c for c in TABLES["stakeholders"].names if c != "team_id")


def stakeholder_row_problems(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per stakeholder row that cannot be placed on the grid, naming row and fix.

    Rows are numbered from 1 as given (blank rows count, so the numbers match the
    table the team typed into); the checks are
    :func:`qiteach.tools.stakeholders.read_stakeholders`'s. No row at all is a problem too.

    >>> stakeholder_row_problems([{"stakeholder": "GP partners", "influence": "5"}, {}])
    ['Row 1, interest: GP partners has no interest score (fix: give a whole number from 1 (low) to 5 (high), or low/high)']
    >>> stakeholder_row_problems([{}])
    ['no stakeholders (fix: list at least one person or group with both scores)']
    """  # noqa: E501
    from qiteach.tools.stakeholders import read_stakeholders

    people, problems = read_stakeholders(list(rows))
    lines = [f"Row {n}, {column}: {message} (fix: {fix})" for n, column, message, fix in problems]
    if not people and not problems:
        lines.append("no stakeholders (fix: list at least one person or group with both scores)")
    return lines


@register("save_stakeholders")
def save_stakeholders(
    workspace: str | Path,
    team: str,
    *,
    user: str,
    rows: Sequence[Mapping[str, Any]],
    base: Sequence[Mapping[str, Any]] | None = None,
) -> SaveResult:
    """Replace the team's stakeholder analysis, its rows of ``stakeholders.csv`` (made if missing).

    ``rows`` hold the table's columns (``stakeholder``, ``influence``, ``interest``,
    ``action``, ``who``, ``when``); blank rows are dropped and scores written as
    numbers ("high" is 4). Refused, with nothing written, when a row cannot be placed
    on the grid (:func:`stakeholder_row_problems`). ``base`` (optional) is the rows
    the form started from: when the saved rows are no longer those (a team mate saved
    meanwhile), the save is refused instead of overwriting their work.
    """
    from qiteach.tools.stakeholders import read_stakeholders

    given = _payload_rows("stakeholders", team, rows, what="stakeholder")
    base_rows = None if base is None else _payload_rows("stakeholders", team, base, what="row")
    problems = stakeholder_row_problems(given)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise _refuse(problems[0] + more)
    people, _ = read_stakeholders(given)
    new_rows: list[Row] = [
        {
            "team_id": team,
            "stakeholder": s.name,
            "influence": str(s.influence),
            "interest": str(s.interest),
            "action": s.action or None,
            "who": s.who or None,
            "when": s.when or None,
        }
        for s in people
    ]

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        table = _Table.read(raw, "stakeholders")
        before = table.team_rows(team)
        if base_rows is not None and _stakes(before) != _stakes(base_rows):
            raise _refuse(
                f"{name}'s stakeholders were saved by "
                f"{_last_saver(raw.path, team, 'stakeholders')} after you opened them",
                "click Reload to get the saved stakeholders, make your change again and save",
            )
        words = _diff_words(before, new_rows, "stakeholder", "stakeholder")
        message = f"Saved: {name}'s stakeholders, {_count(len(new_rows), 'stakeholder')} ({words})."
        return _Plan(
            {"stakeholders": table.replace_team(team, new_rows)},
            message,
            "stakeholders",
            len(new_rows),
        )

    return _transact(workspace, team, user, "save_stakeholders", plan)


def _stakes(rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    """Stakeholder rows as comparable tuples, in order (blank cells as None)."""
    return [tuple(r.get(c) for c in _STAKE_COLUMNS) for r in rows]


_PLURAL = {"box": "boxes"}


def _diff_words(before: list[Row], after: list[Row], key: str, noun: str) -> str:
    old = {r.get(key): r for r in before}
    new = {r.get(key): r for r in after}
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and new[k] != old[k]]
    parts = []
    if added:
        parts.append(f"{_count(len(added), noun, _PLURAL.get(noun))} added")
    if changed:
        parts.append(f"{len(changed)} changed")
    if removed:
        parts.append(f"{len(removed)} removed")
    return ", ".join(parts) or "no change"


@register("save_drivers")
def save_drivers(
    workspace: str | Path,
    team: str,
    *,
    user: str,
    rows: Sequence[Mapping[str, Any]],
    confirmed: bool = False,
    base: Sequence[Mapping[str, Any]] | None = None,
) -> SaveResult:
    """Replace the team's driver diagram in ``drivers.csv`` with ``rows`` (one per box).

    ``base`` (optional) is the diagram the editor started from: when the team's
    saved diagram is no longer that (a team-mate saved meanwhile), the save is
    refused instead of overwriting their work.

    A box that PDSA cycles test or a measure tracks does not silently disappear:
    removing it is refused unless ``confirmed`` (the builder asks first); then, in
    the same save, its PDSA cycles are deleted from ``pdsa.csv`` and its measures
    unlinked (``measures.node_id`` left blank). One undo brings all of it back.
    """
    new_rows = _payload_rows("drivers", team, rows, what="box")
    base_rows = None if base is None else _payload_rows("drivers", team, base, what="box")

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        drivers = _Table.read(raw, "drivers")
        before = drivers.team_rows(team)
        if base_rows is not None and _boxes(before) != _boxes(base_rows):
            raise _refuse(
                f"{name}'s driver diagram was saved by {_last_saver(raw.path, team, 'drivers')} "
                "after you opened it",
                "click Reload to get the saved diagram, make your change again and save",
            )
        after_ids = {r.get("node_id") for r in new_rows}
        gone = {r.get("node_id") for r in before if r.get("node_id") not in after_ids}
        tables = {"drivers": drivers.replace_team(team, new_rows)}
        pdsa, measures = _Table.read(raw, "pdsa"), _Table.read(raw, "measures")
        tested = [r for r in pdsa.team_rows(team) if r.get("node_id") in gone]
        tracked = [r for r in measures.team_rows(team) if r.get("node_id") in gone]
        if (tested or tracked) and not confirmed:
            uses = []
            if tested:
                uses.append(f"PDSA cycles {', '.join(str(r.get('cycle_id')) for r in tested)}")
            if tracked:
                uses.append(f"measures {', '.join(str(r.get('measure_id')) for r in tracked)}")
            boxes = ", ".join(sorted({str(r.get("node_id")) for r in tested + tracked}))
            raise _refuse(
                f"{' and '.join(uses)} use {boxes}, which this diagram removes",
                "keep the box, or confirm removing it (its PDSA cycles are deleted too)",
            )
        extra = []
        if tested:
            kept = [r for r in pdsa.team_rows(team) if r.get("node_id") not in gone]
            tables["pdsa"] = pdsa.replace_team(team, kept)
            extra.append(f"{_count(len(tested), 'PDSA cycle')} of removed boxes deleted")
        if tracked:
            unlinked = [
                dict(r, node_id=None) if r.get("node_id") in gone else r
                for r in measures.team_rows(team)
            ]
            tables["measures"] = measures.replace_team(team, unlinked)
            extra.append(f"{_count(len(tracked), 'measure')} unlinked")
        words = "; ".join(
            [_diff_words(before, tables["drivers"].team_rows(team), "node_id", "box"), *extra]
        )
        message = (
            f"Saved: {name}'s driver diagram, {_count(len(new_rows), 'box', 'boxes')} ({words})."
        )
        return _Plan(tables, message, "drivers", len(new_rows))

    return _transact(workspace, team, user, "save_drivers", plan)


@register("add_pdsa_cycle")
def add_pdsa_cycle(
    workspace: str | Path, team: str, *, user: str, cycle: Mapping[str, Any]
) -> SaveResult:
    """Add one (planned) cycle to the team's log in ``pdsa.csv``.

    ``cycle_id`` and ``ramp`` may be left out: the next free ``C<n>`` is used, and
    the ramp of the change idea's latest cycle (or a new ``R<n>``).
    """
    (row,) = _payload_rows("pdsa", team, [cycle], what="cycle")

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        pdsa = _Table.read(raw, "pdsa")
        mine = pdsa.team_rows(team)
        new = dict(row)
        taken = {r.get("cycle_id") for r in mine}
        if new.get("cycle_id") in taken:
            raise _refuse(
                f"{name} already has a PDSA cycle {new['cycle_id']}",
                "give the new cycle another cycle_id, or leave it blank to number it",
            )
        cycle_id, ramp = next_cycle_ids(
            ((r.get("cycle_id"), r.get("node_id"), r.get("ramp")) for r in mine), new.get("node_id")
        )
        new["cycle_id"] = new.get("cycle_id") or cycle_id
        new["ramp"] = new.get("ramp") or ramp
        after = [*mine, new]
        state = "planned" if not new.get("end") else "recorded"
        message = (
            f"Saved: PDSA cycle {new['cycle_id']} ({state}, testing {new.get('node_id')}) "
            f"in {name}'s PDSA log, now {_count(len(after), 'cycle')}."
        )
        return _Plan({"pdsa": pdsa.replace_team(team, after)}, message, "pdsa", len(after))

    return _transact(workspace, team, user, "add_pdsa_cycle", plan)


def _upsert(table: _Table, team: str, rows: list[Row], key: str) -> list[Row]:
    """The team's rows with ``rows`` replacing those of the same ``key`` (others appended)."""
    mine = table.team_rows(team)
    by_key = {r.get(key): r for r in rows}
    out = []
    for r in mine:
        k = r.get(key)
        out.append({**r, **by_key.pop(k)} if k in by_key else r)
    return out + list(by_key.values())


def _keyed(rows: list[Row], key: str, table: str) -> None:
    seen = Counter(r.get(key) for r in rows)
    missing = [r for r in rows if not r.get(key)]
    if missing:
        raise _refuse(f"a row for {TABLES[table].filename} has no {key}", f"fill in {key}")
    twice = [k for k, n in seen.items() if n > 1]
    if twice:
        raise _refuse(f'{key} "{twice[0]}" is given twice', f"give each row its own {key}")


@register("save_measures")
def save_measures(
    workspace: str | Path, team: str, *, user: str, rows: Sequence[Mapping[str, Any]]
) -> SaveResult:
    """Add or change the team's measures in ``measures.csv`` (matched on ``measure_id``).

    Measures not given are kept: a measure with data is never dropped by a form.
    """
    new_rows = _payload_rows("measures", team, rows, what="measure")
    _keyed(new_rows, "measure_id", "measures")

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        measures = _Table.read(raw, "measures")
        before = measures.team_rows(team)
        after = _upsert(measures, team, new_rows, "measure_id")
        words = _diff_words(before, after, "measure_id", "measure")
        message = f"Saved: {name}'s measures, now {len(after)} ({words})."
        return _Plan(
            {"measures": measures.replace_team(team, after)}, message, "measures", len(after)
        )

    return _transact(workspace, team, user, "save_measures", plan)


@register("save_progress")
def save_progress(
    workspace: str | Path, team: str, *, user: str, rows: Sequence[Mapping[str, Any]]
) -> SaveResult:
    """Add or change the team's progress scores in ``progress.csv`` (matched on ``date``)."""
    new_rows = _payload_rows("progress", team, rows, what="score")
    _keyed(new_rows, "date", "progress")

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        progress = _Table.read(raw, "progress")
        after = _upsert(progress, team, new_rows, "date")
        if len(new_rows) == 1:
            r = new_rows[0]
            message = (
                f"Saved: progress score {_score(r.get('score'))} on {r.get('date')} for {name}."
            )
        else:
            words = _diff_words(progress.team_rows(team), after, "date", "score")
            message = f"Saved: {name}'s progress scores, now {len(after)} ({words})."
        return _Plan(
            {"progress": progress.replace_team(team, after)}, message, "progress", len(after)
        )

    return _transact(workspace, team, user, "save_progress", plan)


@register("record_check")
def record_check(
    workspace: str | Path,
    team: str,
    *,
    user: str,
    participant: str | None = None,
    session: int,
    exercise: str,
    passed: bool,
    answer: str | None = None,
    when: str | None = None,
) -> SaveResult:
    """Record one self-check result in ``learning.csv`` (learning evidence, Kirkpatrick 2).

    One row per participant, session and exercise: the first check sets
    ``first_result`` and ``date``; every check adds an attempt and sets
    ``final_result``. Refused unless ``programme.yaml`` has ``learning_evidence: true``;
    ``answer`` is kept only with ``learning_evidence_answers: true`` (else dropped).
    ``when`` (YYYY-MM-DD) is the day of the check, default today (UTC).
    ``participant`` defaults to ``user`` (on the hub: the signed-in account, so a
    hub user name that is the participant id needs no payload field for it).
    """
    from qiteach.workspace.meta import normalise_meta
    from qiteach.workspace.schema import EXERCISES

    if exercise not in EXERCISES:
        raise _refuse(f'"{exercise}" is not a self-check exercise', "use a name from EXERCISES")
    if not isinstance(session, int) or isinstance(session, bool) or EXERCISES[exercise] != session:
        raise _refuse(f"exercise {exercise} belongs to session {EXERCISES[exercise]}")
    if not isinstance(passed, bool):
        raise _refuse("passed must be true or false")
    participant = participant or user
    day = when or dt.datetime.now(dt.UTC).date().isoformat()
    result = "pass" if passed else "not yet"

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        meta = normalise_meta(raw.meta)
        if meta.get("learning_evidence") is not True:
            raise _refuse(
                "this programme does not record learning evidence",
                "the trainer sets learning_evidence: true in programme.yaml once participants "
                "have consented",
            )
        people = _Table.read(raw, "participants")
        person = next((r for r in people.rows if r.get("participant_id") == participant), None)
        if person is None or person.get("team_id") != team:
            raise _refuse(
                f'participant "{participant}" is not in team "{team}" in participants.csv',
                "set participant to your participant id from your trainer",
            )
        learning = _Table.read(raw, "learning")
        key = (participant, str(session), exercise)
        mine = learning.team_rows(team)
        old = next(
            (
                r
                for r in mine
                if (r.get("participant_id"), r.get("session"), r.get("exercise")) == key
            ),
            None,
        )
        keep = _cell(answer) if meta.get("learning_evidence_answers") is True else None
        if old is None:
            row: Row = {
                "team_id": team,
                "participant_id": participant,
                "session": str(session),
                "exercise": exercise,
                "first_result": result,
                "final_result": result,
                "attempts": "1",
                "date": day,
                "answer": keep,
            }
            after = [*mine, row]
        else:
            row = dict(old, final_result=result, attempts=str(int(old.get("attempts") or 0) + 1))
            row["answer"] = keep
            after = [row if r is old else r for r in mine]
        message = (
            f"Recorded: {exercise} (session {session}) for {participant}, "
            f"attempt {row['attempts']}, {result}."
        )
        return _Plan(
            {"learning": learning.replace_team(team, after)}, message, "learning", len(after)
        )

    return _transact(workspace, team, user, "record_check", plan)


def _score(text: str | None) -> str:
    """A score as the IHI scale writes it.

    >>> _score("4"), _score("2.5"), _score("high")
    ('4.0', '2.5', 'high')
    """
    try:
        return f"{float(text or ''):.1f}"
    except ValueError:
        return str(text)


#: operations that are not the team's work and so are never what "undo" takes back
#: (a self-check result recorded after a diagram was saved must not hide the diagram)
NOT_UNDONE = frozenset({"record_check"})


def _last_change(history: list[dict[str, Any]], team: str) -> list[dict[str, Any]]:
    """The history rows of the team's latest change that is not undone (nor an undo)."""
    undone: set[int] = set()
    mine = [h for h in history if h["team_id"] == team and h["operation"] not in NOT_UNDONE]
    for h in reversed(mine):
        if h["undoes"] is not None:
            undone.add(h["undoes"])
            continue
        if h["change_id"] in undone:
            continue
        return [r for r in mine if r["change_id"] == h["change_id"]]
    return []


@register("undo_last")
def undo_last(workspace: str | Path, team: str, *, user: str) -> SaveResult:
    """Undo the team's latest change (by anyone of the team); recorded in the history too.

    Refused when that team's rows have been changed since by other means (e.g.
    by hand in a spreadsheet): an undo never overwrites work it did not make.
    """

    def plan(raw: RawWorkspace, name: str) -> _Plan:
        records = _last_change(read_history(raw.path), team)
        if not records:
            raise SaveRefused(f"Nothing to undo: {name} has no saved change left to undo.")
        tables: dict[str, _Table] = {}
        changes = []
        for rec in records:
            tname = rec["table"]
            if tname not in TABLES:
                raise _refuse(f"{HISTORY_FILE} names an unknown table {tname!r}")
            table = _Table.read(raw, tname)
            now = table.team_rows(team)
            if _norm(now) != _norm(rec["after"]):
                raise SaveRefused(
                    f"Not undone: {name}'s rows of {TABLES[tname].filename} have changed since "
                    f"change {rec['change_id']} (fix: ask your trainer to restore it by hand)"
                )
            tables[tname] = table.replace_team(team, rec["before"])
            changes.append(_Change(tname, now, tables[tname].team_rows(team)))
        first = records[0]
        message = (
            f"Undone: {first['operation']} by {first['user']} at {first['time']} "
            f"({', '.join(TABLES[r['table']].filename for r in records)} back as before)."
        )
        main = first["table"]
        return _Plan(
            tables,
            message,
            main,
            len(tables[main].team_rows(team)),
            undoes=first["change_id"],
            changes=changes,
        )

    return _transact(workspace, team, user, "undo_last", plan)


def _boxes(rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    """Driver rows as comparable tuples (a blank link means strong, as the diagram reads it)."""
    return sorted(
        (
            r.get("node_id"),
            r.get("parent_id"),
            str(r.get("kind") or "").lower(),
            " ".join(str(r.get("text") or "").split()),
            str(r.get("link") or "strong").lower(),
        )
        for r in rows
    )


def _last_saver(folder: Path, team: str, table: str) -> str:
    try:
        mine = [h for h in read_history(folder) if h["team_id"] == team and h["table"] == table]
    except SaveRefused:
        mine = []
    if not mine:
        return "someone else (not through qiteach)"
    return f"{mine[-1]['user']} at {mine[-1]['time']}"


def _norm(rows: list[Row]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if v is not None} for r in rows]
