"""A trainer copy's model-answer code keeps its verdict folded away, even after Run All.

The trainer copy (``notebooks/trainer/``, built by :mod:`qiteach.teaching.collapse`) opens
each answer code cell with one generated line, e.g. ``# Exercise 4: answer code (click to
show)``, and JupyterLab shows only that line. But running a cell shows its output, and the
output of an answer cell is the check's verdict on the model answer, which quotes it. So a
trainer who runs the notebook with the projector on would show every answer at once.

This module is an IPython input transformer: a cell whose first line is such a label runs
the rest of its code as usual (same names defined, same errors raised), with its output
caught in a folded panel titled ``Exercise 4: what the check says about the model answer
(click to show)``. One click opens one panel: answers come one at a time. Any other cell is
left exactly as it is. Each session's first cell calls :func:`install`, and the hub's and
the project's kernels also load it at start (``%load_ext qiteach.exercises.reveal``; see
:mod:`qiteach.hub.kernel_setup`).

>>> transform(["x = 1\\n"])
['x = 1\\n']
>>> out = transform(["# Exercise 4: answer code (click to show)\\n", "check(2)\\n"])
>>> out[0].startswith("__import__('qiteach.exercises.reveal'")
True
>>> summary("# Exercise 4: answer code (click to show)")
'Exercise 4: what the check says about the model answer (click to show)'
>>> summary("# Answer code (click to show)")
'What the check says about the model answer (click to show)'
>>> summary("x = 1") is None
True
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "ANSWER_CODE",
    "CLICK",
    "install",
    "load_ipython_extension",
    "run_folded",
    "summary",
    "transform",
]

#: What each folded cell's (and panel's) visible line ends with.
CLICK = "(click to show)"
#: What an answer code cell's label calls it (qiteach.teaching.collapse.label writes it).
ANSWER_CODE = "answer code"

_ANSWER_LINE = re.compile(
    rf"^# (?:(?P<where>.+): )?[{ANSWER_CODE[0].upper()}{ANSWER_CODE[0]}]{ANSWER_CODE[1:]}"
    rf" {re.escape(CLICK)}\s*$"
)


def summary(first_line: str) -> str | None:
    """The folded panel's title for an answer cell's label line, or None for any other line."""
    found = _ANSWER_LINE.match(first_line)
    if found is None:
        return None
    where = found.group("where")
    what = f"what the check says about the model answer {CLICK}"
    return f"{where}: {what}" if where else what[:1].upper() + what[1:]


def transform(lines: list[str]) -> list[str]:
    """IPython's cleanup transformer: fold an answer cell's output, leave other cells alone."""
    title = summary(lines[0].rstrip("\n")) if lines else None
    if title is None:
        return lines
    body = "".join(lines[1:])
    call = "__import__('qiteach.exercises.reveal', fromlist=['run_folded']).run_folded"
    return [f"{call}({title!r}, {body!r})\n"]


def run_folded(title: str, code: str, shell: Any = None) -> None:
    """Run ``code`` in the notebook with its output inside one folded panel; re-raise its error."""
    import ipywidgets as widgets
    from IPython import get_ipython
    from IPython.display import display

    shell = shell or get_ipython()
    panel = widgets.Output()
    folded = widgets.Accordion(children=[panel], titles=(title,), selected_index=None)
    display(folded)
    with panel:
        result = shell.run_cell(code, store_history=False)
    result.raise_error()


def install(shell: Any = None) -> bool:
    """Add the transformer to ``shell`` (the running IPython's by default); False outside IPython.

    Each session's first cell calls it, so the fold holds in any kernel, also one started
    without the project's kernel config (a conda or pip install) and after a restart, since
    Run All runs that cell before any answer cell. Calling it again is harmless.

    >>> install()  # plain Python, no IPython shell
    False
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return False
    steps = shell.input_transformers_cleanup
    if transform not in steps:
        steps.append(transform)
    return True


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext qiteach.exercises.reveal`` (the kernels' config does it)."""
    install(ipython)
