"""``qiteach hub add-user`` / ``remove-user``: late joiners and leavers, hub running or not.

A late joiner gets a row in the workspace's ``participants.csv`` (under the workspace lock,
validated, atomic), an account, a system user, a private home with the sessions released
so far, and a sign-in slip. ``--new-code`` gives an existing account a fresh code (for a
forgotten password). A leaver can no longer sign in (their next click signs them out);
their server is stopped and their notebooks are kept in ``HUB_DIR/removed/``. Their rows
in the workspace stay: attendance and evaluation still count them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from pathlib import Path

from qiteach.exceptions import InputError
from qiteach.fileio import write_text_atomic
from qiteach.hub.accounts import Account, accounts_csv, build_accounts, read_accounts
from qiteach.hub.credentials import CredentialStore
from qiteach.hub.init import make_home
from qiteach.hub.layout import HubLayout, read_settings
from qiteach.hub.release import release_session, released_sessions
from qiteach.hub.slips import SlipInfo, write_slips
from qiteach.hub.system import (
    chown_tree,
    create_system_user,
    delete_system_user,
    kill_user_processes,
    require_root,
    system_user_exists,
)

__all__ = ["add_user", "remove_user"]


def _team_name(layout: HubLayout, team: str) -> str:
    from qiteach.workspace import open_workspace

    teams = open_workspace(layout.workspace).teams
    names = dict(zip(teams["team_id"], teams["team_name"], strict=True))
    if team not in names:
        raise InputError(
            f'there is no team "{team}"',
            file="teams.csv",
            fix=f"use one of: {', '.join(names)}",
        )
    return names[team]


def _add_participant_row(layout: HubLayout, settings: dict, row: dict[str, str]) -> None:
    """Append ``row`` to the workspace's participants.csv: locked, validated, atomic."""
    from qiteach.workspace.loader import validate_workspace
    from qiteach.workspace.save import workspace_lock

    path = layout.workspace / "participants.csv"
    with workspace_lock(layout.workspace):
        before = path.read_text(encoding="utf-8-sig")
        out = io.StringIO()
        header = next(csv.reader(io.StringIO(before)))
        csv.writer(out, lineterminator="\n").writerow([row.get(c, "") for c in header])
        after = before if before.endswith("\n") else before + "\n"
        old_problems = {str(p) for p in validate_workspace(layout.workspace).problems}
        write_text_atomic(path, after + out.getvalue())
        new = [
            p for p in validate_workspace(layout.workspace).problems if str(p) not in old_problems
        ]
        if new:
            write_text_atomic(path, before)
            chown_tree(path, settings["service_user"], dir_mode=0o755, file_mode=0o644)
            raise InputError(f"not added: {new[0]}")
        chown_tree(path, settings["service_user"], dir_mode=0o755, file_mode=0o644)


def add_user(
    hub_dir: str | Path,
    user_id: str,
    name: str | None,
    *,
    team: str | None = None,
    role: str = "other",
    trainer: bool = False,
    new_code: bool = False,
) -> Path:
    """Add an account (or give one a new code); return the path of its sign-in slip."""
    require_root("qiteach hub add-user")
    layout = HubLayout(hub_dir)
    settings = read_settings(layout.root)
    accounts = read_accounts(layout.root)
    store = CredentialStore(layout.credentials)
    username = user_id.strip().lower()
    if new_code:
        if username not in accounts:
            raise InputError(f'there is no account "{username}"', fix="check the user name")
        account = accounts[username]
    else:
        if username in accounts:
            raise InputError(
                f'"{username}" already has an account',
                fix="add --new-code to give them a new sign-in code",
            )
        if not name:
            raise InputError("a new account needs --name (printed on the slip)")
        if not trainer and not team:
            raise InputError(f"participant {username} needs --team", fix="give their team_id")
        people = [
            {"participant_id": a.username, "display_name": a.display_name, "team_id": a.team}
            for a in accounts.values()
            if not a.is_trainer
        ]
        trainers = [
            {"trainer_id": a.username, "display_name": a.display_name}
            for a in accounts.values()
            if a.is_trainer
        ]
        if trainer:
            trainers.append({"trainer_id": username, "display_name": name})
        else:
            people.append({"participant_id": username, "display_name": name, "team_id": str(team)})
        every = build_accounts(people, trainers, settings["system_prefix"])
        account = next(a for a in every if a.username == username)
        if system_user_exists(account.system_user):
            raise InputError(f"system user {account.system_user} already exists on this machine")
        if not trainer:
            _team_name(layout, str(team))
            _add_participant_row(
                layout,
                settings,
                {
                    "participant_id": username,
                    "display_name": name,
                    "role": role,
                    "team_id": str(team),
                },
            )
        create_system_user(account.system_user, layout.home(username))
        try:
            make_home(layout.root, layout.home(username), account)
        except BaseException:
            delete_system_user(account.system_user)
            raise
        accounts[username] = account
        write_text_atomic(layout.accounts, accounts_csv(accounts.values()))
        os.chmod(layout.accounts, 0o644)
        for session in released_sessions(layout.root):
            release_session(layout.root, session, only={username})
    code = store.issue_code(username)
    team_name = _team_name(layout, account.team) if account.team else ""
    info = SlipInfo(account.display_name, username, code, team_name, account.kind)
    slips = write_slips(layout.slips, [info], settings["programme"], settings["public_url"])
    return slips[-1]


def remove_user(hub_dir: str | Path, user_id: str) -> Path:
    """Remove an account; return where their notebooks were kept."""
    require_root("qiteach hub remove-user")
    layout = HubLayout(hub_dir)
    accounts = read_accounts(layout.root)
    username = user_id.strip().lower()
    account: Account | None = accounts.pop(username, None)
    if account is None:
        raise InputError(f'there is no account "{username}"', fix="check the user name")
    CredentialStore(layout.credentials).remove(username)
    kill_user_processes([account.system_user])
    write_text_atomic(layout.accounts, accounts_csv(accounts.values()))
    os.chmod(layout.accounts, 0o644)
    removed = layout.root / "removed"
    removed.mkdir(mode=0o700, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    kept = removed / f"{username}-{stamp}"
    home = layout.home(username)
    if home.exists():
        shutil.move(str(home), kept)
        for folder, _dirs, files in os.walk(kept):
            os.chown(folder, 0, 0)
            for f in files:
                os.chown(os.path.join(folder, f), 0, 0)
    delete_system_user(account.system_user)
    return kept
