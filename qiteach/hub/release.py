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

The "Your settings" cell above the parameters says the same thing: the masters tell a
learner to change ``team``, which on the hub is already done for them:

>>> print(settings_note("## Your settings\\nChange `team` to your team's id.\\n`seed` fixes...",
...                     team="west", team_name="West Locality", trainer=False))
## Your settings
The hub has set this notebook to your team, **West Locality** (`team` below), and to the programme's shared workspace: you need not change anything here. Run every cell from the top (**Run > Run All Cells**) and wait until no cell shows [*] on its left before you type; what you save is saved for your whole team.
`seed` fixes...
"""  # noqa: E501

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
from qiteach.hub import RUN_ALL_MENU, RUN_ALL_WAIT
from qiteach.hub.accounts import Account, read_accounts
from qiteach.hub.kernel_meta import kernel_metadata
from qiteach.hub.layout import ROOT, HubLayout, user_python

__all__ = [
    "Release",
    "fill_parameters",
    "release_session",
    "released_sessions",
    "session_notebook",
    "settings_note",
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


#: The line of the masters' "Your settings" cell that the hub's own sentence replaces.
MASTER_SETTINGS_LINE = re.compile(r"^Change `team` to your team's id.*$", re.MULTILINE)


def settings_note(source: str, *, team: str, team_name: str, trainer: bool) -> str:
    """The "Your settings" cell for a hub copy: the team is set, nobody edits code.

    A cell without the masters' line is returned unchanged.
    """
    if trainer:
        sentence = (
            f"The hub has set `workspace` to the programme's shared workspace and `team` to "
            f"the first team, **{team_name}** (`{team}`). To open another team, change `team` "
            f"below to its id (as in the workspace's teams), then run every cell from the "
            f"top (**{RUN_ALL_MENU}**) and {RUN_ALL_WAIT}."
        )
    else:
        sentence = (
            f"The hub has set this notebook to your team, **{team_name}** (`team` below), and "
            f"to the programme's shared workspace: you need not change anything here. Run "
            f"every cell from the top (**{RUN_ALL_MENU}**) and {RUN_ALL_WAIT} before you "
            f"type; what you save is saved for your whole team."
        )
    return MASTER_SETTINGS_LINE.sub(lambda _m: sentence, source, count=1)


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


def _notebook_for(
    account: Account, session: int, workspace: Path, first_team: str, names: dict[str, str]
):
    kind = "trainer" if account.is_trainer else "participant"
    nb = nbformat.read(session_notebook(session, kind), as_version=4)
    team = account.team or first_team
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            cell.source = fill_parameters(cell.source, str(workspace), team)
            above = nb.cells[i - 1] if i else None
            if above is not None and above.cell_type == "markdown":
                above.source = settings_note(
                    above.source,
                    team=team,
                    team_name=names.get(team, team),
                    trainer=account.is_trainer,
                )
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

    teams = open_workspace(layout.workspace).teams
    kernel = kernel_metadata(user_python())  # as JupyterLab will store it: no "changed" dot
    first_team = str(teams["team_id"].iloc[0])
    names = {str(t): str(n) for t, n in zip(teams["team_id"], teams["team_name"], strict=True)}
    written, kept = [], []
    for account in accounts.values():
        home = layout.home(account.username)
        nb = _notebook_for(account, session, layout.workspace, first_team, names)
        nb.metadata.update(kernel)
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
