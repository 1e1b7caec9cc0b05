"""``qiteach chart DATA.csv --chart TYPE ...``: compute a run/control chart from a CSV.

Prints a plain-English summary (or, with ``--json``, one JSON object) and with
``--out`` draws the chart to PNG, SVG or PDF (written atomically).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import pandas as pd

from qiteach.exceptions import ChartInputError

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

    p = subparsers.add_parser("chart", help="compute a run or control chart from a CSV file")
    p.add_argument("data", type=Path, help="CSV file with one row per observation")
    p.add_argument("--chart", default="run", help=f"chart type: {', '.join(CHART_TYPES)}")
    p.add_argument("--x", default="x", help="column of subgroups/dates (default: x)")
    p.add_argument("--y", default="y", help="column of values or numerators (default: y)")
    p.add_argument("--n", default=None, help="column of denominators (default: n if present)")
    p.add_argument("--freeze", type=int, help="the first K points set the limits")
    p.add_argument("--part", type=_ints, help="new part after point K (K[,K...])")
    p.add_argument("--exclude", type=_ints, help="1-based points left out of the limits")
    p.add_argument("--rules", default="anhoej", help=f"rule set: {'|'.join(RULE_SETS)}")
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


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV; ISO dates in text columns become timestamps."""
    if not path.is_file():
        raise ChartInputError("file not found", file=str(path), fix="check the path to the CSV")
    try:
        data = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ChartInputError(
            f"not a readable CSV file ({exc})".splitlines()[0],
            file=str(path),
            fix="save the sheet as CSV (UTF-8)",
        ) from None
    return data


def _dates(values: pd.Series) -> pd.Series:
    """Text that is all ISO dates (YYYY-MM-DD) becomes timestamps; anything else stays."""
    if pd.api.types.is_numeric_dtype(values) or values.dropna().empty:
        return values
    text = values.dropna().astype(str)
    if not text.str.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][\d:.]+)?").all():
        return values
    return pd.to_datetime(values, format="ISO8601", errors="coerce")


def _run(args: argparse.Namespace) -> int:
    from qiteach.charts import compute_chart

    data = read_table(args.data)
    source = str(args.data)
    if args.x not in data.columns:
        x = None if args.x == "x" else args.x  # no x column: points are numbered
    else:
        data[args.x] = _dates(data[args.x])
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


def _draw(result: object, out: Path, *, title: str) -> None:
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

    ax = plot_chart(result, ax=None, title=title)
    fig = ax.figure
    folder = out.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=out.suffix, dir=folder, prefix=f".{out.stem}.")
    os.close(fd)
    try:
        fig.savefig(tmp, format=out.suffix.lower().lstrip("."), bbox_inches="tight")
        os.replace(tmp, out)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
