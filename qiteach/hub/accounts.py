"""The hub's account table: one account per participant, plus the programme's trainers.

``qiteach hub init`` derives it from the workspace (``participants.csv`` rows and the
``trainers`` list in ``programme.yaml``) and writes it to ``HUB_DIR/accounts.csv``. The
authenticator, the spawner and the saving service all read it from there; it holds no
secret (codes and passwords live in :mod:`qiteach.hub.credentials`).

>>> rows = [{"participant_id": "P01", "display_name": "Dr A", "team_id": "north"}]
>>> trainers = [{"trainer_id": "t01", "display_name": "Sam (trainer)"}]
>>> [(a.username, a.kind, a.team, a.system_user) for a in build_accounts(rows, trainers, "qi-")]
[('p01', 'participant', 'north', 'qi-p01'), ('t01', 'trainer', '', 'qi-t01')]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from qiteach.exceptions import InputError

__all__ = [
    "ACCOUNTS_FILE",
    "Account",
    "accounts_csv",
    "build_accounts",
    "read_accounts",
]

ACCOUNTS_FILE = "accounts.csv"
#: Longest system user name Linux's useradd accepts.
MAX_SYSTEM_NAME = 32


@dataclass(frozen=True, slots=True)
class Account:
    """One person who signs in to the hub.

    ``username`` is what they type (the participant or trainer id, lower case);
    ``system_user`` is the Linux account their server runs as (a per-hub prefix plus the
    user name, so two programmes on one machine cannot share a system user).
    """

    username: str
    display_name: str
    kind: Literal["participant", "trainer"]
    team: str
    system_user: str

    @property
    def is_trainer(self) -> bool:
        """Trainers may save into any team."""
        return self.kind == "trainer"

    def may_save(self, team: str) -> bool:
        """True when this person may change ``team``'s rows.

        >>> Account("p01", "A", "participant", "north", "qi-p01").may_save("west")
        False
        >>> Account("t01", "T", "trainer", "", "qi-t01").may_save("west")
        True
        """
        return self.is_trainer or team == self.team


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) == ""


def build_accounts(
    participants: Iterable[Mapping[str, Any]],
    trainers: Iterable[Mapping[str, Any]] | None,
    prefix: str,
) -> list[Account]:
    """Accounts for every participant row and trainer; refuse what the hub cannot sign in.

    Refused (one :class:`~qiteach.exceptions.InputError` naming the row): a participant with
    no team, two people with the same display name (their slips could be swapped), two
    people with the same user name, a system user name longer than Linux allows.

    >>> build_accounts([{"participant_id": "p1", "display_name": "A", "team_id": ""}], [], "x-")
    Traceback (most recent call last):
    qiteach.exceptions.InputError: participants.csv:2:team_id: participant p1 (A) has no team \
(fix: give every participant a team_id from teams.csv)
    """
    accounts: list[Account] = []
    names: dict[str, str] = {}
    users: dict[str, str] = {}

    def add(account: Account, where: str, column: str, file: str, row: int | None) -> None:
        key = account.display_name.strip().casefold()
        if key in names:
            raise InputError(
                f'display name "{account.display_name}" is used twice (also {names[key]})',
                file=file,
                row=row,
                column=column,
                fix="make each name unique (e.g. add an initial) so slips cannot be mixed up",
            )
        if account.username in users:
            raise InputError(
                f'user name "{account.username}" is used twice (also {users[account.username]})',
                file=file,
                row=row,
                column="participant_id" if file == "participants.csv" else "trainer_id",
                fix="give each person their own id",
            )
        if len(account.system_user) > MAX_SYSTEM_NAME:
            raise InputError(
                f'system user name "{account.system_user}" is longer than {MAX_SYSTEM_NAME} '
                "characters",
                file=file,
                row=row,
                fix="use a shorter id or a shorter --system-prefix",
            )
        names[key] = where
        users[account.username] = where
        accounts.append(account)

    for i, row in enumerate(participants):
        pid = str(row.get("participant_id") or "").strip()
        name = str(row.get("display_name") or "").strip()
        team = row.get("team_id")
        if _blank(team) or not str(team).strip():
            raise InputError(
                f"participant {pid} ({name}) has no team",
                file="participants.csv",
                row=i + 2,
                column="team_id",
                fix="give every participant a team_id from teams.csv",
            )
        username = pid.lower()
        account = Account(username, name, "participant", str(team).strip(), prefix + username)
        add(account, f"participants.csv row {i + 2}", "display_name", "participants.csv", i + 2)
    for i, row in enumerate(trainers or []):
        tid = str(row.get("trainer_id") or "").strip()
        name = str(row.get("display_name") or "").strip()
        username = tid.lower()
        account = Account(username, name, "trainer", "", prefix + username)
        add(account, f"programme.yaml trainer {i + 1}", "display_name", "programme.yaml", None)
    return accounts


_FIELDS = tuple(f.name for f in fields(Account))


def accounts_csv(accounts: Iterable[Account]) -> str:
    """The text of ``accounts.csv``.

    >>> print(accounts_csv([Account("p01", "Dr A", "participant", "north", "qi-p01")]), end="")
    username,display_name,kind,team,system_user
    p01,Dr A,participant,north,qi-p01
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_FIELDS, lineterminator="\n")
    writer.writeheader()
    for account in accounts:
        writer.writerow(asdict(account))
    return out.getvalue()


def read_accounts(hub_dir: str | Path) -> dict[str, Account]:
    """``{username: Account}`` from ``HUB_DIR/accounts.csv``."""
    path = Path(hub_dir) / ACCOUNTS_FILE
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError(
            "is not a hub folder (no accounts.csv)",
            file=str(hub_dir),
            fix="make one with: qiteach hub init WORKSPACE HUB_DIR",
        ) from None
    return {r["username"]: Account(**{k: r[k] for k in _FIELDS}) for r in rows}  # type: ignore[arg-type]
