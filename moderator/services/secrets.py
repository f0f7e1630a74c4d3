"""Passwords and keys live only in the OS keyring; with no usable keyring nothing is stored.

Reading is another matter: a profile that needs no password (a local socket, trust or
certificate authentication) must work on a machine with no keyring at all. So a read with no
usable keyring finds nothing, and only when the database then asks for a password does the
user hear about the keyring (`missing_password`).
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from moderator.store.errors import DatabaseUnavailable, LoginRefused, ModeratorError

SERVICE = "moderator"

log = logging.getLogger(__name__)


class SecretsUnavailable(ModeratorError):
    """No secure keyring is available, so the secret was not stored."""


def _usable_backend() -> KeyringBackend:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    insecure = ("fail.Keyring", "null.Keyring", "Plaintext", "keyrings.alt.file")
    if any(marker in name for marker in insecure):
        raise SecretsUnavailable(
            f"no usable system keyring ({name}); nothing was stored. Install or unlock a keyring "
            "(Secret Service, macOS Keychain, Windows Credential Locker)"
        )
    return backend


def keyring_backend() -> KeyringBackend:
    """The system keyring, or SecretsUnavailable when there is no secure one."""
    return _usable_backend()


def _key(profile: str) -> str:
    return f"profile:{profile}"


def store_password(profile: str, password: str) -> None:
    backend = _usable_backend()
    try:
        backend.set_password(SERVICE, _key(profile), password)
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring refused the password: {exc}") from exc


def get_password(profile: str) -> str | None:
    """The stored password, or None: none stored, or no keyring to store one in."""
    try:
        return _usable_backend().get_password(SERVICE, _key(profile))
    except SecretsUnavailable:
        return None
    except keyring.errors.KeyringError as exc:
        log.info("the keyring could not be read: %s", exc)
        return None


def missing_password(profile: str) -> str:
    """Why there is no password for `profile`, and how to give it one."""
    advice = (
        f"no password is stored for profile {profile!r}; store one with `moderator profile add "
        f"{profile} ... --password-stdin`"
    )
    try:
        _usable_backend()
    except SecretsUnavailable as exc:
        return f"{advice}, which needs a system keyring: {str(exc).split(';')[0]}"
    return advice


def delete_password(profile: str) -> None:
    try:
        backend = _usable_backend()
        backend.delete_password(SERVICE, _key(profile))
    except (keyring.errors.PasswordDeleteError, SecretsUnavailable):
        pass


def login_problem(
    problem: DatabaseUnavailable, profile: str, password: str | None
) -> DatabaseUnavailable:
    """A refused login with no stored password says which secret is missing; else as is."""
    if isinstance(problem, LoginRefused) and password is None and "password" in str(problem):
        return LoginRefused(f"{problem}; {missing_password(profile)}")
    return problem
