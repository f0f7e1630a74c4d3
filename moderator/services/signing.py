"""Workstation signing keys and signed checkpoints of the audit chain.

Each workstation has one Ed25519 key. The private half lives only in the OS keyring (service
"moderator-signing", user = the workstation id); the public half is registered in
`workstation_keys`, locally and at the central store. A checkpoint is a CHECKPOINT journal event
whose payload signs (workstation, seq, hash) of the event before it, so anyone holding the
public key can tell that the chain up to there is the one this machine wrote.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from moderator.domain.audit import ChainedEvent, Checkpoint, EventKind, checkpoint_message
from moderator.services import secrets
from moderator.services.central import target_key
from moderator.services.secrets import SecretsUnavailable
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.dialect import lock_workstation
from moderator.store.journal import Actor
from moderator.store.keys import register_key

SERVICE = "moderator-signing"
log = logging.getLogger(__name__)


def signing_key(workstation: str) -> Ed25519PrivateKey:
    """This workstation's private key from the keyring, made and stored on first use.

    Raises SecretsUnavailable when there is no usable keyring: a key that cannot be kept
    safely is never made.
    """
    backend = secrets._usable_backend()
    try:
        stored = backend.get_password(SERVICE, workstation)
        if stored is None:
            backend.set_password(
                SERVICE, workstation, Ed25519PrivateKey.generate().private_bytes_raw().hex()
            )
            stored = backend.get_password(SERVICE, workstation)  # what the keyring really kept
    except keyring.errors.KeyringError as exc:
        raise SecretsUnavailable(f"the keyring refused the signing key: {exc}") from exc
    if stored is None:
        raise SecretsUnavailable("the keyring did not keep the signing key; nothing was signed")
    try:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))
    except ValueError as exc:
        raise SecretsUnavailable(
            f"the signing key in the keyring ({SERVICE}/{workstation}) is damaged"
        ) from exc


def keyring_public_key(workstation: str) -> str | None:
    """The public half (hex) of the workstation's key in the keyring, or None when there is no
    usable keyring or no key yet. Never makes a key: verification only looks."""
    try:
        stored = secrets._usable_backend().get_password(SERVICE, workstation)
        if stored is None:
            return None
        return public_hex(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored)))
    except (SecretsUnavailable, keyring.errors.KeyringError, ValueError):
        return None


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def checkpoint(
    session: Session, actor: Actor, key: Ed25519PrivateKey, now: datetime
) -> ChainedEvent | None:
    """Sign the head of the actor's chain in the caller's transaction.

    Returns the CHECKPOINT event, or None when the chain is empty or already ends with a
    checkpoint (nothing new to vouch for). Registers the public key locally on first use.
    """
    lock_workstation(session, actor.workstation)  # the head we sign is the head we append to
    head = journal.head(session, actor.workstation)
    if head is None or head[2] == EventKind.CHECKPOINT:
        return None
    seq, digest, _kind = head
    public = public_hex(key)
    register_key(session, actor.workstation, public, actor.username, now)
    signature = key.sign(checkpoint_message(actor.workstation, seq, digest)).hex()
    payload = Checkpoint(seq=seq, head_hash=digest, key=public, signature=signature).payload()
    return journal.append(session, actor, EventKind.CHECKPOINT, now, payload=payload)


def write_checkpoint(workspace: Workspace, username: str | None = None) -> ChainedEvent | None:
    """Checkpoint this workstation's chain if it grew since the last checkpoint.

    Cheap when there is nothing to do (one indexed read), so the GUI may call it on close.
    """
    key = signing_key(workspace.workstation)  # keyring access before the transaction opens
    name = username or workspace.profile.reviewer_name()
    with workspace.transaction() as session:
        event = checkpoint(session, workspace.actor(name), key, workspace.now())
    if event is not None:
        remember_checkpoint(workspace, event)
    return event


# --- the keyring's memory of the last checkpoint -------------------------------------------
#
# Whoever can write the workspace file can cut its tail, checkpoints included, and nothing in
# the file would remember them. The keyring is outside the file: after each checkpoint has been
# committed it keeps that checkpoint's seq and hash for this (workstation, database), and local
# verification holds the chain against it. Written only after the commit, so it is never ahead
# of the chain; kept only moving forward.

MARK_SERVICE = "moderator-checkpoint"


def _mark_name(workstation: str, database: str) -> str:
    return f"{workstation}@{target_key(database)}"


def remember_checkpoint(workspace: Workspace, event: ChainedEvent) -> None:
    """Keep the committed checkpoint `event` as the last one signed for this database."""
    current = last_checkpoint(workspace)
    if current is not None and current[0] >= event.seq:
        return
    try:
        secrets._usable_backend().set_password(
            MARK_SERVICE,
            _mark_name(workspace.workstation, workspace.profile.database),
            f"{event.seq} {event.hash}",
        )
    except (SecretsUnavailable, keyring.errors.KeyringError) as exc:
        log.warning("the keyring did not keep checkpoint seq %s: %s", event.seq, exc)


def last_checkpoint(workspace: Workspace) -> tuple[int, str] | None:
    """(seq, hash) of the last checkpoint this workstation signed in this database, as the
    keyring remembers it; None when it remembers none (or there is no usable keyring)."""
    try:
        name = _mark_name(workspace.workstation, workspace.profile.database)
        stored = secrets._usable_backend().get_password(MARK_SERVICE, name)
    except (SecretsUnavailable, keyring.errors.KeyringError):
        return None
    seq, _, digest = (stored or "").partition(" ")
    return (int(seq), digest) if seq.isdigit() and len(digest) == 64 else None


def forget_checkpoints(workstation: str, database: str) -> None:
    """For a database the program itself deletes and makes anew (the demo's reset)."""
    with contextlib.suppress(SecretsUnavailable, keyring.errors.KeyringError):
        secrets._usable_backend().delete_password(MARK_SERVICE, _mark_name(workstation, database))
