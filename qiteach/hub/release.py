"""``qiteach hub release HUB_DIR --session N``: everyone gets session N's notebook.

Participants get the participant notebook, trainers the trainer notebook, each copied into
their home with the ``parameters`` cell filled in: ``workspace`` is the hub's shared
workspace and ``team`` the person's team (a trainer's copy opens the first team; they
change ``team`` to look at any other). A copy someone already has is left alone, so a
second release never overwrites their work (``--force`` replaces it).

>>> src = 'workspace: str = "demo-programme"  # a folder\\nteam: str = "north"  # your team'
>>> print(fill_parameters(src, "/srv/hub/workspace", "west"))
workspace: str = '/srv/hub/workspace'  # a folder
team: str = 'west'  # your team
"""

from __future__ import annotations

import json
import os
import pwd
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from qiteach.exceptions import InputError, NotebookError
from qiteach.fileio import write_text_atomic
from qiteach.hub.accounts import Account, read_accounts
from qiteach.hub.layout import ROOT, HubLayout

__all__ = [
    "Release",
    "fill_parameters",
    "release_session",
    "released_sessions",
    "session_notebook",
]

RELEASED_FILE = "released.json"

_ASSIGN = re.compile(
    r"^(?P<name>workspace|team)(?P<ann>\s*:\s*str)?\s*=\s*(?:\"[^\"]*\"|'[^']*')(?P<rest>.*)$",
    re.MULTILINE,
)


def fill_parameters(source: str, workspace: str, team: str) -> str:
    """The parameters cell with ``workspace`` and ``team`` set (comments kept)."""
    values = {"workspace": workspace, "team": team}
    seen: set[str] = set()

    def sub(m: re.Match) -> str:
        seen.add(m["name"])
        return f"{m['name']}{m['ann'] or ''} = {values[m['name']]!r}{m['rest']}"

    out = _ASSIGN.sub(sub, source)
    if seen != set(values):
        raise NotebookError(f"the parameters cell does not set {sorted(set(values) - seen)}")
    return out


def session_notebook(session: int, kind: str) -> Path:
    """The shipped ``notebooks/<participant|trainer>/NN-*.ipynb`` of ``session``."""
    folder = ROOT / "notebooks" / kind
    found = sorted(folder.glob(f"{session:02d}-*.ipynb"))
    if not found:
        have = sorted(int(p.name[:2]) for p in folder.glob("[0-9][0-9]-*.ipynb"))
        raise InputError(
            f"there is no session {session} notebook",
            fix=f"give a session from {have[0]} to {have[-1]}" if have else "run make",
        )
    return found[0]


@dataclass(frozen=True)
class Release:
    """What one release did."""

    session: int
    written: list[Path]
    kept: list[Path]


def _notebook_for(account: Account, session: int, workspace: Path, first_team: str):
    kind = "trainer" if account.is_trainer else "participant"
    nb = nbformat.read(session_notebook(session, kind), as_version=4)
    team = account.team or first_team
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            cell.source = fill_parameters(cell.source, str(workspace), team)
            break
    else:
        raise NotebookError(f"session {session}'s {kind} notebook has no parameters cell")
    return nb


def released_sessions(hub_dir: str | Path) -> list[int]:
    """Sessions released so far (a late joiner gets these too)."""
    path = HubLayout(hub_dir).root / RELEASED_FILE
    return json.loads(path.read_text()) if path.exists() else []


def release_session(
    hub_dir: str | Path, session: int, *, force: bool = False, only: set[str] | None = None
) -> Release:
    """Copy session ``session``'s notebook into every home (or ``only`` those accounts)."""
    layout = HubLayout(hub_dir)
    accounts = read_accounts(layout.root)
    if only is not None:
        accounts = {k: v for k, v in accounts.items() if k in only}
    from qiteach.workspace import open_workspace

    first_team = str(open_workspace(layout.workspace).teams["team_id"].iloc[0])
    written, kept = [], []
    for account in accounts.values():
        home = layout.home(account.username)
        nb = _notebook_for(account, session, layout.workspace, first_team)
        target = home / session_notebook(session, "participant").name
        if target.exists() and not force:
            kept.append(target)
            continue
        entry = pwd.getpwnam(account.system_user)
        tmp = home / f".{target.name}.release.tmp"
        nbformat.write(nb, tmp)
        os.chown(tmp, entry.pw_uid, entry.pw_gid)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
        written.append(target)
    done = sorted({*released_sessions(layout.root), session})
    write_text_atomic(layout.root / RELEASED_FILE, json.dumps(done) + "\n")
    os.chmod(layout.root / RELEASED_FILE, 0o644)
    return Release(session, written, kept)
