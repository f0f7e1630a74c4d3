"""What a request costs: the reviewer's cycle stays within its statement budget, runs in one
transaction, one connection checkout and one thread-pool hop per request (the token checked
in the route's own transaction), and still sees a revocation or a deactivation at once; the
token check of other routes is one autocommit read (no BEGIN/COMMIT of its own)."""

from __future__ import annotations

import collections
from typing import Any

import anyio.to_thread
import psycopg
import pytest
from sqlalchemy import Connection, event, text

from tests.server.conftest import Team, rid

# Statements the server sends per request, every one counted at the driver (the compiled
# `Prepared` ones and the audit append's raw-cursor ones too). A new round trip on this path is
# a cost every reviewer pays at every report.
BUDGET = {"claim": 15, "submit": 9, "finalize": 13}


class Counted:
    def __init__(self, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.engine = team.server.engine
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine.pool, "checkout", self._checkout)
        execute, run_sync = psycopg.Cursor.execute, anyio.to_thread.run_sync

        def counted_execute(cursor: Any, *args: Any, **kw: Any) -> Any:
            self.counts["statements"] += 1
            return execute(cursor, *args, **kw)

        async def counted_run_sync(*args: Any, **kw: Any) -> Any:
            self.counts["hops"] += 1
            return await run_sync(*args, **kw)

        monkeypatch.setattr(psycopg.Cursor, "execute", counted_execute)
        monkeypatch.setattr(anyio.to_thread, "run_sync", counted_run_sync)

    def _commit(self, *_: Any) -> None:
        self.counts["commits"] += 1

    def _checkout(self, *_: Any) -> None:
        self.counts["checkouts"] += 1

    def take(self) -> dict[str, int]:
        got = dict(self.counts)
        self.counts.clear()
        return got

    def close(self) -> None:
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine.pool, "checkout", self._checkout)


def test_a_review_cycle_stays_within_its_statement_budget(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    team.add_reports("general", 3, media=False)
    desk = team.enroll("alice")
    counted = Counted(team, monkeypatch)
    try:
        for _ in range(2):  # the second cycle is the one measured (first ones warm caches)
            counted.take()
            lease = desk.lease()
            claim = counted.take()
            decision_id = rid()
            got = desk.submit(lease["token"], decision_id)
            assert got.status_code == 201, got.text
            submit = counted.take()
            got = desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
            assert got.status_code == 200, got.text
            assert got.json()["state"] == "final"
            finalize = counted.take()
    finally:
        counted.close()
    for name, cost in (("claim", claim), ("submit", submit), ("finalize", finalize)):
        assert cost["statements"] <= BUDGET[name], (name, cost)
        # One transaction for the token check and the work, on one pooled connection, in one
        # call to the thread pool (the answer is validated on the event loop).
        assert cost["commits"] == 1, (name, cost)
        assert cost["checkouts"] == 1, (name, cost)
        assert cost["hops"] == 1, (name, cost)


def test_the_autocommit_token_check_refuses_a_token_revoked_by_another_connection(
    team: Team,
) -> None:
    """The revocation is committed by someone else (another server process, the CLI): the
    very next request on a kept-alive client is refused."""
    team.add_reports("general", 2, media=False)
    desk = team.enroll("alice")
    assert desk.get("/v1/pending").status_code == 200
    with team.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE api_tokens SET revoked_at = now() WHERE workstation = %s", (desk.workstation,)
        )
    got = desk.get("/v1/pending")
    assert got.status_code == 401, got.text
    assert "revoked" in got.json()["detail"]
    assert desk.claim().status_code == 401


def test_a_connection_used_for_the_token_check_goes_back_to_transactions(team: Team) -> None:
    """The autocommit read must not leak autocommit into the next request's unit of work
    (that would commit a claim's statements one by one)."""
    seen = set()
    for _ in range(3):
        with team.server.read() as db:
            assert isinstance(db, Connection)  # PostgreSQL: not a transaction
            raw = db.connection.dbapi_connection
            assert raw is not None
            assert raw.autocommit is True
            seen.add(id(raw))
        with team.server.unit() as session:
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            assert raw.autocommit is False
            if id(raw) in seen:
                break
    else:
        raise AssertionError("the pool never handed the checked connection to a unit")


@pytest.mark.parametrize(
    ("change", "status", "word"),
    [
        ("UPDATE api_tokens SET revoked_at = now()", 401, "revoked"),
        ("UPDATE api_tokens SET expires_at = now() - interval '1 second'", 401, "expired"),
        ("UPDATE workstation_registrations SET revoked_at = now()", 401, "revoked"),
        ("UPDATE reviewers SET active = false WHERE username = 'alice'", 403, "deactivated"),
    ],
)
def test_the_token_checked_in_the_routes_transaction_is_refused_at_once(
    team: Team, change: str, status: int, word: str
) -> None:
    """Changed by another connection between two requests of the reviewer's loop (claim,
    submit, finalize check the token inside their own transaction): the next is refused, and
    the refused request changes nothing."""
    team.add_reports("general", 2, media=False)
    desk = team.enroll("alice")
    lease = desk.lease()
    decision_id = rid()
    assert desk.submit(lease["token"], decision_id).status_code == 201
    with team.engine.begin() as conn:
        conn.execute(text(change))
        before = conn.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one()
    for got in (
        desk.claim(),
        desk.submit(lease["token"]),
        desk.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()}),
        desk.post(f"/v1/leases/{lease['token']}/renew", {"request_id": rid()}),
    ):
        assert got.status_code == status, got.text
        assert word in got.json()["detail"]
    with team.engine.begin() as conn:
        after = conn.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one()
        state = conn.execute(text("SELECT count(*) FROM pending_decisions")).scalar_one()
    assert after == before
    assert state == 1  # the submitted decision is still pending, not finalized


def test_an_unknown_or_missing_token_is_refused_before_any_work(team: Team) -> None:
    team.add_reports("general", 1, media=False)
    desk = team.enroll("alice")
    stranger = team.client("not-a-token")
    assert stranger.post("/v1/claims", json={"request_id": rid()}).status_code == 401
    bare = team.client(None)
    got = bare.post("/v1/claims", json={"request_id": rid()})
    assert got.status_code == 401, got.text
    # A wrong token learns nothing from a route, not even how its body is checked.
    assert stranger.post("/v1/claims", json={"queue_ids": "x"}).status_code == 401
    assert bare.post("/v1/leases/not-a-uuid/decision", json={}).status_code == 401
    assert desk.post("/v1/claims", {"queue_ids": "x"}).status_code == 422
    assert desk.lease()["report_uid"]  # the one report was not taken by either
