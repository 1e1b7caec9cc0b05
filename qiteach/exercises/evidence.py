"""Learning evidence: record each self-check result, with the programme's consent.

Kirkpatrick level 2 asks what participants *learned*. The self-checks already
judge every answer; with ``learning_evidence: true`` in ``programme.yaml`` (off
by default: the trainer sets it once participants have consented), the forms
call :func:`record` after each **Check my answer** and one row per participant
and exercise in ``learning.csv`` keeps the first-try result, the latest result,
the number of attempts and the date of the first try. Only pseudonymous
participant ids are kept; the answer text only with
``learning_evidence_answers: true`` as well (otherwise it never leaves the
notebook). Saving goes through :func:`qiteach.workspace.saver.get_saver`: into
the workspace folder on a laptop, through the hub's saving service on the hub.

Recording never gets in the way of the exercise: without consent, for an
unanswered check or for a shipped example workspace nothing is recorded and
:func:`record` returns None; a refusal comes back as one line to show quietly.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> from qiteach.exercises import session01
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> (ws / "learning.csv").unlink()  # start afresh, without the demo's consent
>>> yaml_text = (ws / "programme.yaml").read_text()
>>> no_consent = yaml_text.replace("learning_evidence: true", "learning_evidence: false")
>>> _ = (ws / "programme.yaml").write_text(no_consent)
>>> fb = session01.check_aim("Improve access")
>>> print(record(ws, "north", participant="p01", exercise="aim", feedback=fb))
None
>>> _ = (ws / "programme.yaml").write_text(yaml_text)
>>> record(ws, "north", participant="p01", exercise="aim", feedback=fb, user="p01")
'Recorded: aim (session 1) for p01, attempt 1, not yet.'
>>> fb = session01.check_aim("Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027")
>>> record(ws, "north", participant="p01", exercise="aim", feedback=fb, user="p01")
'Recorded: aim (session 1) for p01, attempt 2, pass.'
>>> learning_rows(ws)[["participant_id", "first_result", "final_result", "attempts"]]
  participant_id first_result final_result  attempts
0            p01      not yet         pass         2
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from qiteach.exceptions import QiteachError
from qiteach.exercises.feedback import Feedback
from qiteach.workspace.schema import EXERCISES

__all__ = ["consent", "learning_rows", "record"]


def consent(workspace: str | Path) -> tuple[bool, bool]:
    """(record results?, keep answers?) as ``programme.yaml`` says; (False, False) if unreadable.

    >>> consent("demo-programme")  # its made-up participants "consented"
    (True, False)
    """
    import yaml

    from qiteach.workspace.loader import resolve_workspace
    from qiteach.workspace.meta import normalise_meta

    try:
        folder = resolve_workspace(workspace)
        if not folder.is_dir():  # a workbook: notebooks save into folders only
            return False, False
        meta = normalise_meta(yaml.safe_load((folder / "programme.yaml").read_text("utf-8")))
    except (OSError, QiteachError, yaml.YAMLError, UnicodeDecodeError):
        return False, False
    results = meta.get("learning_evidence") is True
    return results, results and meta.get("learning_evidence_answers") is True


def _answer_text(answer: Any) -> str | None:
    if answer is None or answer is Ellipsis:
        return None
    if isinstance(answer, str):
        return answer
    try:
        return json.dumps(answer, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(answer)


def record(
    workspace: str | Path,
    team: str,
    *,
    exercise: str,
    feedback: Feedback,
    participant: str | None = None,
    answer: Any = None,
    user: str | None = None,
) -> str | None:
    """Record one self-check result; return the line to show, or None when nothing is kept.

    ``exercise`` is a name from :data:`qiteach.workspace.schema.EXERCISES` (the
    check function's without ``check_``); its session comes from there.
    ``participant`` is the participant id from ``participants.csv`` (default: the
    ``QITEACH_PARTICIPANT`` environment variable, else the signed-in user). ``answer`` is
    sent only when the programme keeps answers. ``user`` is who saves (default:
    the signed-in user).
    """
    if exercise not in EXERCISES:
        raise KeyError(f"unknown exercise {exercise!r}; use one of {', '.join(EXERCISES)}")
    if feedback.correct is None:
        return None  # not answered yet: nothing to learn from
    results, answers = consent(workspace)
    if not results:
        return None
    who = participant or os.environ.get("QITEACH_PARTICIPANT")
    from qiteach.workspace.saver import get_saver

    payload: dict[str, Any] = {
        "session": EXERCISES[exercise],
        "exercise": exercise,
        "passed": feedback.passed,
    }
    if who:  # else the saving layer records the signed-in user (the hub account)
        payload["participant"] = who
    if answers:
        payload["answer"] = _answer_text(answer)
    try:
        return get_saver(workspace, user=user).save("record_check", team, **payload).message
    except QiteachError as exc:  # SaveRefused and the like: one line, never a traceback
        return str(exc)


def learning_rows(workspace: str | Path) -> pd.DataFrame:
    """The workspace's learning evidence (``learning.csv``), typed as the validator reads it."""
    from qiteach.workspace import open_workspace

    return open_workspace(workspace).tables["learning"]
