"""``qiteach hub status HUB_DIR``: is the hub running, who has signed in, the last saves.

Read straight from the HUB_DIR (JupyterHub's own database, the credential store and the
workspace's ``history.csv``), so it works whether or not the hub is running and needs no
API token.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from qiteach.hub.accounts import read_accounts
from qiteach.hub.credentials import CredentialStore
from qiteach.hub.layout import HubLayout, read_settings

__all__ = ["hub_status", "running_pid"]


def running_pid(hub_dir: str | Path) -> int | None:
    """The JupyterHub process id if this hub is running, else None."""
    pid_file = HubLayout(hub_dir).pid_file
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid


def _hub_users(database: Path) -> dict[str, tuple[str, bool]]:
    """``{name: (last activity, server running)}`` from JupyterHub's database."""
    if not database.exists() or database.stat().st_size == 0:
        return {}
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        rows = db.execute(
            "select users.name, users.last_activity, max(spawners.server_id is not null) "
            "from users left join spawners on spawners.user_id = users.id group by users.id"
        ).fetchall()
    except sqlite3.DatabaseError:
        return {}
    finally:
        db.close()
    return {name: (str(last or "")[:19], bool(up)) for name, last, up in rows}


def hub_status(hub_dir: str | Path, *, last_saves: int = 5) -> str:
    """The status report, as printed by ``qiteach hub status``."""
    layout = HubLayout(hub_dir)
    settings = read_settings(layout.root)
    accounts = read_accounts(layout.root)
    creds = CredentialStore(layout.credentials).state()
    users = _hub_users(layout.database)
    pid = running_pid(layout.root)
    state = f"running (pid {pid})" if pid else "stopped"
    lines = [
        f"{settings['programme']}: hub {state}, {settings.get('public_url', '')}",
    ]
    signed = sum(1 for a in accounts if a in users)
    running = sum(1 for a in accounts if users.get(a, ("", False))[1])
    lines.append(f"{len(accounts)} accounts, {signed} have signed in, {running} servers running")
    lines.append("")
    lines.append(f"{'user':<10} {'name':<28} {'team':<10} {'sign-in':<34} last active")
    for name, a in accounts.items():
        last, up = users.get(name, ("", False))
        state = creds.get(name, "removed")
        lines.append(
            f"{name:<10} {a.display_name[:28]:<28} {(a.team or 'trainer'):<10} {state:<34} "
            f"{last or '-'}{'  (server running)' if up else ''}"
        )
    history = layout.workspace / "history.csv"
    lines.append("")
    if history.exists():
        import csv

        with history.open(newline="", encoding="utf-8") as fh:
            records = list(csv.DictReader(fh))
        lines.append(f"last saves ({len(records)} in all):")
        for r in records[-last_saves:]:
            lines.append(
                f"  {r.get('time', '')}  {r.get('user', '')}  {r.get('operation', '')} "
                f"{r.get('table', '')} team {r.get('team_id', '')}"
            )
    else:
        lines.append("no saves yet")
    return "\n".join(lines)
