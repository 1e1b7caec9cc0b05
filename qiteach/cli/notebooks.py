"""``qiteach notebooks build|check``: generate and check the teaching notebooks."""

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
        "notebooks", help="build participant/trainer notebooks from the masters, or check them"
    )
    parser.add_argument("action", choices=("build", "check"))
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT / "notebooks",
        help="the notebooks folder (default: the repository's)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import nbformat  # here, not at the top: it costs seconds and only this command needs it

    from qiteach.teaching import build_all, lint_notebook, out_of_sync

    root: Path = args.root
    masters = root / "sessions"
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
