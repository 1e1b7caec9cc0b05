"""Deterministic CSV/YAML text and atomic folder writes for the data generators.

Every shipped dataset must regenerate byte-identically, so the text is fixed
here once: UTF-8, ``\\n`` line endings, ISO dates, integral numbers without a
decimal point and other floats as the shortest text that round-trips after
rounding to 6 decimal places.

>>> format_float(31.0), format_float(0.1 + 0.2), format_float(float("nan"))
('31', '0.3', '')
>>> import pandas as pd
>>> frame = pd.DataFrame({"team_id": ["north"], "date": ["2026-01-31"], "score": [2.5]})
>>> print(table_csv("progress", frame), end="")
team_id,date,score,note
north,2026-01-31,2.5,
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from qiteach.exceptions import WorkspaceError
from qiteach.fileio import publish_folder
from qiteach.workspace.schema import TABLES

__all__ = [
    "csv_text",
    "format_float",
    "programme_yaml",
    "table_csv",
    "write_folder",
]


def format_float(x: float) -> str:
    """Text for one float: blank for NaN, no ``.0`` on whole numbers.

    >>> format_float(12.50), format_float(-3.0), format_float(1 / 3)
    ('12.5', '-3', '0.333333')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = round(float(x), 6)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _float_column(values: pd.Series) -> list[str] | np.ndarray:
    arr = pd.to_numeric(values, errors="raise").to_numpy(dtype=float)
    nan = np.isnan(arr)
    arr = np.round(arr, 6)
    whole = np.where(nan, 0.0, arr)
    if np.all(whole == np.floor(whole)) and np.all(np.abs(whole) < 1e15):
        out = whole.astype(np.int64).astype(str).astype(object)
        out[nan] = ""
        return out
    return [format_float(v) for v in arr.tolist()]


def _date_column(values: pd.Series) -> np.ndarray:
    if values.dtype == object and all(isinstance(v, str) or v is None for v in values):
        return values.fillna("").to_numpy(dtype=object)
    text = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
    return text.fillna("").to_numpy(dtype=object)


def _text_column(values: pd.Series) -> np.ndarray:
    return values.astype(object).where(values.notna(), "").astype(str).to_numpy(dtype=object)


def csv_text(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> str:
    """CSV text of ``frame``; ``kinds`` maps column -> float/int/date/text.

    Columns not named in ``kinds`` are written as text.

    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"n": [3.0, None], "d": ["a,b", "c"]}), {"n": "int"}), end="")
    n,d
    3,"a,b"
    ,c
    """
    kinds = dict(kinds or {})
    columns: dict[str, Any] = {}
    for name in frame.columns:
        kind = kinds.get(name, "text")
        series = frame[name]
        if kind in ("float", "int"):
            columns[name] = _float_column(series)
        elif kind == "date":
            columns[name] = _date_column(series)
        else:
            columns[name] = _text_column(series)
    text_frame = pd.DataFrame(columns, columns=list(frame.columns))
    buf = io.StringIO()
    text_frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def table_csv(table: str, frame: pd.DataFrame) -> str:
    """CSV text of workspace table ``table``, columns exactly as in the schema.

    Optional columns missing from ``frame`` are written empty; extra columns
    are an error (they would not survive a round trip).
    """
    spec = TABLES[table]
    extra = [c for c in frame.columns if c not in spec.names]
    if extra:
        raise WorkspaceError(
            f"generator produced unknown columns {extra}",
            file=spec.filename,
            fix="add them to qiteach.workspace.schema or drop them",
        )
    full = frame.reindex(columns=list(spec.names))
    kinds = {c.name: c.kind for c in spec.columns}
    return csv_text(full, kinds)


class _NoAliasDumper(yaml.SafeDumper):
    """Safe dumper that writes repeated values out instead of ``&id001`` anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def programme_yaml(programme: Mapping[str, Any]) -> str:
    """``programme.yaml`` text, keys in the order given.

    >>> import datetime as dt
    >>> print(programme_yaml({"name": "X", "start": dt.date(2026, 1, 5)}), end="")
    name: X
    start: 2026-01-05
    """
    return yaml.dump(
        dict(programme),
        Dumper=_NoAliasDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def write_folder(target: str | os.PathLike[str], files: Mapping[str, str], *, force: bool) -> Path:
    """Write ``files`` (relative path -> text) as folder ``target``, atomically.

    The files go into a temporary folder beside ``target`` which is then
    renamed into place (:func:`qiteach.fileio.publish_folder`), so readers never
    see a half-written folder. An
    existing non-empty ``target`` is replaced only when ``force`` is true.
    """
    target = Path(target)
    if target.exists():
        if not target.is_dir():
            raise WorkspaceError(
                "exists and is not a folder", file=str(target), fix="choose another output path"
            )
        if any(target.iterdir()) and not force:
            raise WorkspaceError(
                "output folder already exists and is not empty",
                file=str(target),
                fix="choose a new folder, or pass --force (force=True) to replace it",
            )

    def build(tmp: Path) -> None:
        for rel, text in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)

    return publish_folder(target, build)  # an existing folder is replaced whole
