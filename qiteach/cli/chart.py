"""``qiteach chart DATA.csv --chart TYPE ...``: compute a run/control chart from a CSV.

Prints a plain-English summary (or, with ``--json``, one JSON object) and with
``--out`` draws the chart to PNG, SVG or PDF (written atomically).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from qiteach.exceptions import ChartInputError
from qiteach.fileio import atomic_path

if TYPE_CHECKING:
    from qiteach.charts.result import ChartResult

__all__ = ["read_table", "register"]

_FORMATS = (".png", ".svg", ".pdf")


def _ints(text: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        msg = f"{text!r} is not a comma-separated list of whole numbers"
        raise argparse.ArgumentTypeError(msg) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qiteach chart``."""
    from qiteach.charts import CHART_TYPES, DIRECTIONS, RULE_SETS
    from qiteach.charts.rules import DEFAULT

    p = subparsers.add_parser("chart", help="compute a run or control chart from a CSV file")
    p.add_argument("data", type=Path, help="CSV file with one row per observation")
    p.add_argument("--chart", default="run", help=f"chart type: {', '.join(CHART_TYPES)}")
    p.add_argument("--x", default="x", help="column of subgroups/dates (default: x)")
    p.add_argument("--y", default="y", help="column of values or numerators (default: y)")
    p.add_argument("--n", default=None, help="column of denominators (default: n if present)")
    p.add_argument("--freeze", type=int, help="the first K points set the limits")
    p.add_argument("--part", type=_ints, help="new part after point K (K[,K...])")
    p.add_argument("--exclude", type=_ints, help="1-based points left out of the limits")
    p.add_argument("--rules", default=DEFAULT, help=f"rule set: {'|'.join(RULE_SETS)}")
    p.add_argument(
        "--improvement", default="neutral", choices=DIRECTIONS, help="direction of improvement"
    )
    p.add_argument("--target", type=float, help="target value")
    p.add_argument("--multiply", type=float, default=1.0, help="multiply y by M (e.g. 100)")
    p.add_argument(
        "--no-screen-mr",
        action="store_true",
        help="do not drop large moving ranges before computing limits",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", type=Path, help="draw the chart to FILE.png, .svg or .pdf")
    p.add_argument("--title", default=None, help="chart title for --out")
    p.set_defaults(func=_run)


def read_table(path: Path, *, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV as Excel users save it; header names are stripped of stray spaces.

    UTF-8 (with or without Excel's byte-order mark), UTF-16 with its mark, or
    Windows-1252 (with a note on stderr). ``columns`` are the column names the
    command needs: when they are missing but sit in a row below, the error says
    the header is on that row.
    """
    from qiteach.workspace.textfile import binary_problem, decode

    source = str(path)
    if not path.is_file():
        raise ChartInputError("file not found", file=source, fix="check the path to the CSV")
    raw = path.read_bytes()
    binary = binary_problem(raw, source)
    if binary is not None:
        raise ChartInputError(binary.message, file=source, fix=binary.fix)
    notes: list[str] = []
    text = decode(raw, source, notes)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if not text.strip():
        raise ChartInputError("is empty", file=source, fix="save the sheet with a header row")
    try:
        data = pd.read_csv(io.StringIO(text))
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ChartInputError(
            f"not a readable CSV file ({exc})".splitlines()[0],
            file=source,
            fix="save the sheet as CSV (UTF-8); check for unclosed quotes",
        ) from None
    _check_duplicates(text, columns, source)
    data.columns = [str(c).strip() for c in data.columns]
    _check_header(data, columns, source)
    return data


def _check_duplicates(text: str, columns: tuple[str, ...], source: str) -> None:
    """Refuse a header naming a needed column twice (pandas would read the first, silently)."""
    header = [c.strip() for c in next(csv.reader(io.StringIO(text)), [])]
    for name in columns:
        places = [i + 1 for i, c in enumerate(header) if c == name]
        if name and len(places) > 1:
            raise ChartInputError(
                f"column {name!r} appears {len(places)} times "
                f"(columns {', '.join(map(str, places[:-1]))} and {places[-1]})",
                file=source,
                row=1,
                column=name,
                fix="rename or delete all but one of them",
            )


def _check_header(data: pd.DataFrame, columns: tuple[str, ...], source: str) -> None:
    """Clear errors for a ';'-separated file and for a header below a title row."""
    wanted = [c for c in columns if c]
    if not wanted or all(c in data.columns for c in wanted):
        return
    if len(data.columns) == 1 and ";" in str(data.columns[0]):
        raise ChartInputError(
            "cells are separated by ';', not ','",
            file=source,
            row=1,
            fix='save from Excel as "CSV UTF-8 (Comma delimited)", with points for decimals',
        )
    for i in range(min(5, len(data))):
        cells = {str(v).strip() for v in data.iloc[i].tolist()}
        if all(c in cells for c in wanted):
            above = "row 1" if i == 0 else f"rows 1 to {i + 1}"
            raise ChartInputError(
                f"the header is on row {i + 2}, not row 1",
                file=source,
                row=1,
                fix=f"delete {above} above it (a title or merged header cells)",
            )


def _runs_on_text_x(rules: str) -> bool:
    """Whether rule set ``rules`` still applies its run rules when x is text."""
    from qiteach.charts import RULE_SETS

    rule_set = RULE_SETS.get(rules.strip().lower())
    return bool(rule_set and rule_set.runs_on_text_x)


def _dates(values: pd.Series, *, source: str, column: str, rules: str = "anhoej") -> pd.Series:
    """Text dates (ISO ``YYYY-MM-DD``, UK ``DD/MM/YYYY`` or months) become timestamps.

    Other labels stay text (categories, sorted as qicharts2 does), with a note on
    stderr when that order differs from the file's.

    A column of dates with one that is not a date, or a US (month-first) date, is
    an error naming its row: sorting such text would put the points out of order.
    """
    from qiteach.dates import DATE_LIKE, ISO_LIKE, looks_us, parse_days, parse_iso, parse_months

    if pd.api.types.is_numeric_dtype(values) or values.dropna().empty:
        return values
    text = values.dropna().astype(str).str.strip()
    months = parse_months(text)
    if months is not None:
        return months.reindex(values.index)
    looks = text.str.fullmatch(DATE_LIKE)
    if not looks.any() or looks.mean() < 0.5:
        first_seen = list(dict.fromkeys(text))
        if first_seen != sorted(first_seen):
            shown = ", ".join(sorted(first_seen)[:3]) + (", ..." if len(first_seen) > 3 else "")
            print(
                f"note: {source}: {column} is text, so the points are in alphabetical order "
                f"({shown}), not the file's order"
                + ("" if _runs_on_text_x(rules) else ", and the runs rules are skipped")
                + "; write dates as YYYY-MM-DD for a time axis",
                file=sys.stderr,
            )
        return values
    if text.str.fullmatch(ISO_LIKE).all():
        parsed = parse_iso(text)
        failed = parsed.isna()
    else:
        parsed, failed = parse_days(text.where(looks))
        failed = failed | ~looks
    if failed.any():
        i = failed.index[failed.to_numpy()][0]
        bad = text[i]
        us = looks[i] and looks_us(bad)
        what = "looks like a US date (month first)" if us else "is not a date like the others"
        raise ChartInputError(
            f"{column} value {bad!r} {what}",
            file=source,
            row=int(i) + 2,
            column=column,
            fix="write dates as YYYY-MM-DD (e.g. 2025-10-06) or DD/MM/YYYY (e.g. 06/10/2025)",
        )
    return parsed.reindex(values.index)


def _run(args: argparse.Namespace) -> int:
    from qiteach.charts import compute_chart

    source = str(args.data)
    data = read_table(args.data, columns=(args.y, args.n or ""))
    if args.x not in data.columns:
        x = None if args.x == "x" else args.x  # no x column: points are numbered
    else:
        data[args.x] = _dates(data[args.x], source=source, column=args.x, rules=args.rules)
        x = args.x
    n = args.n if args.n is not None else ("n" if "n" in data.columns else None)
    result = compute_chart(
        data,
        x=x,
        y=args.y,
        n=n,
        chart=args.chart,
        rules=args.rules,
        freeze=args.freeze,
        part=args.part,
        exclude=args.exclude,
        direction=args.improvement,
        target=args.target,
        multiply=args.multiply,
        screen_mr=not args.no_screen_mr,
        source=source,
    )
    if args.out is not None:
        _draw(result, args.out, title=args.title or f"{args.chart.upper()} chart of {args.y}")
    if args.json:
        print(result.to_json())
    else:
        for line in result.explain():
            print(line)
        if args.out is not None:
            print(f"wrote {args.out}")
    return 0


def _draw(result: ChartResult, out: Path, *, title: str) -> None:
    """Draw with the plotting layer and save atomically (temp file, then rename)."""
    if out.suffix.lower() not in _FORMATS:
        raise ChartInputError(
            f"cannot write {out.suffix or 'files without a suffix'}",
            file=str(out),
            fix="name the output .png, .svg or .pdf",
        )
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qiteach.plot.chart import plot_chart
    from qiteach.plot.style import figure_of, plain_text_rc

    ax = plot_chart(result, ax=None, title=title)
    fig = figure_of(ax)
    try:
        with atomic_path(out) as tmp, plain_text_rc():
            fig.savefig(tmp, format=out.suffix.lower().lstrip("."), bbox_inches="tight")
    finally:
        plt.close(fig)
