"""Linux users, ownership and processes for the hub (the hub runs as root).

Every person's server runs as their own system user, made by ``useradd`` with a locked
password (nobody signs in to the machine with it; only the hub starts processes as it).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from qiteach.exceptions import InputError

__all__ = [
    "chown_tree",
    "create_system_user",
    "delete_system_user",
    "kill_user_processes",
    "require_root",
    "system_user_exists",
    "user_processes",
]


def require_root(what: str) -> None:
    """The hub makes system users and runs servers as them: that needs root."""
    if os.geteuid() != 0:
        raise InputError(
            f"{what} must run as root (it creates one system user per person)",
            fix="run it with sudo on the hub's server",
        )


def system_user_exists(name: str) -> bool:
    """True when ``name`` is a user on this machine.

    >>> system_user_exists("root"), system_user_exists("no-such-user-qiteach")
    (True, False)
    """
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def create_system_user(name: str, home: Path) -> None:
    """A locked-password user whose home is ``home`` (created by the caller)."""
    subprocess.run(
        [
            "useradd",
            "--no-create-home",
            "--home-dir",
            str(home),
            "--shell",
            "/bin/bash",
            "--user-group",
            "--comment",
            "qiteach hub",
            name,
        ],
        check=True,
        capture_output=True,
    )


def delete_system_user(name: str) -> None:
    """Remove ``name`` (and its group) if it exists; its files are left to the caller."""
    if system_user_exists(name):
        kill_user_processes([name])
        subprocess.run(["userdel", name], check=False, capture_output=True)


def chown_tree(path: Path, user: str, *, dir_mode: int, file_mode: int) -> None:
    """Give ``path`` and everything under it to ``user`` with the given modes."""
    entry = pwd.getpwnam(user)
    for folder, _dirs, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, dir_mode)
        for f in files:
            p = os.path.join(folder, f)
            os.chown(p, entry.pw_uid, entry.pw_gid)
            os.chmod(p, file_mode)


def user_processes(names: Iterable[str]) -> list[int]:
    """Process ids owned by any of the system users ``names``."""
    uids = set()
    for name in names:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            continue
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                continue
    return pids


def kill_user_processes(names: Iterable[str], *, grace: float = 10.0) -> list[int]:
    """TERM, then KILL, every process of ``names``; return the pids that had to be stopped."""
    names = list(names)
    pids = user_processes(names)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and user_processes(names):
        time.sleep(0.2)
    for pid in user_processes(names):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return pids


def remove_tree(path: Path) -> None:
    """Delete ``path`` if it is there."""
    shutil.rmtree(path, ignore_errors=True)
