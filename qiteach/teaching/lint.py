"""House rules every notebook in ``notebooks/`` must keep.

- the first code cell is tagged ``parameters`` (papermill and participants
  switch workspace and team there);
- no outputs or execution counts are committed;
- no data is read by a relative path: data comes through the library
  (``qiteach.load_dataset`` / ``qiteach.open_workspace``) so notebooks run from
  any folder and under papermill;
- report notebooks use no widgets (they must render offline as static HTML);
- in a trainer copy, every trainer note and answer (cells tagged ``trainer`` or
  ``solution``) is collapsed under its one-line label
  (:mod:`qiteach.teaching.collapse`), so the copy can be projected: JupyterLab saves a
  cell a trainer opened as shown, and the bar of a cell without the label would show
  the note's own first line.

>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [nbformat.v4.new_code_cell("team = 'north'")]
>>> lint_notebook(nb, name="s.ipynb")
["s.ipynb: cell 1: the first code cell must be tagged 'parameters'"]
>>> nb.cells[0].metadata["tags"] = ["parameters"]
>>> nb.cells.append(nbformat.v4.new_code_cell("df = pd.read_csv('../datasets/dna.csv')"))
>>> print(*lint_notebook(nb, name="s.ipynb"))
s.ipynb: cell 2: reads data by a relative path '../datasets/dna.csv'; use
qiteach.load_dataset(...) or the workspace parameter
>>> nb.cells[1].source = "x = 1"
>>> nb.cells.append(nbformat.v4.new_markdown_cell("Tip", metadata={"tags": ["trainer"]}))
>>> nb.metadata["qiteach"] = {"version": "trainer", "generated": True}
>>> print(*lint_notebook(nb, name="s.ipynb"))
s.ipynb: cell 3: a trainer note or answer is shown in the trainer copy; run `qiteach
notebooks build` to collapse it again
"""

from __future__ import annotations

import re

import nbformat

from qiteach.exercises.reveal import summary
from qiteach.teaching.collapse import COLLAPSED_TAGS, folded_label

__all__ = ["lint_notebook"]

_STRING = re.compile(r"""(?P<q>['"])(?P<s>[^'"\n]*)(?P=q)""")
_DATA_EXT = re.compile(r"\.(csv|tsv|xlsx|xls|json|ya?ml|parquet|txt|ipynb)$", re.IGNORECASE)
_WIDGETS = re.compile(r"\b(ipywidgets|qiteach\.widgets)\b|from qiteach import widgets")


def _relative_paths(source: str) -> list[str]:
    found = []
    for match in _STRING.finditer(source):
        text = match.group("s").strip()
        if not text or text.startswith(("/", "http://", "https://")):
            continue
        if text.startswith(("./", "../", "datasets/", "notebooks/")) or (
            _DATA_EXT.search(text) and " " not in text
        ):
            found.append(text)
    return found


def lint_notebook(nb: nbformat.NotebookNode, *, name: str, report: bool = False) -> list[str]:
    """Return one message per broken house rule (empty when the notebook is clean)."""
    problems: list[str] = []
    code_cells = [(i, c) for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]
    if not code_cells:
        return [f"{name}: has no code cells"]
    first_i, first = code_cells[0]
    if "parameters" not in first.get("metadata", {}).get("tags", []):
        problems.append(f"{name}: cell {first_i}: the first code cell must be tagged 'parameters'")
    for i, cell in code_cells:
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{name}: cell {i}: outputs are committed (strip them)")
        for path in _relative_paths(cell.source):
            problems.append(
                f"{name}: cell {i}: reads data by a relative path {path!r}; "
                "use qiteach.load_dataset(...) or the workspace parameter"
            )
        if report and _WIDGETS.search(cell.source):
            problems.append(f"{name}: cell {i}: report notebooks must not use widgets")
    if nb.metadata.get("qiteach", {}).get("version") == "trainer":
        problems += _shown_answers(nb, name=name)
    return problems


def _shown_answers(nb: nbformat.NotebookNode, *, name: str) -> list[str]:
    """A trainer copy's notes and answers that are not collapsed under their label."""
    problems = []
    for i, cell in enumerate(nb.cells, start=1):
        tagged = set(cell.get("metadata", {}).get("tags", [])) & COLLAPSED_TAGS
        answer_code = cell.cell_type == "code" and summary(cell.source.split("\n", 1)[0])
        if not (tagged or answer_code):
            continue
        if folded_label(cell) is None:
            problems.append(
                f"{name}: cell {i}: a trainer note or answer is shown in the trainer copy; "
                "run `qiteach notebooks build` to collapse it again"
            )
    return problems
