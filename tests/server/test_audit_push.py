"""Pushed chains: the server stores only this workstation's, this person's, well-formed,
linked, correctly signed events; forged, foreign and forked ones are refused and recorded."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    Checkpoint,
    canonical_json,
    checkpoint_message,
    recompute,
)
from moderator.domain.ids import new_uid
from moderator.services import signing
from moderator.store.central import verify_central
from moderator.store.models_central import CentralEvent
from tests.server.conftest import Desk, Team
from tests.server.helpers import count, refusals, refused

pytestmark = pytest.mark.postgres


def chain(
    workstation: str,
    actor: str,
    kinds: list[str],
    *,
    start: int = 1,
    prev: str = GENESIS_HASH,
    key: Ed25519PrivateKey | None = None,
) -> list[ChainedEvent]:
    events: list[ChainedEvent] = []
    at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    for i, kind in enumerate(kinds):
        seq = start + i
        payload = "{}"
        if kind == "checkpoint":
            assert key is not None
            signature = key.sign(checkpoint_message(workstation, seq - 1, prev)).hex()
            body = Checkpoint(seq - 1, prev, signing.public_hex(key), signature).payload()
            payload = canonical_json(body)
        event = ChainedEvent(
            new_uid(),
            workstation,
            seq,
            at + timedelta(seconds=i),
            actor,
            kind,
            None,
            payload,
            prev,
            "",
        )
        event = replace(event, hash=recompute(event))
        events.append(event)
        prev = event.hash
    return events


def wire(events: list[ChainedEvent]) -> dict[str, object]:
    return {"events": [{**asdict(e), "occurred_at": e.occurred_at.isoformat()} for e in events]}


def push(desk: Desk, events: list[ChainedEvent]) -> object:
    return desk.post("/v1/audit/events", wire(events))


def test_a_good_chain_is_accepted_once_and_verifies_centrally(team: Team) -> None:
    alice = team.enroll("alice")
    events = chain(
        alice.workstation, "alice", ["login", "view", "reveal", "checkpoint"], key=alice.key
    )
    got = push(alice, events)
    assert got.status_code == 200, got.text  # type: ignore[attr-defined]
    assert got.json()["accepted"] == 4  # type: ignore[attr-defined]
    again = push(alice, events)  # a resend (the answer was lost): nothing changes
    assert again.json() == {"accepted": 0, "head_seq": 4, "head_hash": events[-1].hash}  # type: ignore[attr-defined]
    head = alice.get("/v1/audit/head").json()
    assert (head["seq"], head["hash"]) == (4, events[-1].hash)
    with team.sessions() as s:
        (status,) = verify_central(s)
    assert status.ok
    assert status.checkpoint_seq == 3


def test_events_for_another_workstation_or_person_are_refused(team: Team) -> None:
    alice, bob = team.enroll("alice"), team.enroll("bob")
    push(bob, chain(bob.workstation, "bob", ["login"]))
    # Alice writes bob's next event with a correct hash: the first attack.
    forged = chain(
        bob.workstation, "bob", ["view"], start=2, prev=bob.get("/v1/audit/head").json()["hash"]
    )
    refused(push(alice, forged), 403, "foreign-event")
    refused(push(alice, chain(alice.workstation, "bob", ["view"])), 403, "foreign-event")
    refused(push(alice, chain(alice.workstation, "alice", ["decide"])), 403, "event-refused")
    refused(push(alice, chain(alice.workstation, "alice", ["claim"])), 403, "event-refused")
    assert count(team, CentralEvent) == 1
    assert bob.get("/v1/audit/head").json()["seq"] == 1
    assert {r["type"] for r in refusals(team) if r["actor"] == "alice"} == {
        "foreign-event",
        "event-refused",
    }


def test_forged_forked_and_badly_signed_events_are_refused(team: Team) -> None:
    alice = team.enroll("alice")
    good = chain(alice.workstation, "alice", ["login", "view"])
    push(alice, good)
    edited = replace(
        chain(alice.workstation, "alice", ["view"], start=3, prev=good[-1].hash)[0],
        payload='{"x":1}',
    )
    refused(push(alice, [edited]), 409, "chain-rejected")
    unlinked = chain(alice.workstation, "alice", ["view"], start=3, prev="f" * 64)
    refused(push(alice, unlinked), 409, "chain-rejected")
    gap = chain(alice.workstation, "alice", ["view"], start=5, prev=good[-1].hash)
    refused(push(alice, gap), 409, "chain-rejected")
    fork = chain(alice.workstation, "alice", ["login", "reveal"])  # another seq 1..2
    refused(push(alice, fork), 409, "chain-rejected")
    mallory = Ed25519PrivateKey.generate()  # a checkpoint signed by a key not enrolled here
    forged = chain(
        alice.workstation, "alice", ["checkpoint"], start=3, prev=good[-1].hash, key=mallory
    )
    body = refused(push(alice, forged), 409, "chain-rejected")
    assert "mismatched key" in body["detail"]
    assert count(team, CentralEvent) == 2
