"""``qiteach notebooks build|check|slides|handout|plan``: generate and check the teaching notebooks.

``slides`` runs each session's trainer copy and writes an offline reveal.js deck per
session (:mod:`qiteach.teaching.slides`) with reveal.js copied beside the decks
(:mod:`qiteach.teaching.reveal_assets`). ``handout`` runs each session's participant
copy per team and prints an A4 worksheet (:mod:`qiteach.teaching.handout`). ``plan``
prints each session's facilitation plan for the whole half-day
(:mod:`qiteach.teaching.facilitation`) to ``NN-topic-plan.pdf`` and ``.html``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from qiteach.exceptions import NotebookError

__all__ = ["register"]

ROOT = Path(__file__).resolve().parents[2]
SLIDES_OUT = Path("build/slides")  # under the folder the command runs in, like handouts
SLIDES_NPM = ROOT / "build" / "slides-npm"
PLANS_OUT = Path("build/plans")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qiteach notebooks``."""
    parser = subparsers.add_parser(
        "notebooks",
        help=(
            "build participant/trainer notebooks from the masters, check them, make slides, "
            "print A4 worksheets (handout) or facilitation plans (plan)"
        ),
    )
    parser.add_argument("action", choices=("build", "check", "slides", "handout", "plan"))
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT / "notebooks",
        help="the notebooks folder (default: the repository's)",
    )
    runs = parser.add_argument_group(
        "slides (offline reveal.js decks), handout (A4 worksheets) and plan (facilitation plans)"
    )
    runs.add_argument(
        "--session", type=int, nargs="+", metavar="N", help="session numbers (default: all)"
    )
    runs.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"where files go (default: {SLIDES_OUT}, build/handouts or {PLANS_OUT})",
    )
    runs.add_argument(
        "--reveal",
        type=Path,
        default=SLIDES_NPM,
        metavar="DIR",
        help="slides: the npm folder holding node_modules/reveal.js (default: the "
        "repository's build/slides-npm, made by `make slides-npm`)",
    )
    runs.add_argument(
        "--start", default=None, metavar="HH:MM", help="plan: when the day starts (default 09:30)"
    )
    runs.add_argument(
        "--workspace", default="demo-programme", help="a workspace folder or shipped dataset"
    )
    runs.add_argument(
        "--team",
        default=None,
        help="the team_id whose charts are shown (default: north for slides, "
        "every team of the workspace for handout)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import nbformat  # here, not at the top: it costs seconds and only this command needs it

    from qiteach.teaching import build_all, lint_notebook, out_of_sync

    root: Path = args.root
    masters = root / "sessions"
    if args.action == "slides":
        return _slides(args, masters)
    if args.action == "handout":
        return _handout(args, masters)
    if args.action == "plan":
        return _plans(args, masters)
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


def _pick_sessions(masters: Path, numbers: list[int] | None) -> list[Path]:
    """The master notebooks named by session number (all of them when ``numbers`` is None)."""
    found = {int(p.name[:2]): p for p in sorted(masters.glob("[0-9][0-9]-*.ipynb"))}
    if not found:
        raise NotebookError(f"{masters}: no master notebooks (NN-topic.ipynb) found")
    missing = [n for n in numbers or [] if n not in found]
    if missing:
        have = ", ".join(str(n) for n in found)
        raise NotebookError(f"--session {missing[0]}: no such session in {masters} (have: {have})")
    return [found[n] for n in numbers] if numbers else list(found.values())


def _slides(args: argparse.Namespace, masters: Path) -> int:
    from qiteach.fileio import write_text_atomic
    from qiteach.teaching.execute import run_trainer_copy
    from qiteach.teaching.reveal_assets import PREFIX, copy_reveal, find_reveal
    from qiteach.teaching.slides import deck_html, prepare_deck

    chosen = _pick_sessions(masters, args.session)
    package = find_reveal(args.reveal)
    out: Path = args.out or SLIDES_OUT
    workspace = str(args.workspace)
    if Path(workspace).exists():  # a folder: the kernel runs elsewhere, so make it absolute
        workspace = str(Path(workspace).resolve())
    params = {"workspace": workspace, "team": args.team or "north"}
    copy_reveal(package, out)
    for master in chosen:
        with tempfile.TemporaryDirectory(prefix="qiteach-slides-") as cwd:
            executed = run_trainer_copy(master, parameters=params, cwd=Path(cwd))
        html = deck_html(prepare_deck(executed), reveal_prefix=PREFIX)
        path = write_text_atomic(out / f"{master.stem}.slides.html", html)
        print(f"wrote {path}")
    print(f"{len(chosen)} deck(s) in {out}: open one in a browser (works offline; S = notes)")
    return 0


def _handout(args: argparse.Namespace, masters: Path) -> int:
    from qiteach.teaching.handout import DEFAULT_OUT, write_handouts

    chosen = _pick_sessions(masters, args.session)
    out: Path = args.out or DEFAULT_OUT
    teams = [args.team] if args.team else None
    for printed in write_handouts(chosen, workspace=args.workspace, teams=teams, out=out):
        print(f"wrote {printed.path} (and {printed.path.with_suffix('.html').name})")
    return 0


def _plans(args: argparse.Namespace, masters: Path) -> int:
    from qiteach.fileio import write_text_atomic
    from qiteach.reports.pdf import PdfPrinter
    from qiteach.teaching.facilitation import (
        DEFAULT_START,
        load_plan,
        parse_minutes_of_day,
        plan_path,
        read_master,
        schedule,
    )
    from qiteach.teaching.facilitation_page import plan_html

    start = args.start or DEFAULT_START
    parse_minutes_of_day(start)  # a bad --start fails before any work
    chosen = _pick_sessions(masters, args.session)
    days = []
    for master_path in chosen:
        master = read_master(master_path)
        source = plan_path(master.session)
        if not source.is_file():
            raise NotebookError(
                f"{source}: no facilitation plan for session {master.session} "
                f"(fix: write {source.name}, e.g. from 01.yaml)"
            )
        days.append(schedule(load_plan(source, master), start))
    out: Path = args.out or PLANS_OUT
    with PdfPrinter() as printer:
        for day in days:
            stem = f"{day.plan.master.name}-plan"
            html = plan_html(day)
            write_text_atomic(out / f"{stem}.html", html)
            printed = printer.print(html, out / f"{stem}.pdf")
            print(f"wrote {printed.path} ({day.start}-{day.end}, {day.minutes} min)")
    print(f"{len(days)} plan(s) in {out}")
    return 0
