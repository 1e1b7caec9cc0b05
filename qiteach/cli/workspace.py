"""``qiteach new``, ``qiteach validate`` and ``qiteach convert``: the programme workspace.

- ``qiteach new DIR`` makes a folder (programme.yaml, one CSV per table with example
  rows, and workbook.xlsx); ``qiteach new FILE.xlsx`` makes only the workbook.
- ``qiteach validate PATH`` lists every problem, one ``file:row:column: message``
  line each, and exits 2; a clean workspace prints one OK line and exits 0.
- ``qiteach convert SRC DST`` converts a folder to a workbook or back.

Nothing is overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _openpyxl_without_pillow() -> None:
    """Import openpyxl without Pillow, for a command that writes a workbook and reads none.

    openpyxl imports Pillow (about 0.05 s) only to embed pictures or read them from a
    workbook; the workbooks qiteach writes hold none. Pillow itself stays importable.
    """
    if "openpyxl" in sys.modules or "PIL" in sys.modules:
        return
    sys.modules["PIL"] = None  # type: ignore[assignment]  # an import of PIL fails: no Pillow
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["PIL"]


def _new(args: argparse.Namespace) -> int:
    from qiteach.workspace import new_workspace

    _openpyxl_without_pillow()

    files = new_workspace(args.path, force=args.force)
    where = Path(args.path)
    print(f"created {where} ({len(files)} file{'s' if len(files) != 1 else ''})")
    print(f"next: replace the example rows, then run: qiteach validate {where}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from qiteach.workspace import validate_workspace

    report = validate_workspace(args.path)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in report.problems:
        print(problem)
    if report.ok:
        print(report.summary())
        return 0
    print(f"qiteach: {report.summary()}", file=sys.stderr)
    return 2


def _convert(args: argparse.Namespace) -> int:
    from qiteach.workspace import convert_workspace

    if Path(args.dst).suffix.lower() in (".xlsx", ".xlsm"):  # from a folder: no workbook read
        _openpyxl_without_pillow()

    out = convert_workspace(args.src, args.dst, force=args.force)
    print(f"converted {args.src} -> {out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``new``, ``validate`` and ``convert`` subcommands."""
    p = subparsers.add_parser(
        "new",
        help="create a programme workspace from the templates",
        description="DIR: a folder with programme.yaml, one CSV per table (with example rows) "
        "and workbook.xlsx. FILE.xlsx: only the workbook.",
    )
    p.add_argument("path", metavar="PATH", help="a new folder, or a .xlsx file")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=_new)

    p = subparsers.add_parser(
        "validate",
        help="check a workspace and list every problem",
        description="Prints file:row:column: message for every problem (exit 2), "
        "or one OK line with counts (exit 0).",
    )
    p.add_argument("path", metavar="PATH", help="a workspace folder or .xlsx workbook")
    p.set_defaults(func=_validate)

    p = subparsers.add_parser(
        "convert",
        help="convert a workspace between a folder and a .xlsx workbook",
        description="Converts losslessly; SRC may have problems (validate afterwards).",
    )
    p.add_argument("src", metavar="SRC", help="a workspace folder or .xlsx workbook")
    p.add_argument("dst", metavar="DST", help="a .xlsx file (from a folder) or a folder")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=_convert)
