"""Build participant and trainer notebooks from a master notebook.

Conventions in a master (``notebooks/sessions/NN-topic.ipynb``):

- A code cell may hold an answer between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``. Lines starting ``### PARTICIPANT:`` give what the
  participant sees instead (usually ``my_answer = None  # ...``) so their copy
  still runs: self-check functions treat ``None`` as "not answered yet".
- Cells tagged ``solution`` (worked answers, model answers) and ``trainer``
  (trainer notes, timings, facilitation tips) are dropped from the participant
  version and kept in the trainer version.

The participant version keeps the PARTICIPANT lines and drops solutions; the
trainer version keeps solutions and drops the PARTICIPANT lines. The trainer copy
written to ``notebooks/trainer/`` (:func:`trainer_copy`) also has its notes and
answers collapsed so it can be projected (:mod:`qiteach.teaching.collapse`). Both drop the
marker lines, carry no outputs, and are written with a fixed JSON layout so a
rebuild of an unchanged master is byte-identical.

>>> src = ("x = 1\\n### BEGIN SOLUTION\\nanswer = 42\\n### END SOLUTION\\n"
...        "### PARTICIPANT: answer = None")
>>> print(transform_source(src, "participant"))
x = 1
answer = None
>>> print(transform_source(src, "trainer"))
x = 1
answer = 42
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Literal

import nbformat

from qiteach.exceptions import NotebookError
from qiteach.fileio import write_text_atomic
from qiteach.teaching.collapse import collapse_answers

__all__ = [
    "VERSIONS",
    "build_all",
    "dumps_notebook",
    "make_version",
    "out_of_sync",
    "trainer_copy",
    "transform_source",
]

Version = Literal["participant", "trainer"]
VERSIONS: tuple[Version, ...] = ("participant", "trainer")

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
PARTICIPANT = "### PARTICIPANT:"
HIDDEN_TAGS: dict[Version, frozenset[str]] = {
    "participant": frozenset({"solution", "trainer"}),
    "trainer": frozenset(),
}


def transform_source(source: str, version: Version) -> str:
    """Rewrite one code cell's source for ``version``.

    Raises :class:`NotebookError` on unbalanced markers.

    >>> transform_source("### BEGIN SOLUTION\\nx = 1", "trainer")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.NotebookError: ### BEGIN SOLUTION without ### END SOLUTION
    """
    out: list[str] = []
    in_solution = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            if in_solution:
                raise NotebookError(f"nested {BEGIN}")
            in_solution = True
            continue
        if stripped == END:
            if not in_solution:
                raise NotebookError(f"{END} without {BEGIN}")
            in_solution = False
            continue
        if stripped.startswith(PARTICIPANT):
            if version == "participant":
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + stripped[len(PARTICIPANT) :].lstrip())
            continue
        if in_solution and version == "participant":
            continue
        out.append(line)
    if in_solution:
        raise NotebookError(f"{BEGIN} without {END}")
    return "\n".join(out)


def make_version(master: nbformat.NotebookNode, version: Version) -> nbformat.NotebookNode:
    """Return the ``version`` of a master notebook (the master is not changed).

    >>> master = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("x = 1"),
    ...     nbformat.v4.new_markdown_cell("Answer: 42", metadata={"tags": ["solution"]})])
    >>> [c.source for c in make_version(master, "participant").cells]
    ['x = 1']
    >>> len(make_version(master, "trainer").cells), len(master.cells)
    (2, 2)
    """
    if version not in VERSIONS:
        raise NotebookError(f"unknown version {version!r}; use one of {', '.join(VERSIONS)}")
    nb = copy.deepcopy(master)
    hidden = HIDDEN_TAGS[version]
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & hidden:
            continue
        if cell.cell_type == "code":
            cell.source = transform_source(cell.source, version)
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata["qiteach"] = {"version": version, "generated": True}
    return nb


def trainer_copy(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The trainer version as written to ``notebooks/trainer/``: notes and answers folded.

    >>> master = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell(f"{BEGIN}\\nx = 2\\n{END}\\ncheck(x)"),
    ...     nbformat.v4.new_markdown_cell("Answer: 2", metadata={"tags": ["solution"]})])
    >>> for cell in trainer_copy(master).cells:
    ...     print(repr(cell.source))
    '# Answer code (click to show)\\nx = 2\\ncheck(x)'
    '<details>\\n<summary>Answer (click to show)</summary>\\n\\nAnswer: 2\\n\\n</details>'
    """
    answer_code = {
        i for i, c in enumerate(master.cells) if c.cell_type == "code" and BEGIN in c.source
    }
    return collapse_answers(make_version(master, "trainer"), answer_code=answer_code)


def dumps_notebook(nb: nbformat.NotebookNode) -> str:
    """Serialise a notebook deterministically (sorted keys, one-space indent).

    >>> text = dumps_notebook(nbformat.v4.new_notebook())
    >>> text.splitlines()[:2], text == dumps_notebook(nbformat.reads(text, as_version=4))
    (['{', ' "cells": [],'], True)
    """
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _targets(masters_dir: Path, out_root: Path) -> dict[Path, str]:
    """Map each generated path to the text it should hold."""
    masters = sorted(masters_dir.glob("*.ipynb"))
    if not masters:
        raise NotebookError(f"{masters_dir}: no master notebooks (*.ipynb) found")
    wanted: dict[Path, str] = {}
    for path in masters:
        try:
            master = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several unrelated types
            raise NotebookError(f"{path}: not a readable notebook ({exc})") from None
        for version in VERSIONS:
            try:
                nb = trainer_copy(master) if version == "trainer" else make_version(master, version)
                text = dumps_notebook(nb)
            except NotebookError as exc:
                raise NotebookError(f"{path}: {exc}") from None
            wanted[out_root / version / path.name] = text
    return wanted


def build_all(masters_dir: Path | str, out_root: Path | str) -> list[Path]:
    """Write participant and trainer versions of every master; return the paths written."""
    wanted = _targets(Path(masters_dir), Path(out_root))
    for path, text in wanted.items():
        write_text_atomic(path, text)
    return sorted(wanted)


def out_of_sync(masters_dir: Path | str, out_root: Path | str) -> list[str]:
    """Describe every generated notebook that is missing, stale or orphaned."""
    out_root = Path(out_root)
    wanted = _targets(Path(masters_dir), out_root)
    problems = []
    for path, text in sorted(wanted.items()):
        if not path.exists():
            problems.append(f"{path}: missing (run `qiteach notebooks build`)")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: out of date with its master (run `qiteach notebooks build`)")
    for version in VERSIONS:
        for path in sorted((out_root / version).glob("*.ipynb")):
            if path not in wanted:
                problems.append(f"{path}: has no master in notebooks/sessions (delete it)")
    return problems
