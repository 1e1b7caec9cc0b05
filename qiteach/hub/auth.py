"""The hub's authenticator: one-time sign-in codes, then each person's own password.

Why a small :class:`~jupyterhub.auth.Authenticator` subclass rather than a package:
FirstUseAuthenticator lets whoever types a user name first choose its password (anyone
who knows "p01" could take that account before its owner), and NativeAuthenticator is
built around self sign-up and admin approval. A cohort needs the opposite: accounts made
by the trainer from ``participants.csv``, each claimed with a secret printed on that
person's slip. That is about 60 lines on JupyterHub's own extension point; the hashing
is Argon2 (``argon2-cffi``, as Jupyter Server uses) in :mod:`qiteach.hub.credentials`.

The sign-in page (``templates/login.html``) has two forms posting to the same handler:
``username`` + ``password``, or ``username`` + ``code`` + ``new_password`` (twice).
"""

from __future__ import annotations

from pathlib import Path

from jupyterhub.auth import Authenticator
from tornado import web
from traitlets import Unicode

from qiteach.hub.credentials import MIN_PASSWORD, CredentialStore

__all__ = ["QiteachAuthenticator"]


class QiteachAuthenticator(Authenticator):
    """Accounts from ``qiteach hub init``; codes once, then hashed passwords."""

    credentials_path = Unicode(help="HUB_DIR/secrets/credentials.sqlite").tag(config=True)

    def _store(self) -> CredentialStore:
        return CredentialStore(Path(self.credentials_path))

    async def authenticate(self, handler, data):
        """The user name when the password (or first-time code) is right, else None."""
        username = self.normalize_username(str(data.get("username") or ""))
        store = self._store()
        if not username or username not in store.usernames():
            return None
        if data.get("first_sign_in"):
            new, again = data.get("new_password") or "", data.get("new_password2") or ""
            if len(new) < MIN_PASSWORD:
                raise web.HTTPError(
                    403, f"Choose a password of at least {MIN_PASSWORD} characters."
                )
            if new != again:
                raise web.HTTPError(403, "The two passwords are different: type them again.")
            if store.first_sign_in(username, str(data.get("code") or ""), new):
                self.log.info("first sign-in: %s set a password", username)
                return username
            self.log.warning("first sign-in refused for %s (wrong or used code)", username)
            return None
        if store.check_password(username, str(data.get("password") or "")):
            return username
        return None

    async def refresh_user(self, user, handler=None, **kwargs):
        """Someone removed with ``qiteach hub remove-user`` is signed out at their next click."""
        return user.name in self._store().usernames()

    def check_allowed(self, username, authentication=None):
        """Only accounts in the credential store (made by ``hub init`` / ``hub add-user``)."""
        return username in self._store().usernames()
