from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainedEvent,
    canonical_json,
    event_hash,
    verify_chain,
)

WS = "ws-1"
T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def make_chain(n: int) -> list[ChainedEvent]:
    events, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        fields = dict(
            uid=f"e{i}",
            workstation=WS,
            seq=i,
            occurred_at=T0 + timedelta(seconds=i),
            actor="alice",
            kind="claim",
            report_uid=f"r{i}",
            payload='{"n":1}',
            prev_hash=prev,
        )
        digest = event_hash(**fields)  # type: ignore[arg-type]
        events.append(ChainedEvent(**fields, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return events


def test_canonical_json_is_deterministic() -> None:
    assert canonical_json({"b": 1, "a": [1, "ü"]}) == '{"a":[1,"ü"],"b":1}'
    with pytest.raises(ValueError, match="Out of range float"):
        canonical_json({"x": float("nan")})


def test_intact_chain_verifies() -> None:
    report = verify_chain(WS, make_chain(5))
    assert report.ok
    assert report.events == 5


def test_edit_is_detected() -> None:
    events = make_chain(5)
    events[2] = dataclasses.replace(events[2], payload='{"n":2}')
    report = verify_chain(WS, events)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.uid) == (3, "e3")
    assert "edited" in report.problem.reason


def test_deletion_is_detected() -> None:
    events = make_chain(5)
    del events[1]
    report = verify_chain(WS, events)
    assert report.problem is not None
    assert report.problem.uid == "e3"
    assert "missing" in report.problem.reason


def test_deleting_the_head_cannot_hide_behind_a_renumbering() -> None:
    events = make_chain(5)
    del events[1]
    renumbered = [dataclasses.replace(e, seq=i) for i, e in enumerate(events, start=1)]
    report = verify_chain(WS, renumbered)
    assert report.problem is not None
    assert report.problem.seq == 2


def test_insertion_is_detected() -> None:
    events = make_chain(4)
    forged = dataclasses.replace(events[1], uid="forged", kind="decide")
    inserted = events[:2] + [forged] + events[2:]
    renumbered = [dataclasses.replace(e, seq=i) for i, e in enumerate(inserted, start=1)]
    report = verify_chain(WS, renumbered)
    assert report.problem is not None
    assert report.problem.uid == "forged"


def test_reordering_is_detected() -> None:
    events = make_chain(4)
    a, b = events[1], events[2]
    swapped = [events[0], dataclasses.replace(b, seq=2), dataclasses.replace(a, seq=3), events[3]]
    report = verify_chain(WS, swapped)
    assert report.problem is not None
    assert report.problem.uid == b.uid
    assert "link" in report.problem.reason


def test_hash_covers_every_field() -> None:
    base = make_chain(1)[0]
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(base) if f.name != "hash"}
    changes = {
        "uid": "x",
        "workstation": "ws-2",
        "seq": 2,
        "occurred_at": T0,
        "actor": "bob",
        "kind": "skip",
        "report_uid": None,
        "payload": "{}",
        "prev_hash": "1" * 64,
    }
    for name, value in changes.items():
        assert event_hash(**{**fields, name: value}) != base.hash, name
