"""Where a notebook's Save button sends the work: straight to the folder, or to the hub.

:func:`get_saver` picks one:

- :class:`LocalSaver` (a single user on a laptop, or a trainer's own checkout)
  calls :data:`qiteach.workspace.save.OPERATIONS` directly;
- :class:`HubSaver`, when the hub has set ``QITEACH_SAVE_URL`` in the user's
  server, posts the save to the hub's saving service, which knows who is calling
  (JupyterHub's own token, ``JUPYTERHUB_API_TOKEN``) and owns the files. Wire format::

      POST {QITEACH_SAVE_URL}/save
      Authorization: token $JUPYTERHUB_API_TOKEN
      {"operation": "save_drivers", "team": "north", "payload": {"rows": [...]}}
      -> 200 {"ok": true, "message": ..., "table": ..., "team": ..., "rows": ...}
      -> 400 / 403 {"ok": false, "message": "<one line>"}

Both return a :class:`~qiteach.workspace.save.SaveResult` or raise
:class:`~qiteach.exceptions.SaveRefused` with the line to show.

>>> import shutil, tempfile, pathlib
>>> from qiteach.datasets import dataset_path
>>> ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = shutil.copytree(dataset_path("demo-programme"), ws)
>>> saver = get_saver(ws, environ={})
>>> type(saver).__name__
'LocalSaver'
>>> saver.save("save_aim", "south", aim="Cut waits for repeat prescriptions at Birch Surgery "
...            "from 4 to 2 working days by 31 March 2027").message
"Saved: South Locality's aim."
>>> type(get_saver(ws, environ={"QITEACH_SAVE_URL": "http://127.0.0.1:1/x"})).__name__
'HubSaver'
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from qiteach.exceptions import SaveRefused
from qiteach.workspace.save import OPERATIONS, SaveResult

__all__ = ["HubSaver", "LocalSaver", "Saver", "get_saver"]

#: seconds the hub client waits for an answer (a save may queue behind others' saves)
HUB_TIMEOUT = 180.0


class Saver(Protocol):
    """Anything with ``save(operation, team, **payload) -> SaveResult``."""

    def save(self, operation: str, team: str, **payload: Any) -> SaveResult:
        """Run one save operation for ``team``; raise SaveRefused with the line to show."""
        ...


def _unknown(operation: str) -> SaveRefused:
    return SaveRefused(
        f'Not saved: "{operation}" is not a save operation (fix: use one of '
        f"{', '.join(sorted(OPERATIONS))})"
    )


class LocalSaver:
    """Save straight into a workspace folder, as ``user`` (default: the computer's user name)."""

    def __init__(self, workspace: str | Path, *, user: str | None = None) -> None:
        self.workspace = workspace
        self.user = user or os.environ.get("USER") or _login()

    def save(self, operation: str, team: str, **payload: Any) -> SaveResult:
        """Run ``OPERATIONS[operation]`` on the folder."""
        fn = OPERATIONS.get(operation)
        if fn is None:
            raise _unknown(operation)
        return fn(self.workspace, team, user=self.user, **payload)

    def __repr__(self) -> str:
        return f"LocalSaver({str(self.workspace)!r}, user={self.user!r})"


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no entry in the password database (containers)
        return "unknown"


class HubSaver:
    """Send saves to the hub's saving service at ``url`` with the user's hub ``token``.

    The token goes only in the ``Authorization`` header, never in the URL, and
    never in a message shown to the user.
    """

    def __init__(self, url: str, token: str | None, *, timeout: float = HUB_TIMEOUT) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def save(self, operation: str, team: str, **payload: Any) -> SaveResult:
        """POST the save; 200 -> SaveResult, 400/403 -> SaveRefused(message)."""
        if operation not in OPERATIONS:
            raise _unknown(operation)
        if not self._token:
            raise SaveRefused(
                "Not saved: this server has no hub token (JUPYTERHUB_API_TOKEN) "
                "(fix: ask your trainer)"
            )
        try:
            body = json.dumps(
                {"operation": operation, "team": team, "payload": payload}, default=_plain
            )
        except (TypeError, ValueError) as exc:
            raise SaveRefused(
                f"Not saved: the form holds a value that cannot be sent ({exc})"
            ) from None
        request = urllib.request.Request(
            f"{self.url}/save",
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "Authorization": f"token {self._token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = _json(response.read())
        except urllib.error.HTTPError as exc:
            answer = _json(exc.read())
            message = answer.get("message") if isinstance(answer, Mapping) else None
            if not message:
                message = f"Not saved: the hub's saving service answered HTTP {exc.code}"
                message += " (fix: ask your trainer)"
            raise SaveRefused(_one_line(str(message))) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SaveRefused(
                f"Could not reach the hub's saving service: {_one_line(str(reason))} "
                "(fix: ask your trainer)"
            ) from None
        if not isinstance(answer, Mapping) or not answer.get("ok"):
            message = answer.get("message") if isinstance(answer, Mapping) else None
            raise SaveRefused(_one_line(str(message or "Not saved: the hub gave no answer")))
        return SaveResult(
            str(answer.get("message", "")),
            str(answer.get("table", "")),
            str(answer.get("team", team)),
            int(answer.get("rows", 0)),
        )

    def __repr__(self) -> str:  # the token is never shown
        return f"HubSaver({self.url!r})"


def _plain(value: Any) -> Any:
    """Dates travel as YYYY-MM-DD text (as a CSV cell holds them).

    >>> import datetime as dt
    >>> _plain(dt.date(2026, 3, 2))
    '2026-03-02'
    """
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _one_line(text: str) -> str:
    """``text`` on one line (a refusal is shown as one line).

    >>> _one_line("a\\n b  c")
    'a b c'
    """
    return " ".join(text.split())


def get_saver(
    workspace: str | Path,
    *,
    user: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Saver:
    """The saver for ``workspace``: the hub's service when the hub set one up, else local.

    In a hub server, ``QITEACH_SAVE_URL`` names the saving service and
    ``QITEACH_WORKSPACE`` the programme workspace it saves into; a notebook
    pointed at another folder (e.g. a participant's own copy) saves locally.
    """
    env = os.environ if environ is None else environ
    url = env.get("QITEACH_SAVE_URL")
    if url:
        hub_ws = env.get("QITEACH_WORKSPACE")
        if not hub_ws or _same(hub_ws, workspace):
            return HubSaver(url, env.get("JUPYTERHUB_API_TOKEN"))
    return LocalSaver(workspace, user=user)


def _same(a: str | Path, b: str | Path) -> bool:
    from qiteach.workspace.loader import resolve_workspace

    try:
        return resolve_workspace(a).resolve() == resolve_workspace(b).resolve()
    except OSError:
        return False
