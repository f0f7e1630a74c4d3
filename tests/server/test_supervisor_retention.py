"""Legal holds and the purge over the server: a held report keeps its content and its media
file (even one a purged report shared), the dry run says what would go and changes nothing,
the purge is recorded as the supervisor's, and a reviewer's token changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from moderator.remote.lifecycle import RemoteRetention
from moderator.server.media_store import MediaStore
from moderator.store.models import AuditEvent, MediaItem, Report
from moderator.store.models_lifecycle import LegalHold, QueueLifecycle
from tests.server.conftest import Team, rid
from tests.server.helpers import count, refused, snapshot
from tests.server.test_supervisor_api import api_for

pytestmark = pytest.mark.postgres


def past_retention(team: Team, n: int) -> list[tuple[str, str, str]]:
    """`n` reports of "general" decided long ago (past its 30 days): (uid, ref, media sha)."""
    ids = team.add_reports("general", n, prefix="OLD")
    with team.sessions.begin() as s:
        s.execute(insert(QueueLifecycle).values(queue_id=team.queues["general"], retention_days=30))
        s.execute(
            update(Report)
            .where(Report.id.in_(ids))
            .values(state="decided", decided_at=team.now() - timedelta(days=2000),
                    reporter_text="what the reporter wrote", url="https://example.org/x")
        )  # fmt: skip
        rows = s.execute(
            select(Report.uid, Report.external_ref, MediaItem.sha256)
            .join(MediaItem, MediaItem.report_id == Report.id)
            .where(Report.id.in_(ids))
            .order_by(Report.id)
        ).all()
    return [(str(u), str(r), str(h)) for u, r, h in rows]


def content(team: Team, uid: str) -> tuple[str, str, list[str]]:
    with team.sessions() as s:
        report = s.execute(select(Report.id, Report.reporter_text).where(Report.uid == uid)).one()
        uris = s.scalars(select(MediaItem.uri).where(MediaItem.report_id == report.id)).all()
    return uid, report.reporter_text, list(uris)


def stored(team: Team, sha256: str) -> bool:
    return MediaStore(team.media).path_for(sha256).exists()


def test_a_held_report_and_its_media_survive_a_purge_over_the_server(team: Team) -> None:
    (kept, kept_ref, kept_sha), (gone, _r, gone_sha), (shared, _s, shared_sha) = past_retention(
        team, 3
    )
    # The held report also shows the media of the third one (the store keeps one file).
    with team.sessions.begin() as s:
        held_id = s.scalar(select(Report.id).where(Report.uid == kept))
        s.execute(insert(MediaItem).values(report_id=held_id, position=1, kind="image",
                                           uri=f"{shared_sha[:2]}/{shared_sha}",
                                           sha256=shared_sha,
                                           size_bytes=MediaStore(team.media).path_for(shared_sha)
                                           .stat().st_size))  # fmt: skip
    sue = team.enroll("sue")
    remote = RemoteRetention(api_for(sue))
    assert remote.hold(kept_ref, "court order 2026-114") > 0  # by its reference
    (hold,) = remote.holds()
    assert (hold.report_uid, hold.placed_by, hold.reason) == (kept, "sue", "court order 2026-114")

    before = snapshot(team)
    plan, none = remote.purge(dry_run=True)
    assert none is None
    assert (sorted(plan.due), plan.held) == (sorted([gone, shared]), (kept,))
    assert snapshot(team) == before  # the dry run changes nothing
    assert all(stored(team, sha) for sha in (kept_sha, gone_sha, shared_sha))

    done = sue.post("/v1/supervisor/purge", {"request_id": rid()})
    assert done.status_code == 200, done.text
    body = done.json()
    assert sorted(body["plan"]["due"]) == sorted([gone, shared])
    assert body["plan"]["held"] == [kept]
    assert body["files"] == 1  # the shared file stays: the held report still shows it
    assert content(team, kept) == (
        kept, "what the reporter wrote",
        [f"{kept_sha[:2]}/{kept_sha}", f"{shared_sha[:2]}/{shared_sha}"],
    )  # fmt: skip
    assert content(team, gone) == (gone, "", [""])
    assert content(team, shared) == (shared, "", [""])
    assert stored(team, kept_sha)
    assert stored(team, shared_sha)
    assert not stored(team, gone_sha)
    with team.sessions() as s:
        (payload,) = s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "purge"))
        kinds = s.execute(
            select(AuditEvent.kind, AuditEvent.actor).where(AuditEvent.kind.in_(["hold", "purge"]))
        ).all()
    assert sorted(kinds) == [("hold", "sue"), ("purge", "sue")]
    assert json.loads(payload)["refused_held"] == [kept]

    # Released, a later purge takes the held report and then its files.
    remote.release(kept, "the court lifted the order")
    plan, purge_uid = remote.purge()
    assert (plan.due, purge_uid is not None) == ((kept,), True)
    assert not stored(team, kept_sha)
    assert not stored(team, shared_sha)
    assert remote.holds() == []
    assert len(remote.holds(everything=True)) == 1


def test_hold_rules_are_409_and_unknown_reports_404(team: Team) -> None:
    ((uid, _ref, _sha),) = past_retention(team, 1)
    sue = team.enroll("sue")
    reason = {"reason": "case 7"}
    assert (
        sue.post(f"/v1/supervisor/holds/{uid}", {"request_id": rid(), **reason}).status_code == 200
    )
    twice = sue.post(f"/v1/supervisor/holds/{uid}", {"request_id": rid(), **reason})
    assert "already under a legal hold" in refused(twice, 409, "change-refused")["detail"]
    blank = sue.post(f"/v1/supervisor/holds/{uid}/release", {"request_id": rid(), "reason": " "})
    refused(blank, 409, "change-refused")
    refused(sue.post("/v1/supervisor/holds/NO-SUCH", {"request_id": rid(), **reason}), 404,
            "not-found")  # fmt: skip
    body: dict[str, Any] = {"request_id": rid(), **reason}
    assert sue.post(f"/v1/supervisor/holds/{uid}/release", body).status_code == 200
    again = sue.post(f"/v1/supervisor/holds/{uid}/release", {"request_id": rid(), **reason})
    assert "not under a legal hold" in refused(again, 409, "change-refused")["detail"]
    sent = sue.post(f"/v1/supervisor/holds/{uid}", {**body, "request_id": rid(), "placed_by": "x"})
    assert sent.status_code == 422  # nobody names who placed a hold


def test_a_reviewer_gets_403_on_holds_and_purge_and_nothing_changes(team: Team) -> None:
    ((uid, _ref, sha),) = past_retention(team, 1)
    alice = team.enroll("alice")
    before = snapshot(team)
    for response in (
        alice.get("/v1/supervisor/holds", params={"everything": True}),
        alice.post(f"/v1/supervisor/holds/{uid}", {"request_id": rid(), "reason": "mine"}),
        alice.post(f"/v1/supervisor/holds/{uid}/release", {"request_id": rid(), "reason": "x"}),
        alice.get("/v1/supervisor/purge"),
        alice.post("/v1/supervisor/purge", {"request_id": rid()}),
    ):
        problem = refused(response, 403, "not-eligible")
        assert uid not in json.dumps(problem)
    assert snapshot(team) == before
    assert count(team, LegalHold) == 0
    assert content(team, uid)[1] == "what the reporter wrote"
    assert stored(team, sha)
