"""The group over the team server (issue 18, the real PostgreSQL): only the holder of the
lead's lease sees its group and its members' media; the server chooses the members (never a
gold copy, another queue's report or a stranger's id: a desk can only leave members out); a
group decision is pending like any submit, holds its members, and is undone or finalized as
one; the sweeper finalizes a group a desk never came back for."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from moderator.domain.ids import new_uid
from moderator.remote.group import member_of
from moderator.server.review.service import finalize_due
from moderator.store.models import AuditEvent, Decision, MediaItem, PendingDecision, Report
from moderator.store.models_quality import GoldCopy, GoldItem
from tests.server.conftest import DECISION, Desk, Team, rid

pytestmark = pytest.mark.postgres

PDQ = "f" * 64
NEAR = "f" * 60 + "0000"  # 16 bits away


def group_team(team: Team) -> dict[str, Any]:
    """lead (first claimed), two near copies, a copy in another queue, a gold copy and an
    unrelated report: their uids by name."""
    ids = team.add_reports("general", 5)
    [elsewhere] = team.add_reports("gated", 1, prefix="G")
    names = dict(zip(["lead", "near-1", "near-2", "gold", "other"], ids, strict=True))
    names["elsewhere"] = elsewhere
    now = team.now()
    with team.sessions.begin() as s:
        s.execute(update(Report).where(Report.id == names["lead"]).values(priority=5))
        for name, report_id in names.items():
            pdq = {"lead": PDQ, "other": "0" * 64}.get(name, NEAR)
            s.execute(update(MediaItem).where(MediaItem.report_id == report_id).values(pdq=pdq))
        gold = s.execute(
            insert(GoldItem).values(
                uid=new_uid(), report_id=names["other"], queue_id=team.queues["general"],
                policy_id="platform-generic", expected_outcome="remove", created_by="sue",
                created_at=now,
            ).returning(GoldItem.id)
        ).scalar_one()  # fmt: skip
        s.execute(
            insert(GoldCopy).values(
                report_id=names["gold"], gold_id=gold, reviewer_id=team.people["bob"].id,
                queue_id=team.queues["general"], served_at=now,
            )
        )  # fmt: skip
        uids = dict(s.execute(select(Report.id, Report.uid)).all())
    return {name: uids[i] for name, i in names.items()}


def state_of(team: Team, uid: str) -> str:
    with team.sessions.begin() as s:
        return str(s.scalar(select(Report.state).where(Report.uid == uid)))


def submit_group(desk: Desk, token: str, members: list[str], decision_id: str = "") -> Any:
    body = {"decision_id": decision_id or rid(), **DECISION, "members": members}
    return desk.post(f"/v1/leases/{token}/group", body)


def test_only_the_lead_holder_sees_the_group_and_its_blurred_tiles_media(team: Team) -> None:
    uids = group_team(team)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    lease = alice.lease()
    assert lease["report_uid"] == uids["lead"]
    token = lease["token"]
    answer = alice.get(f"/v1/leases/{token}/group")
    assert answer.status_code == 200, answer.text
    members = answer.json()["members"]
    # Never the gold copy, the other queue's copy or the unrelated report.
    assert {m["report_uid"] for m in members} == {uids["near-1"], uids["near-2"]}
    assert {(m["how"], m["distance"]) for m in members} == {("pdq", 16)}
    assert not {"state", "outcome"} & set(members[0])
    # The desk's tile fetches the member's media by the lead's lease, checked and audited.
    tile = member_of(token, members[0])
    assert tile.media is not None
    got = alice.get(tile.media.uri)
    assert got.status_code == 200, got.text
    assert got.headers["X-Moderator-SHA256"] == members[0]["sha256"]
    with team.sessions.begin() as s:
        fetched = [
            json.loads(p)
            for p in s.scalars(
                select(AuditEvent.payload).where(
                    AuditEvent.kind == "media_fetch", AuditEvent.report_uid == tile.report_uid
                )
            )
        ]
    assert [f["group_of"] for f in fetched] == [uids["lead"]]
    # Another reviewer with alice's lease token: refused, the group and the media alike.
    assert bob.get(f"/v1/leases/{token}/group").status_code in (403, 404, 409)
    assert bob.get(tile.media.uri).status_code in (403, 404, 409)
    # Alice asking for a report that is not in her group: refused.
    for name in ("gold", "elsewhere", "other"):
        assert alice.get(f"/v1/leases/{token}/group/{uids[name]}/media").status_code == 404


def test_a_group_decision_is_pending_holds_its_members_and_decides_only_the_group(
    team: Team,
) -> None:
    uids = group_team(team)
    alice, bob = team.enroll("alice"), team.enroll("bob")
    token = alice.lease()["token"]
    decision_id = rid()
    # near-2 taken out; strangers' ids (gold copy, another queue) are not the desk's to add.
    sent = [uids["near-1"], uids["gold"], uids["elsewhere"]]
    answer = submit_group(alice, token, sent, decision_id)
    assert answer.status_code == 201, answer.text
    assert submit_group(alice, token, sent, decision_id).json() == answer.json()  # idempotent
    assert state_of(team, uids["near-1"]) == "claimed"  # held for the group
    assert state_of(team, uids["near-2"]) == "queued"
    assert alice.get(f"/v1/decisions/{decision_id}").json()["state"] == "pending"
    # Bob's claims never take a held member; alice may still claim ahead.
    while (got := bob.claim().json()["lease"]) is not None:
        assert got["report_uid"] != uids["near-1"]
    assert alice.claim().status_code == 200
    final = alice.post(f"/v1/decisions/{decision_id}/finalize", {"request_id": rid()})
    assert final.status_code == 200, final.text
    with team.sessions.begin() as s:
        decided = set(s.scalars(select(Report.uid).join(Decision, Decision.report_id == Report.id)))
        group = [
            json.loads(p)
            for p in s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "bank"))
        ]
    assert decided == {uids["lead"], uids["near-1"]}
    assert state_of(team, uids["gold"]) != "decided"
    assert group[0]["taken_out"] == [uids["near-2"]]
    assert set(group[0]["unavailable"]) == {uids["gold"], uids["elsewhere"]}


def test_undo_gives_the_members_back_and_the_sweeper_finalizes_a_group(team: Team) -> None:
    uids = group_team(team)
    alice = team.enroll("alice")
    token = alice.lease()["token"]
    decision_id = rid()
    assert submit_group(alice, token, [uids["near-1"]], decision_id).status_code == 201
    back = alice.post(f"/v1/decisions/{decision_id}/undo", {"request_id": rid()})
    assert back.status_code == 200, back.text
    assert state_of(team, uids["near-1"]) == "queued"
    # Submitted again, and the desk never comes back: the server finalizes the whole group.
    members = [uids["near-1"], uids["near-2"]]
    assert submit_group(alice, token, members).status_code == 201
    with team.sessions.begin() as s:
        s.execute(
            update(Report)
            .where(Report.uid.in_([uids["lead"], *members]))
            .values(lease_expires_at=team.now() + timedelta(minutes=30))
        )
    with team.sessions.begin() as s:  # its grace period is over
        s.execute(update(PendingDecision).values(final_at=team.now() - timedelta(seconds=1)))
    assert finalize_due(team.server) == 1
    assert {state_of(team, u) for u in (uids["lead"], *members)} == {"decided"}
