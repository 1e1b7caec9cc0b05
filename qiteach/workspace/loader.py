"""Open a workspace: read it, type it, check it, and hand back a :class:`Programme`.

>>> from qiteach.workspace.templates import example_workspace
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> _ = example_workspace(folder)
>>> p = open_workspace(folder)
>>> p.team_ids, p.team("north").measure_ids
(['north'], ['dna_rate', 'reminders_sent', 'staff_time'])
>>> validate_workspace(folder).ok
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qiteach.exceptions import Problem, ValidationFailed
from qiteach.workspace.checks import check_tables
from qiteach.workspace.coerce import coerce_table, header_notes
from qiteach.workspace.limits import MAX_TEAMS, too_many_teams
from qiteach.workspace.meta import check_meta, normalise_meta
from qiteach.workspace.model import Programme
from qiteach.workspace.portable import table_problems
from qiteach.workspace.reading import read_raw

if TYPE_CHECKING:
    import pandas as pd
from qiteach.workspace.raw import RawWorkspace
from qiteach.workspace.schema import HISTORY, TABLES

__all__ = [
    "ValidationReport",
    "open_workspace",
    "read_raw",
    "resolve_workspace",
    "validate_workspace",
]


@dataclass
class ValidationReport:
    """What :func:`validate_workspace` found: the programme, its problems and notes."""

    programme: Programme
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no problems (notes are fine)."""
        return not self.problems

    def summary(self) -> str:
        """One line: OK with counts, or how many problems."""
        p = self.programme
        if not self.ok:
            n = len(self.problems)
            return f"{n} problem{'s' if n != 1 else ''} in {p.path}"
        c = p.counts()
        parts = [
            ("teams", "team", "teams"),
            ("participants", "participant", "participants"),
            ("sessions", "session", "sessions"),
            ("measures", "measure", "measures"),
            ("measurements", "measurement", "measurements"),
            ("pdsa", "PDSA cycle", "PDSA cycles"),
            ("drivers", "driver-diagram box", "driver-diagram boxes"),
            ("progress", "progress score", "progress scores"),
            ("survey", "survey answer", "survey answers"),
            ("feedback", "feedback row", "feedback rows"),
        ]
        counts = ", ".join(f"{c[k]} {one if c[k] == 1 else many}" for k, one, many in parts)
        return f"OK: {p.name} — {counts}"


def _order(problems: list[Problem], raw: RawWorkspace) -> list[Problem]:
    rank = {raw.meta_source: 0} | {raw.label(n): i + 1 for i, n in enumerate(TABLES)}
    colrank = {}
    for name, t in TABLES.items():
        for j, c in enumerate(t.names):
            colrank[(raw.label(name), c)] = j
    return sorted(
        problems,
        key=lambda p: (
            rank.get(p.file or "", 99),
            p.row or 0,
            colrank.get((p.file or "", p.column or ""), 99),
        ),
    )


def _build(raw: RawWorkspace) -> tuple[Programme, list[Problem]]:
    problems = list(raw.problems)
    sessions, meta_problems = check_meta(raw.meta, raw.meta_source, raw.meta_where)
    problems += meta_problems
    tables, rows, labels = {}, {}, {}
    for name in TABLES:
        rt = raw.tables[name]
        labels[name] = raw.label(name)
        typed, col_problems = coerce_table(rt, labels[name])
        raw.notes += header_notes(rt, TABLES[name], labels[name])
        problems += table_problems(rt, labels[name], to_workbook=False)  # "=..." headers
        tables[name] = typed
        rows[name] = np.asarray(rt.df.index if not (rt.missing or rt.unreadable) else [], int)
        problems += col_problems
        if rt.missing and raw.kind == "folder" and not TABLES[name].optional:
            problems.append(
                Problem(labels[name], None, None, "file is missing", _missing_fix(name))
            )
    if len(tables["teams"]) > MAX_TEAMS:  # the reports would run out of memory
        problems.append(too_many_teams(labels["teams"], len(tables["teams"])))
    known_sessions = sessions if isinstance(raw.meta, dict) else None
    data_cols = {"value", "numerator", "denominator"}
    skip = frozenset(
        p.row
        for p in problems
        if p.file == labels["measurements"] and p.column in data_cols and p.row is not None
    )
    unreadable = frozenset(
        name
        for name, rt in raw.tables.items()
        if rt.missing or rt.unreadable or not set(TABLES[name].key) <= set(rt.header)
    )
    meta = normalise_meta(raw.meta)  # start/end as dates, however they were typed
    end = meta.get("end")
    for name, count in _referred_to_but_empty(raw, tables).items():
        key = ",".join(TABLES[name].key)
        problems.append(
            Problem(
                labels[name],
                None,
                None,
                f"has no rows, but {count} rows of other files refer to {key}",
                f"add a row for each {key} (the header is there)",
            )
        )
        unreadable |= {name}
    problems += check_tables(
        tables,
        rows,
        labels,
        known_sessions,
        skip_rows=skip,
        unreadable=unreadable,
        end=end if isinstance(end, dt.date) else None,
        percent_rows=raw.tables["measurements"].percent_rows,
    )
    problems += _consent_problems(meta, tables["learning"], rows["learning"], labels["learning"])
    programme = Programme(
        raw.path, raw.kind, meta, sessions, tables, rows, labels, [], list(raw.notes)
    )
    # a cell the reader already faulted (e.g. a formula with no saved result) gets no second line
    faulted = {(p.file, p.row, p.column) for p in raw.problems if p.row is not None}
    problems = raw.problems + [
        p for p in problems[len(raw.problems) :] if (p.file, p.row, p.column) not in faulted
    ]
    problems = _order(problems, raw)
    programme.problems = problems
    return programme, problems


def _consent_problems(
    meta: dict, learning: pd.DataFrame, rows: np.ndarray, label: str
) -> list[Problem]:
    """learning.csv rows need the programme's consent; answer text needs its own opt-in."""
    if learning.empty:
        return []
    if meta.get("learning_evidence") is not True:
        return [
            Problem(
                label,
                None,
                None,
                f"has {len(learning)} rows, but programme.yaml does not have "
                "learning_evidence: true",
                "record learning evidence only with participants' consent: set "
                "learning_evidence: true in programme.yaml, or delete learning.csv",
            )
        ]
    if meta.get("learning_evidence_answers") is True or "answer" not in learning:
        return []
    kept = learning["answer"].notna().to_numpy()
    return [
        Problem(
            label,
            int(rows[i]),
            "answer",
            "an answer is kept, but programme.yaml does not have learning_evidence_answers: true",
            "blank the answer column, or record the programme's consent to keep answers",
        )
        for i in np.flatnonzero(kept)
    ]


def _referred_to_but_empty(raw: RawWorkspace, tables: dict) -> dict[str, int]:
    """Tables with a header and no rows that other tables refer to -> how many rows refer.

    One line for the empty table instead of "unknown team_id" on every referring row.
    """
    out: dict[str, int] = {}
    for name, table in TABLES.items():
        refs = dict(table.references)
        if name == "measurements":  # checked as a (team_id, measure_id) pair, not a reference
            refs["measure_id"] = "measures.measure_id"
        for column, target in refs.items():
            ref, _ = target.split(".")
            rt = raw.tables[ref]
            if rt.missing or rt.unreadable or not rt.header or not rt.df.empty:
                continue
            count = int(tables[name][column].notna().sum())
            if count:
                out[ref] = out.get(ref, 0) + count
    return out


def _missing_fix(name: str) -> str:
    cols = ",".join(c.name for c in TABLES[name].columns if c.required)
    return f"create it with the header line: {cols}"


def resolve_workspace(path: str | Path) -> Path:
    """A workspace path, or the folder of a shipped workspace dataset given by name.

    Notebooks default their ``workspace`` parameter to a shipped name such as
    ``"demo-programme"``; a participant passes the path to their own folder.

    >>> resolve_workspace("demo-programme").name
    'demo-programme'
    >>> resolve_workspace("/data/my-team").as_posix()
    '/data/my-team'
    """
    candidate = Path(path)
    if candidate.exists() or len(candidate.parts) != 1 or candidate.suffix:
        return candidate
    from qiteach.datasets import CATALOGUE, dataset_path

    entry = CATALOGUE.get(str(path))
    if entry is not None and entry.kind == "workspace":
        return dataset_path(entry.name)
    return candidate


def validate_workspace(path: str | Path) -> ValidationReport:
    """Read and check a workspace; every problem at once (never raises for bad content)."""
    raw = read_raw(resolve_workspace(path))
    programme, problems = _build(raw)
    notes = list(raw.notes)
    # the save history is not data: a broken one is a note (no file: no save module to import)
    if raw.kind == "folder" and (raw.path / HISTORY.filename).is_file():
        from qiteach.workspace.save import history_problems

        notes += history_problems(raw.path)
    return ValidationReport(programme, problems, notes)


def open_workspace(path: str | Path, *, validate: bool = True) -> Programme:
    """Open a programme workspace (folder or ``.xlsx``) as a :class:`Programme`.

    With ``validate=True`` (the default) any problem raises
    :class:`~qiteach.exceptions.ValidationFailed` listing them all; with
    ``validate=False`` bad cells are left empty and ``programme.problems`` lists
    what was wrong.
    """
    report = validate_workspace(path)
    if validate and report.problems:
        raise ValidationFailed(report.problems)
    return report.programme
