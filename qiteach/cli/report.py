"""``qiteach report WORKSPACE --out DIR``: every team's report plus the programme report.

Exit codes: 0 all reports ran; 1 at least one report failed (the others are
still written, and each failure is listed with its cell and error); 2 bad
input (unsafe or unknown team id, missing notebook, invalid workspace, or
``--pdf`` without Chromium), reported in one line before anything runs.
"""

from __future__ import annotations

import argparse
import math
import sys

__all__ = ["register"]


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value <= 0:  # "nan" and "inf" are floats too
        raise argparse.ArgumentTypeError("must be a number of seconds more than 0")
    return value


def _report(args: argparse.Namespace) -> int:
    from qiteach.reports import run_reports

    result = run_reports(
        args.workspace,
        args.out,
        teams=args.team,
        jobs=args.jobs,
        timeout=args.timeout,
        rules=args.rules,
        scheduler=args.scheduler,
        notebooks_dir=args.notebooks,
        progress=not args.quiet,
        pdf=args.pdf,
    )
    failed = result.failed
    print(
        f"{len(result)} reports: {len(result) - len(failed)} ok, {len(failed)} failed "
        f"-> {result.index}"
    )
    for rec in failed:
        print(f"failed: {rec.report_id}: {rec.problem()}", file=sys.stderr)
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    from qiteach.charts.rules import names_text

    p = subparsers.add_parser(
        "report",
        help="run the team and programme report notebooks into offline HTML",
        description="Execute the programme report once and the team report once per team "
        "(papermill), render each to self-contained HTML without code, and write "
        "index.html and summary.json. Exit 1 if any report failed, 2 for bad input.",
    )
    p.add_argument("workspace", help="programme workspace folder or .xlsx workbook")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the reports")
    p.add_argument(
        "--team",
        action="extend",
        nargs="+",
        metavar="ID",
        help="only these teams (default: every team)",
    )
    p.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="reports run in parallel (default: number of cores)",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=600,
        metavar="S",
        help="seconds one notebook may take before it counts as failed (default 600)",
    )
    p.add_argument(
        "--rules",
        metavar="R",
        help=f"chart rule set: {names_text()} (default: programme.yaml)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask scheduler, e.g. tcp://10.0.0.5:8786",
    )
    p.add_argument(
        "--notebooks",
        metavar="DIR",
        help="folder holding team.ipynb and programme.ipynb (default: notebooks/reports)",
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print every report to an A4 PDF (needs Chromium: apt-get install chromium)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_report)
