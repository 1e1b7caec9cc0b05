"""What the team's table boxes share: the drawing, the problems list and the save strip.

A :class:`TableBox` is a widget over one of a team's workspace tables (the charter,
the stakeholders): its own controls sit between the drawing of what is saved and
the save strip (:class:`~qiteach.widgets._save.SavePanel` with a "Reload" button
beside Save and Undo). A box says what it would save (:meth:`TableBox.payload`)
and what stops it (:meth:`TableBox.check`); the base refuses a save while there
are problems (the first one on the status line, all of them listed under the
controls), and reloads after a save or an undo. The drawing is also the box's
copy for paper (:meth:`TableBox.paper_png`).

While the team has saved nothing in the table yet, a box starts with what this
person typed into the exercise's form (:attr:`TableBox.form_key`, read from the
form's own :class:`~qiteach.widgets.forms.store.AnswerStore` beside the notebook),
so nobody types their work twice; :attr:`TableBox.note` says so in one sentence,
and nothing is saved until the team clicks Save. A saved table always wins. When the
form saves an answer for the box's team later, in the same kernel (news from
:mod:`qiteach.widgets.forms.events`), the box fills itself in again, unless its team
has saved the table or the person has typed in the box since (their typing is kept
and the note says the form's answer changed). Only the newest box of a kind for a
team follows the form (a re-run cell's old box stops).

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> from qiteach.widgets.charter_box import CharterBox
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> box = CharterBox(ws, "north")
>>> isinstance(box, TableBox), box.panel.save_button.description
(True, 'Save to our charter')
>>> box.paper_png() == box.drawing.outputs[0]["data"]["image/png"]
True
"""

from __future__ import annotations

import html
import os
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from qiteach.exceptions import ToolkitError
from qiteach.widgets._base import WidgetBase, messages_html, show_figure
from qiteach.widgets.forms.events import AnswerSaved, subscribe, unsubscribe
from qiteach.widgets.forms.store import AnswerStore

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qiteach.workspace.model import Team
    from qiteach.workspace.saver import Saver

__all__ = ["TableBox"]


class TableBox(WidgetBase):
    """A team's table typed into a notebook: its controls, the drawing, Reload and Save.

    Subclasses set :attr:`operation`, :attr:`save_label` and :attr:`form_key`, build
    their controls in :meth:`controls` and define :meth:`reload` (ending with
    :meth:`_loaded`), :meth:`snapshot`, :meth:`payload` and :meth:`check`.
    """

    #: the save operation (:mod:`qiteach.workspace.save`) and the Save button's label
    operation: str
    save_label: str
    #: the exercise form whose saved answer fills the box while the team has saved nothing
    form_key: str
    #: the box following the form's news, per kind, workspace, team and answers file
    _following: ClassVar[weakref.WeakValueDictionary[tuple[Any, ...], TableBox]] = (
        weakref.WeakValueDictionary()
    )

    def __init__(
        self,
        workspace: str | Path,
        team: str,
        *,
        saver: Saver | None = None,
        answers: AnswerStore | None = None,
    ) -> None:
        import ipywidgets as w

        from qiteach.widgets._save import SavePanel
        from qiteach.widgets.forms import get_spec

        self.workspace = workspace
        self.team_id = team
        self.form = get_spec(self.form_key)
        #: where the form's answers are saved (default: beside the notebook, this person's)
        self.answers = answers if answers is not None else AnswerStore(self.form.session)
        self.note = w.HTML()
        self.problems = w.HTML()
        self.drawing = w.Output()
        self.reload_button = w.Button(description="Reload", icon="refresh")
        self.reload_button.on_click(lambda _: self.reload())
        self.panel = SavePanel(
            workspace,
            team,
            self._request,
            saver=saver,
            label=self.save_label,
            after=lambda _: self.reload(),
            extra=(self.reload_button,),
        )
        self.ui = w.VBox([self.drawing, self.note, *self.controls(), self.problems, self.panel.ui])
        #: what the controls held after the last reload, and whether the team had saved any
        self._shown: Any = None
        self._saved_any = False
        self.reload()
        self._follow_the_form()

    # ------------------------------------------------------------------ for subclasses
    def controls(self) -> Sequence[Any]:
        """Build the box's own controls and state (once, before the first reload); they are
        shown between the drawing and Save."""
        raise NotImplementedError

    def reload(self) -> None:
        """Re-read the team's saved table: fill the controls and redraw."""
        raise NotImplementedError

    def snapshot(self) -> Any:
        """What the controls hold now (compared with what the last reload put there)."""
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        """What the save operation is given (the table's rows and what they replace)."""
        raise NotImplementedError

    def check(self) -> Sequence[str]:
        """What stops the box from being saved, listed under it (empty when none)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ shared
    def _team(self) -> Team:
        """The team as saved now (not validated: a box shows a hand-edited file's problem)."""
        from qiteach.workspace import open_workspace

        return open_workspace(self.workspace, validate=False).team(self.team_id)

    def _form_answer(self) -> dict[str, Any] | None:
        """The values this person last saved in the exercise's form for this team, or None."""
        return self.answers.load(self.form_key, team=self.team_id)

    def _loaded(self, *, saved: bool) -> None:
        """Note what a reload put in the controls, and whether the team had ``saved`` any rows."""
        self._shown, self._saved_any = self.snapshot(), saved

    def _follow_the_form(self) -> None:
        """Hear the form's saves from now on (and stop an older box of the same kind and team)."""
        key = (type(self), os.fspath(self.workspace), self.team_id, self.answers.path.absolute())
        older = TableBox._following.get(key)
        if older is not None:
            unsubscribe(older._answer_saved)
        TableBox._following[key] = self
        subscribe(self._answer_saved)

    def _answer_saved(self, saved: AnswerSaved) -> None:
        """The form saved an answer: fill it in if it is this box's form, file and team, the
        team has saved no rows and the controls hold what the last reload put there."""
        if saved.key != self.form_key or saved.team not in (None, self.team_id):
            return
        if saved.path != self.answers.path.absolute() or self._saved_any:
            return
        if self.snapshot() != self._shown:  # the person typed here: never overwrite it
            self.note.value = (
                f"<p><i>Your answers to &quot;{html.escape(self.form.title)}&quot; changed; what "
                "you typed here is kept (Reload puts the answers in instead).</i></p>"
            )
            return
        try:
            self.reload()
        except (ToolkitError, OSError) as exc:  # e.g. the workspace moved: say so in the box
            self._list_problems([str(exc)], title="Could not fill in your answers")

    def _say_from_form(self, used: bool) -> None:
        """Say (or stop saying) that the controls hold the form's answer, not a saved table."""
        self.note.value = (
            f"<p><i>These come from your answers to &quot;{html.escape(self.form.title)}&quot;: "
            f"nothing is saved for your team until you click {html.escape(self.save_label)}."
            "</i></p>"
            if used
            else ""
        )

    def _list_problems(self, problems: Sequence[str], *, title: str) -> None:
        """Show ``problems`` under the controls (nothing when there are none)."""
        self.problems.value = messages_html(problems, title=title) if problems else ""

    def _draw(self, fig: Figure | None) -> None:
        """Show ``fig`` as the box's drawing, or nothing when None."""
        if fig is None:
            self.drawing.outputs = ()
        else:
            show_figure(self.drawing, fig)

    def paper_png(self) -> str | None:
        """The drawing shown in the box (base64 PNG), for paper; None before anything is saved."""
        shown = self.drawing.outputs
        return str(shown[0]["data"]["image/png"]) if shown else None

    def _request(self) -> tuple[str, dict[str, Any]]:
        problems = self.check()
        if problems:
            more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
            raise ToolkitError(problems[0] + more)
        return self.operation, self.payload()
