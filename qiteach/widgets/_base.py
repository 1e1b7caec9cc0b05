"""Shared plumbing for the qiteach widgets: show a figure in an Output, list messages.

Figures are rendered to PNG and put straight into the ``Output`` widget's
``outputs`` (then closed), so the same code works in a live kernel, under
papermill/nbval and in headless tests, and no figure leaks. The PNG is drawn
once (:func:`qiteach.reports.png.figure_png`, as the reports do), not twice as
``savefig(bbox_inches="tight")`` would: a widget redraws on every click.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import ipywidgets as w
>>> out = w.Output()
>>> fig, ax = plt.subplots()
>>> show_figure(out, fig)
>>> sorted(out.outputs[0]["data"])
['image/png', 'text/plain']
>>> plt.fignum_exists(fig.number)
False
>>> messages_html(["Median 5 & rising"], title="Why")
'<b>Why</b><ul><li>Median 5 &amp; rising</li></ul>'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["WidgetBase", "messages_html", "show_figure", "show_png"]


def show_figure(output: Any, fig: Figure, *, dpi: int = 100) -> None:
    """Replace what ``output`` (an ``ipywidgets.Output``) shows with ``fig``; close ``fig``."""
    import matplotlib.pyplot as plt

    from qiteach.plot.style import plain_text_rc
    from qiteach.reports.png import figure_png

    try:
        with plain_text_rc():
            png = figure_png(fig, dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    show_png(output, png)


def show_png(output: Any, png: bytes) -> None:
    """Replace what ``output`` (an ``ipywidgets.Output``) shows with the PNG image ``png``."""
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {
                "image/png": base64.b64encode(png).decode("ascii"),
                "text/plain": "<qiteach figure>",
            },
            "metadata": {},
        },
    )


def messages_html(lines: Iterable[str], *, title: str | None = None) -> str:
    """A bulleted HTML list of ``lines`` (escaped), with an optional bold title."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    head = f"<b>{html.escape(title)}</b>" if title else ""
    return f"{head}<ul>{items}</ul>"


class WidgetBase:
    """A widget with its controls laid out in ``self.ui``; one line shows it in a notebook."""

    ui: Any

    def paper_png(self) -> str | None:
        """The drawing a static copy of the notebook shows instead of the widget (base64 PNG).

        None (the default) when the widget has nothing to show on paper. A widget that
        shows a drawing returns it, so a printed worksheet or an HTML export keeps it.
        """
        return None

    def display(self) -> None:
        """Show the widget (the notebook cell can be just ``explorer.display()``).

        With a :meth:`paper_png` the output carries that PNG beside the live widget:
        JupyterLab shows the widget, a printout or a static export shows the drawing.
        """
        from IPython.display import display

        png = self.paper_png()
        if png is None:
            display(self.ui)
            return
        display({**self.ui._repr_mimebundle_(), "image/png": png}, raw=True)

    def _ipython_display_(self) -> None:
        self.display()
