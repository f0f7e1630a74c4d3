"""Signing keys in the keyring, signed checkpoints, and the fast hash path."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import keyring
import pytest
from keyring.backends import fail

from moderator.domain.audit import ChainedEvent, EventKind, recompute, reference_hash
from moderator.services import signing
from moderator.services.secrets import SecretsUnavailable
from moderator.services.workspace import Workspace
from moderator.store import journal
from tests.helpers.keyring_memory import MemoryKeyring

ALPHABET = 'ab\\"/\n\t\x00\x1f\x7f\u2028é한😀 {}:,'


def text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, n)))


def test_the_fast_hash_is_byte_identical_to_event_hash() -> None:
    rng = random.Random(6)
    for _ in range(5000):
        event = ChainedEvent(
            text(rng, 36),
            text(rng, 36),
            rng.randint(1, 10**15),
            datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=rng.randint(0, 2**55)),
            text(rng, 20),
            text(rng, 12),
            None if rng.random() < 0.3 else text(rng, 36),
            text(rng, 300),
            text(rng, 64),
            "",
        )
        assert recompute(event) == reference_hash(event)


def test_the_key_lives_only_in_the_keyring_and_is_reused(
    memory_keyring: MemoryKeyring,
) -> None:
    first = signing.signing_key("ws-1")
    assert list(memory_keyring.secrets) == [(signing.SERVICE, "ws-1")]
    assert signing.public_hex(signing.signing_key("ws-1")) == signing.public_hex(first)


def test_no_usable_keyring_is_a_clear_refusal() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretsUnavailable, match="no usable system keyring"):
        signing.signing_key("ws-1")


def test_checkpoint_signs_the_head_once(workspace: Workspace) -> None:
    assert signing.write_checkpoint(workspace, "alice") is None  # empty chain: nothing to sign
    with workspace.transaction() as s:
        journal.append(s, workspace.actor("alice"), EventKind.LOGIN, workspace.now())
    event = signing.write_checkpoint(workspace, "alice")
    assert event is not None
    assert event.kind == EventKind.CHECKPOINT
    assert signing.write_checkpoint(workspace, "alice") is None  # nothing new since
    with workspace.transaction() as s:
        (report,) = journal.verify(s)
    assert report.ok
    assert report.checkpoint_seq == 1
