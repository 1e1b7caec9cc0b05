"""In-kernel news that a form's answer was saved, for the widgets that start from it.

:meth:`~qiteach.widgets.forms.store.AnswerStore.save` announces each save
(:func:`announce`); a widget that fills itself from a form's answer (a team's
charter or stakeholder box) subscribes (:func:`subscribe`) and refreshes, so a
participant who answers the form after the box was shown need not click Reload.
News stays in the kernel: nothing is written, and another person's kernel hears
nothing. A bound method is held weakly (a box shown again by re-running its cell
is dropped with the old one); a plain function is held until :func:`unsubscribe`.

>>> heard = []
>>> subscribe(heard.append)
>>> announce(AnswerSaved("session01.aim", "west", Path("/tmp/session01-sam.json")))
>>> heard
[AnswerSaved(key='session01.aim', team='west', path=PosixPath('/tmp/session01-sam.json'))]
>>> unsubscribe(heard.append)
>>> announce(AnswerSaved("session01.aim", "west", Path("/tmp/session01-sam.json")))
>>> len(heard)
1
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AnswerSaved", "announce", "subscribe", "unsubscribe"]


@dataclass(frozen=True)
class AnswerSaved:
    """Form ``key``'s answer was saved in ``path`` (an answers file), for ``team`` if known."""

    key: str
    team: str | None
    path: Path


Listener = Callable[[AnswerSaved], None]

#: who hears each save: weak references to bound methods, plain functions as they are
_listeners: list[weakref.WeakMethod[Listener] | Listener] = []


def _alive() -> list[Listener]:
    """The listeners still there (dropping the weak ones whose object is gone)."""
    out: list[Listener] = []
    for held in list(_listeners):
        listener = held() if isinstance(held, weakref.WeakMethod) else held
        if listener is None:
            _listeners.remove(held)
        else:
            out.append(listener)
    return out


def subscribe(listener: Listener) -> None:
    """Call ``listener`` with every :class:`AnswerSaved` from now on (once however often called)."""
    if listener in _alive():
        return
    held = weakref.WeakMethod(listener) if inspect.ismethod(listener) else listener
    _listeners.append(held)  # type: ignore[arg-type]


def unsubscribe(listener: Listener) -> None:
    """Stop calling ``listener`` (nothing happens if it was not subscribed)."""
    for held in list(_listeners):
        if (held() if isinstance(held, weakref.WeakMethod) else held) == listener:
            _listeners.remove(held)


def announce(saved: AnswerSaved) -> None:
    """Tell every listener that a form's answer was saved."""
    for listener in _alive():
        listener(saved)
