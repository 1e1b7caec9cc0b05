"""Sign-in codes and passwords, stored hashed in ``HUB_DIR/secrets/credentials.sqlite`` (0600).

Each account starts with a one-time sign-in code (printed on its slip). The first sign-in
gives the code and a new password: the code is spent and the password's Argon2 hash is
stored; from then on only the password works. Neither the code nor the password is ever
stored in clear.

>>> import tempfile, pathlib
>>> store = CredentialStore(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
>>> code = store.issue_code("p01")
>>> store.check_password("p01", code)          # a code is not a password
False
>>> store.first_sign_in("p01", code, "correct horse battery")
True
>>> store.first_sign_in("p01", code, "another password")   # codes work once
False
>>> store.check_password("p01", "correct horse battery"), store.check_password("p01", "nope")
(True, False)
>>> store.check_password("nobody", "correct horse battery")
False
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["CODE_ALPHABET", "MIN_PASSWORD", "CredentialStore", "new_code"]

#: Letters and digits that cannot be misread on paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
#: Shortest password accepted at first sign-in.
MIN_PASSWORD = 10

_HASHER = PasswordHasher()
_SCHEMA = """
create table if not exists credentials (
    username text primary key,
    code_hash text,
    code_issued text,
    code_used text,
    password_hash text,
    password_set text
)
"""


def new_code() -> str:
    """A fresh sign-in code, ``XXXX-XXXX`` (about 37 bits; useless after one sign-in).

    >>> code = new_code()
    >>> len(code), code[4], set(code) - set(CODE_ALPHABET) == {"-"}
    (9, '-', True)
    """
    chars = [secrets.choice(CODE_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def _normal_code(code: str) -> str:
    """Codes are typed case-insensitively, with or without the dash or spaces.

    >>> _normal_code(" k7qm 4xpa "), _normal_code("K7QM-4XPA")
    ('K7QM4XPA', 'K7QM4XPA')
    """
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _verify(stored: str | None, given: str) -> bool:
    if not stored or not given:
        return False
    try:
        return _HASHER.verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False


class CredentialStore:
    """The hub's credential database (a small SQLite file, private to root)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        with self._db() as db:
            db.execute(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level="IMMEDIATE")
        return db

    def _run(self, sql: str, args: tuple = ()) -> list[tuple]:
        db = self._db()
        try:
            with db:
                return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def usernames(self) -> list[str]:
        """Every account that can sign in."""
        return [r[0] for r in self._run("select username from credentials order by username")]

    def issue_code(self, username: str) -> str:
        """Give ``username`` a new one-time code (forgetting any password); return the code."""
        code = new_code()
        self._run(
            "insert or replace into credentials values (?, ?, ?, null, null, null)",
            (username, _HASHER.hash(_normal_code(code)), _now()),
        )
        return code

    def remove(self, username: str) -> None:
        """Forget ``username``: they can no longer sign in."""
        self._run("delete from credentials where username = ?", (username,))

    def has_password(self, username: str) -> bool:
        """True once ``username`` has spent their code and set a password."""
        rows = self._run("select password_hash from credentials where username = ?", (username,))
        return bool(rows and rows[0][0])

    def state(self) -> dict[str, str]:
        """``{username: 'code not used yet' | 'password set <when>'}`` for ``hub status``."""
        out = {}
        for user, _used, pw_set in self._run(
            "select username, code_used, password_set from credentials"
        ):
            out[user] = f"password set {pw_set}" if pw_set else "code not used yet"
        return out

    def first_sign_in(self, username: str, code: str, new_password: str) -> bool:
        """Spend ``code`` and set ``new_password``; False (nothing changed) if the code is wrong
        or already used."""
        db = self._db()
        try:
            with db:  # one transaction: two tabs racing with the same code cannot both win
                row = db.execute(
                    "select code_hash, code_used from credentials where username = ?", (username,)
                ).fetchone()
                if row is None or row[1] or not _verify(row[0], _normal_code(code)):
                    return False
                db.execute(
                    "update credentials set code_hash = null, code_used = ?, password_hash = ?, "
                    "password_set = ? where username = ?",
                    (_now(), _HASHER.hash(new_password), _now(), username),
                )
                return True
        finally:
            db.close()

    def check_password(self, username: str, password: str) -> bool:
        """True when ``password`` is ``username``'s password (never true for a code)."""
        rows = self._run("select password_hash from credentials where username = ?", (username,))
        return bool(rows) and _verify(rows[0][0], password)
