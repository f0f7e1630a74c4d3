"""Passwords and keys live only in the OS keyring; with no usable keyring nothing is stored."""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from moderator.store.errors import ModeratorError

SERVICE = "moderator"


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
    backend = _usable_backend()
    try:
        return backend.get_password(SERVICE, _key(profile))
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring could not be read: {exc}") from exc


def delete_password(profile: str) -> None:
    try:
        backend = _usable_backend()
        backend.delete_password(SERVICE, _key(profile))
    except (keyring.errors.PasswordDeleteError, SecretsUnavailable):
        pass
