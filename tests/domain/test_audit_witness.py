"""What a chain is held against: acknowledgements, the unsigned tail, the central copy."""

from __future__ import annotations

import random

import pytest

from moderator.domain.audit_witness import (
    Acknowledged,
    DecisionRow,
    Finding,
    against_acknowledged,
    decision_event_finding,
    first_divergence,
    unsigned_finding,
    unsigned_tail,
)

WS = "ws-1"
H1, H2 = "1" * 64, "2" * 64


def test_a_finding_names_workstation_seq_and_what_in_one_line() -> None:
    assert Finding(WS, "gone", 3, 5).describe() == "workstation ws-1: seq 3..5: gone"
    assert Finding(WS, "gone", 3, 3).describe() == "workstation ws-1: seq 3: gone"
    assert Finding(WS, "gone").describe() == "workstation ws-1: gone"


@pytest.mark.parametrize(
    ("head", "checkpoint", "unsigned"),
    [(0, None, 0), (5, None, 5), (5, 4, 0), (9, 4, 4), (9, 8, 0)],
)
def test_the_unsigned_tail_is_what_follows_the_last_checkpoint_event(
    head: int, checkpoint: int | None, unsigned: int
) -> None:
    assert unsigned_tail(head, checkpoint) == unsigned
    finding = unsigned_finding(WS, head, checkpoint)
    if unsigned == 0:
        assert finding is None
    else:
        assert finding is not None
        assert (finding.seq, finding.last) == (head - unsigned + 1, head)
        assert f"unsigned: {unsigned} event(s)" in finding.what
        assert "cannot be proven" in finding.what


def check(ack: Acknowledged, stored: int, verified: int, at: str | None) -> str | None:
    found = against_acknowledged(
        WS,
        ack,
        stored_head=stored,
        verified_to=verified,
        hash_at_ack=at,
        holder="this workspace",
        witness="the central store",
    )
    return found.describe() if found else None


def test_a_copy_that_ends_below_the_acknowledgement_lost_its_tail() -> None:
    found = check(Acknowledged(8, H1, checkpoint_seq=8), 5, 5, None)
    assert found is not None
    assert "seq 6..8: missing from this workspace although the central store acknowledged" in found
    assert "the signed checkpoint at seq 8 among them" in found


def test_a_different_hash_at_the_acknowledged_seq_is_a_rewrite() -> None:
    found = check(Acknowledged(8, H1), 10, 10, H2)
    assert found is not None
    assert "seq 8:" in found
    assert "edited and re-hashed" in found
    assert check(Acknowledged(8, H1), 10, 10, H1) is None


def test_an_acknowledgement_is_not_held_against_a_broken_or_unhashed_part() -> None:
    assert check(Acknowledged(8, H1), 10, 6, H2) is None  # the chain broke at 7: named already
    assert check(Acknowledged(8, None), 10, 10, H2) is None  # a cursor from before 0009


def test_first_divergence_matches_a_linear_scan() -> None:
    rng = random.Random(12)
    for _ in range(2000):
        upto = rng.randint(0, 300)
        first = rng.randint(1, upto + 1)  # upto + 1: they agree everywhere
        reads: list[int] = []

        def same(seq: int, first: int = first, reads: list[int] = reads) -> bool:
            reads.append(seq)
            return seq < first

        expected = first if first <= upto else None
        assert first_divergence(upto, same) == expected
        assert len(reads) <= max(1, upto).bit_length() + 1


def row(**fields: str | None) -> DecisionRow:
    values = {"outcome": "violation", "policy_id": "p", "review_round": "1", **fields}
    return DecisionRow("d1", "r1", WS, values)


PAYLOAD = {"decision": "d1", "outcome": "violation", "policy": "p", "round": 1}


def test_a_decide_event_and_its_row_agree_or_the_difference_is_named() -> None:
    assert decision_event_finding(WS, 4, "e4", "r1", PAYLOAD, row()) is None
    edited = decision_event_finding(WS, 4, "e4", "r1", PAYLOAD, row(outcome="none"))
    assert edited is not None
    assert edited.describe() == (
        "workstation ws-1: seq 4: decision row d1 says outcome 'none' (the event says "
        "'violation'): edited"
    )
    moved = decision_event_finding(WS, 4, "e4", "r2", PAYLOAD, row())
    assert moved is not None
    assert "report r1 (the event says r2)" in moved.what
    missing = decision_event_finding(WS, 4, "e4", "r1", PAYLOAD, None)
    assert missing is not None
    assert "has no decision row (deleted)" in missing.what
    unreadable = decision_event_finding(WS, 4, "e4", "r1", None, row())
    assert unreadable is not None
    assert "not readable JSON" in unreadable.what
