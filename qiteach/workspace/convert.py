"""Save a workspace as a folder or a workbook, and convert between the two losslessly.

Conversion works on the text as read (no checks), so a workspace with problems
can be converted too — e.g. to fix it in Excel — but a file that cannot be read
at all (binary, unclosed quote, broken YAML) stops it: nothing would be lost silently.
Folder → workbook → folder gives
the same typed tables and the same ``programme.yaml`` content; workbook →
folder → workbook gives the same cell values.

>>> import tempfile, pathlib
>>> from qiteach.workspace.templates import example_workspace
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = example_workspace(d / "a")
>>> convert_workspace(d / "a", d / "a.xlsx").name
'a.xlsx'
>>> convert_workspace(d / "a.xlsx", d / "b").name
'b'
>>> (d / "a" / "teams.csv").read_text() == (d / "b" / "teams.csv").read_text()
True
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from qiteach.exceptions import ValidationFailed, WorkspaceError
from qiteach.workspace.files import check_free, write_folder_atomic
from qiteach.workspace.portable import meta_problems, table_problems
from qiteach.workspace.raw import RawTable, RawWorkspace, neutralise
from qiteach.workspace.schema import TABLES

__all__ = ["convert_workspace", "dump_yaml", "save_folder", "save_workbook", "table_csv"]


def dump_yaml(meta: Mapping[str, Any], *, header: str = "") -> str:
    """``programme.yaml`` text for ``meta`` (field order kept), after ``header``.

    >>> print(dump_yaml({"name": "DNA collaborative", "rules": "anhoej"}, header="# demo\\n"))
    # demo
    name: DNA collaborative
    rules: anhoej
    <BLANKLINE>
    """
    data = dict(meta) if isinstance(meta, Mapping) else meta
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def table_csv(rt: RawTable | None, name: str) -> str:
    """CSV text for one table (header only when there are no rows).

    A table read from an empty file or sheet (no header) stays empty, so the
    converted workspace reports it as the original does.

    >>> table_csv(None, "progress")
    'team_id,date,score,note\\n'
    >>> table_csv(RawTable("progress", "p.csv", pd.DataFrame(), []), "progress")
    ''
    """
    if rt is not None and not rt.header:
        return ""
    table = TABLES[name]
    header = list(rt.header) if rt is not None and rt.header else list(table.names)
    if rt is None or rt.df.empty:
        df = pd.DataFrame(columns=header)
    else:
        df = rt.df.set_axis(header, axis=1)
        df = df.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def save_folder(
    raw: RawWorkspace | None,
    meta: Mapping[str, Any] | None,
    folder: str | Path,
    *,
    force: bool = False,
    yaml_header: str = "",
    workbook: bool = False,
) -> Path:
    """Write ``programme.yaml`` and one CSV per table (plus ``workbook.xlsx`` if asked)."""
    folder = Path(folder)
    tables = raw.tables if raw is not None else {}
    names = ["programme.yaml"] + [
        t.filename for n, t in TABLES.items() if not (n in tables and tables[n].missing)
    ]
    if workbook:
        names.append("workbook.xlsx")

    def build(tmp: Path) -> None:
        if meta is not None:
            (tmp / "programme.yaml").write_text(
                dump_yaml(meta, header=yaml_header), encoding="utf-8"
            )
        for n, t in TABLES.items():
            rt = tables.get(n)
            if rt is not None and rt.missing:
                continue
            (tmp / t.filename).write_text(table_csv(rt, n), encoding="utf-8")
        if workbook:
            from qiteach.workspace.xlsx import write_workbook

            write_workbook(raw, tmp / "workbook.xlsx", meta)

    if meta is None:
        names.remove("programme.yaml")
    return write_folder_atomic(folder, names, build, force=force)


def save_workbook(
    raw: RawWorkspace | None,
    meta: Mapping[str, Any] | None,
    path: str | Path,
    *,
    force: bool = False,
) -> Path:
    """Write a workbook workspace at ``path`` (atomically)."""
    from qiteach.workspace.xlsx import write_workbook

    path = Path(path)
    check_free([path], force=force)
    write_workbook(raw, path, meta)
    return path


#: reading problems that lose nothing on conversion (the part is simply absent)
_MISSING = ("file is missing", "sheet is missing")


def _is_book(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def convert_workspace(src: str | Path, dst: str | Path, *, force: bool = False) -> Path:
    """Convert a folder workspace to a workbook or back; refuses to overwrite unless ``force``."""
    from qiteach.workspace.reading import read_raw

    src, dst = Path(src), Path(dst)
    if _is_book(src) == _is_book(dst):
        want = "a folder" if _is_book(src) else "a .xlsx file"
        raise WorkspaceError(
            f"cannot convert {src.name} to {dst.name}",
            fix=f"convert between a folder and a .xlsx workbook: give {want} as DST",
        )
    if src.resolve() == dst.resolve():
        raise WorkspaceError("source and destination are the same", fix="give another DST")
    raw = read_raw(src)
    if raw.meta is None and not (src / "programme.yaml").exists() and not _is_book(src):
        raise WorkspaceError(
            "not a workspace folder (no programme.yaml)",
            file=str(src),
            fix="give a folder made by `qiteach new`, or a .xlsx workbook",
        )
    if raw.meta is not None and not isinstance(raw.meta, Mapping):
        raise WorkspaceError(
            "should be a list of 'field: value' lines",
            file=raw.meta_source,
            fix="see docs/workspace.md (run `qiteach new` for a template)",
        )
    unreadable = [p for p in raw.problems if p.message not in _MISSING]
    if unreadable:  # converting would drop what could not be read: refuse instead
        raise ValidationFailed(unreadable)
    lossy = meta_problems(raw.meta, raw.meta_source, raw.meta_where)
    for name, rt in raw.tables.items():
        lossy += table_problems(rt, raw.label(name), to_workbook=_is_book(dst))
    if lossy:  # the copy would cut, drop or run something: refuse, saying what
        raise ValidationFailed(lossy)
    if _is_book(dst):
        return save_workbook(raw, raw.meta, dst, force=force)
    return save_folder(raw, raw.meta, dst, force=force)
