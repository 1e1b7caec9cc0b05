"""Fetch workspace tables from a ``Programme``, a ``Team`` or a plain mapping.

Every evaluation function accepts either a workspace object (anything with the
table attributes of :mod:`qiteach.workspace`, e.g. ``programme.attendance``) or
a mapping of table name to :class:`pandas.DataFrame` with the columns of
:mod:`qiteach.workspace.schema`. A missing table is an empty table with the
schema's columns, so a mid-programme workspace (no post survey yet, no progress
scores) flows through as "not yet available" instead of crashing.

>>> import pandas as pd
>>> t = get_table({"progress": None}, "progress")
>>> list(t.columns), len(t)
(['team_id', 'date', 'score', 'note'], 0)
>>> get_table({"teams": pd.DataFrame({"team_id": ["a"]})}, "teams")
Traceback (most recent call last):
...
qiteach.exceptions.InputError: teams.csv:team_name: column is missing (fix: add a team_name ...)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.exceptions import InputError
from qiteach.workspace.schema import TABLES

if TYPE_CHECKING:
    from typing import TypeAlias

    from qiteach.workspace.model import Programme, Team

    #: What every evaluation function reads its tables from (see the module docstring).
    Source: TypeAlias = Programme | Team | Mapping[str, Any]

__all__ = ["get_meta", "get_table", "percent_text", "programme_start"]


def get_table(
    source: Source, name: str, *, required: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Return table ``name`` of ``source`` as a DataFrame (never modified in place).

    ``required`` lists the columns the caller needs (default: every schema
    column marked required). A missing table gives an empty frame with the
    schema's columns; a table lacking a needed column raises
    :class:`~qiteach.exceptions.InputError` naming the file and column.
    """
    table = TABLES[name]
    frame = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
    if frame is None:
        return pd.DataFrame({c.name: pd.Series(dtype=_dtype(c.kind)) for c in table.columns})
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"expected a table (DataFrame), got {type(frame).__name__}",
            file=table.filename,
            fix=f"pass the {name} table as a pandas DataFrame",
        )
    needed = (
        required if required is not None else tuple(c.name for c in table.columns if c.required)
    )
    for col in needed:
        if col not in frame.columns:
            raise InputError(
                "column is missing",
                file=table.filename,
                column=col,
                fix=f"add a {col} column ({table.column(col).description})",
            )
    return frame.copy()


def get_meta(source: Source) -> dict[str, Any]:
    """Return the ``programme.yaml`` dict of ``source`` (empty dict if none)."""
    meta = source.get("meta") if isinstance(source, Mapping) else getattr(source, "meta", None)
    return dict(meta or {})


def programme_start(source: Source) -> pd.Timestamp | None:
    """The programme's start date from its metadata, or ``None``.

    >>> programme_start({"meta": {"start": "2025-10-01"}})
    Timestamp('2025-10-01 00:00:00')
    >>> programme_start({}) is None
    True
    """
    start = get_meta(source).get("start")
    if start in (None, ""):
        return None
    try:
        return pd.Timestamp(start)
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"start {start!r} is not a date",
            file="programme.yaml",
            column="start",
            fix="write the date as YYYY-MM-DD",
        ) from exc


def _dtype(kind: str) -> str:
    return {
        "int": "Int64",
        "float": "float64",
        "date": "datetime64[ns]",
        "bool": "boolean",
    }.get(kind, "object")


def plural(n: int, noun: str) -> str:
    """'1 team', '3 teams', '0 change ideas': a count and its noun, agreed.

    >>> plural(1, "primary driver"), plural(3, "ramp"), plural(0, "change idea")
    ('1 primary driver', '3 ramps', '0 change ideas')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def agrees(n: int, one: str, many: str) -> str:
    """The verb that agrees with a count: ``one`` for 1, else ``many``.

    >>> f"{plural(1, 'team')} {agrees(1, 'keeps', 'keep')}", agrees(0, "has", "have")
    ('1 team keeps', 'have')
    """
    return one if n == 1 else many


def percent_text(value: float) -> str:
    """A whole percentage, rounded half up as a spreadsheet does: '83%' for 82.5.

    Python's ``f"{82.5:.0f}"`` rounds half to even and gives '82', so a figure an
    evaluator checks by hand (33 of 40 places) would disagree.

    >>> percent_text(82.5), percent_text(62.5), percent_text(84.52), percent_text(100.0)
    ('83%', '63%', '85%', '100%')
    >>> percent_text(float("nan"))  # no figure yet
    ''
    """
    if value is None or math.isnan(value):
        return ""
    return f"{math.floor(value + 0.5):d}%"
