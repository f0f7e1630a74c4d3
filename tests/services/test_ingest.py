from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from moderator.services.ingest import Ingest, hash_bytes
from moderator.services.workspace import Workspace
from moderator.store import journal
from moderator.store.models import AuditEvent, MediaItem, Report

if TYPE_CHECKING:
    from moderator.services.ingest_summary import IngestProgress


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def run(ws: Workspace, *paths: Path, **kw: object) -> Ingest:
    ingest = Ingest(ws, ws.actor("loader"), **kw)  # type: ignore[arg-type]
    ingest.run(list(paths))
    return ingest


def count(ws: Workspace, model: type) -> int:
    with ws.transaction() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_jsonl_good_and_bad_records(workspace: Workspace, media_root: Path, tmp_path: Path) -> None:
    (media_root / "a.jpg").write_bytes(b"not really a jpeg")
    manifest = write_jsonl(
        tmp_path / "m.jsonl",
        [
            {"external_ref": "1", "queue": "general", "media": ["a.jpg"], "priority": 4},
            {"external_ref": "2", "queue": "nope"},
            "{not json",
            {"external_ref": "3", "queue": "urgent", "media": ["../escape.jpg"]},
            {"external_ref": "4", "queue": "urgent", "media": ["missing.jpg"]},
            {"external_ref": "5", "queue": "urgent", "url": "https://example.invalid/x"},
            "[1, 2]",
        ],
    )
    ingest = run(workspace, manifest)
    s = ingest.summary
    assert (s.records, s.added, s.rejected, s.duplicates) == (7, 2, 5, 0)
    assert [(p.line, p.reason.split(":")[0]) for p in s.problems] == [
        (2, "queue"),
        (3, "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (4, "media '../escape.jpg'"),
        (5, "media 'missing.jpg'"),
        (7, "expected a JSON object"),
    ]
    assert "outside the media root" in s.problems[2].reason
    assert not s.ok
    with workspace.transaction() as session:
        media = session.scalars(select(MediaItem)).one()
        expected = hash_bytes(media_root / "a.jpg")
        assert (media.uri, media.kind, media.sha256, media.md5, media.size_bytes) == (
            "a.jpg",
            "image",
            expected.sha256,
            expected.md5,
            17,
        )
        urgent = session.scalars(select(Report).where(Report.external_ref == "5")).one()
        assert urgent.sla_due == urgent.received_at + timedelta(hours=2)


def test_ingest_is_idempotent(workspace: Workspace, tmp_path: Path) -> None:
    manifest = write_jsonl(
        tmp_path / "m.jsonl", [{"external_ref": str(i), "queue": "general"} for i in range(25)]
    )
    first = run(workspace, manifest).summary
    second = run(workspace, manifest).summary
    assert (first.added, first.duplicates) == (25, 0)
    assert (second.added, second.duplicates, second.ok) == (0, 25, True)
    assert count(workspace, Report) == 25
    with workspace.transaction() as session:
        assert list(session.scalars(select(AuditEvent.kind))) == ["ingest"]
        assert all(r.ok for r in journal.verify(session))


def test_csv_with_the_same_columns(workspace: Workspace, media_root: Path, tmp_path: Path) -> None:
    (media_root / "v.mp4").write_bytes(b"x")
    (media_root / "b.png").write_bytes(b"y")
    path = tmp_path / "m.csv"
    path.write_text(
        "external_ref,queue,priority,media,reporter_text\n"
        'c1,general,5,v.mp4|b.png,"a, quoted ""text"""\n'
        "c2,general,0,,\n"
        "c3,general,1,,,extra\n",
        encoding="utf-8",
    )
    s = run(workspace, path).summary
    assert (s.added, s.rejected) == (1, 2)
    assert [(p.line, p.reason) for p in s.problems] == [
        (3, "priority: must be 1..5"),
        (4, "more values than header columns"),
    ]
    with workspace.transaction() as session:
        report = session.scalars(select(Report)).one()
        assert report.reporter_text == 'a, quoted "text"'
        kinds = list(session.scalars(select(MediaItem.kind).order_by(MediaItem.position)))
        assert kinds == ["video", "image"]


def test_a_folder_becomes_one_report_per_file(workspace: Workspace, media_root: Path) -> None:
    folder = media_root / "batch-7"
    (folder / "sub").mkdir(parents=True)
    for name in ("one.jpg", "two.png", "sub/three.mp4", ".hidden"):
        (folder / name).write_bytes(name.encode())
    s = run(workspace, folder, default_queue="general").summary
    assert (s.added, s.media, s.ok) == (3, 3, True)
    with workspace.transaction() as session:
        refs = sorted(session.scalars(select(Report.external_ref)))
        sources = set(session.scalars(select(Report.source)))
    assert refs == ["one.jpg", "sub/three.mp4", "two.png"]
    assert sources == {"folder:batch-7"}
    assert run(workspace, folder, default_queue="general").summary.added == 0


def test_a_folder_outside_the_media_root_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.jpg").write_bytes(b"x")
    s = run(workspace, outside, default_queue="general").summary
    assert s.added == 0
    assert "outside the media root" in s.problems[0].reason


def test_a_symlink_out_of_the_root_is_refused(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"s")
    (media_root / "link.jpg").symlink_to(secret)
    manifest = write_jsonl(
        tmp_path / "m.jsonl", [{"external_ref": "1", "queue": "general", "media": ["link.jpg"]}]
    )
    s = run(workspace, manifest).summary
    assert s.added == 0
    assert "outside the media root" in s.problems[0].reason


def test_missing_and_binary_inputs_are_reported(workspace: Workspace, tmp_path: Path) -> None:
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b'{"external_ref": "1", "queue": "general"}\n\xff\xfe\x00garbage\n')
    s = run(workspace, tmp_path / "absent.jsonl", binary).summary
    assert s.problems[0].reason == "no such file or folder"
    assert (s.problems[1].line, s.problems[1].reason) == (
        2,
        "not UTF-8 text (byte 0xff at position 1)",
    )
    assert s.added == 1


def test_large_batches_are_split_and_counted(workspace: Workspace, tmp_path: Path) -> None:
    records = [{"external_ref": f"n{i}", "queue": "general"} for i in range(4500)]
    seen: list[IngestProgress] = []
    manifest = write_jsonl(tmp_path / "big.jsonl", records)
    s = run(workspace, manifest, progress=seen.append, hasher=None).summary
    assert s.added == 4500
    assert count(workspace, AuditEvent) == 3  # batches of 2000, 2000, 500
    assert [p.records for p in seen] == list(range(1, 4501))
    size = manifest.stat().st_size
    assert (seen[-1].done_bytes, seen[-1].total_bytes) == (size, size)
    assert all(a.done_bytes < b.done_bytes for a, b in zip(seen, seen[1:], strict=False))
    if workspace.engine.dialect.name == "postgresql":  # the planner sees the new queue at once
        with workspace.engine.connect() as conn:
            analyzed = conn.exec_driver_sql(
                "SELECT relname, n_mod_since_analyze, last_analyze IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname IN ('reports', 'media_items')"
            ).all()
        assert sorted(analyzed) == [("media_items", 0, True), ("reports", 0, True)]


@pytest.mark.parametrize("ref", ["https://cdn.example.invalid/a.jpg"])
def test_https_media_is_referenced_not_fetched(
    workspace: Workspace, tmp_path: Path, ref: str
) -> None:
    manifest = write_jsonl(
        tmp_path / "m.jsonl", [{"external_ref": "1", "queue": "general", "media": [ref]}]
    )
    assert run(workspace, manifest).summary.ok
    with workspace.transaction() as session:
        item = session.scalars(select(MediaItem)).one()
    assert (item.uri, item.sha256, item.size_bytes) == (ref, None, None)
