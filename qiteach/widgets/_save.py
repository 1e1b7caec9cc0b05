"""The "Save to your team's workspace" strip shared by the saving widgets.

A :class:`SavePanel` holds the saver (:func:`qiteach.workspace.saver.get_saver`:
straight into the folder on a laptop, through the hub's saving service in a hub),
a Save button wired to the widget's own save, an "Undo last save" button and one
status line: ``Saved: ...`` or the refusal, never a traceback.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> panel = SavePanel(ws, "north", lambda: ("save_progress",
...                   {"rows": [{"date": "2026-09-14", "score": 3.0}]}))
>>> panel.save_button.click()
>>> panel.status.value
'<b style="color:#1b5e20">Saved: progress score 3.0 on 2026-09-14 for North Locality.</b>'
>>> panel.undo_button.click()
>>> panel.message
'Undone: save_progress by ...'
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qiteach.exceptions import QiteachError
from qiteach.workspace.save import SaveResult
from qiteach.workspace.saver import Saver, get_saver

__all__ = ["SavePanel"]

#: a widget's save: () -> (operation, payload); may raise QiteachError to refuse
SaveRequest = Callable[[], tuple[str, dict[str, Any]]]


class SavePanel:
    """Save, Undo and a one-line status for one team's work.

    ``request`` builds the save from the widget's current state; ``after``
    (optional) runs after a successful save or undo (e.g. to reload the diagram);
    ``extra`` buttons sit beside Save and Undo.
    """

    def __init__(
        self,
        workspace: str | Path,
        team: str,
        request: SaveRequest,
        *,
        saver: Saver | None = None,
        label: str = "Save to your team's workspace",
        after: Callable[[SaveResult], None] | None = None,
        extra: tuple[Any, ...] = (),
    ) -> None:
        import ipywidgets as w

        self.workspace = workspace
        self.team = team
        self.request = request
        self.saver = saver if saver is not None else get_saver(workspace)
        self.after = after
        self.result: SaveResult | None = None
        self.message = ""
        self.save_button = w.Button(
            description=label, button_style="success", icon="save", layout=w.Layout(width="auto")
        )
        self.undo_button = w.Button(
            description="Undo last save", icon="undo", layout=w.Layout(width="auto")
        )
        self.status = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.undo_button.on_click(lambda _: self.undo())
        self.ui = w.VBox([w.HBox([self.save_button, self.undo_button, *extra]), self.status])

    def _show(self, text: str, ok: bool) -> None:
        self.message = text
        colour = "#1b5e20" if ok else "#b71c1c"  # no emoji: NHS laptops often lack the font
        self.status.value = f'<b style="color:{colour}">{html.escape(text)}</b>'

    def _run(self, operation: str, payload: dict[str, Any]) -> SaveResult | None:
        try:
            result = self.saver.save(operation, self.team, **payload)
        except QiteachError as exc:  # SaveRefused and the library's own input errors
            text = str(exc)
            if not text.startswith(("Not saved", "Not undone", "Nothing to", "Could not")):
                text = f"Not saved: {text}"
            self._show(text, False)
            return None
        self.result = result
        self._show(result.message, True)
        if self.after is not None:
            self.after(result)
        return result

    def save(self) -> SaveResult | None:
        """Save the widget's work; show and return the result (None when refused)."""
        try:
            operation, payload = self.request()
        except QiteachError as exc:
            self._show(f"Not saved: {exc}", False)
            return None
        return self._run(operation, payload)

    def undo(self) -> SaveResult | None:
        """Undo the team's last saved change (anyone's in the team); show the result."""
        return self._run("undo_last", {})

    def display(self) -> None:
        """Show the strip."""
        from IPython.display import display

        display(self.ui)

    def _ipython_display_(self) -> None:
        self.display()
