"""Enrolling a desk with a team server, and keeping its token.

`moderator profile add NAME --server URL --enroll CODE` makes the workstation's Ed25519 key,
sends its public half with the one-time code, and keeps what the server issues: the private
key (under the workstation id the server chose, as `services.signing` keeps keys) and the
token, both in the OS keyring only. With no usable keyring nothing is made, nothing is sent
and the code is not spent. The profile written to the config holds the server's address and
the workstation id, never a database URL or a secret.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime

import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backend import KeyringBackend

from moderator.domain.errors import ConfigError, ModeratorError
from moderator.remote.client import Api, Timeouts, Token, parse_time
from moderator.services import config as config_mod
from moderator.services import secrets, signing
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.secrets import SecretsUnavailable

TOKEN_SERVICE = "moderator-team-token"
NEEDS_KEYRING = (
    "team mode keeps this desk's token and signing key in the OS keyring and nowhere else, "
    "and there is no usable keyring here"
)


@dataclass(frozen=True, slots=True)
class Enrolled:
    profile: Profile
    display_name: str
    role: str
    token_expires_at: datetime


def _keyring() -> KeyringBackend:
    try:
        return secrets.keyring_backend()
    except SecretsUnavailable as exc:
        raise SecretsUnavailable(
            f"{NEEDS_KEYRING}: nothing was stored and the enrollment code was not used. {exc}"
        ) from exc


def _set(service: str, name: str, value: str) -> None:
    backend = _keyring()
    try:
        backend.set_password(service, name, value)
        kept = backend.get_password(service, name)
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring refused to keep a secret: {exc}") from exc
    if kept != value:
        raise SecretsUnavailable("the keyring did not keep a secret; nothing else was stored")


def _delete(service: str, name: str) -> None:
    with contextlib.suppress(keyring.errors.KeyringError, SecretsUnavailable):
        _keyring().delete_password(service, name)


def save_token(profile_name: str, token: Token) -> None:
    value = json.dumps({"token": token.value, "expires_at": token.expires_at.isoformat()})
    _set(TOKEN_SERVICE, profile_name, value)


def load_token(profile_name: str) -> Token | None:
    """The desk's token for a team profile, from the keyring (None: there is none)."""
    backend = _keyring()
    try:
        stored = backend.get_password(TOKEN_SERVICE, profile_name)
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring could not be read: {exc}") from exc
    if not stored:
        return None
    try:
        data = json.loads(stored)
        return Token(str(data["token"]), parse_time(data["expires_at"]))
    except (ValueError, KeyError, TypeError):
        return None


def signing_key(workstation: str) -> Ed25519PrivateKey:
    """The key enrolled for this workstation (never made here: the server knows only that one)."""
    backend = _keyring()
    try:
        stored = backend.get_password(signing.SERVICE, workstation)
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring could not be read: {exc}") from exc
    if stored is None:
        raise SecretsUnavailable(
            f"the signing key of workstation {workstation} is not in this keyring: enroll again"
        )
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))


def enroll(
    paths: Paths,
    name: str,
    server: str,
    code: str,
    *,
    server_ca: str = "",
    label: str = "",
    make_default: bool = False,
    timeouts: Timeouts | None = None,
) -> Enrolled:
    """Enroll this desk with `code` and save the team profile `name`."""
    draft = config_mod.validate_profile(
        Profile(name, "", "", server=server, workstation="pending", server_ca=server_ca)
    )
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes_raw().hex()
    # Proves the keyring keeps secrets before the one-time code is spent.
    provisional = f"enrolling:{name}"
    _set(signing.SERVICE, provisional, private)
    api = Api(draft.server, server_ca=server_ca, timeouts=timeouts)
    try:
        body = {"code": code.strip(), "public_key": signing.public_hex(key), "label": label}
        data = api.call("POST", "/v1/enroll", body, attempts=1, auth=False)
    except ModeratorError:
        _delete(signing.SERVICE, provisional)
        raise
    finally:
        api.close()
    workstation = str(data["workstation"])
    person = data["person"]
    token = Token(str(data["token"]), parse_time(data["token_expires_at"]))
    _set(signing.SERVICE, workstation, private)
    save_token(name, token)
    _delete(signing.SERVICE, provisional)
    profile = config_mod.validate_profile(
        Profile(
            name,
            "",
            "",
            reviewer=str(person["username"]),
            server=draft.server,
            workstation=workstation,
            server_ca=server_ca,
        )
    )
    config_mod.add_profile(paths, profile, make_default=make_default)
    return Enrolled(profile, str(person["display_name"]), str(person["role"]), token.expires_at)


def forget(profile: Profile) -> None:
    """Drop a team profile's token from the keyring (its signing key stays: the chain it
    signed can still be verified)."""
    if not profile.is_team:
        raise ConfigError(f"profile {profile.name!r} is not a team profile")
    _delete(TOKEN_SERVICE, profile.name)
