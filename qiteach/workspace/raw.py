"""Read a workspace's files as text, exactly as the user typed them.

The first stage of loading: every table becomes a :class:`RawTable` whose cells
are stripped strings (or ``None`` for empty cells) and whose index is the
spreadsheet row number (the header is row 1), so every later check can say
``file:row:column``. Nothing here judges the content; :mod:`.coerce` and
:mod:`.checks` do. Workbooks are read by :mod:`.xlsx` into the same shapes.

Reading is forgiving where it is safe to be: UTF-8 with or without a byte-order
mark, Windows-1252 as a fallback (with a note), stray spaces in headers and
cells are stripped, and ``""``, ``NA``, ``N/A``, ``n/a`` and ``-`` mean empty.

>>> import io
>>> t = table_from_text("teams", "teams.csv", " team_id ,team_name\\n north , North \\n\\n-,x\\n")
>>> t.header
['team_id', 'team_name']
>>> t.df.to_dict("index")
{2: {'team_id': 'north', 'team_name': 'North'}, 4: {'team_id': None, 'team_name': 'x'}}
"""

from __future__ import annotations

import copy
import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from qiteach.exceptions import Problem, WorkspaceError
from qiteach.workspace.limits import MAX_FILE_BYTES, MAX_TABLE_ROWS, too_big, too_many_rows
from qiteach.workspace.memo import MAX_BYTES as MEMO_MAX_BYTES
from qiteach.workspace.memo import Memo, digest
from qiteach.workspace.schema import TABLES
from qiteach.workspace.textfile import BINARY_FIX, binary_problem, decode

__all__ = [
    "EMPTY_TOKENS",
    "FORMULA_STARTS",
    "RawTable",
    "RawWorkspace",
    "binary_problem",
    "clean_frame",
    "compose_yaml",
    "decode",
    "drop_repeated_headers",
    "neutralise",
    "read_folder",
    "separator",
    "table_from_text",
    "yaml_duplicates",
    "yaml_lines",
]

#: Cell texts that mean "empty" (compared after stripping spaces).
EMPTY_TOKENS: tuple[str, ...] = ("", "NA", "N/A", "n/a", "-")
#: First characters that make a spreadsheet treat a CSV cell as a formula (OWASP).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading ``'`` (numbers are left alone).

    Used when writing CSV files; :func:`clean_frame` takes the ``'`` off again on
    reading, so a round trip loses nothing.

    >>> print(neutralise('=HYPERLINK("http://x","y")'), neutralise("-5"), neutralise("@SUM(A1)"))
    '=HYPERLINK("http://x","y") -5 '@SUM(A1)
    """
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


@dataclass
class RawTable:
    """One table as text: ``df`` holds ``str`` or ``None``; its index is the spreadsheet row."""

    name: str
    source: str
    df: pd.DataFrame
    header: list[str]
    missing: bool = False
    unreadable: bool = False
    #: rows whose ``value`` cell is a number formatted as a percentage (workbooks only)
    percent_rows: frozenset[int] = frozenset()
    #: digest of the file's bytes when ``df`` is exactly what they parse to (read from a
    #: folder, unchanged since); :func:`~qiteach.workspace.coerce.coerce_table` keys its
    #: memo on it. None for a table built or changed in memory.
    digest: str | None = field(default=None, compare=False, repr=False)


@dataclass
class RawWorkspace:
    """Everything read from a workspace before any checking."""

    path: Path
    kind: str  # "folder" or "workbook"
    meta: Any  # the parsed programme.yaml (normally a dict), or None if missing/unreadable
    meta_source: str
    tables: dict[str, RawTable]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meta_where: dict[tuple, int] = field(default_factory=dict)  # field path -> row/line

    def label(self, table: str) -> str:
        """The ``file`` part of problem messages for ``table``."""
        if self.kind == "workbook":
            return f"{self.path.name}[{table}]"
        return TABLES[table].filename if table in TABLES else f"{table}.csv"


def separator(text: str) -> str:
    """The cell separator of CSV text, judged from its header line: ``,``, ``;`` or a tab.

    European Excel saves CSV with ``;``; Excel's "Unicode Text" is UTF-16 with tabs.

    >>> separator("team_id;date;score\\nnorth;2025-01-01;1,5\\n"), separator("a\\tb\\n")
    (';', '\\t')
    >>> separator("team_id,note\\nnorth,a; b\\n")
    ','
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first:
        return ","
    if "\t" in first:
        return "\t"
    return ";" if ";" in first else ","


_SEPARATOR_NAMES = {";": '";" (European Excel)', "\t": 'tabs (Excel "Unicode Text")'}


def clean_frame(
    df: pd.DataFrame, first_row: int = 2, *, rows: list[int] | None = None
) -> pd.DataFrame:
    """Strip every cell, turn empty tokens into ``None``, drop blank rows.

    A line break inside a cell is read as ``\\n`` whatever the file used (``\\r\\n``
    from Windows, ``\\r``), so a CSV file and its workbook hold the same text.

    The index becomes the spreadsheet row number of each row (``first_row`` for
    the first data row, or ``rows`` when given), kept for blank rows that are dropped.
    """
    if rows is not None:
        index: pd.Index = pd.Index(rows, dtype="int64")
    else:
        index = pd.RangeIndex(first_row, first_row + len(df))
    cleaned = _clean_texts(df)
    if cleaned is None:  # a cell that is not text (a number, a date): pandas makes it text
        return _clean_frame_pandas(df, index)
    out = pd.DataFrame(dict(enumerate(cleaned)), index=index, dtype=object)
    out.columns = df.columns
    if cleaned:  # drop blank rows
        keep = [any(v is not None for v in row) for row in zip(*cleaned, strict=True)]
        if not all(keep):
            out = out[keep]
    return out


def _clean_frame_pandas(df: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """:func:`clean_frame` for any cells, column by column with pandas string methods."""
    df = df.copy()
    df.index = index
    for col in df.columns:
        s = df[col].astype("string").str.strip()
        if s.str.contains("\r", regex=False).any():  # Windows or old-Mac line breaks in a cell
            s = s.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        s = s.mask(s.isin(EMPTY_TOKENS))
        quote = s.str.startswith("'").fillna(False)
        if quote.any():  # undo neutralise(): a quote before a formula-like start
            quoted = quote & s.str[1:2].isin(FORMULA_STARTS)
            s = s.mask(quoted, s.str[1:])
        df[col] = s.astype(object).where(s.notna(), None)
    if len(df.columns):
        df = df[df.notna().any(axis=1)]
    return df


def _clean_cell(value: str | None) -> str | None:
    """One cell as :func:`clean_frame` leaves it (``value`` is text, or None when empty).

    >>> _clean_cell("  N/A "), _clean_cell("'=SUM(A1)"), _clean_cell("a\\r\\nb"), _clean_cell("'x")
    (None, '=SUM(A1)', 'a\\nb', "'x")
    """
    if value is None:
        return None
    text = value.strip()
    if "\r" in text:  # Windows or old-Mac line breaks in a cell
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text in EMPTY_TOKENS:
        return None
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        return text[1:]  # undo neutralise(): a quote before a formula-like start
    return text


def _clean_texts(df: pd.DataFrame) -> list[list[str | None]] | None:
    """Each column of ``df`` cleaned by :func:`_clean_cell`, or None if a cell is not text.

    Cells that are neither ``str`` nor empty (None, NaN) take the pandas path of
    :func:`clean_frame`, which turns them into text first.
    """
    out: list[list[str | None]] = []
    for values in df.to_numpy(dtype=object).T.tolist():
        column: list[str | None] = []
        for v in values:
            if isinstance(v, str):
                column.append(_clean_cell(v))
            elif v is None or (isinstance(v, float) and v != v):
                column.append(None)
            else:
                return None
        out.append(column)
    return out


def _dedupe_header(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if h in seen:
            seen[h] += 1
            out.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            out.append(h)
    return out


def drop_repeated_headers(rt: RawTable) -> list[Problem]:
    """Drop rows that repeat the header (two files pasted together); one problem each.

    >>> text = "team_id,date,score\\na,1,2\\nteam_id,date,score\\nb,3,4\\n"
    >>> t = table_from_text("p", "p.csv", text)
    >>> [str(p) for p in drop_repeated_headers(t)], t.df.index.tolist()
    (['p.csv:3: this row repeats the header (fix: delete it (two files pasted together?))'], [2, 4])
    """
    named = [c for c in rt.df.columns if c and c in rt.header]
    if rt.df.empty or len(named) < 2:
        return []
    # a pasted header row holds the header's own words, in the case files are written in
    same = [0] * len(rt.df)
    for c in named:
        words = {c, c.lower(), c.upper(), c.title(), c.capitalize()}
        for i, v in enumerate(rt.df[c].tolist()):
            if isinstance(v, str) and v in words:
                same[i] += 1
    repeats = np.asarray(same) >= max(2, (len(named) + 1) // 2)
    if not repeats.any():
        return []
    problems = [
        Problem(
            rt.source,
            int(row),
            None,
            "this row repeats the header",
            "delete it (two files pasted together?)",
        )
        for row in rt.df.index[repeats]
    ]
    rt.df = rt.df[~repeats]
    rt.digest = None  # no longer what the file's bytes parse to
    return problems


def rows_over_limit(text: str, sep: str = ",") -> int | None:
    """How many data rows CSV ``text`` has below its header, if that is more than
    :data:`~qiteach.workspace.limits.MAX_TABLE_ROWS`; None when within it.

    Line breaks are counted first (fast, no parsing); only a text with more lines than
    the limit is walked record by record (a cell holding line breaks is one row, blank
    lines are not rows), without keeping the records.

    >>> rows_over_limit("team_id,aim\\nnorth,x\\n") is None
    True
    >>> big = "team_id\\n" + "north\\n\\n" * (MAX_TABLE_ROWS + 1)
    >>> rows_over_limit(big) - MAX_TABLE_ROWS
    1
    >>> rows_over_limit('a\\n' + '"one\\ntwo"\\n' * MAX_TABLE_ROWS) is None  # 1,000,001 lines
    True
    """
    if text.count("\n") <= MAX_TABLE_ROWS + 1:
        return None
    count = -1  # the header
    for record in csv.reader(io.StringIO(text), delimiter=sep):
        if any(cell.strip() for cell in record):
            count += 1
    return count if count > MAX_TABLE_ROWS else None


def table_from_text(name: str, source: str, text: str, *, sep: str = ",") -> RawTable:
    """Parse CSV text (cells separated by ``sep``) into a :class:`RawTable` (all cells text)."""
    if not text.strip():
        return RawTable(name, source, pd.DataFrame(), [], missing=False)
    df = pd.read_csv(
        io.StringIO(text),
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        header=None,
        sep=sep,
        engine="c",
    )
    header = [str(h).strip() for h in df.iloc[0].tolist()]
    body = df.iloc[1:].reset_index(drop=True)
    # a trailing blank line read as a row of NaN-free empties is dropped by clean_frame
    body.columns = _dedupe_header(header)
    return RawTable(name, source, clean_frame(body), header)


def yaml_lines(text: str) -> dict[tuple, int]:
    """Line numbers of top-level keys and of session entries and their keys.

    >>> yaml_lines("name: x\\nsessions:\\n  - number: 1\\n    date: 2025-01-01\\n")
    {('name',): 1, ('sessions',): 2, ('sessions', 0): 3, ('sessions', 0, 'number'): 3, \
('sessions', 0, 'date'): 4}
    """
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return {}
    return _lines_of(root)


def _lines_of(root: yaml.Node | None) -> dict[tuple, int]:
    where: dict[tuple, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return where
    for key, value in root.value:
        where[(key.value,)] = key.start_mark.line + 1
        if key.value == "sessions" and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                where[("sessions", i)] = item.start_mark.line + 1
                if isinstance(item, yaml.MappingNode):
                    for k, _ in item.value:
                        where[("sessions", i, k.value)] = k.start_mark.line + 1
    return where


def yaml_duplicates(text: str, source: str) -> list[Problem]:
    """A problem for each field given twice in one mapping (YAML would keep the last silently).

    >>> [str(p) for p in yaml_duplicates("name: A\\nstart: 2025-01-01\\nname: B\\n", "p.yaml")]
    ['p.yaml:3:name: "name" is given twice (fix: keep one of them (the other is on line 1))']
    """
    return _duplicates_in(_mappings(text), source)


def _duplicates_in(mappings: list[yaml.MappingNode], source: str) -> list[Problem]:
    problems: list[Problem] = []
    for node in mappings:
        seen: dict[str, int] = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            name = str(key.value)
            if name in seen:
                problems.append(
                    Problem(
                        source,
                        line,
                        name,
                        f'"{name}" is given twice',
                        f"keep one of them (the other is on line {seen[name]})",
                    )
                )
            else:
                seen[name] = line
    return sorted(problems, key=lambda p: p.row or 0)


def _mappings(text: str) -> list[yaml.MappingNode]:
    """Every mapping node of a YAML text, each once (aliases may repeat or even loop)."""
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return []
    return _mappings_of(root)


def _mappings_of(root: yaml.Node | None) -> list[yaml.MappingNode]:
    out, seen, todo = [], set(), [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out.append(node)
            todo.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return out


#: The most values programme.yaml may hold once its YAML aliases are expanded (a real one
#: holds a few hundred); an alias bomb of 4,782,969 topics kept validate busy for minutes.
YAML_VALUES_LIMIT = 100_000


def expanded_size(node: yaml.Node | None) -> int:
    """How many values a composed YAML document holds once every alias is expanded.

    Each node is sized once (memo), so a bomb is measured without being expanded; a node
    that contains itself counts once.

    >>> expanded_size(yaml.compose("a: &a [x, x, x]\\nb: [*a, *a, *a]"))
    20
    """
    if node is None:
        return 0
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    on_path: set[int] = set()
    while stack:
        n, children_done = stack.pop()
        if id(n) in sizes:
            continue
        kids: list[yaml.Node] = []
        if isinstance(n, yaml.MappingNode):
            kids = [k for pair in n.value for k in pair]
        elif isinstance(n, yaml.SequenceNode):
            kids = list(n.value)
        if children_done:
            on_path.discard(id(n))
            sizes[id(n)] = 1 + sum(sizes.get(id(k), 1) for k in kids)
            continue
        on_path.add(id(n))
        stack.append((n, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes and id(k) not in on_path)
    return sizes[id(node)]


def load_yaml_bounded(text: str, source: str) -> Any:
    """``yaml.safe_load`` that refuses a document expanding past :data:`YAML_VALUES_LIMIT`.

    >>> bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\\n" + "".join(
    ...     f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\\n" for p, c in zip("abcd", "bcde"))
    >>> load_yaml_bounded(bomb, "programme.yaml")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.WorkspaceError: programme.yaml: its YAML aliases (&name and *name) ...
    """
    return _construct_bounded(compose_yaml(text), text, source)


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (None when empty), parsed as ``yaml.safe_load`` parses.

    Parsed once, it serves the values (:func:`_construct_bounded`), the line numbers and
    the duplicate-field check alike; a text that cannot be parsed raises ``yaml.YAMLError``.

    >>> compose_yaml("name: x").value[0][0].value, compose_yaml("") is None
    ('name', True)
    """
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _construct_bounded(root: yaml.Node | None, text: str, source: str) -> Any:
    """The values of a composed document (what ``yaml.safe_load`` gives), refusing an alias bomb."""
    if "*" in text and expanded_size(root) > YAML_VALUES_LIMIT:
        raise WorkspaceError(
            f"its YAML aliases (&name and *name) expand to more than {YAML_VALUES_LIMIT:,} values",
            file=source,
            fix="write the values out in full: a programme.yaml needs no aliases",
        )
    if root is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _bad_timestamp(text: str, source: str) -> Problem:
    """The problem for a date YAML recognises but cannot build (e.g. 2025-02-30).

    >>> print(_bad_timestamp("name: x\\nstart: 2025-02-30\\n", "programme.yaml"))
    programme.yaml:2:start: "2025-02-30" is not a date (no such day) (fix: ... YYYY-MM-DD)
    """
    stamp = "tag:yaml.org,2002:timestamp"
    for node in sorted(_mappings(text), key=lambda n: n.start_mark.line):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode) and value.tag == stamp:
                try:
                    yaml.SafeLoader("").construct_yaml_timestamp(value)
                except (ValueError, OverflowError):
                    return Problem(
                        source,
                        value.start_mark.line + 1,
                        str(key.value),
                        f'"{value.value}" is not a date (no such day)',
                        "write a date that exists, as YYYY-MM-DD",
                    )
    return Problem(source, None, None, "cannot read YAML: a value cannot be read", "check dates")


def _read_yaml(path: Path, problems: list[Problem], notes: list[str]) -> tuple[Any, dict]:
    source = path.name
    if not path.is_file():
        problems.append(
            Problem(source, None, None, "file is missing", "run `qiteach new` to get a template")
        )
        return None, {}
    data = path.read_bytes()

    def parse() -> tuple[Any, dict, list[Problem], list[str]]:
        found: list[Problem] = []
        said: list[str] = []
        meta, where = _parse_yaml(data, source, found, said)
        return meta, where, found, said

    meta, where, found, said = YAML_READS.kept(
        (source, digest(data)), parse, weight=len(data), limit=MEMO_MAX_BYTES
    )
    problems += found
    notes += said
    return copy.deepcopy(meta), dict(where)


def _parse_yaml(
    data: bytes, source: str, problems: list[Problem], notes: list[str]
) -> tuple[Any, dict]:
    """What ``programme.yaml``'s bytes read as: (meta, field lines); problems and notes added."""
    text = decode(data, source, notes)
    if "\x00" in text:
        problems.append(Problem(source, None, None, "is not a text file", BINARY_FIX))
        return None, {}
    try:
        root = compose_yaml(text)  # parsed once: values, duplicate fields and line numbers
        meta = _construct_bounded(root, text, source)
        if meta is None:
            problems.append(
                Problem(
                    source,
                    None,
                    None,
                    "is empty",
                    "fill in name, organisation, start, end and sessions "
                    "(`qiteach new` makes a template)",
                )
            )
        problems.extend(_duplicates_in(_mappings_of(root), source))
        return meta, _lines_of(root)
    except WorkspaceError as exc:  # an alias bomb: refused before anything walks it
        problems.append(exc.problem)
        return None, {}
    except (ValueError, OverflowError):  # PyYAML builds dates itself: 2025-02-30 raises
        problems.append(_bad_timestamp(text, source))
        return None, {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or "not valid YAML"
        problems.append(
            Problem(source, row, None, f"cannot read YAML: {what}", "check indentation and colons")
        )
        return None, {}


def _csv_problem(source: str, error: str) -> Problem:
    """Turn a pandas CSV parser error into a one-line problem.

    >>> p = _csv_problem("teams.csv", "C error: Expected 2 fields in line 3, saw 3")
    >>> p.row, p.message
    (3, 'row has 3 cells but the header has 2')
    """
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if m:
        want, line, saw = (int(g) for g in m.groups())
        return Problem(
            source,
            line,
            None,
            f"row has {saw} cells but the header has {want}",
            "remove the extra commas or quote text containing commas",
        )
    m = re.search(r"EOF inside string starting at row (\d+)", error)
    if m:  # pandas counts rows from 0 here; the header is row 1 for a spreadsheet user
        return Problem(
            source,
            int(m.group(1)) + 1,
            None,
            'a quote (") opened in this row is never closed',
            "close the quote, or delete it",
        )
    last = error.strip().splitlines()[-1] if error.strip() else "unreadable"
    return Problem(source, None, None, f"cannot read CSV: {last}", "check for unclosed quotes")


#: what each table file's bytes parsed to: (RawTable, problems, notes), by (table, digest)
TABLE_READS = Memo()
#: what programme.yaml's bytes parsed to: (meta, where, problems, notes), by digest
YAML_READS = Memo()


def _parse_table(name: str, data: bytes) -> tuple[RawTable, list[Problem], list[str]]:
    """What one table file's bytes read as: the table, its problems and notes (no I/O)."""
    filename = TABLES[name].filename
    problems: list[Problem] = []
    notes: list[str] = []
    binary = binary_problem(data, filename)
    if binary is not None:
        return RawTable(name, filename, pd.DataFrame(), [], unreadable=True), [binary], notes
    text = decode(data, filename, notes)
    hint = re.match(r"sep=([,;\t|])\r?\n", text)  # Excel's own "sep=;" first line
    if hint:
        text = text[hint.end() :]  # Excel hides it: the header below is row 1
    sep = hint.group(1) if hint else separator(text)
    if sep != "," and not hint:
        notes.append(f"{filename}: cells are separated by {_SEPARATOR_NAMES[sep]}; read so")
    rows = rows_over_limit(text, sep)
    if rows is not None:  # refused before pandas holds it
        problems.append(too_many_rows(filename, rows))
        return RawTable(name, filename, pd.DataFrame(), [], unreadable=True), problems, notes
    try:
        table = table_from_text(name, filename, text, sep=sep)
        problems += drop_repeated_headers(table)
    except (pd.errors.ParserError, ValueError) as exc:
        problems.append(_csv_problem(filename, str(exc)))
        table = RawTable(name, filename, pd.DataFrame(), [], unreadable=True)
    return table, problems, notes


def _read_table(name: str, data: bytes, problems: list[Problem], notes: list[str]) -> RawTable:
    """:func:`_parse_table`, parsed once per content (:mod:`.memo`); a private copy each call."""
    key = (name, digest(data))
    table, found, said = TABLE_READS.kept(
        key, lambda: _parse_table(name, data), weight=len(data), limit=MEMO_MAX_BYTES
    )
    problems += found
    notes += said
    kept_digest = key[1] if len(data) <= MEMO_MAX_BYTES else None  # a large file: no memo
    return replace(table, df=table.df.copy(), header=list(table.header), digest=kept_digest)


def read_folder(path: Path) -> RawWorkspace:
    """Read a workspace folder: ``programme.yaml`` and one CSV per table."""
    problems: list[Problem] = []
    notes: list[str] = []
    meta, where = _read_yaml(path / "programme.yaml", problems, notes)
    tables: dict[str, RawTable] = {}
    for name, table in TABLES.items():
        file = path / table.filename
        if not file.is_file():
            tables[name] = RawTable(name, table.filename, pd.DataFrame(), [], missing=True)
            continue
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before it is read into memory
            problems.append(too_big(table.filename, size))
            tables[name] = RawTable(name, table.filename, pd.DataFrame(), [], unreadable=True)
            continue
        tables[name] = _read_table(name, file.read_bytes(), problems, notes)
    return RawWorkspace(path, "folder", meta, "programme.yaml", tables, problems, notes, where)
