"""The one-file workspace: an Excel workbook with one sheet per table.

Sheets: ``README`` (purpose, how to fill in, the data dictionary), ``programme``
(see :mod:`.meta`), then one sheet per table named as the table. Every choice
column gets a dropdown (an openpyxl ``DataValidation``). Cells are written typed
where the text parses cleanly (numbers as numbers, dates as dates) so Excel
sorts and filters them properly; anything else is written as text, unchanged.

openpyxl is imported inside the functions: ``import qiteach.workspace`` stays
light.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qiteach.exceptions import Problem, WorkspaceError
from qiteach.fileio import atomic_path
from qiteach.suggest import closest
from qiteach.workspace.dictionary import README_TEXT, dictionary_rows
from qiteach.workspace.limits import (
    MAX_FILE_BYTES,
    MAX_TABLE_ROWS,
    MAX_UNPACKED_BYTES,
    too_big,
    too_many_rows,
)
from qiteach.workspace.meta import meta_to_rows, rows_to_meta
from qiteach.workspace.raw import RawTable, RawWorkspace, clean_frame, drop_repeated_headers
from qiteach.workspace.schema import TABLES

__all__ = ["cell_text", "read_workbook", "write_workbook"]

_MAX_ROW = 5000  # dropdowns cover this many data rows


def cell_text(value: Any) -> str | None:
    """The text a workbook cell stands for, as it would appear in a CSV.

    >>> cell_text(12.0), cell_text(12.5), cell_text(dt.datetime(2025, 10, 6)), cell_text(True)
    ('12', '12.5', '2025-10-06', 'TRUE')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: old .xls, or any encrypted workbook


def _not_a_workbook(path: Path) -> WorkspaceError | None:
    """Why ``path`` cannot be an ``.xlsx`` workbook, judged from its first bytes (None: it may be).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.xlsx"
    >>> _ = p.write_bytes(b"team_id,team_name\\n")
    >>> print(_not_a_workbook(p))
    w.xlsx: is a text (CSV) file, not a workbook (fix: open it in Excel and save it as ...)
    """
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        return WorkspaceError("is empty", file=path.name, fix="save the workbook from Excel again")
    if head.startswith(_OLE):
        return WorkspaceError(
            "is password-protected or an old .xls workbook",
            file=path.name,
            fix="remove the password (File > Info > Protect Workbook) and save it as "
            '"Excel Workbook (.xlsx)"',
        )
    if head.startswith(b"PK"):
        return None
    if b"\x00" not in head:
        return WorkspaceError(
            "is a text (CSV) file, not a workbook",
            file=path.name,
            fix='open it in Excel and save it as "Excel Workbook (.xlsx)"',
        )
    return None


def _too_big(path: Path) -> WorkspaceError | None:
    """The envelope's line for a workbook too big as a file or once unpacked (None: fine).

    A workbook is a zip of XML: openpyxl holds its shared strings whole, so a small file
    unpacking to gigabytes (a zip bomb) is refused from the zip's directory, unread.
    """
    import zipfile

    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError):
        unpacked = 0  # not a zip: openpyxl's own error names it
    problem = None
    if size > MAX_FILE_BYTES:
        problem = too_big(path.name, size)
    elif unpacked > MAX_UNPACKED_BYTES:
        problem = too_big(path.name, unpacked, unpacked=True)
    return WorkspaceError(problem.message, file=path.name, fix=problem.fix) if problem else None


def read_workbook(path: Path) -> RawWorkspace:
    """Read a workbook workspace (cached formula values, never the formulas)."""
    import openpyxl

    wrong = _not_a_workbook(path) or _too_big(path)
    if wrong is not None:
        raise wrong
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise _unreadable(path, exc) from exc
    _strict_shared_strings(wb)
    try:
        return _read_book(wb, path)
    except WorkspaceError:
        raise
    except Exception as exc:  # a sheet's XML is broken (bad cell reference, string index ...)
        raise _unreadable(path, exc) from exc
    finally:
        wb.close()


class _SharedStrings(list[str]):
    """A workbook's shared-string table that refuses an index outside it.

    openpyxl looks a cell's ``<v>`` up with ``strings[int(v)]``, so ``-1`` silently
    reads the last string.

    >>> _SharedStrings(["a", "b"])[1]
    'b'
    >>> _SharedStrings(["a", "b"])[-1]
    Traceback (most recent call last):
    ...
    IndexError: a cell refers to shared string -1, but the workbook has strings 0 to 1 only
    """

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, int) and not 0 <= i < len(self):
            have = f"strings 0 to {len(self) - 1}" if len(self) else "no shared strings"
            raise IndexError(
                f"a cell refers to shared string {i}, but the workbook has {have} only"
            )
        return super().__getitem__(i)


def _strict_shared_strings(wb: Any) -> None:
    """Give each read-only sheet of ``wb`` a :class:`_SharedStrings` table."""
    for ws in wb.worksheets:
        strings = getattr(ws, "_shared_strings", None)
        if isinstance(strings, list) and not isinstance(strings, _SharedStrings):
            ws._shared_strings = _SharedStrings(strings)


#: Excel's own limits of one sheet: a file with data beyond them was not written by Excel.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def _unreadable(path: Path, exc: BaseException) -> WorkspaceError:
    """One line for a workbook openpyxl cannot read; entity declarations are named as such.

    >>> from defusedxml import EntitiesForbidden
    >>> print(_unreadable(Path("b.xlsx"), ValueError("x")))
    b.xlsx: cannot read the workbook: x (fix: open it in Excel and save it again as .xlsx)
    >>> print(_unreadable(Path("b.xlsx"), EntitiesForbidden("a", None, None, None, None, None)))
    b.xlsx: the workbook contains XML entity declarations, which qiteach does not read (...)
    """
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = {type(e).__name__ for e in chain}
    texts = " ".join(str(e) for e in chain)
    if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"} or (
        "entit" in texts.lower() or "DOCTYPE" in texts
    ):
        return WorkspaceError(
            "the workbook contains XML entity declarations, which qiteach does not read "
            "(Excel never writes them; they can hide an attack)",
            file=path.name,
            fix="open it in Excel and save it again as .xlsx; if it came by email, check "
            "with the sender",
        )
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    reason = first or type(exc).__name__
    return WorkspaceError(
        f"cannot read the workbook: {reason}",
        file=path.name,
        fix="open it in Excel and save it again as .xlsx",
    )


def _read_book(wb: Any, path: Path) -> RawWorkspace:
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    names = wb.sheetnames
    meta: Any = None
    where: dict = {}
    if "programme" in names:
        rows = [list(r) for r in wb["programme"].iter_rows(values_only=True)]
        meta, where = rows_to_meta(rows)
        problems += _fields_twice(rows, f"{path.name}[programme]")
    else:
        problems.append(_missing_sheet(path, "programme", names))
    for name in TABLES:
        label = f"{path.name}[{name}]"
        if name not in names:
            if not TABLES[name].optional:
                problems.append(_missing_sheet(path, name, names))
            tables[name] = RawTable(name, label, pd.DataFrame(), [], missing=True)
            continue
        tables[name] = _read_sheet(wb[name], name, label)
        problems += drop_repeated_headers(tables[name])
        problems += _uncalculated(wb, wb[name], tables[name])
    label = f"{path.name}[programme]"
    return RawWorkspace(path, "workbook", meta, label, tables, problems, [], where)


def _fields_twice(rows: list[list[Any]], label: str) -> list[Problem]:
    """A problem for each field row repeating an earlier one (the last would win silently).

    >>> rows = [["field", "value"], ["name", "A"], ["start", "x"], ["name", "B"], ["sessions"]]
    >>> print(_fields_twice(rows, "w.xlsx[programme]")[0])
    w.xlsx[programme]:4:name: "name" is given twice (fix: keep one of them (the other is on row 2))
    """
    seen: dict[str, int] = {}
    problems = []
    for number, row in enumerate(rows, start=1):
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if first.lower() == "sessions":
            break  # session rows below repeat their column names legitimately
        if not first or number == 1:
            continue
        if first in seen:
            fix = f"keep one of them (the other is on row {seen[first]})"
            problems.append(Problem(label, number, first, f'"{first}" is given twice', fix))
        else:
            seen[first] = number
    return problems


def _missing_sheet(path: Path, name: str, names: list[str]) -> Problem:
    needed = {"README", "programme", *TABLES}
    close = closest(name, [n for n in names if n not in needed])  # never another needed sheet
    fix = f'rename sheet "{close}" to "{name}"' if close else f'add a sheet named "{name}"'
    return Problem(f"{path.name}[{name}]", None, None, "sheet is missing", fix)


def _beyond_excel(label: str, what: str) -> WorkspaceError:
    return WorkspaceError(
        f"has a cell beyond Excel's last {what}, so it was not saved by Excel",
        file=label,
        fix="open it in Excel and save it again as .xlsx",
    )


def _too_many_rows(label: str) -> WorkspaceError:
    """The envelope's line for a sheet; reading stopped at the limit, so no count is known."""
    problem = too_many_rows(label, None)
    return WorkspaceError(problem.message, file=label, fix=problem.fix)


def _read_sheet(ws: Any, name: str, label: str) -> RawTable:
    """One sheet as text cells, in one pass over its XML.

    The measurements sheet is read as cells rather than bare values, so that the
    rows whose ``value`` is formatted as a percentage (0.12 shown as 12%) are found in
    the same pass (a second pass cost a third of the time of a big workbook).
    """
    styled = name == "measurements"
    # one row past Excel's last: openpyxl fills a gap up to a cell at row 1,000,000,000 with
    # empty rows (validate hung), and stops at max_row without a word
    it = ws.iter_rows(values_only=not styled, max_row=EXCEL_ROWS + 1)
    first = next(it, None)
    if first is None:
        return RawTable(name, label, pd.DataFrame(), [])
    header_cells = tuple(c.value for c in first) if styled else first
    header = [cell_text(h).strip() if h is not None else "" for h in header_cells]  # type: ignore[union-attr]
    value_col = header.index("value") if styled and "value" in header else None
    percent: set[int] = set()
    # blank rows (e.g. a million formatted but empty ones) are skipped
    rows: list[tuple[Any, ...]] = []
    numbers: list[int] = []
    for number, r in enumerate(it, start=2):
        if number > EXCEL_ROWS:
            raise _beyond_excel(label, f"row ({EXCEL_ROWS:,})")
        if len(r) > EXCEL_COLUMNS:
            raise _beyond_excel(label, f"column ({EXCEL_COLUMNS:,}, XFD)")
        if styled:
            if value_col is not None and value_col < len(r) and _percent_cell(r[value_col]):
                percent.add(number)
            r = tuple(c.value for c in r)
        if any(v is not None for v in r):
            if len(rows) == MAX_TABLE_ROWS:  # stop reading: the sheet is beyond the envelope
                raise _too_many_rows(label)
            rows.append(r)
            numbers.append(number)
    # columns reach to the last header cell or the last cell holding data, whichever is
    # further (a title row above the header must not cut the sheet down to one column)
    used = [max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows]
    while header and header[-1] == "":
        header.pop()
    width = max([len(header), *used])
    header += [""] * (width - len(header))
    body = [[cell_text(v) for v in r[:width]] for r in rows]
    for r in body:
        if len(r) < width:
            r.extend([None] * (width - len(r)))
    seen: dict[str, int] = {}
    cols = []
    for h in header:
        seen[h] = seen.get(h, -1) + 1
        cols.append(h if seen[h] == 0 else f"{h}.{seen[h]}")
    df = pd.DataFrame(body, columns=cols, dtype=object)
    table = RawTable(name, label, clean_frame(df, rows=numbers), header)
    table.percent_rows = frozenset(percent)
    return table


def _percent_cell(cell: Any) -> bool:
    """True for a number cell formatted as a percentage (Excel shows 0.12 as 12%)."""
    value = getattr(cell, "value", None)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and "%" in str(getattr(cell, "number_format", "") or "")


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TEXT_RESULT = ("str", "s", "inlineStr")  # a formula whose saved result is text ("" included)


def _uncalculated(wb: Any, ws: Any, raw: RawTable) -> list[Problem]:
    """Formula cells saved without a result (never calculated): openpyxl reads them as empty.

    A workbook written by a program (openpyxl, pandas, some exports) holds formulas
    with no saved result until Excel opens and saves it; reading such a cell as
    empty would silently drop the value. Excel's own empty-text results are fine.
    """
    import xml.etree.ElementTree as ET

    member = getattr(ws, "_worksheet_path", None)
    archive = getattr(wb, "_archive", None)
    if member is None or archive is None:
        return []
    with archive.open(member) as fh:  # cheap pre-check: most workbooks hold no formulas
        found, tail = False, b""
        while chunk := fh.read(1 << 20):
            if re.search(rb"<(\w+:)?f[ >/]", tail + chunk):
                found = True
                break
            tail = chunk[-16:]
    if not found:
        return []
    problems = []
    with archive.open(member) as fh:
        for _, el in ET.iterparse(fh):
            if el.tag != _NS + "c":
                if el.tag == _NS + "row":
                    el.clear()
                continue
            formula, value = el.find(_NS + "f"), el.find(_NS + "v")
            empty = value is None or not (value.text or "")
            if formula is not None and empty and el.get("t") not in _TEXT_RESULT:
                m = re.fullmatch(r"([A-Z]+)(\d+)", el.get("r", ""))
                if m:
                    col, row = _column_index(m.group(1)), int(m.group(2))
                    name = raw.header[col] if col < len(raw.header) else None
                    problems.append(
                        Problem(
                            raw.source,
                            row,
                            name or None,
                            "formula has no saved result",
                            "open the workbook in Excel and save it (Excel calculates it), "
                            "or type the value",
                        )
                    )
    return problems


def _column_index(letters: str) -> int:
    """0-based index of a column given by its letters.

    >>> _column_index("A"), _column_index("C"), _column_index("AA")
    (0, 2, 26)
    """
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


# ---- writing ---------------------------------------------------------------------------------


def _typed_cell(text: str | None, kind: str) -> Any:
    if text is None:
        return None
    if kind in ("int", "float"):
        try:
            number = float(text)
        except ValueError:
            return text
        if number != number or number in (float("inf"), float("-inf")):
            return text
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "date":
        try:
            if _ISO_DAY.fullmatch(text):  # the usual form: fromisoformat is ~10x strptime
                return dt.datetime.fromisoformat(text)
            return dt.datetime.strptime(text, "%Y-%m-%d")  # e.g. 2025-1-5
        except ValueError:
            return text
    return text


#: a date written YYYY-MM-DD in ASCII digits (what ``strptime("%Y-%m-%d")`` reads fastest)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def write_workbook(raw: RawWorkspace | None, path: Path, meta: Mapping[str, Any] | None) -> None:
    """Write ``raw``'s tables and ``meta`` as a workbook at ``path``, atomically.

    ``raw`` may be None for a workbook with empty tables (headers only).
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)

    def header_row(ws: Any, names: list[str]) -> list[Any]:
        cells = []
        for n in names:
            c = WriteOnlyCell(ws, value=n)
            if isinstance(n, str) and n.startswith("="):  # a header is text, never a formula
                c.data_type = "s"
            c.font = bold
            cells.append(c)
        return cells

    readme = wb.create_sheet("README")
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 22
    readme.column_dimensions["H"].width = 70
    for line in README_TEXT:
        readme.append([line])
    readme.append([])
    dict_rows = dictionary_rows()
    readme.append(header_row(readme, list(dict_rows[0])))
    for r in dict_rows[1:]:
        readme.append(list(r))

    prog = wb.create_sheet("programme")
    prog.column_dimensions["A"].width = 16
    prog.column_dimensions["B"].width = 40
    for i, row in enumerate(meta_to_rows(meta or {})):
        if i == 0 or row[:1] == ["sessions"]:
            prog.append(header_row(prog, row))
        else:
            prog.append([_as_text(prog, _meta_cell(v)) for v in row])

    for name, table in TABLES.items():
        rt = raw.tables.get(name) if raw is not None else None
        if rt is not None and rt.missing:
            continue
        ws = wb.create_sheet(name)
        if rt is not None and not rt.header:
            continue  # an empty file stays an empty sheet: validate still says it is empty
        header = list(table.names)
        if rt is not None:
            header = list(rt.header)
        kinds = [table.column(h).kind if h in table.names else "text" for h in header]
        for j, h in enumerate(header):
            ws.column_dimensions[get_column_letter(j + 1)].width = max(12, min(40, len(h) + 4))
            if h in table.names and table.column(h).kind == "choice":
                col = table.column(h)
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.choices) + '"',
                    allow_blank=True,
                    showErrorMessage=False,
                )
                dv.prompt = col.description
                dv.showInputMessage = True
                letter = get_column_letter(j + 1)
                dv.add(f"{letter}2:{letter}{_MAX_ROW}")
                ws.data_validations.dataValidation.append(dv)
        ws.append(header_row(ws, header))
        if rt is None or rt.df.empty:
            continue
        cols = [rt.df[c].tolist() for c in rt.df.columns]
        for values in zip(*cols, strict=True):
            row = []
            for v, kind in zip(values, kinds, strict=True):
                cell = _typed_cell(v, kind)
                if isinstance(cell, dt.datetime):
                    c = WriteOnlyCell(ws, value=cell)
                    c.number_format = "yyyy-mm-dd"
                    cell = c
                row.append(_as_text(ws, cell))
            ws.append(row)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _as_text(ws: Any, value: Any) -> Any:
    """Text starting with ``=`` stays text: openpyxl would otherwise store a live formula.

    >>> import openpyxl
    >>> ws = openpyxl.Workbook(write_only=True).create_sheet("x")
    >>> _as_text(ws, '=HYPERLINK("http://x","y")').data_type, _as_text(ws, "plain")
    ('s', 'plain')
    """
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _meta_cell(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
