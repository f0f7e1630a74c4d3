"""Workstation signing keys: registering a public key, and checking checkpoint signatures.

Signature checks live in the store layer because the domain stays free of `cryptography`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from moderator.domain.audit import ChainedEvent, Checkpoint, SignatureCheck, checkpoint_message
from moderator.domain.errors import ModeratorError
from moderator.store.models_central import WorkstationKey


class KeyConflict(ModeratorError):
    """The store already holds a different public key for this workstation."""


def load_keys(session: Session) -> dict[str, str]:
    """Registered public keys (hex) by workstation, as far as this role may read them."""
    rows = session.execute(select(WorkstationKey.workstation, WorkstationKey.public_key))
    return {ws: key for ws, key in rows}


def register_key(
    session: Session, workstation: str, public_key: str, username: str, now: datetime
) -> bool:
    """Record the workstation's public key; True if it was new.

    Raises KeyConflict if a different key is already registered for the workstation (or the
    row exists but belongs to another database user and is hidden from this one).
    """
    current = session.scalar(
        select(WorkstationKey.public_key).where(WorkstationKey.workstation == workstation)
    )
    if current == public_key:
        return False
    if current is not None:
        raise KeyConflict(
            f"workstation {workstation} already has a different signing key registered "
            f"({current[:16]}…, this machine has {public_key[:16]}…); refusing to replace it — "
            "a supervisor must retire the old key first"
        )
    db_user = ""
    if session.get_bind().dialect.name == "postgresql":
        db_user = str(session.scalar(select(literal_column("current_user"))))
    try:
        with session.begin_nested():
            session.add(
                WorkstationKey(
                    workstation=workstation,
                    algorithm="ed25519",
                    public_key=public_key,
                    username=username,
                    db_user=db_user,
                    registered_at=now,
                )
            )
            session.flush()
    except IntegrityError as exc:
        raise KeyConflict(
            f"workstation {workstation} is already registered by another database user"
        ) from exc
    return True


def signature_checker(keys: Mapping[str, str]) -> SignatureCheck:
    """A check for verify_chain: the signer's key is the registered one and the signature holds."""
    loaded: dict[str, Ed25519PublicKey] = {}

    def check(event: ChainedEvent, checkpoint: Checkpoint) -> str | None:
        registered = keys.get(event.workstation)
        if registered is None:
            return "checkpoint signed by a key that is not registered for this workstation"
        if checkpoint.key != registered:
            return (
                f"checkpoint signed with key {checkpoint.key[:16]}…, but the registered key is "
                f"{registered[:16]}… (mismatched key)"
            )
        if checkpoint.algorithm != "ed25519":
            return f"checkpoint uses unknown algorithm {checkpoint.algorithm!r}"
        public = loaded.get(registered)
        if public is None:
            try:
                public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(registered))
            except ValueError:
                return "the registered key is not a valid Ed25519 public key"
            loaded[registered] = public
        message = checkpoint_message(event.workstation, checkpoint.seq, checkpoint.head_hash)
        try:
            public.verify(bytes.fromhex(checkpoint.signature), message)
        except (InvalidSignature, ValueError):
            return "bad signature on checkpoint"
        return None

    return check
