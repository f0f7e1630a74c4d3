"""Tampering with the workspace file, as someone who can write it: each kind, signed and unsigned.

The record: a reviewer's work (claims, decisions, releases), synced to the central store (the
workspace is its own here, single seat), then more work not yet synced. Signed: the sync
signed the head, and `audit checkpoint` signed the unsynced tail too (remembered by the
keyring). Unsigned: there is no keyring, so nothing was ever signed.

Each test tampers directly with the SQLite file, re-hashing every chain where the kind calls
for it (so the chain itself still links), then asks `audit verify`, `audit verify --central`
and `sync` what they see; an undetectable one (an unsigned, unsynced tail) is `--require-signed`'s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text

from moderator.cli import main
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace, open_workspace
from moderator.store import queue
from moderator.store.db import make_engine
from moderator.store.queue import DecisionInput
from tests.helpers import seed
from tests.helpers.clock import FakeClock
from tests.helpers.tamper import rehash

DECISION = DecisionInput("platform-generic", "1", "a" * 64, "violation", {"q1": "yes"})


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Exit code and every problem line (JSON), joined."""
    code, out, _ = cli(capsys, "audit", "verify", "--json", *extra)
    chains = json.loads(out)["chains"]
    return code, " | ".join(p for c in chains for p in c["problems"])


def notes(capsys: pytest.CaptureFixture[str]) -> str:
    _code, out, _ = cli(capsys, "audit", "verify", "--json")
    return " | ".join(n for c in json.loads(out)["chains"] for n in c["notes"])


def work(ws: Workspace, reports: int) -> None:
    """Claim `reports` reports; decide every other one, release the rest."""
    with ws.transaction() as s:
        qid = s.execute(text("SELECT id FROM queues")).scalar_one()
        seed.reports(s, qid, ws.now(), reports, prefix=f"R{ws.now().timestamp()}")
        alice = s.execute(text("SELECT id FROM reviewers WHERE username='alice'")).scalar_one()
    who = queue.ReviewerRef(alice, "alice", Role.REVIEWER)
    for i in range(reports):
        with ws.transaction() as s:
            lease = queue.claim(s, who, ws.actor("alice"), ws.now())
            assert lease is not None
            if i % 2 == 0:
                queue.decide(s, lease, who, ws.actor("alice"), ws.now(), DECISION)
            else:
                queue.release(s, lease, ws.actor("alice"), ws.now(), "later")
        ws.clock.advance(seconds=1)  # type: ignore[attr-defined]


@dataclass
class Record:
    url: str
    signed: bool
    acked: int  # the seq the central store acknowledged
    head: int

    def sql(self, statement: str, **params: object) -> list[tuple[object, ...]]:
        engine = make_engine(self.url)
        with engine.begin() as conn:
            rows = conn.execute(text(statement), params)
            found = [tuple(r) for r in rows] if rows.returns_rows else []
        engine.dispose()
        return found

    def decides(self) -> list[tuple[int, str, str]]:
        """(seq, event uid, decision uid) of every DECIDE event, in seq order."""
        rows = self.sql(
            "SELECT seq, uid, payload FROM audit_events WHERE kind = 'decide' ORDER BY seq"
        )
        return [(int(s), str(u), json.loads(str(p))["decision"]) for s, u, p in rows]

    def tamper(self, *statements: str, renumber: bool = False) -> None:
        """Run the statements, then re-hash (and with `renumber`, close the gaps of) every
        chain, so that the chain itself still links."""
        engine = make_engine(self.url)
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
            rehash(conn, renumber=renumber)
        engine.dispose()


@pytest.fixture(params=["signed", "unsigned"])
def record(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str], home: Path
) -> Record:
    signed = request.param == "signed"
    if not signed:
        keyring.set_keyring(fail.Keyring())
    assert cli(capsys, "db", "upgrade")[0] == 0
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    ws = open_workspace(config.profile(None, paths), config, clock=FakeClock())
    with ws.transaction() as s:
        seed.queue(s, "general", ws.now())
        seed.reviewer(s, "alice", ws.now())
    work(ws, 4)
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 0, out
    work(ws, 4)  # not synced
    ws.close()
    if signed:
        assert cli(capsys, "audit", "checkpoint")[0] == 0
    url = f"sqlite:///{paths.workspace_file('local')}"
    probe = Record(url, signed, 0, 0)
    ((acked,),) = probe.sql("SELECT acked_seq FROM sync_cursors")
    ((head,),) = probe.sql("SELECT max(seq) FROM audit_events")
    return Record(url, signed, int(acked), int(head))  # type: ignore[call-overload]


def test_the_untouched_record_verifies_and_says_what_is_unsigned(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    assert verify(capsys) == (0, "")
    assert verify(capsys, "--central") == (0, "")
    if record.signed:
        assert notes(capsys) == ""
        assert verify(capsys, "--require-signed") == (0, "")
    else:
        assert f"unsigned: {record.head} event(s), and no checkpoint at all" in notes(capsys)
        code, problems = verify(capsys, "--require-signed")
        assert code == 1
        assert f"seq 1..{record.head}: unsigned: {record.head} event(s)" in problems
        _code, out, _ = cli(capsys, "audit", "verify")
        assert "note   workstation" in out
        assert "cannot be proven" in out


def edit_first_decision(record: Record) -> int:
    """Change the first (synced) decision's outcome in its event and its row; its seq."""
    seq, _uid, decision = record.decides()[0]
    assert seq <= record.acked
    record.tamper(
        "UPDATE audit_events SET payload = replace(payload, '\"violation\"', '\"no_violation\"') "
        f"WHERE seq = {seq}",
        f"UPDATE decisions SET outcome = 'no_violation' WHERE uid = '{decision}'",
    )
    return seq


def test_a_synced_decision_edited_and_rehashed_is_named(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    seq = edit_first_decision(record)
    code, problems = verify(capsys)
    assert code == 1
    if record.signed:  # the sync's checkpoint signed the original
        assert "checkpoint does not match the chain" in problems
    else:  # the sync cursor remembers the hash the central store acknowledged
        assert f"seq {record.acked}: this workspace holds" in problems
        assert "the central store acknowledged" in problems
        assert "edited and re-hashed" in problems
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert f"seq {seq}: event" in problems
    assert "differs from the central store's copy" in problems
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 1
    assert "rewritten after the central store received it" in json.loads(out)["error"]


def test_a_rewrite_that_also_resets_the_sync_cursor_is_named_by_the_central_copy(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    seq = edit_first_decision(record)
    record.sql("DELETE FROM sync_cursors")
    code, problems = verify(capsys)
    if record.signed:
        assert code == 1
        assert "checkpoint does not match the chain" in problems
    else:  # nothing left in the file witnesses it: only the central copy and signing can
        assert (code, problems) == (0, "")
        assert verify(capsys, "--require-signed")[0] == 1
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert f"seq {seq}: event" in problems
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 1
    error = json.loads(out)["error"]
    assert "conflict for workstation" in error
    assert f"at seq {seq}" in error


def test_an_unsynced_decision_edited_and_rehashed(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    seq, _uid, decision = record.decides()[-1]
    assert seq > record.acked
    record.tamper(
        "UPDATE audit_events SET payload = replace(payload, '\"violation\"', '\"no_violation\"') "
        f"WHERE seq = {seq}",
        f"UPDATE decisions SET outcome = 'no_violation' WHERE uid = '{decision}'",
    )
    code, problems = verify(capsys)
    if record.signed:  # `audit checkpoint` signed the tail
        assert code == 1
        assert "checkpoint does not match the chain" in problems
        return
    # Unsigned and never sent: nothing can tell. Verification says so, and a team that
    # requires signing fails on it.
    assert (code, problems) == (0, "")
    assert verify(capsys, "--central") == (0, "")
    assert "cannot be proven" in notes(capsys)
    code, problems = verify(capsys, "--require-signed")
    assert code == 1
    assert "unsigned:" in problems


def test_a_tail_cut_below_the_sync_cursor_is_named(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    cut = record.acked - 2
    record.sql(f"DELETE FROM audit_events WHERE seq > {cut}")
    code, problems = verify(capsys)
    assert code == 1
    assert (
        f"seq {cut + 1}..{record.acked}: missing from this workspace although the central store "
        "acknowledged them (cut tail" in problems
    )
    if record.signed:
        assert f"the signed checkpoint at seq {record.acked} among them" in problems
        assert "this workstation's keyring remembers signing them" in problems
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert f"seq {cut + 1}..{record.acked}: at the central store but missing" in problems


def test_the_unsynced_tail_cut_off(capsys: pytest.CaptureFixture[str], record: Record) -> None:
    lost = [d for d in record.decides() if d[0] > record.acked]
    record.sql(f"DELETE FROM audit_events WHERE seq > {record.acked}")
    code, problems = verify(capsys)
    assert code == 1  # the decisions in the cut-off tail left their rows behind
    for _seq, _uid, decision in lost:
        assert f"decision {decision} (report" in problems
    # A careful hand deletes those too.
    record.sql(f"DELETE FROM decisions WHERE uid IN ({', '.join(repr(d[2]) for d in lost)})")
    code, problems = verify(capsys)
    if record.signed:  # the keyring remembers the checkpoint `audit checkpoint` wrote
        assert code == 1
        assert (
            f"seq {record.acked + 1}..{record.head}: missing from this workspace although this "
            "workstation's keyring remembers signing them (cut tail, the signed checkpoint at "
            f"seq {record.head} among them)" in problems
        )
        return
    assert (code, problems) == (0, "")  # never signed, never sent: nothing remembers it
    assert verify(capsys, "--require-signed")[0] == 1


def test_deleted_checkpoints(capsys: pytest.CaptureFixture[str], record: Record) -> None:
    checkpoints = record.sql("SELECT seq FROM audit_events WHERE kind = 'checkpoint'")
    if not record.signed:  # nothing to delete: the whole chain is unsigned, and said so
        assert checkpoints == []
        code, problems = verify(capsys, "--require-signed")
        assert code == 1
        assert "and no checkpoint at all: they cannot be proven" in problems
        return
    assert [int(s) for (s,) in checkpoints] == [record.acked, record.head]  # type: ignore[call-overload]
    # The last one, at the end of the chain: no gap is left.
    record.sql(f"DELETE FROM audit_events WHERE seq = {record.head}")
    code, problems = verify(capsys)
    assert code == 1
    assert (
        f"seq {record.head}: missing from this workspace although this workstation's keyring"
        in problems
    )
    # All of them, the chain renumbered and re-hashed: it is now an unsigned chain.
    record.tamper("DELETE FROM audit_events WHERE kind = 'checkpoint'", renumber=True)
    code, problems = verify(capsys)
    assert code == 1
    assert f"seq {record.acked}: this workspace holds" in problems  # the cursor's hash
    assert "keyring remembers signing them (cut tail" in problems
    code, problems = verify(capsys, "--require-signed")
    assert "and no checkpoint at all: they cannot be proven" in problems
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert f"seq {record.acked}: this workspace holds event" in problems


def test_a_deleted_decision_row_is_named(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    synced, unsynced = record.decides()[0], record.decides()[-1]
    record.sql(f"DELETE FROM decisions WHERE uid IN ('{synced[2]}', '{unsynced[2]}')")
    code, problems = verify(capsys)
    assert code == 1
    for seq, _uid, decision in (synced, unsynced):
        assert (
            f"seq {seq}: decision {decision} of this DECIDE event has no decision row (deleted)"
            in problems
        )
    assert verify(capsys, "--central") == (0, "")  # the central store has the synced one
    # The unsynced one is sent without its row: the central store names it too.
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 0, out
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert f"seq {unsynced[0]}: decision {unsynced[2]} of this DECIDE event has no" in problems
    assert str(synced[2]) not in problems


def test_an_edited_decision_row_is_named_and_not_resent_silently(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    seq, _uid, decision = record.decides()[0]
    record.sql(f"UPDATE decisions SET outcome = 'no_violation' WHERE uid = '{decision}'")
    code, problems = verify(capsys)
    assert code == 1
    assert (
        f"seq {seq}: decision row {decision} says outcome 'no_violation' (the event says "
        "'violation'): edited" in problems
    )
    record.sql("DELETE FROM sync_cursors")  # so the row is sent again
    code, out, _ = cli(capsys, "sync", "--json")
    assert code == 1
    error = json.loads(out)["error"]
    assert f"conflict for decision {decision}" in error
    assert "outcome" in error


def test_a_deleted_decide_event_leaves_its_row_named(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    seq, _uid, decision = record.decides()[-1]
    record.tamper(f"DELETE FROM audit_events WHERE seq = {seq}", renumber=True)
    code, problems = verify(capsys)
    assert code == 1
    assert f"decision {decision} (report" in problems
    assert "has no DECIDE event in the chain" in problems
    if record.signed:
        assert "checkpoint does not match the chain" in problems


def test_an_edit_and_rehash_at_the_central_store_is_named_by_the_cursor(
    capsys: pytest.CaptureFixture[str], record: Record
) -> None:
    engine = make_engine(record.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE central_events SET actor = 'mallory' WHERE seq = 1"))
        rehash(conn, "central_events")
    engine.dispose()
    code, problems = verify(capsys, "--central")
    assert code == 1
    assert "seq 1: event" in problems  # the local copy differs from it
    if record.signed:
        assert "checkpoint does not match the chain" in problems
    else:
        assert f"seq {record.acked}: the central store holds" in problems
        assert "it acknowledged" in problems


def test_a_profile_that_requires_signing_makes_it_the_default(
    capsys: pytest.CaptureFixture[str], record: Record, tmp_path: Path
) -> None:
    code, _out, err = cli(
        capsys,
        "profile",
        "add",
        "local",
        "--database",
        record.url,
        "--media-root",
        str(tmp_path),
        "--require-signed",
    )
    assert code == 0, err
    assert '"require_signed": true' in cli(capsys, "profile", "list", "--json")[1]
    code, out, _ = cli(capsys, "audit", "verify", "--json")
    assert json.loads(out)["require_signed"] is True
    if record.signed:  # the chain ends with a checkpoint: nothing unsigned
        assert code == 0
        return
    assert code == 1
    assert "signed chains are required" in out
    assert verify(capsys, "--no-require-signed") == (0, "")
