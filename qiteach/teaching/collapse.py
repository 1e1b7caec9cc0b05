"""Collapse a trainer copy's notes and answers so it can be projected.

In the trainer copy (``notebooks/trainer/``) every cell the room should not see
until the trainer chooses is collapsed with JupyterLab's own metadata
(``"jupyter": {"source_hidden": true}``; answer code cells also get
``"outputs_hidden": true``, because their output is the check's verdict on the
model answer and quotes it):

- cells tagged ``trainer`` (trainer notes);
- cells tagged ``solution`` (model answers, worked answers, discussions);
- code cells that held a ``### BEGIN SOLUTION`` answer in the master.

JupyterLab 4 shows a collapsed cell as a bar holding the *first line* of its
source (then an ellipsis), and a click on the bar shows the cell. So each
collapsed cell gets a generated first line, :func:`label` (a comment line in a
code cell, which keeps the trainer copy's code equal to its master's less
comment lines), and the note's own first line stays hidden. Each cell opens
with its own click, so answers are revealed one at a time.

>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("**Trainer notes.** Allow 10 minutes.",
...                                   metadata={"tags": ["trainer"]}),
...     nbformat.v4.new_markdown_cell("## Exercise 2: sort (5 min)"),
...     nbformat.v4.new_code_cell("kinds = {1: 'aim'}\\ncheck(kinds)"),
...     nbformat.v4.new_markdown_cell("**Model answer.** 1 is an aim.",
...                                   metadata={"tags": ["solution"]})])
>>> out = collapse_answers(nb, answer_code={2})
>>> print(*[c.source.split("\\n")[0] for c in out.cells], sep="\\n")
Trainer notes (click to show)
## Exercise 2: sort (5 min)
# Exercise 2: answer code (click to show)
Exercise 2: model answer (click to show)
>>> print(*[c.metadata.get("jupyter") for c in out.cells], sep="\\n")
{'source_hidden': True}
None
{'source_hidden': True, 'outputs_hidden': True}
{'source_hidden': True}
>>> collapsed_cells(out)
[0, 2, 3]
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection

import nbformat

__all__ = [
    "CLICK",
    "COLLAPSED_TAGS",
    "collapse_answers",
    "collapsed_cells",
    "label",
    "section_name",
]

#: Tags of the cells collapsed in the trainer copy.
COLLAPSED_TAGS = frozenset({"trainer", "solution"})
#: What each collapsed cell's visible line ends with.
CLICK = "(click to show)"

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
        what = "answer code"
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
        cell.source = f"{line}\n{cell.source}" if code else f"{line}\n\n{cell.source}"
        hidden = {"source_hidden": True}
        if code:
            hidden["outputs_hidden"] = True
        cell.metadata["jupyter"] = hidden
    return nb


def collapsed_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of the cells JupyterLab shows collapsed (input hidden)."""
    return [
        i
        for i, c in enumerate(nb.cells)
        if c.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    ]
