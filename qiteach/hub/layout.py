"""Where everything lives in a HUB_DIR, and its settings file ``hub.json``.

::

    HUB_DIR/                  0711 root: others may pass through, not list
      hub.json                settings (programme, system-user prefix, ip, port, idle time, TLS)
      accounts.csv            one row per account (no secrets)
      jupyterhub_config.py    loads qiteach.hub.config
      workspace/              the programme's shared workspace (owned by the saving service)
      homes/USER/             each person's home, 0700, their own system user
      secrets/                0700 root: cookie_secret, proxy_token, jupyterhub.sqlite,
                              credentials.sqlite, run.json (this run's ports), pids
      slips/                  0700 root: sign-in slips (HTML, PDF) - they hold the codes
      k8s/                    Zero to JupyterHub values (hub init --target k8s)

>>> layout = HubLayout("/srv/hub")
>>> layout.secrets.as_posix(), layout.home("p01").as_posix()
('/srv/hub/secrets', '/srv/hub/homes/p01')
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qiteach.exceptions import InputError

__all__ = [
    "DEFAULTS",
    "ROOT",
    "HubLayout",
    "find_proxy",
    "read_settings",
    "readable_by_all",
    "user_python",
]

#: The source checkout (notebooks/, build/hub-proxy/ live here).
ROOT = Path(__file__).resolve().parents[2]

#: Settings ``hub init`` writes unless told otherwise.
DEFAULTS: dict[str, Any] = {
    "ip": "127.0.0.1",
    "port": 8000,
    "idle_timeout": 3600,
    "ssl_cert": "",
    "ssl_key": "",
}


@dataclass(frozen=True)
class HubLayout:
    """Paths inside one HUB_DIR."""

    root: Path

    def __init__(self, root: str | Path) -> None:
        object.__setattr__(self, "root", Path(root).absolute())

    @property
    def settings(self) -> Path:
        return self.root / "hub.json"

    @property
    def accounts(self) -> Path:
        return self.root / "accounts.csv"

    @property
    def config(self) -> Path:
        return self.root / "jupyterhub_config.py"

    @property
    def workspace(self) -> Path:
        return self.root / "workspace"

    @property
    def homes(self) -> Path:
        return self.root / "homes"

    def home(self, username: str) -> Path:
        return self.homes / username

    @property
    def secrets(self) -> Path:
        return self.root / "secrets"

    @property
    def slips(self) -> Path:
        return self.root / "slips"

    @property
    def credentials(self) -> Path:
        return self.secrets / "credentials.sqlite"

    @property
    def database(self) -> Path:
        return self.secrets / "jupyterhub.sqlite"

    @property
    def run_file(self) -> Path:
        return self.secrets / "run.json"

    @property
    def pid_file(self) -> Path:
        return self.secrets / "jupyterhub.pid"


def read_settings(hub_dir: str | Path) -> dict[str, Any]:
    """``hub.json`` of a HUB_DIR (refusing a folder ``hub init`` did not make)."""
    path = HubLayout(hub_dir).settings
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "is not a hub folder (no hub.json)",
            file=str(hub_dir),
            fix="make one with: qiteach hub init WORKSPACE HUB_DIR",
        ) from None


def find_proxy() -> str:
    """The ``configurable-http-proxy`` that ``make`` installed into build/hub-proxy.

    ``$QITEACH_CHP`` overrides it; otherwise one on PATH is used.
    """
    candidates = [
        os.environ.get("QITEACH_CHP", ""),
        str(ROOT / "build" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"),
        shutil.which("configurable-http-proxy") or "",
    ]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    raise InputError(
        "configurable-http-proxy (JupyterHub's proxy) is not installed",
        fix="run make in the qiteach checkout (it runs npm ci into build/hub-proxy)",
    )


def readable_by_all(path: str | Path) -> bool:
    """True when any user may run ``path``: it and every folder above it are open to others.

    >>> readable_by_all("/bin/sh"), readable_by_all("/root/.bashrc")
    (True, False)
    """
    real = Path(os.path.realpath(path))
    if not real.exists() or not real.stat().st_mode & 0o005:
        return False
    return all(parent.stat().st_mode & 0o001 for parent in real.parents)


def user_python() -> Path:
    """The Python that user servers and the saving service run (``make`` builds it).

    ``$QITEACH_HUB_PYTHON`` overrides ``build/hub-venv/bin/python``; this process's own
    Python is used when every user can run it. Refused with the fix otherwise.
    """
    candidates = [
        os.environ.get("QITEACH_HUB_PYTHON", ""),
        str(ROOT / "build" / "hub-venv" / "bin" / "python"),
        sys.executable,
    ]
    for c in candidates:
        if c and Path(c).exists() and readable_by_all(c):
            return Path(c)
    raise InputError(
        f"no Python that every user can run (this one is {os.path.realpath(sys.executable)})",
        fix="run make in the qiteach checkout: it builds build/hub-venv from /usr/bin/python3",
    )
