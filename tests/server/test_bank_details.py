"""A desk in team mode sees the hash-bank match explained, as a local workspace does: bank,
signal, distance, what was done and the entry's provenance (the real PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from moderator.remote.review import details_of
from moderator.store.models import MediaItem
from moderator.store.models_banks import BankEntry, HashBank, HashMatch
from tests.server.conftest import Team

pytestmark = pytest.mark.postgres


def test_the_report_carries_its_bank_matches_explained(team: Team) -> None:
    [report_id] = team.add_reports("general", 1)
    now = datetime.now(UTC)
    with team.sessions.begin() as s:
        bank = HashBank(
            name="hotline", action="flag", signals='["pdq"]', threshold=31, match_percent=80,
            created_by="sue", created_at=now, source="partner", source_name="", outcome="",
            safe_list=False,
        )  # fmt: skip
        s.add(bank)
        s.flush()
        entry = BankEntry(
            bank_id=bank.id, signal="pdq", value="ab" * 32, value_key="ab" * 32, digest="cd" * 32,
            added_by="sue", added_at=now, confirmed_by="analyst", confirmed_at="2026-11-02",
            origin="import:list.csv:2", report_uid="", note="", extra="",
        )  # fmt: skip
        s.add(entry)
        s.flush()
        s.add(
            HashMatch(
                report_id=report_id, position=0, bank_id=bank.id, entry_id=entry.id,
                signal="pdq", distance=7, action="flag", matched_at=now,
            )
        )  # fmt: skip
    alice = team.enroll("alice")
    lease = alice.lease()
    answer = alice.get(f"/v1/leases/{lease['token']}/report")
    assert answer.status_code == 200, answer.text
    [match] = answer.json()["bank_matches"]
    assert (match["bank"], match["signal"], match["distance"], match["action"]) == (
        "hotline", "pdq", 7, "flag",
    )  # fmt: skip
    shown = details_of(answer.json()).bank_matches[0]
    assert shown.explained == (
        "Item 1: bank hotline, PDQ distance 7: flagged for you. "
        "Confirmed by analyst on 2026-11-02, from import:list.csv:2."
    )


def test_a_shared_media_match_is_served_without_the_other_reports_outcome(team: Team) -> None:
    first, second = team.add_reports("general", 2)
    with team.sessions.begin() as s:
        sha = s.scalar(select(MediaItem.sha256).where(MediaItem.report_id == first))
        s.execute(update(MediaItem).where(MediaItem.report_id == second).values(sha256=sha))
    alice = team.enroll("alice")
    lease = alice.lease()
    answer = alice.get(f"/v1/leases/{lease['token']}/report")
    assert answer.status_code == 200, answer.text
    [match] = answer.json()["matches"]
    assert set(match) == {"position", "how", "report_uid", "external_ref", "queue"}
    assert details_of(answer.json()).matches[0].how == "sha256"
