"""Pick a worksheet's parts from an executed participant notebook.

:mod:`qiteach.teaching.handout` runs the participant copy for a team; this
module keeps what makes sense on paper:

- the session title and learning objectives (the bullets after
  :data:`~qiteach.teaching.master_text.OBJECTIVES_LEAD` in the first cell);
- every ``## Exercise`` section: its markdown instructions (screen-only
  paragraphs such as "Answer in the form ..." dropped) and what its cells show
  (the statements to sort, the table to work from, the chart to read), then a
  ruled answer box (:mod:`qiteach.teaching.handout_html`). Cells tagged
  :data:`ANSWER_TAG` (a participant's answer and its check: "not answered yet")
  show nothing on paper: the box takes the first one's place, so what the
  notebook shows after the answer (a chart revealing it) stays after the box.
  A form whose questions are not in the exercise text (session 8's ten factors)
  is replaced by its paper version (:mod:`qiteach.teaching.handout_paper`), and a
  cell drawing the answer typed in a form (it reads ``<form>.answer``) shows
  nothing: on paper there is no typed answer, only its "fill in the form" line;
- the charts of the teaching sections, under their heading (image outputs of
  cells that show no widget: forms and explorers need a screen);
- "Key points": the bullets of the wrap-up cell. The wrap-up is the session's
  own summary, written for the end of the session; the teaching cells' bullets
  are definitions and step lists (too long for a list of key points). A session
  whose wrap-up has no bullets falls back to its objectives.

>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("# Session 9 · Tests\\n\\n" + OBJECTIVES_LEAD
...                                   + "\\n- count runs;\\n- read a chart."),
...     nbformat.v4.new_markdown_cell("## Exercise 1: count (5 min)\\n\\nCount the runs."),
...     nbformat.v4.new_markdown_cell("## Wrap-up\\n- Runs matter."),
... ])
>>> sheet = pick(nb)
>>> sheet.title, sheet.objectives, sheet.key_points
('Session 9 · Tests', ('count runs;', 'read a chart.'), ('Runs matter.',))
>>> [(s.heading, s.exercise, s.minutes) for s in sheet.sections]
[('Exercise 1: count (5 min)', True, 5)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat

from qiteach.exceptions import NotebookError
from qiteach.teaching.handout_paper import form_key, paper_form
from qiteach.teaching.master_text import OBJECTIVES_LEAD, WIDGET_MIME, bullets
from qiteach.teaching.master_text import objectives as master_objectives

__all__ = [
    "ANSWER_TAG",
    "OBJECTIVES_LEAD",
    "AnswerBox",
    "Figure",
    "Handout",
    "Section",
    "Shown",
    "bullets",
    "pick",
]

EXERCISE = "## Exercise"
WRAP_UP = "## Wrap-up"
#: Headings whose sections are screen-only (settings, saving to the workspace).
SKIPPED = ("## Your settings", "## Save")
#: Paragraphs that must never reach participants (a trainer note not tagged ``trainer``).
NOT_FOR_PARTICIPANTS = ("**Trainer note", "**Model answer")
#: A paragraph naming the form's button only makes sense on screen ("Answer in the form ...").
SCREEN_ONLY = "**Check my answer**"
#: Tag on the code cells that take the participant's answer (and check it).
ANSWER_TAG = "handout-answer"

_MINUTES = re.compile(r"\((\d+)\s*min\)")
#: A cell that reads the answer typed in a form (``map_form.answer``): screen only.
_FORM_ANSWER = re.compile(r"\b\w+\.answer\b")


@dataclass(frozen=True)
class Figure:
    """One chart the notebook drew: the base64 PNG and the heading it sits under."""

    heading: str
    png: str


@dataclass(frozen=True)
class Shown:
    """A text output an exercise works from: ``kind`` is markdown, html or text."""

    kind: str
    body: str


@dataclass(frozen=True)
class AnswerBox:
    """Where the participant writes (the first answer cell of an exercise)."""


Part = str | Figure | Shown | AnswerBox  # instructions, a chart, an output, the answer box


@dataclass(frozen=True)
class Section:
    """A ``##`` section kept for paper: exercise text and charts, in notebook order."""

    heading: str
    exercise: bool
    parts: tuple[Part, ...] = ()  # instructions, charts and outputs, in notebook order

    @property
    def minutes(self) -> int | None:
        """The time the heading gives, e.g. 10 for ``(10 min)``; None when it gives none."""
        found = _MINUTES.search(self.heading)
        return int(found.group(1)) if found else None

    @property
    def figures(self) -> list[Figure]:
        """The section's charts."""
        return [p for p in self.parts if isinstance(p, Figure)]


@dataclass(frozen=True)
class Handout:
    """What a worksheet holds, picked from one (executed) participant notebook."""

    title: str
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    key_points: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())  # the wrap-up's other paragraphs


def _paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def _for_paper(markdown: str) -> str:
    """``markdown`` without its screen-only paragraphs."""
    return "\n\n".join(
        p
        for p in _paragraphs(markdown)
        if not p.startswith(NOT_FOR_PARTICIPANTS) and SCREEN_ONLY not in p
    )


def _shown(cell: nbformat.NotebookNode, heading: str) -> list[Part]:
    """What a code cell shows, for paper; nothing when it shows a widget or takes an answer.

    >>> cell = nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("stream", text="A: statement"),
    ...     nbformat.v4.new_output("error", ename="E", evalue="x", traceback=[])])
    >>> _shown(cell, "Exercise 1")
    [Shown(kind='text', body='A: statement')]
    >>> cell.source = "mine = my_steps if my_steps is not None else map_form.answer"
    >>> _shown(cell, "Exercise 4")
    []
    """
    outputs = cell.get("outputs", [])
    tags = cell.get("metadata", {}).get("tags", [])
    if ANSWER_TAG in tags:
        return [AnswerBox()]
    if any(WIDGET_MIME in o.get("data", {}) for o in outputs):
        bundles = [o.get("data", {}) for o in outputs]
        drawn = [d["image/png"] for d in bundles if WIDGET_MIME in d and "image/png" in d]
        if drawn:  # the widget's own drawing for paper, in its output (WidgetBase.paper_png)
            return [Figure(heading, png) for png in drawn]
        paper = paper_form(form_key(cell.source))
        return [Shown("html", paper)] if paper else []
    if _FORM_ANSWER.search(cell.source):
        return []
    parts: list[Part] = []
    for out in outputs:
        data = out.get("data", {})
        if "image/png" in data:
            parts.append(Figure(heading, data["image/png"]))
        elif "text/markdown" in data:
            parts.append(Shown("markdown", data["text/markdown"]))
        elif "text/html" in data and "<script" not in data["text/html"].lower():
            parts.append(Shown("html", data["text/html"]))
        elif "text/plain" in data:
            parts.append(Shown("text", data["text/plain"]))
        elif out.get("output_type") == "stream" and out.get("name") != "stderr":
            parts.append(Shown("text", out.get("text", "")))
    return parts


def pick(nb: nbformat.NotebookNode) -> Handout:
    """Pick a worksheet's parts from an executed participant notebook (see module doc)."""
    at = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), None)
    if at is None:
        raise NotebookError("no markdown cell: the first one must hold the session title")
    cells = nb.cells[at:]
    first = cells[0].source
    title = first.splitlines()[0].lstrip("#").strip() if first.strip() else "Session"
    objectives = master_objectives(first)
    sections: list[Section] = []
    heading: str | None = None
    parts: list[Part] = []
    key_points: list[str] = []
    notes: list[str] = []

    def close() -> None:
        if heading is None or heading.startswith((*SKIPPED, WRAP_UP)):
            return
        exercise = heading.startswith(EXERCISE)
        if exercise and AnswerBox() not in parts:
            parts.append(AnswerBox())
        kept = tuple(parts) if exercise else tuple(p for p in parts if isinstance(p, Figure))
        if exercise or kept:
            sections.append(Section(heading[3:].strip(), exercise, kept))

    for cell in cells[1:]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"trainer", "solution", "parameters", "injected-parameters"}:
            continue
        if cell.cell_type == "markdown":
            text = cell.source.strip()
            if text.startswith("## "):
                close()
                heading, parts = text.splitlines()[0], []
                text = text.split("\n", 1)[1] if "\n" in text else ""
                if heading.startswith(WRAP_UP):
                    key_points = bullets(text)
                    notes = [p for p in _paragraphs(text) if not bullets(p.splitlines()[0])]
            if heading is not None and not heading.startswith(WRAP_UP) and _for_paper(text):
                parts.append(_for_paper(text))
        elif cell.cell_type == "code":
            parts += _shown(cell, heading[3:].strip() if heading else title)
    close()
    return Handout(
        title, objectives, tuple(sections), tuple(key_points or objectives), tuple(notes)
    )
