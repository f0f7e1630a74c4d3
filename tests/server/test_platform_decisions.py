"""Decisions out: the keyset feed and the webhook outbox (signed, retried, logged)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from moderator.server.platform import webhooks
from moderator.server.platform.webhooks import WebhookSettings, Worker
from moderator.services.sources import Sources
from tests.server.conftest import Desk, Team
from tests.server.helpers import refused
from tests.server.platform_kit import Receiver, decide, raw_decision, record, source, token

pytestmark = pytest.mark.postgres


def _submit(team: Team, name: str, n: int) -> None:
    client = team.client(source(team, name))
    got = client.post("/v1/reports", json={"records": [record(f"{name}-{i}") for i in range(n)]})
    assert got.json()["accepted"] == n, got.text


def test_the_feed_pages_by_cursor_and_a_source_sees_only_its_own(team: Team) -> None:
    _submit(team, "acme", 3)
    _submit(team, "other", 2)
    alice, sue = team.enroll("alice"), team.enroll("sue")
    for _ in range(5):
        decide(alice, outcome="no_violation")
    _until_events(sue, "", 5)  # numbering may wait a moment for other transactions
    pages, after = [], ""
    while True:
        got = sue.get("/v1/decisions", params={"after": after, "limit": 2}).json()
        pages.append(got["decisions"])
        after = got["next_cursor"]
        if not got["more"]:
            break
    events = [e for page in pages for e in page]
    assert len(events) == 5
    assert [len(p) for p in pages] == [2, 2, 1]
    assert len({e["event_id"] for e in events}) == 5
    first = events[0]
    assert first["type"] == "decision.final"
    assert first["outcome"]["code"] == "no_violation"
    assert first["policy"] == {"id": "platform-generic", "version": "1"}
    assert first["report"]["source"] in ("acme", "other")
    assert first["decided_at"].endswith("Z")
    assert "reporter_text" not in str(first)
    assert "alice" not in str(first)
    # Nothing after the last cursor; a source's reader sees only its own reports.
    assert sue.get("/v1/decisions", params={"after": after}).json()["decisions"] == []
    reader = team.client(token(team, "acme", "decisions"))
    mine = reader.get("/v1/decisions").json()["decisions"]
    assert {e["report"]["source"] for e in mine} == {"acme"}
    assert len(mine) == 3
    refused(sue.get("/v1/decisions", params={"after": "x"}), 422, "invalid-request")


def test_a_decision_committed_while_an_earlier_one_is_open_waits_for_it_in_the_feed(
    team: Team,
) -> None:
    """Deciding never waits for another decide transaction; the feed does: a decision is not
    numbered while one that began before it is still open, so a cursor read in between never
    skips the earlier one."""
    _submit(team, "acme", 3)
    alice, sue = team.enroll("alice"), team.enroll("sue")
    decide(alice)  # one row so the table is not empty
    with team.engine.connect() as conn:
        report = conn.execute(text("SELECT max(id) FROM reports WHERE state = 'queued'")).scalar()
    cursor = _until_events(sue, "", 1)[-1]["cursor"]
    first = team.engine.connect()
    try:
        tx = first.begin()
        raw_decision(first, int(report or 0), 9, team.people["bob"].id)
        done = threading.Event()
        errors: list[BaseException] = []

        def second() -> None:
            try:
                decide(alice)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the test thread
                errors.append(exc)
            done.set()

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=30)
        assert done.is_set()  # it did not wait for the open one
        assert not errors, errors
        between = sue.get("/v1/decisions", params={"after": cursor}).json()
        assert between["decisions"] == []
        assert between["next_cursor"] == cursor
        tx.commit()
    finally:
        first.close()
    events = _until_events(sue, cursor, 2)
    assert [e["review_round"] for e in events] == [9, 1]  # began first, numbered first
    assert [int(e["cursor"]) for e in events] == [int(cursor) + 1, int(cursor) + 2]


def _until_events(desk: Desk, after: str, n: int) -> list[dict[str, object]]:
    """The feed after the cursor once it holds `n` events (numbering may wait for other
    transactions on the PostgreSQL cluster for a moment)."""
    deadline = time.monotonic() + 30
    while True:
        events: list[dict[str, object]] = desk.get("/v1/decisions", params={"after": after}).json()[
            "decisions"
        ]
        if len(events) >= n or time.monotonic() > deadline:
            assert len(events) == n, events
            return events
        time.sleep(0.05)


def test_webhooks_are_signed_retried_logged_and_survive_a_dead_worker(team: Team) -> None:
    _submit(team, "acme", 4)
    admin = Sources(team.server.workspace(), "sue")
    hook, secret = admin.add_webhook("http://127.0.0.1:9/placeholder", "acme")
    receiver = Receiver(secret, misbehave=lambda n: "fail" if n % 2 else "ok")
    with team.engine.begin() as conn:
        conn.execute(text("UPDATE webhook_subscriptions SET url = :u"), {"u": receiver.url})
    alice = team.enroll("alice")
    for _ in range(4):
        decide(alice)
    with team.engine.connect() as conn:
        decided = set(conn.execute(text("SELECT uid FROM decisions")).scalars())
    settings = WebhookSettings(base_delay=0.05, timeout=2, lease=1.0)
    # A worker takes the due deliveries and dies before sending: nothing is lost.
    deadline = time.monotonic() + 30  # numbering may wait a moment for other transactions
    enqueued = 0
    while enqueued < 4 and time.monotonic() < deadline:
        enqueued += webhooks.enqueue(team.server)
        time.sleep(0.02)
    assert enqueued == 4
    taken = webhooks.claim(team.server, settings)
    assert len(taken) == 4
    worker = Worker(team.server, settings)
    try:
        assert worker.tick() == 0  # still leased to the dead worker
        deadline = time.monotonic() + 30
        while len(receiver.acked) < 4 and time.monotonic() < deadline:
            if not worker.tick():
                time.sleep(0.05)
    finally:
        worker.close()
        receiver.close()
    assert set(receiver.acked) == decided
    assert receiver.bad_signatures == 0
    assert receiver.refusals >= 2
    sue = team.enroll("sue")
    log = sue.get("/v1/webhooks/deliveries", params={"webhook": hook}).json()
    assert log["webhooks"][0]["delivered"] == 4
    assert log["webhooks"][0]["pending"] == 0
    failed = [a for a in log["attempts"] if a["error"]]
    assert failed
    assert all(a["error"] == "HTTP 503" and a["status"] == 503 for a in failed)
    # A wrong secret is what a receiver refuses.
    assert not webhooks.sign("other", 1, b"{}").endswith(webhooks.sign(secret, 1, b"{}")[-64:])


def test_a_receiver_that_never_answers_gives_up_after_max_attempts(team: Team) -> None:
    _submit(team, "acme", 1)
    admin = Sources(team.server.workspace(), "sue")
    receiver = Receiver("?", misbehave=lambda n: "fail")
    admin.add_webhook(receiver.url, None)
    decide(team.enroll("alice"))
    worker = Worker(team.server, WebhookSettings(base_delay=0.01, max_attempts=3, timeout=1))
    try:
        for _ in range(200):
            worker.tick()
            time.sleep(0.02)
            with team.engine.connect() as conn:
                state = conn.execute(text("SELECT state FROM webhook_deliveries")).scalar()
            if state == "failed":
                break
    finally:
        worker.close()
        receiver.close()
    assert state == "failed"
    with team.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM webhook_attempts")).scalar() == 3
