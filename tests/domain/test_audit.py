from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from moderator.domain.audit import (
    GENESIS_HASH,
    ChainCursor,
    ChainedEvent,
    ChainReport,
    canonical_json,
    event_hash,
    format_time,
    verify_chain,
)
from moderator.domain.audit_rows import verify_rows

WS = "ws-1"
T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def make_chain(n: int, checkpoint_at: int = 0) -> list[ChainedEvent]:
    events, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        fields = dict(
            uid=f"e{i}",
            workstation=WS,
            seq=i,
            occurred_at=T0 + timedelta(seconds=i),
            actor="alice",
            kind="checkpoint" if i == checkpoint_at else "claim",
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


def fast_report(events: list[ChainedEvent], page: int = 3) -> ChainReport:
    """verify_rows over pages of stored rows (times as format_time spells them)."""
    by_seq = {e.seq: e for e in events}
    rows = [
        (e.seq, e.uid, format_time(e.occurred_at), e.actor, e.kind, e.report_uid, e.payload)
        + (e.prev_hash, e.hash)
        for e in events
    ]
    cursor = ChainCursor(WS)
    for start in range(0, len(rows), page):
        if not verify_rows(cursor, rows[start : start + page], lambda r: by_seq[r[0]]):
            break
    return cursor.report()


def test_the_fast_path_reports_exactly_what_verify_chain_reports() -> None:
    events = make_chain(9)
    cases = {
        "intact": events,
        "edited": [*events[:4], dataclasses.replace(events[4], payload="{}"), *events[5:]],
        "deleted": events[:3] + events[5:],
        "head deleted": events[:8],
        "reordered": [*events[:2], events[3], events[2], *events[4:]],
        "relinked": [*events[:6], dataclasses.replace(events[6], prev_hash="1" * 64), *events[7:]],
        "renumbered": [dataclasses.replace(e, seq=i) for i, e in enumerate(events[1:], 1)],
        "bad checkpoint": make_chain(9, checkpoint_at=6),
    }
    for name, chain in cases.items():
        for page in (1, 2, 3, 100):
            assert fast_report(chain, page) == verify_chain(WS, chain), (name, page)
    assert fast_report(cases["intact"]).ok
    bad = fast_report(cases["bad checkpoint"]).problem
    assert bad is not None
    assert "checkpoint" in bad.reason
