"""Equal and near copies waiting in one queue are decided as a group: the reviewer looks at
one, the others (re-encode, resize, 1 % crop) are members with their distance, any can be
taken out, and each report gets its own decision and DECIDE event (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.errors import LeaseLost
from moderator.media.pool import MediaPool
from moderator.services import config as config_mod
from moderator.services import metrics
from moderator.services.config import Profile
from moderator.services.grouping import GROUP_NOTE, Grouping
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher
from moderator.services.paths import Paths
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import AuditEvent, Decision, Report
from moderator.store.queue import DecisionInput
from tests.helpers.clock import FakeClock
from tests.services.test_bank_ingest import make_media

REFS = [
    "original.png", "reencoded.jpg", "resized.png", "cropped.png", "edited.png",
    "cropped-5pc.png", "other.png",
]  # fmt: skip


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    QueueAdmin(ws, "sue").add(QueueRequest("inbox", "platform-generic"))
    yield ws
    ws.close()


def test_a_group_is_decided_once_with_one_decision_per_report(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "\n".join(
            json.dumps({"external_ref": r, "queue": "inbox", "media": [r],
                        "priority": 5 if r == "original.png" else 1})
            for r in REFS
        ) + "\n", encoding="utf-8",
    )  # fmt: skip
    with MediaPool(workers=1) as pool:
        assert Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run([manifest]).ok
    sue = sign_in(org, "sue")
    lease = ReviewService(org, sue).claim()
    assert lease is not None
    grouping = Grouping(org, sue)
    members = grouping.members(lease)
    with org.transaction() as s:
        ref_of = {u: r for u, r in s.execute(select(Report.uid, Report.external_ref))}
    lead = ref_of[lease.report_uid]
    assert lead == "original.png"
    by_ref = {ref_of[m.report_uid]: m for m in members}
    # The near copies, with their distances; not the 5 % crop (beyond PDQ) nor the other one.
    assert set(by_ref) == {"reencoded.jpg", "resized.png", "cropped.png", "edited.png"}
    assert all(0 < m.distance <= 31 and m.how == "pdq" for m in members)
    assert [m.distance for m in members] == sorted(m.distance for m in members)

    out = by_ref["edited.png"].report_uid  # the reviewer takes one out of the group
    chosen = [m.report_uid for m in members if m.report_uid != out]
    decision = DecisionInput("platform-generic", "", "", "remove", {}, "", 30.0, 4.0)
    uids = grouping.decide_group(lease, decision, chosen)
    assert len(uids) == 1 + len(chosen)

    with org.transaction() as s:
        state = {ref_of[u]: st for u, st in s.execute(select(Report.uid, Report.state))}
        assert state["edited.png"] == "queued"  # taken out: still waiting for its own review
        assert state["other.png"] == state["cropped-5pc.png"] == "queued"
        rows = s.execute(
            select(Report.uid, Decision.outcome, Decision.seconds_exposed, Decision.notes).join(
                Report, Report.id == Decision.report_id
            )
        ).all()
        assert sorted(ref_of[r.uid] for r in rows) == sorted(
            [lead, *(ref_of[u] for u in chosen)]
        )  # one decision per report
        assert {r.outcome for r in rows} == {"remove"}
        for r in rows:
            if r.uid == lease.report_uid:
                assert r.seconds_exposed == 4.0
            else:  # nobody looked at it
                assert r.seconds_exposed == 0.0
                assert r.notes.startswith(f"{GROUP_NOTE} report {lease.report_uid}")
        decides = s.scalars(select(AuditEvent.report_uid).where(AuditEvent.kind == "decide"))
        assert sorted(decides) == sorted([lease.report_uid, *chosen])
        group = [
            json.loads(p)
            for p in s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "bank"))
        ]
        assert [g["op"] for g in group] == ["group"]
        assert group[0]["taken_out"] == [out]
        assert group[0]["decisions"] == uids
        start, end = metrics.period(org.now().date(), org.now().date() + timedelta(days=1), "UTC")
        saved = metrics.gather(s, start, end, "UTC").saved
    assert (saved.known, saved.grouped) == (0, len(chosen))

    # A second group decision on the same lease cannot happen: the lease is gone.
    with pytest.raises(LeaseLost, match="no longer yours"):
        grouping.decide_group(lease, decision, [out])
    with org.transaction() as s:
        assert s.scalar(select(Report.state).where(Report.uid == out)) == "queued"
