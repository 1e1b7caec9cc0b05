"""``qiteach hub init WORKSPACE HUB_DIR``: accounts, config, private folders, sign-in slips.

Everything is checked before anything is made (a valid workspace, every participant in a
team, unique display names and user names, system user names free); then HUB_DIR is built
in a temporary folder beside it and renamed into place, so a refused or failed init leaves
nothing behind (system users it made are removed again).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qiteach.exceptions import InputError, ValidationFailed
from qiteach.hub.accounts import Account, accounts_csv, build_accounts
from qiteach.hub.config import CONFIG_PY
from qiteach.hub.credentials import CredentialStore
from qiteach.hub.layout import DEFAULTS, HubLayout, read_settings
from qiteach.hub.runtime import remove_runtime_dir
from qiteach.hub.slips import SlipInfo, write_slips
from qiteach.hub.system import (
    chown_tree,
    create_system_user,
    delete_system_user,
    require_root,
    system_user_exists,
)

if TYPE_CHECKING:
    from qiteach.workspace.model import Programme

__all__ = ["HubInit", "init_hub", "make_home", "write_secret"]


@dataclass(frozen=True)
class HubInit:
    """What ``hub init`` made."""

    hub_dir: Path
    accounts: list[Account]
    slips: list[Path]


def write_secret(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only (0600) from the first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def _load(workspace: Path):
    from qiteach.workspace import open_workspace

    try:
        return open_workspace(workspace)
    except ValidationFailed as exc:
        first = exc.problems[0]
        more = len(exc.problems) - 1
        extra = f" and {more} more problem{'s' if more != 1 else ''}" if more else ""
        raise InputError(
            f"{workspace} is not a valid workspace: {first}{extra}",
            fix=f"run qiteach validate {workspace} and correct it",
        ) from None


def _copy_workspace(src: Path, dst: Path) -> None:
    """The hub's own copy of the workspace, as a folder (a workbook is converted)."""
    if src.is_dir():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".*", "~$*", "workbook.xlsx"))
    else:
        from qiteach.workspace import convert_workspace

        convert_workspace(src, dst)


#: JupyterLab settings every home starts with: draw every cell of a notebook (no virtual
#: scrolling), so the session widgets are always there when scrolled to.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}\n',
}


def make_home(layout_root: Path, home: Path, account: Account) -> None:
    """A private home (0700) owned by the person's own system user."""
    home.mkdir(parents=True)
    settings = home / ".jupyter" / "lab" / "user-settings"
    for name, text in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(text)
    chown_tree(home, account.system_user, dir_mode=0o700, file_mode=0o600)


def _team_names(programme: Programme) -> dict[str, str]:
    teams = programme.teams
    return dict(zip(teams["team_id"], teams["team_name"], strict=True))


def check_target(hub_dir: Path, *, force: bool) -> None:
    """Refuse an existing HUB_DIR unless ``force``; never replace a running hub."""
    if not hub_dir.exists():
        return
    if not force:
        raise InputError(
            "already exists",
            file=str(hub_dir),
            fix="choose a new folder, or add --force to replace it (everyone gets new codes)",
        )
    layout = HubLayout(hub_dir)
    if layout.pid_file.exists():
        try:
            os.kill(int(layout.pid_file.read_text().strip()), 0)
        except (ValueError, ProcessLookupError):
            pass
        else:
            raise InputError(
                "is a hub that is running", file=str(hub_dir), fix="stop it first (Ctrl-C)"
            )


def check_reachable(hub_dir: Path) -> None:
    """Every system user must be able to pass through the folders above HUB_DIR."""
    for parent in hub_dir.parents:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            raise InputError(
                f"the hub's users could not reach {hub_dir}: {parent} is closed to other users",
                fix=f"choose a HUB_DIR such as /srv/qiteach-hub, or run chmod o+x {parent}",
            )


def remove_hub(hub_dir: Path) -> None:
    """Delete a hub made by ``hub init``: its system users and its folder."""
    try:
        from qiteach.hub.accounts import read_accounts

        users = [a.system_user for a in read_accounts(hub_dir).values()]
        users.append(read_settings(hub_dir)["service_user"])
    except InputError:
        users = []
    for user in users:
        delete_system_user(user)
        remove_runtime_dir(user)
    shutil.rmtree(hub_dir, ignore_errors=True)


def init_hub(
    workspace: str | Path,
    hub_dir: str | Path,
    *,
    force: bool = False,
    system_prefix: str = "qi-",
    ip: str = DEFAULTS["ip"],
    port: int = DEFAULTS["port"],
    idle_timeout: int = DEFAULTS["idle_timeout"],
    ssl_cert: str = "",
    ssl_key: str = "",
    public_url: str = "",
    pdf: bool = True,
    target: str = "local",
) -> HubInit:
    """Make HUB_DIR for the programme at ``workspace``; see the module docstring."""
    require_root("qiteach hub init")
    from qiteach.workspace.loader import resolve_workspace

    src = resolve_workspace(workspace)
    hub_dir = Path(hub_dir).absolute()
    check_target(hub_dir, force=force)
    check_reachable(hub_dir)
    if bool(ssl_cert) != bool(ssl_key):
        raise InputError("give both --ssl-cert and --ssl-key, or neither")
    for name, path in (("--ssl-cert", ssl_cert), ("--ssl-key", ssl_key)):
        if path and not Path(path).is_file():
            raise InputError(f"{name} {path} does not exist", fix="give the certificate files")
    programme = _load(src)
    participants = programme.participants.to_dict("records")
    accounts = build_accounts(participants, programme.meta.get("trainers") or [], system_prefix)
    service_user = f"{system_prefix}workspace"
    taken = [a.system_user for a in accounts if a.system_user == service_user]
    if taken:
        raise InputError(
            f"user name {taken[0]} is kept for the saving service", fix="rename that participant"
        )
    if force and hub_dir.exists():
        remove_hub(hub_dir)
    existing = [
        u for u in [service_user, *(a.system_user for a in accounts)] if system_user_exists(u)
    ]
    if existing:
        raise InputError(
            f"system user {existing[0]} already exists on this machine",
            fix="choose another --system-prefix (another hub may use this one)",
        )

    scheme = "https" if ssl_cert else "http"
    url = public_url or f"{scheme}://{ip}:{port}/"
    hub_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{hub_dir.name}.", suffix=".tmp", dir=hub_dir.parent))
    made: list[str] = []
    try:
        final = HubLayout(hub_dir)
        build = HubLayout(tmp)
        for folder, mode in ((build.secrets, 0o700), (build.slips, 0o700), (build.homes, 0o711)):
            folder.mkdir(mode=mode)
            os.chmod(folder, mode)
        settings: dict[str, Any] = {
            "programme": programme.name,
            "workspace_source": str(src.absolute()),
            "system_prefix": system_prefix,
            "service_user": service_user,
            "ip": ip,
            "port": port,
            "idle_timeout": idle_timeout,
            "ssl_cert": str(Path(ssl_cert).absolute()) if ssl_cert else "",
            "ssl_key": str(Path(ssl_key).absolute()) if ssl_key else "",
            "public_url": url,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        build.settings.write_text(json.dumps(settings, indent=2) + "\n")
        build.accounts.write_text(accounts_csv(accounts))
        build.config.write_text(CONFIG_PY)
        write_secret(build.secrets / "cookie_secret", secrets.token_hex(32) + "\n")
        write_secret(build.secrets / "proxy_token", secrets.token_hex(32) + "\n")
        write_secret(build.database, "")  # sqlite treats an empty file as an empty database

        create_system_user(service_user, final.workspace)
        made.append(service_user)
        _copy_workspace(src, build.workspace)
        chown_tree(build.workspace, service_user, dir_mode=0o755, file_mode=0o644)

        store = CredentialStore(build.credentials)
        teams = _team_names(programme)
        infos = []
        for account in accounts:
            create_system_user(account.system_user, final.home(account.username))
            made.append(account.system_user)
            make_home(tmp, build.home(account.username), account)
            code = store.issue_code(account.username)
            infos.append(
                SlipInfo(
                    account.display_name,
                    account.username,
                    code,
                    teams.get(account.team, ""),
                    account.kind,
                )
            )
        slips = write_slips(build.slips, infos, programme.name, url, pdf=pdf)
        if target == "k8s":
            from qiteach.hub.k8s import write_k8s

            write_k8s(build.root / "k8s", settings, accounts)
        os.chmod(tmp, 0o711)
        os.replace(tmp, hub_dir)
    except BaseException:
        for user in made:
            delete_system_user(user)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return HubInit(hub_dir, accounts, [hub_dir / p.relative_to(tmp) for p in slips])
