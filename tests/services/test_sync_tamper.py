"""Sync refuses what ON CONFLICT DO NOTHING would hide, and verification holds the central
store against what it acknowledged, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from moderator.services import audit_verify
from moderator.services.sync import Syncer
from moderator.services.workspace import Workspace
from moderator.store import cursors
from moderator.store.db import make_engine, session_factory
from moderator.store.verification import verify_central
from tests.helpers.tamper import rehash
from tests.services.test_sync import make_source, work


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_source(tmp_path)
    yield ws
    ws.close()


def rehash_chain(url: str, table: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        rehash(conn, table)
    engine.dispose()


def local_url(ws: Workspace) -> str:
    return ws.profile.database


def test_the_cursor_keeps_the_acknowledged_hash_and_checkpoint(
    source: Workspace, db_url: str
) -> None:
    work(source, 3)
    with Syncer(source, db_url) as syncer:
        assert syncer.run_until_idle().error is None
        (ack,) = syncer.acknowledged().values()
    with source.transaction() as s:
        head = s.execute(text("SELECT seq, hash, kind FROM audit_events ORDER BY seq DESC")).first()
    assert head is not None
    assert (ack.seq, ack.hash, ack.checkpoint_seq) == (head[0], head[1], head[0])
    assert head[2] == "checkpoint"


def test_a_local_rewrite_after_sync_is_refused_by_name(source: Workspace, db_url: str) -> None:
    work(source, 4)
    with Syncer(source, db_url, sign=False) as syncer:
        assert syncer.run_until_idle().error is None
    work(source, 2)
    with source.transaction() as s:
        s.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    rehash_chain(local_url(source), "audit_events")
    with Syncer(source, db_url, sign=False) as syncer:
        result = syncer.push()
        assert result.error is not None
        assert "the local journal was rewritten after the central store received it" in (
            result.error
        )
        assert result.pushed == 0
    # Verification against the central store names the edited seq itself.
    statuses, _where = audit_verify.verify_against_central(source, db_url)
    (status,) = statuses
    assert not status.ok
    assert any(
        p.startswith(f"workstation {source.workstation}: seq 2: event") for p in status.problems
    )
    # And the local cursor names the rewrite without the central store.
    (local,) = audit_verify.verify_workspace(source)
    assert not local.ok
    assert "the chain up to here was edited and re-hashed" in " ".join(local.problems)


def test_a_different_decision_under_a_sent_uid_is_refused(source: Workspace, db_url: str) -> None:
    work(source, 2)
    with Syncer(source, db_url, sign=False) as syncer:
        assert syncer.run_until_idle().error is None
    with source.transaction() as s:
        s.execute(text("UPDATE decisions SET notes = 'changed afterwards'"))
        s.execute(text("DELETE FROM sync_cursors"))
    with Syncer(source, db_url, sign=False) as syncer:
        result = syncer.push()
    assert result.error is not None
    assert "central store conflict for decision" in result.error
    assert "notes" in result.error
    with source.transaction() as s:
        assert cursors.acknowledged(s, Syncer(source, db_url).target) == {}  # nothing acked


def test_the_central_store_rewritten_is_named_by_the_acknowledged_hash(
    source: Workspace, db_url: str
) -> None:
    work(source, 3)
    with Syncer(source, db_url, sign=False) as syncer:
        assert syncer.run_until_idle().error is None
        acked = syncer.acknowledged()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE central_events SET actor = 'mallory' WHERE seq = 1"))
    engine.dispose()
    rehash_chain(db_url, "central_events")
    engine = make_engine(db_url)
    with session_factory(engine)() as s, s.begin():
        (status,) = verify_central(s, acked)
        (blind,) = verify_central(s)  # without the cursor the rewrite is invisible here
    engine.dispose()
    ack = acked[source.workstation]
    assert not status.ok
    assert status.problems == (
        f"workstation {source.workstation}: seq {ack.seq}: the central store holds "
        f"{status.problems[0].split(' holds ')[1].split(' ')[0]} here, it acknowledged "
        f"{(ack.hash or '')[:12]}: the chain up to here was edited and re-hashed",
    )
    assert blind.ok


def test_require_signed_fails_an_unsigned_central_tail(source: Workspace, db_url: str) -> None:
    work(source, 2)
    with Syncer(source, db_url, sign=False) as syncer:
        assert syncer.run_until_idle().error is None
    engine = make_engine(db_url)
    with session_factory(engine)() as s, s.begin():
        (loose,) = verify_central(s)
        (strict,) = verify_central(s, require_signed=True)
    engine.dispose()
    assert loose.ok
    assert loose.unsigned == loose.head_seq
    assert "cannot be proven" in loose.notes[0]
    assert not strict.ok
    assert "signed chains are required" in (strict.problem or "")


def test_without_a_keyring_a_profile_that_requires_signing_is_told_so(
    source: Workspace, db_url: str
) -> None:
    import dataclasses

    import keyring
    from keyring.backends import fail

    work(source, 1)
    keyring.set_keyring(fail.Keyring())
    source.profile = dataclasses.replace(source.profile, require_signed=True)
    with Syncer(source, db_url) as syncer:
        result = syncer.run_until_idle()
    assert result.error is None  # sent all the same: the central copy is a witness too
    assert result.warning is not None
    assert "this profile requires signed chains" in result.warning
