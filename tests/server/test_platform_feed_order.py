"""The decision feed's numbering on PostgreSQL, with real concurrent transactions: no lock in
the decide path, and still a keyset cursor that never skips a decision committed later.

Other test runs share the PostgreSQL cluster, and any open write transaction anywhere in it
holds back numbering for a moment; so "is numbered" is always waited for, "is not" is not."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from moderator.server.platform import feed, webhooks
from moderator.services.sources import Sources
from moderator.store import decision_feed
from moderator.store.db import make_engine
from tests.server.conftest import Team
from tests.server.platform_kit import raw_decision

pytestmark = pytest.mark.postgres

WAIT = 30.0  # seconds to wait for numbering that other test runs' transactions may delay


def _report(team: Team, prefix: str = "F") -> tuple[int, int]:
    """A report to hang raw decisions on (each in its own review round) and a reviewer."""
    report = team.add_reports("general", 1, media=False, prefix=prefix)[0]
    return report, team.people["bob"].id


def _feed(team: Team, after: int = 0) -> list[tuple[int, int]]:
    """(cursor, review round) of every event after the cursor, read as the endpoint reads."""
    with team.server.workspace().transaction() as session:
        items = feed.page(session, after, feed.MAX_PAGE)
    return [(i.seq, int(i.event["review_round"])) for i in items]


def _until(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT:.0f} s: {what}")
        time.sleep(0.05)


def test_the_one_that_inserted_first_and_commits_last_is_neither_skipped_nor_out_of_order(
    team: Team,
) -> None:
    report, bob = _report(team)
    with team.engine.begin() as conn:
        raw_decision(conn, report, 10, bob)
    before = _until(lambda: _feed(team), "the first decision is numbered")
    assert [r for _, r in before] == [10]
    cursor = before[-1][0]
    first, second = team.engine.connect(), team.engine.connect()
    try:
        tx1 = first.begin()
        raw_decision(first, report, 11, bob)  # inserted first...
        with second.begin():
            raw_decision(second, report, 12, bob)  # ...the other commits first
        # In between, a reader gets neither: the open one is below the committed one.
        assert _feed(team, cursor) == []
        assert _feed(team, cursor) == []
        tx1.commit()
    finally:
        first.close()
        second.close()
    after = _until(lambda: _feed(team, cursor), "both are numbered")
    assert [r for _, r in after] == [11, 12]  # once each, in the order of their transactions
    seqs = [s for s, _ in after]
    assert seqs == sorted(set(seqs))
    assert seqs[0] > cursor
    everything = _feed(team)
    assert [r for _, r in everything] == [10, 11, 12]
    assert [s for s, _ in everything] == [1, 2, 3]  # no gaps, no repeats


def test_an_open_transaction_holds_back_later_rows_until_it_ends(team: Team) -> None:
    report, bob = _report(team)
    holder = team.engine.connect()
    try:
        with team.engine.begin() as conn:
            raw_decision(conn, report, 20, bob)  # committed before the holder began
        tx = holder.begin()
        holder.execute(text("SELECT pg_current_xact_id()"))  # holds an xid, writes nothing
        with team.engine.begin() as conn:
            raw_decision(conn, report, 21, bob)
        # The earlier decision is numbered while the holder is open; the later one is not.
        got = _until(lambda: _feed(team), "the decision before the holder is numbered")
        assert [r for _, r in got] == [20]
        time.sleep(0.5)
        assert [r for _, r in _feed(team)] == [20]
        with team.engine.connect() as conn:
            unnumbered = conn.execute(text("SELECT count(*) FROM decision_feed WHERE seq IS NULL"))
            assert unnumbered.scalar() == 1
        tx.commit()
    finally:
        holder.close()
    got = _until(lambda: len(_feed(team)) == 2 and _feed(team), "the later decision is numbered")
    assert [r for _, r in got] == [20, 21]


def test_a_rolled_back_decision_never_appears_and_does_not_block_the_feed(team: Team) -> None:
    report, bob = _report(team)
    doomed = team.engine.connect()
    try:
        tx = doomed.begin()
        raw_decision(doomed, report, 30, bob)
        with team.engine.begin() as conn:
            raw_decision(conn, report, 31, bob)
        assert _feed(team) == []
        tx.rollback()
    finally:
        doomed.close()
    got = _until(lambda: _feed(team), "the committed decision is numbered")
    assert [(s, r) for s, r in got] == [(1, 31)]
    with team.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM decision_feed")).scalar() == 1


def test_webhooks_enqueue_only_numbered_rows_each_once_in_feed_order(team: Team) -> None:
    report, bob = _report(team)
    Sources(team.server.workspace(), "sue").add_webhook("http://127.0.0.1:9/unused", None)
    first = team.engine.connect()
    try:
        tx = first.begin()
        early = raw_decision(first, report, 40, bob)
        with team.engine.begin() as conn:
            late = raw_decision(conn, report, 41, bob)
        assert webhooks.enqueue(team.server) == 0  # the later one waits for the open one
        tx.commit()
    finally:
        first.close()
    _until(lambda: webhooks.enqueue(team.server), "the webhook events are enqueued")
    assert webhooks.enqueue(team.server) == 0
    with team.engine.connect() as conn:
        rows = conn.execute(text("SELECT decision_id FROM webhook_deliveries ORDER BY id")).all()
        feed_seq = conn.execute(text("SELECT feed_seq FROM webhook_subscriptions")).scalar()
    assert [r[0] for r in rows] == [early, late]
    assert feed_seq == 2


def _decide_in_threads(team: Team, threads: int, each: int, prefix: str) -> tuple[float, int]:
    """`threads` connections, each committing `each` decisions with 20 ms between the insert and
    the commit; the wall time and the most of them seen between insert and commit at once."""
    report, bob = _report(team, prefix)
    engine = make_engine(team.url, pool_size=threads)
    conns = [engine.connect() for _ in range(threads)]
    gate = threading.Barrier(threads + 1)
    lock = threading.Lock()
    state = {"inside": 0, "peak": 0}
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            gate.wait()
            for i in range(each):
                with conns[t].begin():
                    raw_decision(conns[t], report, 1000 + t * each + i, bob)
                    with lock:
                        state["inside"] += 1
                        state["peak"] = max(state["peak"], state["inside"])
                    time.sleep(0.02)
                    with lock:
                        state["inside"] -= 1
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    gate.wait()
    started = time.perf_counter()
    for w in workers:
        w.join(timeout=120)
    wall = time.perf_counter() - started
    for c in conns:
        c.close()
    engine.dispose()
    assert not errors, errors
    return wall, state["peak"]


def _reader(
    team: Team, seen: list[int], stop: threading.Event, errors: list[BaseException]
) -> None:
    try:
        cursor = 0
        while not stop.is_set():
            page = _feed(team, cursor)
            seen.extend(s for s, _ in page)
            cursor = page[-1][0] if page else cursor
            time.sleep(0.01)
    except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
        errors.append(exc)


def _sequencer(team: Team, stop: threading.Event, errors: list[BaseException]) -> None:
    try:
        while not stop.is_set():
            with team.server.workspace().transaction() as session:
                decision_feed.sequence(session)
    except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
        errors.append(exc)


def test_concurrent_decides_do_not_serialise_and_readers_miss_nothing(team: Team) -> None:
    threads, each = 16, 8
    serial = threads * each * 0.02  # what one global lock from insert to commit costs at least
    seen: list[list[int]] = [[], []]
    stop = threading.Event()
    errors: list[BaseException] = []
    readers = [threading.Thread(target=_reader, args=(team, s, stop, errors)) for s in seen]
    readers += [threading.Thread(target=_sequencer, args=(team, stop, errors)) for _ in range(4)]
    for r in readers:
        r.start()
    try:
        wall, peak = _decide_in_threads(team, threads, each, "new")
        total = threads * each
        _until(lambda: len(_feed(team)) == total, "every decision is numbered")
        _until(lambda: errors or all(len(s) >= total for s in seen), "the readers caught up")
    finally:
        stop.set()
        for r in readers:
            r.join(timeout=30)
    assert not errors, errors
    print(f"\nlock-free: {threads}x{each} decides in {wall:.3f} s, peak {peak} open at once")
    assert peak >= 4, peak  # under one lock it is always 1
    assert wall < serial * 0.6, (wall, serial)  # the old trigger cannot go below `serial`
    # Each reader, paging by cursor while decisions and sequencers ran (a sequencer's
    # numbers overlapping another's would have failed on the unique index), saw every
    # decision once, in cursor order; the numbers are 1..total, in transaction order.
    for s in seen:
        assert s == list(range(1, total + 1))
    with team.engine.connect() as conn:
        order = conn.execute(text("SELECT seq FROM decision_feed ORDER BY xid, decision_id"))
        assert [r[0] for r in order] == list(range(1, total + 1))

    # The same load under the old trigger (an advisory lock before the feed row): serialised.
    with team.engine.begin() as conn:
        lockfree = conn.execute(
            text("SELECT pg_get_functiondef('moderator_decision_feed'::regproc)")
        ).scalar_one()
        conn.execute(
            text(
                "CREATE OR REPLACE FUNCTION moderator_decision_feed() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(7019001); "
                "INSERT INTO decision_feed (decision_id, xid) "
                "VALUES (NEW.id, pg_current_xact_id()::text::bigint); RETURN NEW; END $$"
            )
        )
    try:
        old_wall, old_peak = _decide_in_threads(team, threads, each, "old")
    finally:
        with team.engine.begin() as conn:
            conn.exec_driver_sql(lockfree)
    print(f"old lock:  {threads}x{each} decides in {old_wall:.3f} s, peak {old_peak} open at once")
    assert old_peak == 1
    assert old_wall >= serial
