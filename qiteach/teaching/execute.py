"""Run a session's trainer copy, built in memory from its master, with papermill.

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

__all__ = ["run_trainer_copy"]


def run_trainer_copy(
    master: Path, *, parameters: Mapping[str, Any], cwd: Path, kernel_name: str = "python3"
) -> nbformat.NotebookNode:
    """Build the trainer copy of ``master`` in memory and run it with ``parameters``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        master_nb = tag_answer_cells(nbformat.read(master, as_version=4))
        trainer = make_version(master_nb, "trainer")
    except NotebookError as exc:
        raise NotebookError(f"{master}: {exc}") from None
    except Exception as exc:  # nbformat raises several unrelated types
        raise NotebookError(f"{master}: not a readable notebook ({exc})") from None
    try:
        executed = papermill.execute_notebook(
            trainer,
            None,
            parameters=dict(parameters),
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(cwd),
        )
    except PapermillExecutionError as exc:
        raise NotebookError(
            f"{master.name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
            " (fix: check --workspace and --team, or run the notebook to see the error)"
        ) from None
    return nbformat.from_dict(executed)
