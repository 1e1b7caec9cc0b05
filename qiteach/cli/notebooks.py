"""``qiteach notebooks build|check|handout``: generate and check the teaching notebooks.

``handout`` prints A4 worksheets (:mod:`qiteach.teaching.handout`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qiteach.exceptions import NotebookError

__all__ = ["register"]

ROOT = Path(__file__).resolve().parents[2]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qiteach notebooks``."""
    parser = subparsers.add_parser(
        "notebooks",
        help="build participant/trainer notebooks from the masters, check them, "
        "or print A4 worksheets (handout)",
    )
    parser.add_argument("action", choices=("build", "check", "handout"))
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT / "notebooks",
        help="the notebooks folder (default: the repository's)",
    )
    sheet = parser.add_argument_group("handout options")
    sheet.add_argument(
        "--session", type=int, nargs="+", metavar="N", help="session numbers (default: all)"
    )
    sheet.add_argument(
        "--workspace",
        default="demo-programme",
        help="a workspace folder or shipped dataset name (default: demo-programme)",
    )
    sheet.add_argument("--team", help="a team_id (default: every team in the workspace)")
    sheet.add_argument(
        "--out", type=Path, default=None, help="output folder (default: build/handouts)"
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import nbformat  # here, not at the top: it costs seconds and only this command needs it

    from qiteach.teaching import build_all, lint_notebook, out_of_sync

    root: Path = args.root
    masters = root / "sessions"
    if args.action == "handout":
        return _handout(args, masters)
    if args.action == "build":
        written = build_all(masters, root)
        print(f"wrote {len(written)} notebooks into {root / 'participant'} and {root / 'trainer'}")
        return 0
    problems = list(out_of_sync(masters, root))
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several unrelated types
            raise NotebookError(f"{path}: not a readable notebook ({exc})") from None
        problems += lint_notebook(nb, name=str(path), report="reports" in path.parts)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    print(f"notebooks OK: {root}")
    return 0


def _handout(args: argparse.Namespace, masters: Path) -> int:
    from qiteach.teaching.handout import DEFAULT_OUT, masters_for, write_handouts

    chosen = masters_for(masters, args.session)
    out: Path = args.out or DEFAULT_OUT
    teams = [args.team] if args.team else None
    for printed in write_handouts(chosen, workspace=args.workspace, teams=teams, out=out):
        print(f"wrote {printed.path} (and {printed.path.with_suffix('.html').name})")
    return 0
