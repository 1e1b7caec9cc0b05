"""Read a workspace as text, folder or workbook, with no checks: what ``convert`` needs.

:mod:`.loader` types and checks what this reads; ``qiteach convert`` copies it as it is,
so it loads neither the checks nor the typed model.

>>> from qiteach.workspace.templates import example_workspace
>>> import tempfile, pathlib
>>> raw = read_raw(example_workspace(pathlib.Path(tempfile.mkdtemp()) / "demo"))
>>> raw.kind, raw.tables["teams"].df["team_id"].tolist()
('folder', ['north'])
"""

from __future__ import annotations

from pathlib import Path

from qiteach.exceptions import WorkspaceError
from qiteach.workspace.raw import RawWorkspace, read_folder
from qiteach.workspace.schema import TABLES

__all__ = ["read_raw"]


def read_raw(path: str | Path) -> RawWorkspace:
    """Read a folder or ``.xlsx`` workspace as text (no checks)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if not path.is_file():
            raise WorkspaceError(
                "workbook not found", file=str(path), fix="check the path, or run `qiteach new`"
            )
        from qiteach.workspace.xlsx import read_workbook

        return read_workbook(path)
    if path.suffix.lower() == ".xls":
        raise WorkspaceError(
            "old-style .xls workbooks cannot be read", file=str(path), fix="save it as .xlsx"
        )
    if path.is_file() and (path.suffix.lower() == ".csv" or path.name == "programme.yaml"):
        raise WorkspaceError(
            "is one file of a workspace, not a workspace",
            file=str(path),
            fix=f"give the folder that holds it: qiteach validate {path.parent}",
        )
    if not path.is_dir():
        raise WorkspaceError(
            "no such workspace folder",
            file=str(path),
            fix="give a folder with programme.yaml, or a .xlsx workbook",
        )
    names = {"programme.yaml", *(t.filename for t in TABLES.values())}
    if not any((path / n).exists() for n in names):
        raise WorkspaceError(
            "not a workspace folder (no programme.yaml and no table CSV files)",
            file=str(path),
            fix="give the folder made by `qiteach new`, or a .xlsx workbook",
        )
    raw = read_folder(path)
    book = path / "workbook.xlsx"
    if book.is_file():
        newest = max((f.stat().st_mtime for f in path.glob("*.csv")), default=0.0)
        if book.stat().st_mtime > newest + 1:
            raw.notes.append(
                f"{book.name} is newer than the CSV files; this folder is read from the CSV "
                f"files (validate the workbook with: qiteach validate {book})"
            )
    return raw
