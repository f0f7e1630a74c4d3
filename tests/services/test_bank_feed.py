"""From decision to bank: a queue's confirmed outcomes enter its feed bank only under the
confirmation rule (two reviewers agreeing in a blind second review, or a supervisor); the
entry names the report and the confirmers; the open copies are re-matched at once; `bank
export` hands the entries on (SQLite and PostgreSQL). Synthetic images, made here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from moderator.domain.banks import Action, BankError
from moderator.domain.errors import NotEligible
from moderator.media.pool import MediaPool
from moderator.services import config as config_mod
from moderator.services.bank_feeds import FeedAdmin
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher
from moderator.services.paths import Paths
from moderator.services.pending import PendingDecisions
from moderator.services.quality import QualityService
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store import bank_matches
from moderator.store.models import Report
from moderator.store.queue import DecisionInput
from tests.helpers import seed
from tests.helpers.clock import FakeClock
from tests.services.test_bank_ingest import make_media, manifest

REFS = ["original.png", "resized.png", "reencoded.jpg"]


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    QueueAdmin(ws, "sue").add(QueueRequest("inbox", "platform-generic"))
    QueueAdmin(ws, "sue").add(QueueRequest("urgent", "platform-generic"))
    yield ws
    ws.close()


def _decide(ws: Workspace, who: str, *, window: bool = False, fused: bool = False) -> str:
    """`who` claims the next report and removes it (as the window does: submitted, then
    final after the grace period, with `window`; decided and the next claimed in one
    transaction, with `fused`); its uid."""
    person = sign_in(ws, who)
    service = ReviewService(ws, person)
    lease = service.claim()
    assert lease is not None, f"nothing for {who} to claim"
    decision = DecisionInput("platform-generic", "", "", "remove", {})
    if window:
        desk = PendingDecisions(ws, person)
        assert desk.finalize(desk.submit(lease, decision)) is not None
    elif fused:
        _uid, following = service.decide_and_claim(lease, decision)
        if following is not None:
            service.release(following)
    else:
        service.decide(lease, decision)
    return lease.report_uid


def _entries(ws: Workspace) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(BankAdmin(ws, "sue").export("confirmed", "csv"))))


def test_confirmed_outcomes_enter_the_bank_under_the_rule(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    with MediaPool(workers=1) as pool:
        Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run([manifest(tmp_path, REFS)])
    with org.transaction() as s:
        seed.reviewer(s, "alice", org.now())
        seed.reviewer(s, "bob", org.now())
    BankAdmin(org, "sue").add(BankRequest("confirmed", Action.FLAG))
    feeds = FeedAdmin(org, "sue")
    with pytest.raises(BankError, match="at least one --outcome"):
        feeds.set("inbox", "confirmed", [], "two")
    with pytest.raises(BankError, match="--confirm"):
        feeds.set("inbox", "confirmed", ["remove"], "anyone")
    with pytest.raises(BankError, match="no queue named"):
        feeds.set("nowhere", "confirmed", ["remove"], "two")
    with pytest.raises(NotEligible, match="only a supervisor"):
        FeedAdmin(org, "alice").set("inbox", "confirmed", ["remove"], "two")

    # Rule "two": a supervisor's lone decision is not enough.
    feeds.set("inbox", "confirmed", ["remove"], "two")
    _decide(org, "sue")
    assert _entries(org) == []

    # Rule "supervisor": it is; the entry names the report and the supervisor, and the open
    # near copy is flagged at once, before anyone looks at it (the window's path).
    feeds.set("inbox", "confirmed", ["remove"], "supervisor")
    second = _decide(org, "sue", window=True)
    rows = _entries(org)
    assert {r["signal"] for r in rows} == {"sha256", "md5", "pdq"}
    assert {(r["report"], r["confirmed_by"]) for r in rows} == {(second, "sue")}
    with org.transaction() as s:
        last = s.scalar(select(Report.id).where(Report.state == "queued"))
        assert last is not None
        shown = bank_matches.for_report(s, last)
        assert [(m.bank, m.action, m.from_report) for m in shown] == [("confirmed", "flag", second)]
    assert f"Confirmed by sue on {shown[0].confirmed_at[:10]}, from report {second}" in (
        shown[0].explained
    )

    # Rule "two": the first decision waits for the blind second review; agreement enters it,
    # confirmed by both.
    feeds.set("inbox", "confirmed", ["remove"], "two")
    QualityService(org, "sue").set_settings("inbox", second_review=1.0)
    third = _decide(org, "alice")
    assert len(_entries(org)) == 3  # a second review is waiting: nothing entered yet
    assert _decide(org, "bob") == third
    mine = [r for r in _entries(org) if r["report"] == third]
    assert mine
    assert {r["confirmed_by"] for r in mine} == {"alice, bob"}
    assert {r["note"] for r in mine} == {"outcome remove"}
    hma = BankAdmin(org, "sue").export("confirmed", "hma")
    assert all(f"{r['signal']} {r['value']}" in hma for r in mine)  # for the upload filter

    feeds.stop("inbox")
    assert feeds.listing() == []
    with pytest.raises(BankError, match="does not feed"):
        feeds.stop("inbox")


def test_decide_and_claim_matches_the_open_copies_as_a_decide_does(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    """The one-transaction path (decide, then claim the next) sends a confirmed outcome to the
    bank and flags the open copies before the claim, as the two-transaction path does."""
    make_media(media_root)
    with MediaPool(workers=1) as pool:
        Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run([manifest(tmp_path, REFS)])
    BankAdmin(org, "sue").add(BankRequest("confirmed", Action.FLAG))
    FeedAdmin(org, "sue").set("inbox", "confirmed", ["remove"], "supervisor")
    first = _decide(org, "sue", fused=True)
    assert {r["report"] for r in _entries(org)} == {first}
    with org.transaction() as s:
        open_ids = list(s.scalars(select(Report.id).where(Report.state == "queued")))
        assert len(open_ids) == len(REFS) - 1
        for report_id in open_ids:
            shown = bank_matches.for_report(s, report_id)
            assert [(m.bank, m.from_report) for m in shown] == [("confirmed", first)]
