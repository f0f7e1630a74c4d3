"""Identity for the team server: enrollment codes, workstation registration, bearer tokens.

A supervisor (or admin) issues a one-time code for a person. The person's desktop sends the
code with its Ed25519 public key; the server makes a new workstation id, binds it and the key
to that person (the server decides, never the first writer), and issues a token. Only SHA-256
hashes of codes and tokens are stored. Every call runs in the caller's transaction.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from moderator.domain.audit import EventKind
from moderator.domain.errors import ModeratorError, NotEligible, NotFound
from moderator.domain.ids import new_uid
from moderator.services.workspace import Workspace
from moderator.store import journal, team
from moderator.store.dbclock import DatabaseClock
from moderator.store.journal import Actor
from moderator.store.keys import register_key
from moderator.store.models import Reviewer
from moderator.store.team import Registration

CODE_LIFETIME = timedelta(hours=72)
TOKEN_LIFETIME = timedelta(days=7)
REFRESH_OVERLAP = timedelta(minutes=2)
SERVER_ACTOR = "server"
# A server chain's id is derived from the workstation's, so it is known without a lookup.
_CHAIN_NAMESPACE = uuid.UUID("5b0c8f5e-1d2a-4c61-9a57-5e7d0c1f2a16")


class Unauthenticated(ModeratorError):
    """No usable token: missing, unknown, expired or revoked."""


class Deactivated(ModeratorError):
    """The person behind a valid token has been deactivated."""


class EnrollmentRefused(ModeratorError):
    """The enrollment code is unknown, already used or expired, or the key is unusable."""


@dataclass(frozen=True, slots=True)
class Issued:
    """A token just issued; `token` is shown to the client once and never stored."""

    registration: Registration
    token: str
    expires_at: datetime


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def server_chain_of(workstation: str) -> str:
    return str(uuid.uuid5(_CHAIN_NAMESPACE, workstation))


def issue_enrollment(
    session: Session,
    username: str,
    issued_by: str,
    now: datetime,
    lifetime: timedelta = CODE_LIFETIME,
) -> str:
    """A one-time enrollment code for an active person; shown once, stored as a hash."""
    person = session.execute(
        select(Reviewer.id, Reviewer.active).where(Reviewer.username == username)
    ).first()
    if person is None:
        raise NotFound(f"no person named {username!r}; add them first")
    if not person.active:
        raise NotEligible(f"{username} is deactivated; no enrollment code was issued")
    raw = base64.b32encode(secrets.token_bytes(15)).decode("ascii")  # 120 bits, 24 letters
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    team.add_code(
        session, digest(normalise_code(code)), int(person.id), issued_by, now, now + lifetime
    )
    return code


def _check_key(public_key: str) -> str:
    try:
        key = bytes.fromhex(public_key)
        Ed25519PublicKey.from_public_bytes(key)
    except ValueError:
        raise EnrollmentRefused("the public key is not an Ed25519 key (64 hex digits)") from None
    return key.hex()


def _new_token(
    session: Session, workstation: str, now: datetime, lifetime: timedelta
) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now + lifetime
    team.add_token(session, digest(token), workstation, now, expires)
    return token, expires


def enroll(
    session: Session,
    code: str,
    public_key: str,
    label: str,
    now: datetime,
    server_key: str,
    *,
    token_lifetime: timedelta = TOKEN_LIFETIME,
) -> Issued:
    """Bind a new workstation and its key to the code's person; a token for it."""
    key = _check_key(public_key)
    workstation = new_uid()
    reviewer_id = team.take_code(session, digest(normalise_code(code)), now, workstation)
    if reviewer_id is None:
        raise EnrollmentRefused(
            "this enrollment code is unknown, used or expired; ask a supervisor for a new one"
        )
    person = session.execute(
        select(Reviewer.username, Reviewer.active).where(Reviewer.id == reviewer_id)
    ).one()
    if not person.active:
        raise Deactivated(f"{person.username} is deactivated")
    chain = server_chain_of(workstation)
    team.add_registration(session, workstation, reviewer_id, key, chain, label, now)
    # Keys are registered by the server, under ids it chose: nobody can claim another's id.
    register_key(session, workstation, key, person.username, now)
    register_key(session, chain, server_key, SERVER_ACTOR, now)
    token, expires = _new_token(session, workstation, now, token_lifetime)
    journal.append(
        session,
        Actor(person.username, chain),
        EventKind.ENROLL,
        now,
        payload={"workstation": workstation, "key": key, "label": label},
    )
    registration = team.registration(session, workstation)
    assert registration is not None
    return Issued(registration, token, expires)


def authenticate(session: Session | Connection, token: str, now: datetime) -> Registration:
    """The registration a bearer token speaks for; Unauthenticated / Deactivated otherwise."""
    owner = team.token_owner(session, digest(token)) if token else None
    if owner is None:
        raise Unauthenticated("this token is not known to the server; enroll this workstation")
    if owner.token_revoked or owner.workstation_revoked:
        raise Unauthenticated("this token was revoked; enroll this workstation again")
    if owner.token_expires_at <= now:
        raise Unauthenticated("this token has expired; enroll this workstation again")
    if not owner.active:
        raise Deactivated(f"{owner.registration.username} is deactivated")
    return owner.registration


def refresh(
    session: Session,
    token: str,
    registration: Registration,
    now: datetime,
    lifetime: timedelta = TOKEN_LIFETIME,
) -> tuple[str, datetime]:
    """A new token for the workstation, audited. The old one keeps working for a short
    while (REFRESH_OVERLAP), so a client whose answer got lost on the way can still retry."""
    team.shorten_token(session, digest(token), now + REFRESH_OVERLAP)
    new, expires = _new_token(session, registration.workstation, now, lifetime)
    journal.append(
        session,
        Actor(registration.username, registration.server_chain),
        EventKind.TOKEN,
        now,
        payload={"action": "refresh", "expires": expires.isoformat()},
    )
    return new, expires


def revoke(session: Session, token: str, registration: Registration, now: datetime) -> None:
    team.revoke_token(session, digest(token), now)
    journal.append(
        session,
        Actor(registration.username, registration.server_chain),
        EventKind.TOKEN,
        now,
        payload={"action": "revoke"},
    )


def revoke_person(session: Session, username: str, now: datetime) -> int:
    """Revoke every workstation and token of a person (an admin command); how many."""
    person = session.scalar(select(Reviewer.id).where(Reviewer.username == username))
    if person is None:
        raise NotFound(f"no person named {username!r}")
    return team.revoke_person(session, int(person), now)


# --- admin commands (`moderator people ...`), against the team database directly -------------


def issue_code(
    workspace: Workspace, username: str, issued_by: str, lifetime: timedelta = CODE_LIFETIME
) -> str:
    """`issue_enrollment` in its own transaction, timed by the database's clock."""
    clock = DatabaseClock(workspace.engine)
    with workspace.transaction() as session:
        return issue_enrollment(session, username, issued_by, clock.now(), lifetime)


def revoke_all(workspace: Workspace, username: str) -> int:
    """`revoke_person` in its own transaction, timed by the database's clock."""
    clock = DatabaseClock(workspace.engine)
    with workspace.transaction() as session:
        return revoke_person(session, username, clock.now())
