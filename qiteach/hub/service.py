"""The hub's saving service: the only writer of the programme workspace.

JupyterHub starts it as a managed service (``/services/qiteach-save/``), running as the
system user that owns ``HUB_DIR/workspace``. A user's server posts
``{"operation", "team", "payload"}`` to ``<prefix>save`` with its own
``JUPYTERHUB_API_TOKEN`` (see ``SAVE-CONTRACT``); the service asks the hub whose token
it is (:class:`jupyterhub.services.auth.HubAuth`), looks the person up in
``HUB_DIR/accounts.csv``, refuses a participant saving into another team, or recording
a self-check as someone else (403), and otherwise runs
``qiteach.workspace.save.OPERATIONS[operation]`` with the hub user name as ``user``.
Refusals are one line: ``{"ok": false, "message": ...}``.

Run by the hub as ``python -m qiteach.hub.service HUB_DIR``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from jupyterhub.services.auth import HubAuth, check_scopes
from tornado import web
from tornado.httpserver import HTTPServer

from qiteach.exceptions import QiteachError
from qiteach.hub.accounts import read_accounts

__all__ = ["SERVICE_NAME", "main", "make_app", "serve"]

SERVICE_NAME = "qiteach-save"
log = logging.getLogger("qiteach.hub.service")


def _one_line(text: str) -> str:
    """Refusals are shown to participants on one line.

    >>> _one_line("a\\n  b ")
    'a b'
    """
    return " ".join(str(text).split())


class _Base(web.RequestHandler):
    def initialize(self, hub_dir: Path, auth: HubAuth) -> None:
        self.hub_dir = hub_dir
        self.auth = auth

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def refuse(self, status: int, message: str) -> None:
        self.reply(status, {"ok": False, "message": _one_line(message)})

    async def caller(self) -> dict[str, Any] | None:
        """The hub's user model for the token in the Authorization header, or None."""
        match = self.auth.auth_header_pat.match(self.request.headers.get("Authorization", ""))
        if not match:
            return None
        user = await self.auth.user_for_token(match.group(1), sync=False)
        if not user or user.get("kind", "user") != "user":
            return None
        if not check_scopes(self.auth.access_scopes, set(user.get("scopes", []))):
            return None
        return user


class HealthHandler(_Base):
    """``GET <prefix>health``: the service is up (no authentication, no data)."""

    def get(self) -> None:
        self.reply(200, {"ok": True})


class SaveHandler(_Base):
    """``POST <prefix>save``: one save through the library, for the signed-in caller."""

    async def post(self) -> None:
        user = await self.caller()
        if user is None:
            return self.refuse(403, "Not signed in to the hub (fix: sign in again)")
        try:
            body = json.loads(self.request.body or b"{}")
            operation, team = str(body["operation"]), str(body["team"])
            payload = body.get("payload") or {}
            if not isinstance(payload, dict):
                raise TypeError("payload")
        except (ValueError, KeyError, TypeError):
            return self.refuse(400, "The save request is malformed (fix: ask your trainer)")
        from qiteach.workspace.save import OPERATIONS

        if operation not in OPERATIONS:
            return self.refuse(400, f'Unknown save operation "{operation}"')
        account = read_accounts(self.hub_dir).get(user["name"])
        if account is None:
            return self.refuse(403, f"{user['name']} has no account on this hub")
        if not account.may_save(team):
            log.warning(
                "refused: %s (team %s) tried %s on team %s",
                account.username,
                account.team,
                operation,
                team,
            )
            return self.refuse(
                403,
                f'You can save only into your own team ("{account.team}"), not "{team}" '
                "(fix: open the notebook with your own team)",
            )
        other = payload.get("participant")
        mine = other in (None, account.username) or account.is_trainer
        if operation == "record_check" and not mine:  # learning evidence is one's own
            log.warning("refused: %s recorded a check as %s", account.username, other)
            return self.refuse(
                403,
                f'You can record only your own self-checks, not those of "{other}" '
                "(fix: leave participant out: the hub records who is signed in)",
            )
        workspace = self.hub_dir / "workspace"
        try:
            result = await asyncio.to_thread(
                OPERATIONS[operation], workspace, team, user=account.username, **payload
            )
        except QiteachError as exc:
            log.info("save refused: %s %s %s: %s", account.username, operation, team, exc)
            return self.refuse(400, str(exc))
        except TypeError as exc:  # a payload with the wrong fields
            return self.refuse(400, f"The save request does not fit {operation}: {exc}")
        log.info("saved: %s %s %s (%s rows)", account.username, operation, team, result.rows)
        self.reply(
            200,
            {
                "ok": True,
                "message": result.message,
                "table": result.table,
                "team": result.team,
                "rows": result.rows,
            },
        )


def make_app(hub_dir: str | Path, prefix: str) -> web.Application:
    """The tornado application under ``prefix`` (``/services/qiteach-save/``)."""
    args = {"hub_dir": Path(hub_dir), "auth": HubAuth()}
    prefix = prefix.rstrip("/") + "/"
    return web.Application(
        [
            (prefix + "save", SaveHandler, args),
            (prefix + "health", HealthHandler, args),
            (prefix, HealthHandler, args),  # the hub checks the service's root
        ]
    )


async def serve(hub_dir: str | Path, host: str, port: int, prefix: str) -> None:
    """Serve until SIGINT or SIGTERM, then stop at once (an in-flight save finishes).

    JupyterHub stops its managed services with SIGINT and waits 30 s before SIGTERM, so
    a service that ignores SIGINT (ignoring is inherited from whoever started the hub,
    e.g. a shell running it in the background) would hold up the hub's Ctrl-C by 30 s.
    Both signals are handled here, whatever their inherited disposition.
    """
    server = HTTPServer(make_app(hub_dir, prefix), xheaders=True)
    server.listen(port, host)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("saving into %s", Path(hub_dir) / "workspace")
    await stop.wait()
    server.stop()
    log.info("stopped")


def main(argv: list[str] | None = None) -> int:
    """Serve on ``$JUPYTERHUB_SERVICE_URL`` (set by the hub) until stopped."""
    argv = sys.argv[1:] if argv is None else argv
    os.umask(0o022)  # files it saves stay readable by everyone's kernels (never writable)
    logging.basicConfig(level=logging.INFO, format="[qiteach-save %(asctime)s] %(message)s")
    from urllib.parse import urlparse

    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    asyncio.run(serve(argv[0], url.hostname or "127.0.0.1", url.port or 80, prefix))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
