"""Run a session's trainer or participant copy, built in memory from its master, with papermill.

:func:`run_notebook` runs any in-memory notebook (a copy made by
:func:`qiteach.teaching.build.make_version`): ``qiteach notebooks handout`` runs
participant copies with it (:mod:`qiteach.teaching.handout`).

Used by ``qiteach notebooks slides``: the master is read, its answer cells tagged
(:func:`qiteach.teaching.slides.tag_answer_cells`), the trainer version made
(:func:`qiteach.teaching.build.make_version`) and executed with the ``workspace``
and ``team`` parameters injected after the cell tagged ``parameters``. A failing
cell is one line naming the notebook, the cell and the error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from qiteach.exceptions import NotebookError
from qiteach.teaching.build import make_version
from qiteach.teaching.slides import tag_answer_cells

__all__ = ["run_notebook", "run_trainer_copy"]


def run_trainer_copy(
    master: Path, *, parameters: Mapping[str, Any], cwd: Path, kernel_name: str = "python3"
) -> nbformat.NotebookNode:
    """Build the trainer copy of ``master`` in memory and run it with ``parameters``."""
    try:
        master_nb = tag_answer_cells(nbformat.read(master, as_version=4))
        trainer = make_version(master_nb, "trainer")
    except NotebookError as exc:
        raise NotebookError(f"{master}: {exc}") from None
    except Exception as exc:  # nbformat raises several unrelated types
        raise NotebookError(f"{master}: not a readable notebook ({exc})") from None
    return run_notebook(
        trainer, name=master.name, parameters=parameters, cwd=cwd, kernel_name=kernel_name
    )


def run_notebook(
    nb: nbformat.NotebookNode,
    *,
    name: str,
    parameters: Mapping[str, Any],
    cwd: Path,
    kernel_name: str = "python3",
) -> nbformat.NotebookNode:
    """Run ``nb`` (not changed) with ``parameters``; a failing cell is one line naming ``name``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from qiteach.reports.engine import FRESH, register_engines

    register_engines()  # a kernel per notebook, on Unix sockets (no TCP, no warning)
    try:
        executed = papermill.execute_notebook(
            nb,
            None,
            parameters=dict(parameters),
            engine_name=FRESH,
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(cwd),
        )
    except PapermillExecutionError as exc:
        raise NotebookError(
            f"{name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
            " (fix: check --workspace and --team, or run the notebook to see the error)"
        ) from None
    return nbformat.from_dict(executed)
