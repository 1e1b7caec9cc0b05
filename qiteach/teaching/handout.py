"""Printable A4 worksheets: ``qiteach notebooks handout``.

For participants without a laptop in the session. For each session and team:

1. the PARTICIPANT copy of the master is built in memory
   (:func:`qiteach.teaching.build.make_version`: no solution or trainer cell is
   ever run or read) and executed for the team with papermill parameters
   (``workspace``, ``team``);
2. :func:`qiteach.teaching.handout_pick.pick` keeps the title, objectives,
   exercises, charts and key points;
3. :func:`qiteach.teaching.handout_html.page_html` lays them out for A4, and the
   page is written as ``NN-topic-TEAM.html`` and printed to ``NN-topic-TEAM.pdf``
   with :class:`qiteach.reports.pdf.PdfPrinter` (offline, page n of N footer).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import nbformat

from qiteach.exceptions import NotebookError
from qiteach.reports.pdf import PdfPrinter, Printed
from qiteach.teaching.build import BEGIN, PARTICIPANT, make_version
from qiteach.teaching.execute import run_notebook
from qiteach.teaching.handout_pick import ANSWER_TAG, pick

__all__ = ["DEFAULT_OUT", "execute_participant", "write_handouts"]

#: Run before the notebook: charts at 200 dpi, so their lettering stays sharp at A4 width.
PRINT_SETUP = '%config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 200}'

#: Where ``qiteach notebooks handout`` writes, relative to the current folder.
DEFAULT_OUT = Path("build/handouts")


def _tag_answers(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Tag the cells holding an answer (solution markers) with :data:`ANSWER_TAG`."""
    for cell in master.cells:
        if cell.cell_type == "code" and (BEGIN in cell.source or PARTICIPANT in cell.source):
            tags = cell.metadata.setdefault("tags", [])
            if ANSWER_TAG not in tags:
                tags.append(ANSWER_TAG)
    return master


def execute_participant(master: Path, *, workspace: str, team: str) -> nbformat.NotebookNode:
    """Run the participant copy of ``master`` for ``team`` (papermill parameters); return it.

    A failing cell raises :class:`NotebookError` naming the notebook, team, cell and error
    (:func:`qiteach.teaching.execute.run_notebook`).
    """
    try:
        nb = make_version(_tag_answers(nbformat.read(master, as_version=4)), "participant")
    except NotebookError as exc:
        raise NotebookError(f"{master}: {exc}") from None
    except Exception as exc:  # nbformat raises several unrelated types
        raise NotebookError(f"{master}: not a readable notebook ({exc})") from None
    nb.cells.insert(0, nbformat.v4.new_code_cell(PRINT_SETUP))
    with tempfile.TemporaryDirectory(prefix="qiteach-handout-") as cwd:
        return run_notebook(
            nb,
            name=f"{master.name} for team {team}",
            parameters={"workspace": workspace, "team": team},
            cwd=Path(cwd),
        )


def write_handouts(
    masters: Sequence[Path], *, workspace: str, teams: Sequence[str] | None, out: Path
) -> list[Printed]:
    """Build, write (HTML) and print (PDF) each master's worksheet for each team.

    Files are ``out/NN-topic-TEAM.html`` and ``.pdf``; ``teams`` None means every
    team of the workspace. Returns what was printed (path, footer, blocked requests).
    """
    import qiteach
    from qiteach.fileio import write_text_atomic
    from qiteach.reports.html import REPORT_CSS
    from qiteach.reports.sections_common import banner
    from qiteach.teaching.handout_html import TeamFacts, page_html

    programme = qiteach.open_workspace(workspace)
    chosen = [programme.team(t) for t in (teams or programme.team_ids)]  # unknown: one line
    wanted = str(Path(workspace).resolve()) if Path(workspace).exists() else workspace
    banner_text = re.sub(r"<[^>]+>", "", banner(programme)[len(REPORT_CSS) :]).strip()
    written: list[Printed] = []
    with PdfPrinter() as printer:
        for master in masters:
            for team in chosen:
                sheet = pick(execute_participant(master, workspace=wanted, team=team.team_id))
                facts = TeamFacts(
                    team.team_id,
                    str(team.info.get("team_name") or ""),
                    str(team.info.get("practices") or ""),
                    str(team.info.get("project_title") or ""),
                    str(team.info.get("aim") or ""),
                    programme.name,
                    banner_text,
                )
                html = page_html(sheet, facts)
                stem = out / f"{master.stem}-{team.team_id}"
                write_text_atomic(stem.with_suffix(".html"), html)
                written.append(printer.print(html, stem.with_suffix(".pdf")))
    return written
