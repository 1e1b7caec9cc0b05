"""Turn a session's trainer notebook into a reveal.js slide deck (``qiteach notebooks slides``).

The masters carry no slide markup; the deck is read off their structure:

- a markdown cell starting ``# `` or ``## `` starts a new **slide**;
- ``trainer`` cells become speaker **notes** (reveal.js's ``S`` key);
- ``solution`` cells are **fragments**, revealed one key press at a time, and so are
  code cells holding a ``### BEGIN SOLUTION`` answer (their output is the check's
  verdict on the model answer, which would give the answer away);
- the ``parameters`` cell (and papermill's injected one) and code cells with no
  output are **skipped**; code inputs are hidden by the exporter (the room sees
  charts and tables, not code);
- any other cell continues its slide, unless it would overflow the 960x700
  canvas (more than :data:`PAGE_LINES` estimated lines) or follows a fragment:
  then it starts a **sub-slide**. A sub-slide rather than a fragment because a
  fragment stays on the same canvas, so a chart below a long text would still
  be cut off; a sub-slide gets a fresh one. And nbconvert puts every cell after
  a fragment inside that fragment, so teaching text after a model answer would
  stay hidden until the answer is revealed.

A cell that already has ``slideshow.slide_type`` metadata keeps it. Widget
outputs (exercise forms, explorers) cannot run in a static page: each cell's
widgets are replaced by one line, :data:`FORM_NOTE`.

Running the notebook is :mod:`qiteach.teaching.execute`'s job; this module only
transforms. The exported page loads reveal.js from ``reveal_prefix`` (a relative path to a
local copy) and nothing else: the ``qiteach_reveal`` template beside this module
drops nbconvert's jQuery, require.js, mermaid and MathJax tags, keeps a chart image
shorter than the canvas, and zooms a slide that is still too tall for the canvas until
it fits (its clipping box grows with the zoom, so nothing is cut off).

>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("# Session 1"),
...     nbformat.v4.new_markdown_cell("Notes", metadata={"tags": ["trainer"]}),
...     nbformat.v4.new_markdown_cell("## Part 1"),
...     nbformat.v4.new_markdown_cell("Answer", metadata={"tags": ["solution"]})])
>>> slide_types(nb)
['slide', 'notes', 'slide', 'fragment']
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import nbformat

from qiteach.teaching.build import BEGIN
from qiteach.teaching.master_text import WIDGET_MIME

__all__ = [
    "FORM_NOTE",
    "PAGE_LINES",
    "WIDGET_MIME",
    "deck_html",
    "prepare_deck",
    "replace_widgets",
    "slide_types",
    "tag_answer_cells",
]

#: What the deck shows in place of an exercise form or other widget.
FORM_NOTE = "*Exercise form: open the notebook*"
#: Estimated lines of 20px text that fit on one slide (960x700, set in :func:`deck_html`).
PAGE_LINES = 18
#: Estimated lines a chart (PNG/SVG output) takes.
IMAGE_LINES = 12
CHARS_PER_LINE = 70
SKIP_TAGS = frozenset({"parameters", "injected-parameters"})
HEADING = re.compile(r"#{1,2} ")
TEMPLATE = "qiteach_reveal"
#: reveal.js's "white" theme: its fonts ship in dist/theme/fonts (nbconvert's default,
#: "simple", and beige, league, night ... @import Google Fonts).
THEME = "white"


def _tags(cell: Mapping[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _text_lines(text: str) -> float:
    """Estimated projected lines of ``text`` (long lines wrap, blank lines are half).

    >>> _text_lines("one\\n\\n" + "x" * 150)
    4.5
    """
    return sum(
        math.ceil(len(ln) / CHARS_PER_LINE) if ln.strip() else 0.5 for ln in text.split("\n")
    )


def _output_lines(output: Mapping[str, Any]) -> float:
    """Estimated lines one output takes on a slide.

    >>> _output_lines({"output_type": "display_data", "data": {"image/png": "iVBOR"}})
    12
    >>> _output_lines({"output_type": "stream", "name": "stdout", "text": "a\\nb"})
    2
    """
    if output.get("output_type") == "stream":
        return _text_lines(str(output.get("text", "")))
    data = output.get("data", {})
    if "image/png" in data or "image/svg+xml" in data:
        return IMAGE_LINES
    if "text/html" in data:
        return max(2, str(data["text/html"]).count("<tr"))
    return _text_lines(str(data.get("text/markdown", data.get("text/plain", ""))))


def _cell_lines(cell: Mapping[str, Any]) -> float:
    if cell["cell_type"] == "code":
        return sum(_output_lines(o) for o in cell.get("outputs", []))
    return _text_lines(cell["source"])


def _rule_type(cell: Mapping[str, Any]) -> str | None:
    """The slide type fixed by a cell's kind and tags, or None when it continues its slide."""
    tags = _tags(cell)
    if tags & SKIP_TAGS:
        return "skip"
    if "trainer" in tags:
        return "notes"
    if cell["cell_type"] == "code" and not cell.get("outputs"):
        return "skip"
    if cell["cell_type"] == "markdown" and HEADING.match(cell["source"]):
        return "slide"
    if "solution" in tags:
        return "fragment"
    return None


def slide_types(nb: nbformat.NotebookNode) -> list[str]:
    """Each cell's reveal.js slide type (see the module docstring for the rules).

    >>> long = "word " * 14 * 20
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## A"), nbformat.v4.new_markdown_cell(long),
    ...     nbformat.v4.new_markdown_cell("Mine", metadata={"slideshow": {"slide_type": "skip"}})])
    >>> slide_types(nb)
    ['slide', 'subslide', 'skip']
    """
    types: list[str] = []
    used = 0.0  # estimated lines on the current (sub-)slide
    after_fragment = False
    for cell in nb.cells:
        explicit = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        kind = explicit or _rule_type(cell)
        lines = _cell_lines(cell)
        if kind is None:
            kind = "subslide" if after_fragment or (used and used + lines > PAGE_LINES) else "-"
        if kind in ("slide", "subslide"):
            used, after_fragment = 0.0, False
        if kind not in ("notes", "skip"):
            used += lines
            after_fragment = after_fragment or kind == "fragment"
        types.append(kind)
    return types


def replace_widgets(cell: nbformat.NotebookNode) -> None:
    """Replace a code cell's widget outputs by one :data:`FORM_NOTE` output (in place).

    >>> cell = nbformat.v4.new_code_cell("form()", outputs=[
    ...     nbformat.v4.new_output("display_data", {WIDGET_MIME: {"model_id": "1"},
    ...                                             "text/plain": "VBox()"}),
    ...     nbformat.v4.new_output("stream", text="saved")])
    >>> replace_widgets(cell)
    >>> [o.get("data", {}).get("text/markdown", o.get("text")) for o in cell.outputs]
    ['*Exercise form: open the notebook*', 'saved']
    """
    kept: list[Any] = []
    noted = False
    for output in cell.get("outputs", []):
        if WIDGET_MIME not in output.get("data", {}):
            kept.append(output)
        elif not noted:
            data = {"text/markdown": FORM_NOTE, "text/plain": FORM_NOTE.strip("*")}
            kept.append(nbformat.v4.new_output("display_data", data))
            noted = True
    cell.outputs = kept


def prepare_deck(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed notebook with widgets replaced and every cell's slide type set."""
    deck = copy.deepcopy(nb)
    deck.metadata.pop("widgets", None)
    for cell in deck.cells:
        if cell.cell_type == "code":
            replace_widgets(cell)
    for cell, kind in zip(deck.cells, slide_types(deck), strict=True):
        show = dict(cell.metadata.get("slideshow", {}), slide_type=kind)
        cell.metadata["slideshow"] = nbformat.from_dict(show)
    return deck


def tag_answer_cells(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``master`` with code cells holding an answer tagged ``solution``.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
    ...     nbformat.v4.new_code_cell(f"{BEGIN}\\nx = 2\\n### END SOLUTION\\ncheck(x)")])
    >>> [c.metadata.get("tags") for c in tag_answer_cells(nb).cells]
    [None, ['solution']]
    """
    nb = copy.deepcopy(master)
    for cell in nb.cells:
        if cell.cell_type == "code" and BEGIN in cell.source:
            tags = cell.metadata.setdefault("tags", [])
            if "solution" not in tags:
                tags.append("solution")
    return nb


def deck_html(nb: nbformat.NotebookNode, *, reveal_prefix: str) -> str:
    """Export a notebook (after :func:`prepare_deck`) as a reveal.js page."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_template_basedirs=[str(files("qiteach.teaching") / "templates")],
        template_name=TEMPLATE,
        reveal_url_prefix=reveal_prefix,
        reveal_theme=THEME,
        reveal_width="960",
        reveal_height="700",
        reveal_number="c/t",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body
