"""Ingest matches every new report against the hash banks before anyone sees it: exact and
near matches at PDQ's documented threshold 31 (re-encode, resize, a 1 % crop, a small edit;
a 5 % crop is beyond PDQ); known items decided with no view; a
safe-list entry suppresses a match; route moves the report (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from moderator.domain.banks import Action
from moderator.media.pool import MediaPool
from moderator.services import config as config_mod
from moderator.services.banks import BankAdmin, BankRequest
from moderator.services.config import Profile
from moderator.services.ingest import Ingest
from moderator.services.media_hashing import pool_hasher
from moderator.services.paths import Paths
from moderator.services.queues import QueueAdmin, QueueRequest
from moderator.services.review import ReviewService
from moderator.services.review_view import load_details
from moderator.services.setup import SetupRequest, set_up
from moderator.services.workspace import Workspace, open_workspace, sign_in
from moderator.store.models import AuditEvent, Decision, MediaItem, Report, Reviewer
from moderator.store.models_banks import HashMatch
from tests.helpers.clock import FakeClock
from tests.media import synth

VARIANTS = ("original.png", "reencoded.jpg", "resized.png", "cropped.png", "edited.png")


@pytest.fixture
def org(paths: Paths, media_root: Path, db_url: str) -> Iterator[Workspace]:
    profile = Profile("org", db_url, str(media_root))
    ws = open_workspace(profile, config_mod.load(paths), clock=FakeClock())
    set_up(ws, SetupRequest("Example", "sue", "UTC"))
    QueueAdmin(ws, "sue").add(QueueRequest("inbox", "platform-generic"))
    QueueAdmin(ws, "sue").add(QueueRequest("urgent", "platform-generic"))
    yield ws
    ws.close()


def shapes(size: tuple[int, int]) -> Image.Image:
    """An unrelated synthetic picture: circles and bars on a dark ground."""
    img = Image.new("RGB", size, (20, 30, 40))
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.ellipse((40 + 90 * i, 60 + 30 * i, 120 + 90 * i, 140 + 30 * i), fill=(250, 200, 40))
        draw.rectangle((0, 300 + 20 * i, 640, 308 + 20 * i), fill=(90, 160, 250))
    return img


def make_media(root: Path) -> None:
    original = synth.image(640, 480, seed=3)
    original.save(root / "original.png")
    original.save(root / "reencoded.jpg", "JPEG", quality=55)
    original.resize((320, 240), Image.Resampling.LANCZOS).save(root / "resized.png")
    # PDQ is not crop-invariant: 1 % off each side is distance ~22, 5 % is ~118 (no match).
    original.crop((6, 4, 634, 476)).save(root / "cropped.png")
    original.crop((32, 24, 608, 456)).save(root / "cropped-5pc.png")
    edited = original.copy()
    ImageDraw.Draw(edited).rectangle((300, 200, 320, 215), fill=(255, 255, 0))
    edited.save(root / "edited.png")
    shapes((640, 480)).save(root / "other.png")


def manifest(tmp_path: Path, names: list[str], queue: str = "inbox") -> Path:
    path = tmp_path / f"m-{len(names)}-{names[0]}.jsonl"
    lines = [json.dumps({"external_ref": n, "queue": queue, "media": [n]}) for n in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hashes_of(ws: Workspace, pool: MediaPool, media_root: Path, name: str) -> MediaItem:
    hasher = pool_hasher(pool)
    found = hasher(media_root / name)
    assert found.pdq is not None
    return MediaItem(sha256=found.sha256, md5=found.md5, pdq=found.pdq)


def test_known_content_is_decided_with_no_one_viewing_it(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    admin.add(BankRequest("partner", Action.KNOWN, outcome="remove"))
    with MediaPool(workers=1) as pool:
        known = hashes_of(org, pool, media_root, "original.png")
        admin.import_text("partner", f"pdq {known.pdq}\n", "hma", "partner.txt")
        summary = Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, [*VARIANTS, "other.png", "cropped-5pc.png"])]
        )
    assert summary.ok, summary.problems
    by_ref = {m.external_ref: m for m in summary.matched}
    assert set(by_ref) == set(VARIANTS)  # every variant, and not the unrelated picture
    for ref in VARIANTS:
        (match,) = by_ref[ref].matches
        assert (match["bank"], match["signal"], match["action"]) == ("partner", "pdq", "known")
        assert match["distance"] <= 31
    assert by_ref["original.png"].matches[0]["distance"] == 0
    assert summary.as_dict()["known"] == len(VARIANTS)
    with org.transaction() as s:
        states = {r: st for r, st in s.execute(select(Report.external_ref, Report.state))}
        queued = {"other.png": "queued", "cropped-5pc.png": "queued"}
        assert states == {**dict.fromkeys(VARIANTS, "decided"), **queued}
        deciders = set(
            s.scalars(select(Reviewer.username).join(Decision, Decision.reviewer_id == Reviewer.id))
        )
        assert deciders == {"automated:hash-bank"}
        assert (
            s.scalar(select(Reviewer.active).where(Reviewer.username.like("automated%"))) is False
        )
        kinds = [
            k for k in s.scalars(select(AuditEvent.kind).where(AuditEvent.report_uid.is_not(None)))
        ]
        assert "view" not in kinds
        assert "claim" not in kinds
        decided = [
            json.loads(p)
            for p in s.scalars(select(AuditEvent.payload).where(AuditEvent.kind == "decide"))
        ]
        assert len(decided) == len(VARIANTS)
        assert all(d["automated"] and d["bank"] == "partner" for d in decided)
        assert s.scalar(select(Decision.seconds_exposed).limit(1)) == 0.0


def test_a_safe_list_entry_suppresses_a_match_and_route_moves_the_report(
    org: Workspace, media_root: Path, tmp_path: Path
) -> None:
    make_media(media_root)
    admin = BankAdmin(org, "sue")
    admin.add(BankRequest("regulator", Action.ROUTE, route_to="urgent", threshold=31))
    admin.add(BankRequest("false-positives", Action.FLAG, safe_list=True, signals=("sha256",)))
    with MediaPool(workers=1) as pool:
        known = hashes_of(org, pool, media_root, "original.png")
        edited = hashes_of(org, pool, media_root, "edited.png")
        admin.import_text("regulator", f"pdq {known.pdq}\nmd5 {known.md5}\n", "hma", "r.txt")
        admin.import_text("false-positives", f"sha256 {edited.sha256}\n", "hma", "fp.txt")
        summary = Ingest(org, org.actor("sue"), hasher=pool_hasher(pool)).run(
            [manifest(tmp_path, ["original.png", "edited.png", "other.png"])]
        )
    by_ref = {m.external_ref: m for m in summary.matched}
    urgent = next(q.id for q in QueueAdmin(org, "sue").listing() if q.name == "urgent")
    assert by_ref["original.png"].taken == "route"
    assert by_ref["original.png"].matches[0]["signal"] == "md5"  # exact before near
    assert by_ref["edited.png"].taken == ""
    actions = sorted((m["bank"], m["action"]) for m in by_ref["edited.png"].matches)
    assert actions == [("false-positives", "safe"), ("regulator", "suppressed")]
    with org.transaction() as s:
        queues = {r: q for r, q in s.execute(select(Report.external_ref, Report.queue_id))}
        assert queues["original.png"] == urgent
        assert queues["edited.png"] != urgent
        assert s.scalar(select(Report.state).where(Report.external_ref == "edited.png")) == "queued"
        rows = s.execute(select(HashMatch.action, HashMatch.distance)).all()
        assert sorted(a for a, _d in rows) == ["route", "safe", "suppressed"]
    assert np.all(np.array([m["distance"] for m in by_ref["edited.png"].matches]) <= 31)
    # The window's details explain the match: bank, signal, distance, the entry's provenance.
    review = ReviewService(org, sign_in(org, "sue"))
    lease = review.claim([urgent])  # the routed report
    assert lease is not None
    shown = load_details(org, lease)
    first = shown.bank_matches[0]
    assert (first.bank, first.signal, first.distance, first.action) == (
        "regulator",
        "md5",
        0,
        "route",
    )
    assert first.confirmed_by == "sue"
    assert first.origin == "import:r.txt:2"
    assert first.explained == (
        "Item 1: bank regulator, MD5 exact: routed to this queue. "
        f"Confirmed by sue on {first.confirmed_at[:10]}, from import:r.txt:2."
    )
