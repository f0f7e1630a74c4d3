"""Sync from a workstation's journal to the central store, on both engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from moderator.domain.audit import EventKind
from moderator.domain.reports import Role
from moderator.services import config as config_mod
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace, open_workspace
from moderator.store import journal, queue
from moderator.store.central import verify_central
from moderator.store.db import make_engine, session_factory
from moderator.store.models import AuditEvent
from moderator.store.models_central import CentralDecision, CentralEvent, SyncCursor
from moderator.store.queue import DecisionInput
from tests.helpers import seed
from tests.helpers.clock import FakeClock

DECISION = DecisionInput(
    "platform-generic", "1", "a" * 64, "violation", {"q1": "yes", "note": "=cmd|' x"}
)


def make_source(tmp_path: Path, name: str = "ws") -> Workspace:
    """An SQLite workstation workspace with one queue and a reviewer."""
    paths = Paths.resolve(tmp_path / f"home-{name}")
    profile = Profile(name, f"sqlite:///{tmp_path / f'{name}.sqlite'}", str(tmp_path))
    config_mod.add_profile(paths, profile)
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock(), create=True)
    with ws.transaction() as s:
        seed.queue(s, "general", ws.now())
        seed.reviewer(s, "alice", ws.now())
    return ws


def work(ws: Workspace, reports: int, decide_every: int = 2) -> None:
    """Ingest `reports` reports, claim each, decide every n-th, release the others."""
    with ws.transaction() as s:
        qid = s.execute(text("SELECT id FROM queues")).scalar_one()
        seed.reports(s, qid, ws.now(), reports, prefix=f"R{ws.now().timestamp()}")
        alice = s.execute(text("SELECT id FROM reviewers WHERE username='alice'")).scalar_one()
    who = queue.ReviewerRef(alice, "alice", Role.REVIEWER)
    for i in range(reports):
        with ws.transaction() as s:
            lease = queue.claim(s, who, ws.actor("alice"), ws.now())
            assert lease is not None
            if i % decide_every == 0:
                queue.decide(s, lease, who, ws.actor("alice"), ws.now(), DECISION)
            else:
                queue.release(s, lease, ws.actor("alice"), ws.now(), "later")
        ws.clock.advance(seconds=1)  # type: ignore[attr-defined]


def local_events(ws: Workspace) -> dict[str, str]:
    with ws.transaction() as s:
        return dict(s.execute(select(AuditEvent.uid, AuditEvent.hash)).all())


def central_events(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(CentralEvent.uid, CentralEvent.hash)).all()
    engine.dispose()
    return list(rows)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_source(tmp_path)
    yield ws
    ws.close()


def test_push_sends_every_event_once_and_decisions_with_outcome(
    source: Workspace, db_url: str
) -> None:
    work(source, 6)
    syncer = Syncer(source, db_url)
    assert syncer.pending() > 0
    result = syncer.run_until_idle(batch=7)
    syncer.close()
    assert result.online
    assert result.error is None
    assert result.pending == 0
    assert result.decisions == 3
    assert result.checkpoint_seq is not None
    mine = local_events(source)
    theirs = central_events(db_url)
    assert sorted(theirs) == sorted(mine.items())  # each exactly once, unchanged
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        decided = s.execute(
            select(CentralEvent.outcome, CentralEvent.policy_id).where(
                CentralEvent.kind == EventKind.DECIDE
            )
        ).all()
        assert decided == [("violation", "platform-generic")] * 3
        answers = s.scalars(select(CentralDecision.answers)).all()
        assert [json.loads(a) for a in answers] == [DECISION.answers] * 3
        (status,) = verify_central(s)
    engine.dispose()
    assert status.ok, status.problem
    assert status.events == len(mine)
    assert status.checkpoint_seq == status.head_seq - 1  # the push signed the head


def test_resending_after_a_lost_ack_is_harmless(source: Workspace, db_url: str) -> None:
    work(source, 4)
    with Syncer(source, db_url) as syncer:
        syncer.run_until_idle()
    with source.transaction() as s:  # as if the acknowledgement had never been written
        s.execute(text("DELETE FROM sync_cursors"))
    syncer = Syncer(source, db_url)
    assert syncer.pending() == len(local_events(source))
    result = syncer.run_until_idle(batch=3)
    syncer.close()
    assert result.error is None
    assert result.pending == 0
    assert sorted(central_events(db_url)) == sorted(local_events(source).items())


def test_a_different_event_at_the_same_seq_is_a_loud_conflict(
    source: Workspace, db_url: str, tmp_path: Path
) -> None:
    work(source, 2)
    with Syncer(source, db_url, sign=False) as first:
        first.run_until_idle()
    # A second workstation database claiming the same workstation id: a forked chain.
    fork = make_source(tmp_path, "fork")
    fork.workstation = source.workstation
    work(fork, 2)
    syncer = Syncer(fork, db_url, sign=False)
    result = syncer.push()
    syncer.close()
    fork.close()
    assert result.online
    assert result.error is not None
    assert "conflict" in result.error
    assert "seq 1" in result.error
    with fork.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SyncCursor)) == 0  # nothing acked


def test_a_dead_central_store_loses_nothing(source: Workspace) -> None:
    work(source, 2)
    before = len(local_events(source))
    syncer = Syncer(source, "postgresql://nobody@127.0.0.1:1/none")
    result = syncer.push()
    syncer.close()
    assert result.online is False
    assert result.error is not None
    assert "cannot reach 127.0.0.1:1 (connection refused)" in result.error
    assert result.pending == before + 1  # + the checkpoint written before sending
    assert len(local_events(source)) == before + 1


def test_single_seat_mode_uses_the_workspace_database(source: Workspace) -> None:
    work(source, 3)
    syncer = Syncer(source, None)
    result = syncer.run_until_idle()
    assert result.error is None
    assert syncer.pending() == 0
    mine = local_events(source)
    with source.transaction() as s:
        assert s.scalar(select(func.count()).select_from(CentralEvent)) == len(mine)
        assert all(status.ok for status in verify_central(s))
        assert all(r.ok for r in journal.verify(s))
    # Nothing new: a second run sends nothing and writes no second checkpoint.
    again = syncer.push()
    assert (again.pushed, again.checkpoint_seq) == (0, None)


def test_without_a_keyring_events_are_sent_unsigned_with_a_warning(
    source: Workspace, db_url: str
) -> None:
    import keyring
    from keyring.backends import fail

    work(source, 1)
    keyring.set_keyring(fail.Keyring())
    with Syncer(source, db_url) as syncer:
        result = syncer.run_until_idle()
    assert result.error is None
    assert result.pending == 0
    assert result.warning is not None
    assert "keyring" in result.warning
    assert result.checkpoint_seq is None
