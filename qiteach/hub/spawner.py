"""Each person's JupyterLab runs as their own Linux user (JupyterHub's local-process spawner).

The hub user ``p01`` runs as system user ``<prefix>p01`` (``HUB_DIR/accounts.csv`` maps
them), whose home ``HUB_DIR/homes/p01`` is private (0700). The programme workspace is
owned by the saving service's system user and only readable by everyone else, so a
participant's kernel, which runs whatever Python they type, can read the workspace but
change it only through the saving service, which checks their team.

Their kernels listen on Unix sockets in a runtime folder of their own
(:mod:`qiteach.hub.runtime`), made before their server starts and removed after it stops.
"""

from __future__ import annotations

import pwd

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from qiteach.hub.accounts import read_accounts
from qiteach.hub.runtime import make_runtime_dir, remove_runtime_dir, runtime_dir

__all__ = ["QiteachSpawner"]


class QiteachSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose system user comes from the hub's account table."""

    hub_dir = Unicode(help="the HUB_DIR written by qiteach hub init").tag(config=True)

    def _account(self):
        return read_accounts(self.hub_dir)[self.user.name]

    def make_preexec_fn(self, name):
        """Drop to the person's own system user before JupyterLab starts."""
        return set_user_setuid(self._account().system_user)

    async def start(self):
        """Make the person's private runtime folder (for kernel sockets), then start."""
        make_runtime_dir(self._account().system_user)
        return await super().start()

    async def stop(self, now=False):
        """Stop the server, then remove its runtime folder."""
        try:
            await super().stop(now=now)
        finally:
            remove_runtime_dir(self._account().system_user)

    def user_env(self, env):
        """USER, HOME and SHELL of the system user; the team and saving URL for the widgets;
        the runtime folder where their server keeps kernel connection files and sockets."""
        account = self._account()
        entry = pwd.getpwnam(account.system_user)
        env["USER"] = account.system_user
        env["HOME"] = entry.pw_dir
        env["SHELL"] = entry.pw_shell or "/bin/sh"
        env["JUPYTER_RUNTIME_DIR"] = str(runtime_dir(account.system_user))
        env["QITEACH_TEAM"] = account.team
        env["QITEACH_ROLE"] = account.kind
        return env
