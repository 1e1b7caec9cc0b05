"""Fold a trainer copy's notes and answers so it can be projected, even after Run All.

In the trainer copy (``notebooks/trainer/``) every cell the room should not see until the
trainer chooses is folded under a generated one-line label (:func:`label`), and each opens
with its own click, so answers are revealed one at a time:

- cells tagged ``trainer`` (trainer notes) and ``solution`` (model answers, worked answers,
  discussions) are markdown: their text goes inside an HTML ``<details>`` element whose
  ``<summary>`` is the label. JupyterLab (and Notebook 7) unhide a markdown cell's hidden
  input whenever the cell is run, so JupyterLab's own "source hidden" flag would show every
  note after Run All; a ``<details>`` element renders folded each time, in JupyterLab, the
  classic Notebook and exported HTML alike.
- code cells that held a ``### BEGIN SOLUTION`` answer in the master keep JupyterLab's
  ``"jupyter": {"source_hidden": true, "outputs_hidden": true}`` (running a code cell does
  not unhide its code), and their first line becomes a comment label. Running one would
  still show its output, the check's verdict that quotes the model answer, so
  :mod:`qiteach.exercises.reveal` folds the output of any cell opening with such a label.
  Each session's first cell installs it (``reveal.install()``, so the fold holds in any
  kernel, after a restart too, since Run All runs that cell first), and the kernels ``make``
  and the hub set up load it at start as well. The label is a comment, so the trainer copy's
  code equals its master's, less comment lines (tests/test_notebooks.py checks it), and the
  answer's names stay defined for later cells.

>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("**Trainer notes.** Allow 10 minutes.",
...                                   metadata={"tags": ["trainer"]}),
...     nbformat.v4.new_markdown_cell("## Exercise 2: sort (5 min)"),
...     nbformat.v4.new_code_cell("kinds = {1: 'aim'}\\ncheck(kinds)"),
...     nbformat.v4.new_markdown_cell("**Model answer.** 1 is an aim.",
...                                   metadata={"tags": ["solution"]})])
>>> out = collapse_answers(nb, answer_code={2})
>>> print(*[folded_label(c) for c in out.cells], sep="\\n")
Trainer notes (click to show)
None
# Exercise 2: answer code (click to show)
Exercise 2: model answer (click to show)
>>> print(out.cells[3].source)
<details>
<summary>Exercise 2: model answer (click to show)</summary>
<BLANKLINE>
**Model answer.** 1 is an aim.
<BLANKLINE>
</details>
>>> print(*[c.metadata.get("jupyter") for c in out.cells], sep="\\n")
None
None
{'source_hidden': True, 'outputs_hidden': True}
None
>>> collapsed_cells(out)
[0, 2, 3]
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection

import nbformat

from qiteach.exercises.reveal import ANSWER_CODE, CLICK

__all__ = [
    "CLICK",
    "COLLAPSED_TAGS",
    "collapse_answers",
    "collapsed_cells",
    "fold_markdown",
    "folded_label",
    "folded_text",
    "label",
    "section_name",
]

#: Tags of the cells collapsed in the trainer copy.
COLLAPSED_TAGS = frozenset({"trainer", "solution"})
_DETAILS = re.compile(
    r"\A<details>\n<summary>(?P<label>[^<\n]+)</summary>\n\n(?P<text>.*)\n\n</details>\Z", re.S
)

_LEAD = re.compile(r"^\*\*(?P<lead>[^*\n]+?)[.:]?\*\*")
_EXERCISE = re.compile(r"^(?P<name>Exercise\s+\d+)\b")
_NUMBER = re.compile(r"^\d+\.\s+")
_MINUTES = re.compile(r"\s*\(\d+\s*min\)\s*$")


def section_name(heading: str) -> str:
    """How a label names the ``## `` section a cell is in: the exercise, or the section's title.

    >>> section_name("## Exercise 2: aim, measure or change idea? (15 min)")
    'Exercise 2'
    >>> section_name("## 4. Spreading (5 min)\\n\\nSpread takes ...")
    'Spreading'
    """
    title = heading.split("\n", 1)[0].removeprefix("##").strip()
    found = _EXERCISE.match(title)
    if found:
        return found.group("name")
    return _MINUTES.sub("", _NUMBER.sub("", title))


def _lead(source: str, fallback: str) -> str:
    """The bold words a note or answer opens with (``**Model answer.**`` -> Model answer).

    >>> _lead("**Trainer notes - close.** Collect ...", "Trainer notes")
    'Trainer notes - close'
    >>> _lead("Untagged words", "Answer")
    'Answer'
    """
    found = _LEAD.match(source.strip())
    return found.group("lead").strip() if found else fallback


def label(cell: nbformat.NotebookNode, *, exercise: str | None, code: bool = False) -> str:
    """The one line a collapsed cell shows: what it is, the exercise (or section) it
    answers (see :func:`section_name`), and the click.

    >>> cell = nbformat.v4.new_markdown_cell("**Worked answer.** Add them up.")
    >>> label(cell, exercise="Exercise 2")
    'Exercise 2: worked answer (click to show)'
    >>> label(cell, exercise=None)
    'Worked answer (click to show)'
    >>> label(nbformat.v4.new_code_cell("x = 1"), exercise="Exercise 1", code=True)
    '# Exercise 1: answer code (click to show)'
    """
    tags = set(cell.get("metadata", {}).get("tags", []))
    if code:
        what = ANSWER_CODE
    elif "trainer" in tags:
        what = _lead(cell.source, "Trainer notes")
        exercise = None  # a note is about running the session, not one exercise's answer
    else:
        what = _lead(cell.source, "Answer")
    text = f"{exercise}: {what[:1].lower()}{what[1:]}" if exercise else what[:1].upper() + what[1:]
    return f"{'# ' if code else ''}{text} {CLICK}"


def collapse_answers(
    trainer: nbformat.NotebookNode, *, answer_code: Collection[int] = ()
) -> nbformat.NotebookNode:
    """A copy of ``trainer`` with its notes and answers collapsed under a generated label.

    ``answer_code`` holds the indexes of the code cells that held an answer in the master
    (the trainer copy no longer shows the markers).
    """
    nb = copy.deepcopy(trainer)
    exercise: str | None = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            exercise = section_name(cell.source)
        tags = set(cell.get("metadata", {}).get("tags", []))
        is_code_answer = cell.cell_type == "code" and i in answer_code
        if not (tags & COLLAPSED_TAGS or is_code_answer):
            continue
        code = cell.cell_type == "code"
        line = label(cell, exercise=exercise, code=code)
        if code:
            cell.source = f"{line}\n{cell.source}"
            cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        else:
            cell.source = fold_markdown(line, cell.source)
    return nb


def fold_markdown(line: str, text: str) -> str:
    """Markdown ``text`` folded under ``line`` (an HTML ``<details>``; the markdown inside renders).

    >>> folded = fold_markdown("Trainer notes (click to show)", "**Note.** Ten minutes.")
    >>> folded_label(nbformat.v4.new_markdown_cell(folded))
    'Trainer notes (click to show)'
    """
    return f"<details>\n<summary>{line}</summary>\n\n{text}\n\n</details>"


def folded_text(cell: nbformat.NotebookNode) -> str | None:
    """The note or answer inside a folded markdown cell (None if the cell is not folded)."""
    found = _DETAILS.match(cell.source) if cell.cell_type == "markdown" else None
    return found.group("text") if found else None


def folded_label(cell: nbformat.NotebookNode) -> str | None:
    """The one line a folded cell shows (None for a cell that is not folded).

    A code cell counts only while JupyterLab keeps its code hidden and its first line is a
    label; a markdown cell while its text is inside ``<details>`` under a label.
    """
    if cell.cell_type == "markdown":
        found = _DETAILS.match(cell.source)
        line = found.group("label") if found else None
    elif cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
        line = cell.source.split("\n", 1)[0]
    else:
        line = None
    return line if line is not None and line.endswith(CLICK) else None


def collapsed_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of the cells folded under a label (see :func:`folded_label`)."""
    return [i for i, c in enumerate(nb.cells) if folded_label(c) is not None]
