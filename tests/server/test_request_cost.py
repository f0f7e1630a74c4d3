"""What a request costs the database: the reviewer's cycle stays within its statement budget,
runs in one transaction per request, and the token check of every request is one
autocommit read (no BEGIN/COMMIT of its own) that still sees a revocation at once."""

from __future__ import annotations

import collections
from typing import Any

from sqlalchemy import Connection, event

from tests.server.conftest import Team, rid

# Statements the server sends per request (the audit append's two raw-cursor statements are
# not counted). A new round trip on this path is a cost every reviewer pays at every report.
BUDGET = {"claim": 16, "submit": 7, "finalize": 12}


class Counted:
    def __init__(self, team: Team) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.engine = team.server.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)

    def _statement(self, *_: Any) -> None:
        self.counts["statements"] += 1

    def _commit(self, *_: Any) -> None:
        self.counts["commits"] += 1

    def take(self) -> dict[str, int]:
        got = dict(self.counts)
        self.counts.clear()
        return got

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def test_a_review_cycle_stays_within_its_statement_budget(team: Team) -> None:
    team.add_reports("general", 3, media=False)
    desk = team.enroll("alice")
    counted = Counted(team)
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
        # One transaction for the work; the token check commits nothing of its own.
        assert cost["commits"] == 1, (name, cost)


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
