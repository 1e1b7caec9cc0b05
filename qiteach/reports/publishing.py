"""What report notebooks call: publish key figures, show charts with alt text.

Both functions run *inside* the notebook kernel. :func:`publish` displays the
figures under the custom MIME type :data:`SUMMARY_MIME`; the runner reads them
back from the executed notebook (:func:`extract_published`) into
``summary.json`` and strips them from the HTML. :func:`show_figure` displays a
matplotlib figure as a PNG whose ``alt`` text the HTML report keeps.

>>> import nbformat
>>> out = nbformat.v4.new_output("display_data", data=summary_bundle({"dna_rate": 7.5}))
>>> cell = nbformat.v4.new_code_cell("publish(...)", outputs=[out])
>>> nb = nbformat.v4.new_notebook(cells=[cell])
>>> extract_published(nb)
{'dna_rate': 7.5}
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from qiteach.exceptions import ReportError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "SUMMARY_MIME",
    "extract_published",
    "publish",
    "show_figure",
    "strip_published",
    "summary_bundle",
]

#: MIME type of the key figures a report publishes for ``summary.json``.
SUMMARY_MIME = "application/vnd.qiteach.summary+json"


def _plain(value: Any, key: str) -> Any:
    """Convert numpy/pandas scalars and containers to plain JSON values."""
    if value is None:
        return None
    if isinstance(value, bool | str):
        return str(value) if isinstance(value, str) else bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) else float(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return _plain(item(), key)
    if hasattr(value, "isoformat"):  # date, datetime, pandas Timestamp
        return value.isoformat()
    raise ReportError(
        f"published figure {key!r} is a {type(value).__name__}, not a number, text or list "
        "(fix: publish plain values, e.g. float(x))"
    )


def summary_bundle(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The display bundle :func:`publish` shows: the figures as JSON plus a text line.

    >>> import numpy as np
    >>> summary_bundle({"n": np.int64(3), "rate": np.float64(0.25)})[SUMMARY_MIME]
    {'n': 3, 'rate': 0.25}
    """
    data = {str(k): _plain(v, str(k)) for k, v in figures.items()}
    return {SUMMARY_MIME: data, "text/plain": "qiteach summary " + json.dumps(data)}


def publish(figures: Mapping[str, Any]) -> None:
    """Publish a report's key figures (plain numbers, text, lists) to ``summary.json``.

    Call it in a cell tagged ``remove-input``; several calls merge, later keys win.
    Outside a notebook it only prints the text line.
    """
    from IPython.display import display

    display(summary_bundle(figures), raw=True)


def show_figure(fig: Figure | None, *, alt: str, dpi: int = 100) -> None:
    """Display ``fig`` as a PNG with ``alt`` text (for screen readers) and close it.

    The one way report notebooks show a chart. Nothing is clipped: legends and
    labels drawn outside the axes are kept (as with ``bbox_inches="tight"``,
    but drawn once; see :func:`qiteach.reports.png.figure_png`); the background
    is white and the PNG carries no software or date metadata, so re-runs are
    byte-identical. ``fig=None`` (a section with no chart yet) shows nothing.
    """
    if fig is None:
        return
    if not alt or not alt.strip():
        raise ReportError("show_figure needs alt text (fix: describe the chart in one sentence)")
    import matplotlib.pyplot as plt
    from IPython.display import display

    from qiteach.reports.png import figure_png

    try:
        png = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    finally:
        plt.close(fig)
    display(
        {"image/png": png, "text/plain": f"<Figure: {alt}>"},
        metadata={"image/png": {"alt": alt}},
        raw=True,
    )


def _summary_outputs(nb: Any):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIME in data:
                yield cell, output


def extract_published(nb: Any) -> dict[str, Any]:
    """Merge every published summary in an executed notebook, in cell order."""
    merged: dict[str, Any] = {}
    for _, output in _summary_outputs(nb):
        value = output["data"][SUMMARY_MIME]
        if isinstance(value, str):  # some writers store JSON as text
            value = json.loads(value)
        merged.update(value)
    return merged


def strip_published(nb: Any) -> None:
    """Remove the published-summary outputs from ``nb`` in place (before rendering).

    >>> import nbformat
    >>> out = nbformat.v4.new_output("display_data", data=summary_bundle({"a": 1}))
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[out])])
    >>> strip_published(nb)
    >>> nb.cells[0].outputs
    []
    """
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if SUMMARY_MIME not in o.get("data", {})]
