"""POST /v1/reports: batches in the manifest schema, with media, idempotent per record."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from sqlalchemy import select

from moderator.server.platform.runtime import Limits
from moderator.store.models import MediaItem, Report
from tests.server.conftest import Team
from tests.server.helpers import count, refused
from tests.server.platform_kit import multipart, png, record, source

pytestmark = pytest.mark.postgres


def test_a_batch_goes_in_record_by_record_with_reasons(team: Team) -> None:
    client = team.client(source(team))
    got = client.post(
        "/v1/reports",
        json={
            "records": [
                record("A-1", reporter_text="seen on a forum"),
                record("A-2", queue="nowhere"),
                {"queue": "general"},
                record("A-3", source="someone-else"),
                "not an object",
                record("A-4", priority=9),
            ]
        },
    )
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["accepted"], body["present"], body["rejected"]) == (1, 0, 5)
    by = {r["index"]: r for r in body["records"]}
    assert by[0]["status"] == "accepted"
    assert by[0]["report"]
    assert "no queue named 'nowhere'" in by[1]["error"]
    assert "external_ref" in by[2]["error"]
    assert "submits for 'acme' only" in by[3]["error"]
    assert by[4]["error"] == "expected a JSON object"
    assert "priority" in by[5]["error"]
    with team.sessions() as s:
        stored = s.execute(select(Report.source, Report.external_ref, Report.reporter_text)).all()
    assert stored == [("acme", "A-1", "seen on a forum")]


def test_the_same_record_again_is_a_no_op_and_a_changed_one_an_error(team: Team) -> None:
    client = team.client(source(team))
    files = {"a.png": png(1)}
    first = multipart(client, [record("B-1", "a.png"), record("B-2")], files)
    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == 2
    reports, media = count(team, Report), count(team, MediaItem)
    again = multipart(client, [record("B-1", "a.png"), record("B-2"), record("B-3")], files)
    body = again.json()
    assert [r["status"] for r in body["records"]] == ["present", "present", "accepted"]
    assert body["records"][0]["report"] == first.json()["records"][0]["report"]
    changed = client.post(
        "/v1/reports", json={"records": [record("B-2", reporter_text="other"), record("B-4")]}
    ).json()
    assert changed["records"][0]["status"] == "rejected"
    assert "different content" in changed["records"][0]["error"]
    assert changed["records"][1]["status"] == "accepted"
    # The same file under another name is the same content: a different file is not.
    other = multipart(client, [record("B-1", "b.png")], {"b.png": png(2)}).json()
    assert other["records"][0]["status"] == "rejected"
    assert count(team, Report) == reports + 2
    assert count(team, MediaItem) == media


def test_uploaded_media_are_stored_hashed_in_the_sandbox_and_served_to_the_lease(
    team: Team,
) -> None:
    client = team.client(source(team))
    data = png(7, 64, 48)
    got = multipart(client, [record("C-1", "shot.png")], {"shot.png": data})
    assert got.json()["accepted"] == 1, got.text
    sha = hashlib.sha256(data).hexdigest()
    with team.sessions() as s:
        item = s.execute(select(MediaItem)).scalar_one()
    assert (item.sha256, item.size_bytes, item.kind) == (sha, len(data), "image")
    assert item.pdq
    assert item.media_format
    assert (team.media / sha[:2] / sha).read_bytes() == data
    assert item.uri == f"{sha[:2]}/{sha}.png"
    # A later record may name the stored file by its SHA-256, without uploading it again.
    by_name = client.post("/v1/reports", json={"records": [record("C-2", sha)]}).json()
    assert by_name["accepted"] == 1
    missing = client.post("/v1/reports", json={"records": [record("C-3", "f" * 64)]}).json()
    assert "no such file in the server's media store" in missing["records"][0]["error"]
    outside = client.post("/v1/reports", json={"records": [record("C-4", "../../etc/passwd")]})
    assert "outside the media root" in outside.json()["records"][0]["error"]
    # A reviewer claims it and gets the very bytes.
    alice = team.enroll("alice")
    lease = alice.lease()
    assert alice.get(f"/v1/leases/{lease['token']}/media/0").content == data


def test_limits_are_clear_and_keep_nothing(team: Team) -> None:
    client = team.client(source(team))
    platform = team.app.state.platform
    platform.limits = dataclasses.replace(Limits(), media_bytes=1000, request_bytes=200_000)
    big = multipart(client, [record("D-1", "big.png")], {"big.png": b"x" * 5000})
    assert "larger than 1,000 bytes" in refused(big, 413, "too-large")["detail"]
    huge = multipart(client, [record("D-2", "h.png")], {"h.png": b"x" * 300_000})
    assert "at most 200,000 bytes" in refused(huge, 413, "too-large")["detail"]
    many = client.post("/v1/reports", json={"records": [record(f"E-{i}") for i in range(1001)]})
    assert "at most 1000 records" in refused(many, 413, "too-large")["detail"]
    refused(client.post("/v1/reports", json={"records": []}), 422, "invalid-request")
    refused(
        client.post("/v1/reports", content=b"{", headers={"Content-Type": "application/json"}),
        422,
        "invalid-request",
    )
    refused(
        client.post("/v1/reports", content=b"x", headers={"Content-Type": "text/plain"}),
        422,
        "invalid-request",
    )
    assert count(team, Report) == 0
    assert not [p for p in team.media.rglob("*") if p.is_file()]
