"""Each person's private Jupyter runtime folder on the hub: where their kernels' sockets are.

User servers start kernels on Unix sockets (``KernelManager.transport = "ipc"`` in
:data:`qiteach.hub.config.LAB_CONFIG`), not on loopback TCP: a kernel's IOPub channel
is a zmq PUB socket that checks no key, so on TCP anyone on the machine could subscribe
to another person's outputs. A Unix socket is a file, and only its owner may enter the
folder it is in.

jupyter_client names a kernel's sockets after its connection file, in the runtime folder:
``RUNTIME/kernel-<uuid>-ipc-<n>``. A socket's path may be at most 107 bytes, which
``HUB_DIR/homes/NAME/.local/share/jupyter/runtime`` easily passes, so each server gets
``/run/qiteach/<system user>`` instead (``JUPYTER_RUNTIME_DIR``): made by the hub (root)
before the server starts, owned by the person, 0700, and removed when the server stops.
``/run/qiteach`` itself is root's, so no one can put a folder there in someone's name.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
from pathlib import Path

from qiteach.exceptions import InputError

__all__ = [
    "MAX_SOCKET_PATH",
    "RUNTIME_ROOT",
    "make_runtime_dir",
    "remove_runtime_dir",
    "runtime_dir",
    "sockets_fit",
]

#: Where the hub makes each person's runtime folder (a root-owned folder on tmpfs).
RUNTIME_ROOT = Path("/run/qiteach")

#: The longest path a Unix socket can have on Linux (``sizeof(sun_path) - 1``).
MAX_SOCKET_PATH = 107

#: What jupyter_client appends to the runtime folder for a kernel's last socket.
_SOCKET_NAME = "/kernel-00000000-0000-0000-0000-000000000000-ipc-5"


def runtime_dir(system_user: str) -> Path:
    """The runtime folder of ``system_user``'s server.

    >>> runtime_dir("qi-p01")
    PosixPath('/run/qiteach/qi-p01')
    """
    return RUNTIME_ROOT / system_user


def sockets_fit(folder: str | Path) -> bool:
    """True when the kernel sockets jupyter_client makes in ``folder`` fit a Unix socket path.

    >>> sockets_fit("/run/qiteach/qi-p01")
    True
    >>> sockets_fit("/srv/qiteach/cohort-2026/hub/homes/p01/.local/share/jupyter/runtime")
    False
    """
    return len(os.fsencode(str(folder))) + len(_SOCKET_NAME) <= MAX_SOCKET_PATH


def _private_root() -> None:
    """Make :data:`RUNTIME_ROOT` (root's, 0755) and check nobody else owns or can write it."""
    RUNTIME_ROOT.mkdir(mode=0o755, parents=True, exist_ok=True)
    st = os.lstat(RUNTIME_ROOT)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0 or st.st_mode & 0o022:
        raise InputError(
            f"{RUNTIME_ROOT} is not a folder only root can write",
            fix=f"remove {RUNTIME_ROOT} (the hub makes it again when a server starts)",
        )
    RUNTIME_ROOT.chmod(0o755)  # the hub runs with umask 077: everyone must pass through


def make_runtime_dir(system_user: str) -> Path:
    """A new, empty runtime folder for ``system_user``: theirs, 0700 (run as root)."""
    entry = pwd.getpwnam(system_user)
    _private_root()
    folder = runtime_dir(system_user)
    remove_runtime_dir(system_user)  # whatever an earlier server left (or a reused uid)
    folder.mkdir(mode=0o700)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o700)
    return folder


def remove_runtime_dir(system_user: str) -> None:
    """Delete ``system_user``'s runtime folder, if there is one."""
    folder = runtime_dir(system_user)
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
