"""Workstation signing keys and signed checkpoints of the audit chain.

Each workstation has one Ed25519 key. The private half lives only in the OS keyring (service
"moderator-signing", user = the workstation id); the public half is registered in
`workstation_keys`, locally and at the central store. A checkpoint is a CHECKPOINT journal event
whose payload signs (workstation, seq, hash) of the event before it, so anyone holding the
public key can tell that the chain up to there is the one this machine wrote.
"""

from __future__ import annotations

from datetime import datetime

import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from moderator.domain.audit import ChainedEvent, Checkpoint, EventKind, checkpoint_message
from moderator.services import secrets
from moderator.services.secrets import SecretsUnavailable
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.dialect import lock_workstation
from moderator.store.journal import Actor
from moderator.store.keys import register_key

SERVICE = "moderator-signing"


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
        return checkpoint(session, workspace.actor(name), key, workspace.now())
