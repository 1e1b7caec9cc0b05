"""Answer every session exercise in a form: no Python needed.

Each exercise has a :class:`~qiteach.widgets.forms.spec.FormSpec` (in
``qiteach.widgets.forms.sessionNN``) naming its fields and how they become the
answer the Python route gives the same check function. A notebook shows one
with a single line, passing the objects the check needs:

    answer_form("session02.capacity", daily=daily)

>>> sorted(k for k in form_keys() if k.startswith("session01."))  # doctest: +NORMALIZE_WHITESPACE
['session01.aim', 'session01.charter_scope', 'session01.classification',
 'session01.priority_grid', 'session01.three_questions']
>>> from qiteach.workspace.schema import EXERCISES
>>> len(form_keys()) == len(EXERCISES)  # one form per self-check exercise
True
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from qiteach.widgets.forms.spec import FormSpec

__all__ = ["AnswerForm", "FormSpec", "answer_form", "form_keys", "get_spec", "notebook_parameters"]

#: one spec module per learning session
_SESSIONS = tuple(f"session{n:02d}" for n in range(1, 9))


def _specs() -> dict[str, FormSpec]:
    out: dict[str, FormSpec] = {}
    for session in _SESSIONS:
        module = importlib.import_module(f"qiteach.widgets.forms.{session}")
        for spec in module.SPECS:
            out[spec.key] = spec
    return out


def form_keys() -> list[str]:
    """Every exercise that has a form, as ``"sessionNN.name"``."""
    return list(_specs())


def get_spec(key: str) -> FormSpec:
    """The spec of form ``key``; an unknown key names the closest ones."""
    specs = _specs()
    if key not in specs:
        import difflib

        from qiteach.exceptions import InputError

        close = difflib.get_close_matches(key, list(specs), n=3)
        raise InputError(
            f'there is no form "{key}"',
            column="key",
            fix=f"use one of: {', '.join(close or list(specs)[:5])}",
        )
    return specs[key]


def answer_form(
    key: str,
    *,
    folder: str | os.PathLike[str] | None = None,
    record_in: tuple[str | os.PathLike[str], str] | None = None,
    **context: Any,
) -> Any:
    """The form for exercise ``key``, filled with this person's saved answer if any.

    ``context`` holds the notebook objects the check needs (e.g. ``daily=daily``);
    ``folder`` is where answers are saved (default: ``.qiteach-answers`` beside
    the notebook). ``record_in`` is ``(workspace, team_id)``, where each check's
    result is recorded as learning evidence when the programme has consented
    (:func:`qiteach.exercises.evidence.record`); by default the notebook's own
    ``workspace`` and ``team`` parameters.
    """
    from qiteach.widgets.forms.form import AnswerForm
    from qiteach.widgets.forms.store import AnswerStore

    spec = get_spec(key)
    if record_in is None:
        record_in = notebook_parameters()
    return AnswerForm(
        spec, context, store=AnswerStore(spec.session, folder=folder), record_in=record_in
    )


def notebook_parameters() -> tuple[str, str] | None:
    """The running notebook's ``(workspace, team)`` parameters, or None outside one.

    Every session notebook's parameters cell sets both as text; papermill and
    ``qiteach hub release`` fill them in.

    >>> notebook_parameters() is None  # not in a notebook
    True
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    shell = get_ipython()
    if shell is None:
        return None
    workspace, team = shell.user_ns.get("workspace"), shell.user_ns.get("team")
    if isinstance(workspace, str | os.PathLike) and isinstance(team, str) and team:
        return workspace, team  # type: ignore[return-value]
    return None


def __getattr__(name: str) -> Any:
    if name == "AnswerForm":
        from qiteach.widgets.forms.form import AnswerForm

        return AnswerForm
    raise AttributeError(name)
