"""A bank change re-matches the open queue in the same transaction: entries imported flag,
route or decide (known, audited as automated, no view) the reports already waiting; a safe-list
entry suppresses; a retired entry's flag disappears; a second run changes nothing (SQLite and
PostgreSQL). Synthetic images and their re-encodes, resizes, crops and edits, made here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from moderator.domain.banks import Action
from moderator.media.pool import MediaPool
from moderator.services import bank_match, metrics
from moderator.services import config as config_mod
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.compliance import report as compliance
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher
from moderator.services.paths import Paths
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace
from moderator.store import bank_matches
from moderator.store.models import AuditEvent, Decision, Report, Reviewer
from moderator.store.models_banks import HashMatch
from tests.helpers.clock import FakeClock
from tests.services.test_bank_ingest import VARIANTS, hashes_of, make_media, manifest


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    QueueAdmin(ws, "sue").add(QueueRequest("inbox", "platform-generic"))
    QueueAdmin(ws, "sue").add(QueueRequest("urgent", "platform-generic"))
    yield ws
    ws.close()


def _events(ws: Workspace) -> int:
    with ws.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _shown(ws: Workspace, ref: str) -> list[tuple[str, str]]:
    """What the window would explain for a report: (bank, action) of its live matches."""
    with ws.transaction() as s:
        report_id = s.scalar(select(Report.id).where(Report.external_ref == ref))
        assert report_id is not None
        return [(m.bank, m.action) for m in bank_matches.for_report(s, report_id)]


def test_a_bank_change_rematches_the_open_queue(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    refs = [*VARIANTS, "other.png", "cropped-5pc.png"]
    with MediaPool(workers=1) as pool:
        summary = Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, refs)]
        )
        assert summary.ok
        assert not summary.matched  # no banks yet: nothing matched
        known = hashes_of(org, pool, media_root, "original.png")
        resized = hashes_of(org, pool, media_root, "resized.png")
        other = hashes_of(org, pool, media_root, "other.png")
        far = hashes_of(org, pool, media_root, "cropped-5pc.png")

    # Entries imported into a flag bank: the open reports already waiting are flagged.
    admin.add(BankRequest("partner", Action.FLAG))
    result = admin.import_text("partner", f"pdq {known.pdq}\n", "hma", "p.txt")
    assert result.rematched.flagged == len(VARIANTS)
    assert "open queue re-matched: 0 decided as known, 0 routed, 5 flagged" in result.summary()
    for ref in VARIANTS:
        assert _shown(org, ref) == [("partner", "flag")]
    assert _shown(org, "other.png") == []

    # Idempotent: the same list again, or a full re-match, writes nothing at all.
    before = _events(org)
    with org.transaction() as s:
        rows = s.scalar(select(func.count()).select_from(HashMatch))
    again = admin.rematch()
    assert (again.changed, again.reports) == (0, len(refs))
    assert _events(org) == before + 0  # `bank rematch` itself is not an event when idle
    with org.transaction() as s:
        assert s.scalar(select(func.count()).select_from(HashMatch)) == rows

    # A safe-list entry suppresses the resized copy's flag; nothing else changes.
    admin.add(BankRequest("fp", Action.FLAG, safe_list=True, signals=("sha256",)))
    admin.import_text("fp", f"sha256 {resized.sha256}\n", "hma", "fp.txt")
    assert sorted(_shown(org, "resized.png")) == [("fp", "safe"), ("partner", "suppressed")]
    assert _shown(org, "original.png") == [("partner", "flag")]

    # Retiring the partner's entry: its flag disappears from every open report.
    admin.retire("partner", [f"pdq {known.pdq}"])
    for ref in VARIANTS:
        assert ("partner", "flag") not in _shown(org, ref)
    # ...and retiring the safe list brings nothing back (the entry is gone too).
    admin.retire("fp")
    assert _shown(org, "resized.png") == []

    # Known: a waiting report is decided with the bank's outcome, no one viewing it.
    admin.add(BankRequest("known", Action.KNOWN, outcome="remove", signals=("md5",)))
    result = admin.import_text("known", f"md5 {other.md5}\n", "hma", "k.txt")
    assert result.rematched.known == 1
    # Route: a waiting report moves to the bank's queue.
    admin.add(BankRequest("reg", Action.ROUTE, route_to="urgent", threshold=10))
    assert admin.import_text("reg", f"pdq {far.pdq}\n", "hma", "r.txt").rematched.routed == 1
    urgent = next(q.id for q in QueueAdmin(org, "sue").listing() if q.name == "urgent")
    with org.transaction() as s:
        state = {r: st for r, st in s.execute(select(Report.external_ref, Report.state))}
        assert state["other.png"] == "decided"
        assert sum(v == "decided" for v in state.values()) == 1
        assert (
            s.scalar(
                select(Reviewer.username)
                .join(Decision, Decision.reviewer_id == Reviewer.id)
                .join(Report, Report.id == Decision.report_id)
                .where(Report.external_ref == "other.png")
            )
            == "automated:hash-bank"
        )
        uid = s.scalar(select(Report.uid).where(Report.external_ref == "other.png"))
        kinds = list(s.scalars(select(AuditEvent.kind).where(AuditEvent.report_uid == uid)))
        assert "view" not in kinds
        assert "claim" not in kinds
        assert kinds.count("decide") == 1
        moved = s.scalar(select(Report.queue_id).where(Report.external_ref == "cropped-5pc.png"))
        assert moved == urgent
        payloads = [
            json.loads(p)
            for p in s.scalars(
                select(AuditEvent.payload).where(
                    AuditEvent.kind == "bank", AuditEvent.report_uid == uid
                )
            )
        ]
        assert [p["op"] for p in payloads] == ["rematch"]
    before = _events(org)
    assert admin.rematch().changed == 0
    assert _events(org) == before


def test_an_entry_made_from_a_report_never_matches_that_report(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    with MediaPool(workers=1) as pool:
        Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, ["original.png", "resized.png"])]
        )
        known = hashes_of(org, pool, media_root, "original.png")
    with org.transaction() as s:
        uid = s.scalar(select(Report.uid).where(Report.external_ref == "original.png"))
    admin.add(BankRequest("own", Action.FLAG))
    text = f"signal,value,report\npdq,{known.pdq},{uid}\n"
    assert admin.import_text("own", text, "csv", "own.csv").rematched.flagged == 1
    assert _shown(org, "original.png") == []  # its own entry: a second review must not see it
    assert _shown(org, "resized.png") == [("own", "flag")]


def test_exposure_saved_is_counted_on_the_dashboard_and_in_the_compliance_report(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    with MediaPool(workers=1) as pool:
        known = hashes_of(org, pool, media_root, "original.png")
        admin.add(BankRequest("known", Action.KNOWN, outcome="remove"))
        admin.import_text("known", f"pdq {known.pdq}\n", "hma", "k.txt")
        Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, [*VARIANTS, "other.png"])]
        )
    today = org.now().date()
    with org.transaction() as s:
        start, end = metrics.period(today, today + timedelta(days=1), "UTC")
        snap = metrics.gather(s, start, end, "UTC")
    assert (snap.saved.known, snap.saved.grouped) == (len(VARIANTS), 0)
    assert all(r.reviewer != "automated:hash-bank" for r in snap.reviewers)  # not a person
    assert "5 reports decided as known content" in snap.saved.describe()
    report = compliance.build(org, today, today + timedelta(days=1), "UTC", verify=False)
    written = compliance.write(report, tmp_path / "out")
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "Exposure saved: 5 reports decided as known content" in html
    summary = next(p for p in written if p.name.startswith("summary")).read_text()
    assert "exposure_saved_known,5" in summary


def test_a_large_import_rematches_against_every_entry(
    org: Workspace, media_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_LISTED new entries, the whole bank is loaded: the same result."""
    monkeypatch.setattr(bank_match, "MAX_LISTED", 0)
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    with MediaPool(workers=1) as pool:
        Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, ["original.png", "other.png"])]
        )
        known = hashes_of(org, pool, media_root, "resized.png")
    admin.add(BankRequest("big", Action.FLAG))
    assert admin.import_text("big", f"pdq {known.pdq}\n", "hma", "b.txt").rematched.flagged == 1
    assert _shown(org, "original.png") == [("big", "flag")]
    assert _shown(org, "other.png") == []
