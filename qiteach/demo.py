"""``python -m qiteach.demo``: build the demo programme's reports and say where they are.

Runs :func:`qiteach.reports.run_reports` on the shipped SYNTHETIC demo
programme (``datasets/demo-programme``): the programme report and one report
per team, as offline HTML, with ``index.html`` and ``summary.json``. Prints the
path of ``index.html``; the exit code is 0 when every report ran, 1 when any
failed and 2 for a user error (one line on stderr).

The output folder is ``--out DIR``, else the ``QITEACH_DEMO_OUT`` environment
variable, else ``build/reports`` under the current folder.

>>> parser = build_parser()
>>> parser.parse_args(["--out", "x", "--jobs", "1"]).jobs
1
>>> str(output_dir(None, {"QITEACH_DEMO_OUT": "/tmp/demo"}))
'/tmp/demo'
>>> str(output_dir(None, {}))
'build/reports'
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["DEFAULT_OUT", "ENV_OUT", "build_parser", "main", "output_dir"]

#: Where the reports go unless told otherwise (relative to the current folder).
DEFAULT_OUT = Path("build") / "reports"
#: Environment variable naming the output folder (``--out`` wins over it).
ENV_OUT = "QITEACH_DEMO_OUT"


def output_dir(out: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The output folder: ``out``, else ``$QITEACH_DEMO_OUT``, else ``build/reports``."""
    env = os.environ if environ is None else environ
    return Path(out or env.get(ENV_OUT) or DEFAULT_OUT)


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of ``python -m qiteach.demo``."""
    parser = argparse.ArgumentParser(
        prog="python -m qiteach.demo",
        description="Build the team and programme reports of the shipped demo programme.",
    )
    parser.add_argument("--out", help=f"output folder (default: ${ENV_OUT} or {DEFAULT_OUT})")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPUs)")
    parser.add_argument(
        "--dataset", default="demo-programme", help="shipped workspace to report on"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build the demo reports; print where ``index.html`` is; return the exit code."""
    args = build_parser().parse_args(argv)
    from qiteach.datasets import dataset_path
    from qiteach.exceptions import QiteachError

    out = output_dir(args.out)
    try:
        workspace = dataset_path(args.dataset)
        from qiteach.reports import run_reports  # papermill + nbformat: only once there is work

        result = run_reports(workspace, out, jobs=args.jobs, progress=not args.quiet)
    except QiteachError as exc:
        print(f"qiteach demo: {exc}", file=sys.stderr)
        return 2
    for record in result.failed:
        print(f"failed: {record.title}: {record.problem()}", file=sys.stderr)
    ok = len(result) - len(result.failed)
    print(f"{ok} of {len(result)} reports built. Open this page in a browser:")
    print(result.index.resolve())
    return 0 if result.ok else 1


if __name__ == "__main__":  # pragma: no cover - exercised by tests in a subprocess
    sys.exit(main())
