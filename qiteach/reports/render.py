"""Executed notebook → one self-contained HTML page without code.

Uses nbconvert's ``lab`` template with every script the page would fetch from
the internet removed (require.js, MathJax, Mermaid, widget managers), code
cells' inputs and prompts hidden, and cells tagged ``remove-cell`` dropped.
Images are already in the notebook as base64 PNGs and stay embedded as
``data:`` URIs, with the ``alt`` text given by
:func:`qiteach.reports.show_figure`. Cell ids are renumbered so that the page
is byte-identical when the notebook's outputs are (papermill gives its
injected cell a random id).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("# North team"),
...     nbformat.v4.new_code_cell("secret_code()", outputs=[
...         nbformat.v4.new_output("stream", name="stdout", text="hello")]),
... ])
>>> page = render_html(nb, title="North")
>>> "<title>North</title>" in page, "secret_code" in page, "hello" in page
(True, False, True)
>>> external_references(page)
[]
>>> external_references('<script src="https://cdn.example/x.js"></script>')
['https://cdn.example/x.js']
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from qiteach.reports.publishing import strip_published

__all__ = ["REMOVE_CELL_TAGS", "external_references", "render_html"]

#: Cells with any of these tags are left out of the HTML altogether.
REMOVE_CELL_TAGS = frozenset({"remove-cell", "injected-parameters", "parameters"})

_TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block extra_css -%}
<style type="text/css">
  main { max-width: 1100px; margin: 0 auto; }
  .jp-RenderedImage img { max-width: 100%; height: auto; }
</style>
{%- endblock extra_css -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="
{%- set alt = (output | get_metadata('alt', 'image/png')) or 'Figure (no description given)' -%}
{{- alt | escape_html -}}
">
</div>
{%- endblock data_png %}
"""


@lru_cache(maxsize=1)
def _exporter() -> Any:
    """One configured exporter per process (building it costs ~0.1 s)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    class ReportExporter(HTMLExporter):
        def _validate_preprocessor(self, nbc: Any, preprocessor: Any) -> None:
            """Not again after each of its 13 preprocessors (a 10th of a page's rendering).

            The notebook came from papermill and our kernel and the preprocessors only
            drop cells and outputs or fill in metadata; the notebook written beside the
            page is validated when it is written (``nbformat.writes``).
            """

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.TagRemovePreprocessor.enabled = True
    exporter = ReportExporter(
        config=config,
        extra_loaders=[DictLoader({"qiteach_report.html.j2": _TEMPLATE})],
        template_file="qiteach_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    return exporter


def render_html(nb: Any, *, title: str) -> str:
    """Render an executed notebook as a self-contained HTML page titled ``title``.

    ``nb`` is not modified.
    """
    # copied down to what changes here (the exporter deep-copies what it is given)
    nb = copy.copy(nb)
    nb.metadata = copy.copy(nb.metadata)
    nb.cells = [copy.copy(cell) for cell in nb.cells]
    strip_published(nb)  # gives each copied cell a new list of outputs
    nb.metadata.pop("widgets", None)
    nb.metadata["title"] = title
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


_FETCHING_TAGS = frozenset({"script", "link", "img", "iframe", "source", "video", "audio"})


class _RefFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            fetched = tag in _FETCHING_TAGS and name in ("src", "href")
            if fetched and value and re.match(r"(?:https?:)?//", value.strip()):
                self.refs.append(value.strip())
            if name == "style" and value:
                self.refs.extend(_CSS_URL.findall(value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs.extend(_CSS_URL.findall(data))


def external_references(html: str) -> list[str]:
    """Every resource the page would fetch from the network when opened.

    Looks at ``src``/``href`` of script, link, img (and other embedded-media)
    tags and at CSS ``url(...)`` and ``@import`` in style blocks. Ordinary
    hyperlinks (``<a href>``) are not fetched and are not listed.
    """
    finder = _RefFinder()
    finder.feed(html)
    finder.close()
    return finder.refs
