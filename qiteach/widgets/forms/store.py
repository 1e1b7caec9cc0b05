"""Form answers saved per person beside the notebook, so they are there next time.

Each session's answers live in one JSON file per person in a
``.qiteach-answers`` folder next to the notebook (the kernel's working
folder): ``.qiteach-answers/session01-<user>.json``. On the hub each person's
notebooks sit in their own home, so the same file works there. Writes are
atomic (temp file + rename) under a lock, so two forms saving at once lose
nothing; an unreadable file is kept aside, never overwritten.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> store = AnswerStore("session01", folder=folder, user="sam")
>>> store.path.name
'session01-sam.json'
>>> store.load("session01.aim") is None
True
>>> _ = store.save("session01.aim", {"aim": "Reduce DNAs"})
>>> AnswerStore("session01", folder=folder, user="sam").load("session01.aim")
{'aim': 'Reduce DNAs'}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from qiteach.fileio import write_text_atomic
from qiteach.widgets.forms.events import AnswerSaved, announce

__all__ = ["ANSWERS_FOLDER", "AnswerStore", "current_user"]

#: The folder (beside the notebook) that holds saved form answers.
ANSWERS_FOLDER = ".qiteach-answers"


def current_user() -> str:
    """Who is answering: the hub's user name, else the computer's, safe for a file name.

    >>> os.environ["JUPYTERHUB_USER"] = "a.nurse@nhs.net"
    >>> current_user()
    'a.nurse_nhs.net'
    >>> del os.environ["JUPYTERHUB_USER"]
    """
    name = os.environ.get("JUPYTERHUB_USER") or ""
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no user name (some containers)
            name = "me"
    return re.sub(r"[^\w.-]", "_", name) or "me"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a lock file) where the system has one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: atomic rename still protects the file
        yield
        return
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class AnswerStore:
    """One person's saved form answers for one session."""

    def __init__(
        self, session: str, *, folder: str | os.PathLike[str] | None = None, user: str | None = None
    ) -> None:
        self.session = session
        self.user = user or current_user()
        self.folder = Path(folder) if folder is not None else Path.cwd() / ANSWERS_FOLDER
        self.path = self.folder / f"{session}-{self.user}.json"
        #: a sentence saying why saved answers could not be read (None when all is well)
        self.problem: str | None = None

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
                raise ValueError("not an answers file")
        except (OSError, ValueError) as exc:
            self.problem = f"{self.path}: saved answers could not be read ({exc})"
            return {}
        return data

    def load(self, key: str, *, team: str | None = None) -> dict[str, Any] | None:
        """The raw values last saved for form ``key``, or None.

        With ``team``, None also when the answer was saved for another team (an answer
        saved without a team, as before teams were recorded, is anyone's).

        >>> import tempfile
        >>> store = AnswerStore("session05", folder=Path(tempfile.mkdtemp()), user="sam")
        >>> _ = store.save("session05.plan", {"who": "Reception"}, team="north")
        >>> store.load("session05.plan", team="north"), store.load("session05.plan", team="west")
        ({'who': 'Reception'}, None)
        """
        entry = self._read().get("answers", {}).get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            return None
        if team is not None and entry.get("team") not in (None, team):
            return None
        return dict(entry["values"])

    def save(self, key: str, values: Mapping[str, Any], *, team: str | None = None) -> Path:
        """Save the raw values of form ``key`` (other forms' answers are kept).

        ``team`` (the notebook's team, when known) is kept with the answer, so a team's
        box fills in only that team's answers. The save is then announced in the kernel
        (:mod:`qiteach.widgets.forms.events`), so a box already shown can fill itself in.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self.folder / ".lock"):
            data = self._read()
            if self.problem and self.path.exists():  # keep the unreadable file for a person
                self.path.replace(self.path.with_suffix(".unreadable.json"))
                data = {}
            data.setdefault("answers", {})
            data["session"], data["user"] = self.session, self.user
            entry: dict[str, Any] = {
                "values": dict(values),
                "saved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            if team is not None:
                entry["team"] = team
            data["answers"][key] = entry
            text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            write_text_atomic(self.path, text)
        announce(AnswerSaved(key, team, self.path.absolute()))  # outside the lock
        return self.path
