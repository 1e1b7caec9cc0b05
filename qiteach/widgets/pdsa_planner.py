"""PDSA planner: a form for the team's next cycle, checked as you type.

The change-idea dropdown lists the change ideas of the team's driver diagram;
the other boxes follow the Plan part of a PDSA form (objective, questions,
prediction, who/what/when/where, measures, scale). "Check my plan" runs
:func:`qiteach.exercises.session05.plan_checks` and shows friendly feedback;
:meth:`PDSAPlanner.row` gives a row ready for the workspace ``pdsa`` table, and
:meth:`PDSAPlanner.save_panel` ("Save to your team's workspace") adds it to the
team's log in ``pdsa.csv`` as a planned cycle. :meth:`PDSAPlanner.for_team` reads
the workspace now, so change ideas saved from the session 3 builder are listed.

>>> from qiteach.pdsa import PDSALog
>>> planner = PDSAPlanner({"CI1": "SMS reminder", "CI2": "Two-way SMS"}, team_id="north",
...                       log=PDSALog.from_records([{"cycle_id": "C1", "node_id": "CI1",
...                                                  "ramp": "R1", "start": "2026-01-05"}]))
>>> planner.set_plan(node_id="CI2", objective="Will patients reply CANCEL?",
...                  prediction="3 cancellations by reply in a day", who="Reception",
...                  when="Tuesday", measures="Replies counted", scale="1 practice, 1 day")
>>> planner.check().correct
True
>>> r = planner.row(start="2026-03-02")
>>> r["cycle_id"], r["ramp"], r["node_id"]
('C2', 'R2', 'CI2')
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.exceptions import ToolkitError
from qiteach.exercises.feedback import Feedback
from qiteach.exercises.session05 import PLAN_FIELDS, check_plan, plan_row
from qiteach.pdsa import PDSALog
from qiteach.widgets._base import WidgetBase, messages_html

if TYPE_CHECKING:
    from qiteach.widgets._save import SavePanel
    from qiteach.workspace.model import Team
    from qiteach.workspace.saver import Saver

__all__ = ["PDSAPlanner"]

_LONG = ("objective", "questions", "prediction", "what", "measures")


class PDSAPlanner(WidgetBase):
    """Plan the next PDSA cycle for one team.

    ``change_ideas`` maps change-idea id to text (e.g. from
    :func:`qiteach.pdsa.change_idea_texts` on the team's drivers table);
    ``log`` is the team's PDSA log, used to number the new cycle and pick its ramp.
    Use :meth:`from_team` to build one from a workspace team.
    """

    def __init__(
        self,
        change_ideas: Mapping[str, str],
        *,
        team_id: str,
        log: PDSALog | None = None,
    ) -> None:
        import ipywidgets as w

        self.change_ideas = dict(change_ideas)
        self.team_id = team_id
        self.log = log if log is not None else PDSALog(())
        self.feedback: Feedback | None = None
        self.panel: Any = None

        options = [(f"{k}: {v}", k) for k, v in self.change_ideas.items()]
        style = {"description_width": "7em"}  # room for "Change idea", every label aligned
        self.fields: dict[str, Any] = {
            "node_id": w.Dropdown(
                options=options or [("(no change ideas in the driver diagram)", None)],  # type: ignore[list-item]
                description="Change idea",
                layout=w.Layout(width="95%"),
                style=style,
            )
        }
        for key, label in PLAN_FIELDS.items():
            if key == "node_id":
                continue
            cls = w.Textarea if key in _LONG else w.Text
            self.fields[key] = cls(
                description=key.capitalize(),
                placeholder=label,
                layout=w.Layout(width="95%"),
                style=style,
            )
        self.start = w.DatePicker(description="Start", value=dt.date.today(), style=style)
        self.check_button = w.Button(
            description="Check my plan", button_style="primary", icon="check"
        )
        self.feedback_html = w.HTML()
        self.row_html = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        self.ui = w.VBox(
            [
                *self.fields.values(),
                self.start,
                self.check_button,
                self.feedback_html,
                self.row_html,
            ]
        )

    @classmethod
    def from_team(cls, team: Team) -> PDSAPlanner:
        """A planner for a workspace :class:`~qiteach.workspace.Team`."""
        from qiteach.exercises.session05 import team_log

        log = team_log(team)
        return cls(log.change_ideas, team_id=team.team_id, log=log)

    @classmethod
    def for_team(
        cls, workspace: str | Path, team: str, *, saver: Saver | None = None
    ) -> PDSAPlanner:
        """A planner for ``team`` read from the workspace now, with its Save strip ready."""
        log = _team_log(workspace, team)
        planner = cls(log.change_ideas, team_id=team, log=log)
        planner.save_panel(workspace, team, saver=saver)
        return planner

    # ------------------------------------------------------------------ saving
    def save_panel(
        self, workspace: str | Path, team: str, *, saver: Saver | None = None
    ) -> SavePanel:
        """The "Save to your team's workspace" strip: the plan becomes a planned cycle.

        Re-reads the team's driver diagram and log first, so change ideas saved
        since the notebook was opened are offered too.
        """
        from qiteach.widgets._save import SavePanel

        self.refresh_from(workspace, team)
        self.panel = SavePanel(
            workspace,
            team,
            self._save_request,
            saver=saver,
            label="Save this plan as a PDSA cycle",
            after=lambda _: self.refresh_from(workspace, team),
        )
        return self.panel

    def refresh_from(self, workspace: str | Path, team: str) -> None:
        """Re-read the team's change ideas and PDSA log from the workspace."""
        log = _team_log(workspace, team)
        self.team_id = team
        self.log = log
        self.change_ideas = dict(log.change_ideas)
        dropdown = self.fields["node_id"]
        chosen = dropdown.value
        options = [(f"{k}: {v}", k) for k, v in self.change_ideas.items()]
        dropdown.options = options or [("(no change ideas in the driver diagram)", None)]
        dropdown.value = (
            chosen if chosen in self.change_ideas else (options[0][1] if options else None)
        )

    def _save_request(self) -> tuple[str, dict[str, Any]]:
        row = self.row()
        if not row.get("node_id"):
            raise ToolkitError(
                "choose the change idea this cycle tests",
                column="node_id",
                fix="add change ideas to your driver diagram (session 3) first",
            )
        # the save numbers the cycle and picks its ramp under the lock: a team-mate's
        # cycle saved a moment ago cannot take the same number
        cycle = {k: v for k, v in row.items() if k not in ("team_id", "cycle_id", "ramp")}
        return "add_pdsa_cycle", {"cycle": cycle}

    # ------------------------------------------------------------------ logic
    @property
    def plan(self) -> dict[str, Any]:
        """The plan as typed: one entry per :data:`PLAN_FIELDS` key."""
        return {key: control.value for key, control in self.fields.items()}

    def set_plan(self, **values: Any) -> None:
        """Fill in form fields by name (e.g. ``prediction="DNAs halve"``)."""
        for key, value in values.items():
            if key not in self.fields:
                raise ToolkitError(
                    f'"{key}" is not a field of the PDSA plan',
                    column=key,
                    fix=f"use one of: {', '.join(self.fields)}",
                )
            if key == "node_id" and value not in self.change_ideas:
                raise ToolkitError(
                    f"{value} is not a change idea in the driver diagram",
                    column="node_id",
                    fix=f"use one of: {', '.join(self.change_ideas) or '(add change ideas first)'}",
                )
            self.fields[key].value = value

    def check(self) -> Feedback:
        """Check the plan, show the feedback and the pdsa row; return the feedback."""
        self.feedback = check_plan(self.plan)
        fb = self.feedback
        verdict = "Ready to test:" if fb.passed else "Not yet:"  # words, not emoji
        self.feedback_html.value = messages_html(
            [*fb.details, *fb.hints], title=f"{verdict} {fb.message}"
        )
        row = self.row()
        cells = "".join(
            f"<tr><td><code>{k}</code></td><td>{html.escape('' if v is None else str(v))}</td></tr>"
            for k, v in row.items()
        )
        self.row_html.value = (
            "<b>Your row for pdsa.csv</b> (Do, Study and Act come after the test)"
            f"<table>{cells}</table>"
        )
        return fb

    def row(self, *, start: dt.date | str | None = None) -> dict[str, Any]:
        """The plan as a row of the workspace ``pdsa`` table."""
        when = start if start is not None else (self.start.value or dt.date.today())
        return plan_row(self.plan, team_id=self.team_id, log=self.log, start=when)

    def frame(self, *, start: dt.date | str | None = None) -> pd.DataFrame:
        """:meth:`row` as a one-row DataFrame (``.to_csv(index=False)`` to paste)."""
        return pd.DataFrame([self.row(start=start)])


def _team_log(workspace: str | Path, team: str) -> PDSALog:
    from qiteach.exercises.session05 import team_log
    from qiteach.workspace import open_workspace

    return team_log(open_workspace(workspace, validate=False).team(team))
