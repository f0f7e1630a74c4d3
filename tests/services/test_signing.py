"""Signing keys in the keyring, signed checkpoints, and the fast hash path."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta, timezone

import keyring
import pytest
from keyring.backends import fail

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainCursor,
    ChainedEvent,
    EventKind,
    format_time,
    recompute,
    reference_hash,
)
from moderator.domain.audit_rows import scan_rows
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


ZONES = [None, UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-11))]


def random_time(rng: random.Random) -> datetime:
    """Aware or naive, any offset, often microsecond 0, years 1000..9999."""
    span = (datetime(9999, 12, 30) - datetime(1000, 1, 2)) // timedelta(microseconds=1)
    at = datetime(1000, 1, 2) + timedelta(microseconds=rng.randint(0, span))
    if rng.random() < 0.3:
        at = at.replace(microsecond=0)
    zone = rng.choice(ZONES)
    return at if zone is None else at.replace(tzinfo=UTC).astimezone(zone)


def random_chain(rng: random.Random, n: int, ws: str) -> list[ChainedEvent]:
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        event = ChainedEvent(
            text(rng, 36),
            ws,
            seq,
            random_time(rng),
            text(rng, 20),
            text(rng, 12) or "claim",
            None if rng.random() < 0.3 else text(rng, 36),
            text(rng, 300),
            prev,
            "",
        )
        prev = reference_hash(event)
        events.append(dataclasses.replace(event, hash=prev))
    return events


def rows_of(events: list[ChainedEvent]) -> list[tuple[object, ...]]:
    """The rows the store hands the fast path: the time as the database spells it."""
    return [
        (e.seq, e.uid, format_time(e.occurred_at), e.actor, e.kind, e.report_uid, e.payload)
        + (e.prev_hash, e.hash)
        for e in events
    ]


def test_the_fast_verification_loop_hashes_byte_identically_to_event_hash() -> None:
    rng = random.Random(7)
    for _ in range(20):
        ws = text(rng, 36)
        events = random_chain(rng, 250, ws)
        cursor = ChainCursor(ws)
        assert scan_rows(cursor, rows_of(events)) == len(events)  # type: ignore[arg-type]
        assert (cursor.events, cursor.next_seq, cursor.prev) == (250, 251, events[-1].hash)


def test_the_fast_verification_loop_stops_at_any_change() -> None:
    rng = random.Random(8)
    events = random_chain(rng, 300, 'ws-\u2028"')
    for _ in range(300):
        rows = [list(row) for row in rows_of(events)]
        at = rng.randrange(len(rows))
        column = rng.choice([1, 2, 3, 4, 5, 6])
        before = rows[at][column]
        if column == 2:  # one microsecond later, still as the database spells it
            rows[at][2] = format_time(events[at].occurred_at + timedelta(microseconds=1))
        elif before is None:
            rows[at][column] = ""
        else:
            rows[at][column] = str(before) + rng.choice(ALPHABET)
        cursor = ChainCursor('ws-\u2028"')
        assert scan_rows(cursor, [tuple(r) for r in rows]) == at  # type: ignore[misc]
        assert cursor.events == at
        assert cursor.next_seq == at + 1


def test_the_fast_verification_loop_leaves_checkpoints_and_odd_rows_to_the_full_check() -> None:
    events = random_chain(random.Random(9), 5, "ws")
    rows = rows_of(events)
    checkpoint = (*rows[2][:4], EventKind.CHECKPOINT.value, *rows[2][5:])
    no_time = (*rows[2][:2], "", *rows[2][3:])
    same_seq = (2.0, *rows[1][1:])  # equal to 2: both paths hash it as the int 2
    for odd, at in ((checkpoint, 2), (no_time, 2)):
        assert scan_rows(ChainCursor("ws"), [*rows[:2], odd, *rows[3:]]) == at  # type: ignore[list-item]
    assert scan_rows(ChainCursor("ws"), [rows[0], same_seq, *rows[2:]]) == 5  # type: ignore[list-item]


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
