"""Ingest never stops on a record, and says what it did (issue 13: a newcomer's first hour)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from moderator.services.ingest import FileHashes, hash_bytes
from moderator.services.workspace import Workspace
from moderator.store.models import MediaItem, Report
from tests.services.test_ingest import count, run, write_jsonl

if TYPE_CHECKING:
    from moderator.services.ingest_summary import IngestProgress


# --- no record ends the run (issue 13) -------------------------------------------------------


def _around(tmp_path: Path, name: str, bad: object) -> Path:
    """A manifest: a good record, the bad one, a good one after it."""
    return write_jsonl(
        tmp_path / name,
        [
            {"external_ref": "before", "queue": "general"},
            bad,
            {"external_ref": "after", "queue": "general"},
        ],
    )


def _refs(ws: Workspace) -> list[str]:
    with ws.transaction() as s:
        return sorted(s.scalars(select(Report.external_ref)))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"external_ref": "x", "queue": "general", "media": ["a\x00b.png"]}, "control characters"),
        ('{"external_ref": "x", "queue": "general", "priority": 1e999}', "not a whole number"),
        (
            {"external_ref": "x", "queue": "general", "received_at": "0001-01-01T00:00:00+05:00"},
            "received_at: 0001-01-01T00:00:00+05:00 is out of range",
        ),
        (
            {"external_ref": "x", "queue": "general", "sla_due": "9999-12-31T23:00:00-05:00"},
            "sla_due: 9999-12-31T23:00:00-05:00 is out of range",
        ),
        ('{"external_ref": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"external_ref": "x", "priority": ' + "9" * 5000 + "}", "not valid JSON"),
        ({"external_ref": "x", "queue": "general", "media": ["d/" * 2500]}, "longer than 4096"),
        ({"external_ref": "x", "queue": "general", "media": ["n" * 300]}, "cannot be read"),
        ({"external_ref": "x", "queue": "general", "media": "a.png"}, "expected a list"),
    ],
)
def test_a_bad_record_is_rejected_and_the_file_goes_on(
    workspace: Workspace, tmp_path: Path, bad: object, reason: str
) -> None:
    s = run(workspace, _around(tmp_path, "m.jsonl", bad)).summary
    assert (s.added, s.rejected) == (2, 1)
    assert (s.problems[0].file, s.problems[0].line) == (str(tmp_path / "m.jsonl"), 2)
    assert reason in s.problems[0].reason
    assert _refs(workspace) == ["after", "before"]


def test_a_symlink_loop_is_rejected(workspace: Workspace, media_root: Path, tmp_path: Path) -> None:
    (media_root / "loop").symlink_to(media_root / "loop")
    bad = {"external_ref": "x", "queue": "general", "media": ["loop/a.png"]}
    s = run(workspace, _around(tmp_path, "m.jsonl", bad)).summary
    assert (s.added, s.rejected) == (2, 1)
    assert s.problems[0].reason == "media 'loop/a.png': a symlink loop"


def test_an_unforeseen_crash_costs_one_record(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    (media_root / "a.png").write_bytes(b"a")
    (media_root / "b.png").write_bytes(b"b")

    def hasher(path: Path) -> FileHashes:
        if path.name == "a.png":
            raise AssertionError("a bug in a decoder")
        return hash_bytes(path)

    manifest = write_jsonl(
        tmp_path / "m.jsonl",
        [
            {"external_ref": "1", "queue": "general", "media": ["a.png"]},
            {"external_ref": "2", "queue": "general", "media": ["b.png"]},
        ],
    )
    s = run(workspace, manifest, hasher=hasher).summary
    assert (s.added, s.rejected) == (1, 1)
    assert s.problems[0].line == 1
    assert "could not be hashed (AssertionError)" in s.problems[0].reason


def test_a_record_the_database_refuses_is_rejected_alone(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderator.services import ingest_write

    real = ingest_write.insert_new_reports

    def picky(session, rows):  # type: ignore[no-untyped-def]
        if any(r["external_ref"] == "2" for r in rows):
            raise IntegrityError("INSERT", {}, Exception("CHECK constraint failed: priority"))
        return real(session, rows)

    monkeypatch.setattr(ingest_write, "insert_new_reports", picky)
    records = [{"external_ref": str(i), "queue": "general"} for i in range(1, 5)]
    s = run(workspace, write_jsonl(tmp_path / "m.jsonl", records)).summary
    assert (s.added, s.rejected) == (3, 1)
    assert (s.problems[0].line, s.problems[0].reason) == (
        2,
        "the database refused it (CHECK constraint failed: priority)",
    )


def test_a_failing_database_stops_the_run_and_a_rerun_resumes(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderator.services import ingest_write

    real, calls = ingest_write.insert_new_reports, []

    def full_disk(session, rows):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real(session, rows)

    monkeypatch.setattr(ingest_write, "insert_new_reports", full_disk)
    records = [{"external_ref": f"n{i}", "queue": "general"} for i in range(4500)]
    manifest = write_jsonl(tmp_path / "big.jsonl", records)
    s = run(workspace, manifest, hasher=None).summary
    assert str(s.stopped).startswith("the disk is full")
    assert (s.added, s.rejected, s.ok) == (2000, 0, False)
    assert calls == [2000, 2000]  # nothing tried after the failure
    monkeypatch.setattr(ingest_write, "insert_new_reports", real)
    again = run(workspace, manifest, hasher=None).summary
    assert (again.added, again.duplicates, again.ok) == (2500, 2000, True)
    assert count(workspace, Report) == 4500


def test_a_repeated_ref_with_other_content_is_rejected_naming_the_first(
    workspace: Workspace, tmp_path: Path
) -> None:
    manifest = write_jsonl(
        tmp_path / "m.jsonl",
        [
            {"external_ref": "A", "queue": "general", "priority": 2},
            {"external_ref": "A", "queue": "general", "priority": 2},
            {"external_ref": "A", "queue": "general", "priority": 5},
        ],
    )
    s = run(workspace, manifest).summary
    assert (s.added, s.duplicates, s.rejected) == (1, 1, 1)
    assert (s.problems[0].line, s.problems[0].reason) == (
        3,
        "external_ref 'A' is already on line 1 of this file, with different content",
    )


# --- saying enough -----------------------------------------------------------------------------


def test_media_that_cannot_be_previewed_is_counted_and_listed(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    (media_root / "ok.png").write_bytes(b"fine")
    (media_root / "broken.png").write_bytes(b"not a png")

    def hasher(path: Path) -> FileHashes:
        plain = hash_bytes(path)
        error = "decode: not a PNG file" if path.name == "broken.png" else None
        return FileHashes(plain.sha256, plain.md5, plain.size_bytes, error=error)

    manifest = write_jsonl(
        tmp_path / "m.jsonl",
        [{"external_ref": "1", "queue": "general", "media": ["ok.png", "broken.png"]}],
    )
    s = run(workspace, manifest, hasher=hasher).summary
    assert (s.added, s.media, s.ok) == (1, 2, True)
    assert s.as_dict()["cannot_preview"] == 1
    assert s.as_dict()["unpreviewable"] == [
        {
            "file": str(manifest),
            "line": 1,
            "media": "broken.png",
            "reason": "decode: not a PNG file",
        }
    ]
    assert s.line().endswith("2 media item(s) (1 cannot be previewed)")


def test_inputs_that_cannot_be_read_are_counted(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (media_root / "empty").mkdir()
    s = run(workspace, tmp_path / "absent.jsonl", outside, media_root / "empty").summary
    assert s.unreadable_inputs == 3
    assert [(p.record, p.reason.split(" ")[0]) for p in s.problems] == [
        (False, "no"),
        (False, "folder"),
        (False, "nothing"),
    ]
    assert s.problems[2].reason == "nothing to ingest: no files in the folder"
    assert not s.ok
    assert s.line() == (
        "0 report(s) added, 0 already present, 0 rejected, 0 media item(s); 3 input(s) not read"
    )


def test_a_folder_rejection_names_the_file(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    folder = media_root / "batch"
    folder.mkdir()
    (folder / "good.jpg").write_bytes(b"g")
    (tmp_path / "secret.jpg").write_bytes(b"s")
    (folder / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    s = run(workspace, folder, default_queue="general").summary
    assert (s.added, s.rejected) == (1, 1)
    assert (s.problems[0].file, s.problems[0].line) == (str(folder / "link.jpg"), 0)
    assert s.problems[0].describe().startswith(f"{folder / 'link.jpg'}: media ")


def test_a_time_without_offset_needs_a_timezone(workspace: Workspace, tmp_path: Path) -> None:
    manifest = write_jsonl(
        tmp_path / "m.jsonl",
        [{"external_ref": "1", "queue": "general", "received_at": "2026-11-21T09:00:00"}],
    )
    s = run(workspace, manifest).summary
    assert (s.added, s.rejected) == (0, 1)
    assert "has no UTC offset" in s.problems[0].reason
    assert "--timezone" in s.problems[0].reason
    s = run(workspace, manifest, timezone=ZoneInfo("Asia/Seoul")).summary
    assert s.added == 1
    with workspace.transaction() as session:
        received = session.scalars(select(Report.received_at)).one()
    assert received.replace(tzinfo=UTC) == datetime(2026, 11, 21, 0, 0, tzinfo=UTC)


def test_reingesting_skips_present_reports_before_hashing(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    hashed: list[str] = []

    def hasher(path: Path) -> FileHashes:
        hashed.append(path.name)
        return hash_bytes(path)

    records = []
    for i in range(5):
        (media_root / f"{i}.png").write_bytes(bytes([i]))
        records.append({"external_ref": str(i), "queue": "general", "media": [f"{i}.png"]})
    manifest = write_jsonl(tmp_path / "m.jsonl", records)
    assert run(workspace, manifest, hasher=hasher).summary.added == 5
    assert len(hashed) == 5
    again = run(workspace, manifest, hasher=hasher).summary
    assert (again.added, again.duplicates) == (0, 5)
    assert len(hashed) == 5  # nothing hashed the second time


def test_hashing_in_parallel_gives_the_same_rows(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    records = []
    for i in range(12):
        (media_root / f"{i}.bin").write_bytes(bytes([i]) * 1000)
        records.append({"external_ref": str(i), "queue": "general", "media": [f"{i}.bin"]})
    progress: list[IngestProgress] = []
    manifest = write_jsonl(tmp_path / "m.jsonl", records)
    s = run(workspace, manifest, hash_workers=3, progress=progress.append).summary
    assert (s.added, s.media) == (12, 12)
    assert progress[-1].hashed_bytes == 12_000
    with workspace.transaction() as session:
        rows = session.execute(select(MediaItem.uri, MediaItem.sha256)).all()
    assert sorted(rows) == sorted(
        (f"{i}.bin", hash_bytes(media_root / f"{i}.bin").sha256) for i in range(12)
    )


# --- CSV: a bad byte or a huge field costs one row ---------------------------------------------


def test_csv_a_bad_byte_costs_one_row(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(
        b"external_ref,queue,reporter_text\n"
        b"c1,general,fine\n"
        b"c2,general,caf\xe9\n"  # Latin-1, not UTF-8
        b'c3,general,"two\nlines"\n'
        b"c4,general,\xea\xb0\x80\n"  # UTF-8 Hangul
    )
    s = run(workspace, path).summary
    assert (s.added, s.rejected) == (3, 1)
    assert (s.problems[0].line, s.problems[0].reason) == (
        3,
        "not UTF-8 text (byte 0xe9 at position 15)",
    )
    with workspace.transaction() as session:
        texts = dict(session.execute(select(Report.external_ref, Report.reporter_text)).all())
    assert texts == {"c1": "fine", "c3": "two\nlines", "c4": "\uac00"}


def test_csv_a_huge_field_costs_one_row(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    huge = "x" * 2_000_000
    path.write_text(
        "external_ref,queue,reporter_text\n"
        "c1,general,before\n"
        f'c2,general,"{huge}\nstill the same field"\n'
        f"c3,general,{huge}\n"
        "c4,general,after\n",
        encoding="utf-8",
    )
    s = run(workspace, path).summary
    assert (s.added, s.rejected) == (2, 2)
    assert [(p.line, p.reason) for p in s.problems] == [
        (3, "longer than 1,048,576 bytes"),
        (5, "longer than 1,048,576 bytes"),
    ]
    assert _refs(workspace) == ["c1", "c4"]


def test_csv_a_stray_quote_inside_a_field_is_text(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        'external_ref,queue,reporter_text\nc1,general,say "hi\nc2,general,ok\n', encoding="utf-8"
    )
    s = run(workspace, path).summary
    assert (s.added, s.rejected) == (2, 0)
    with workspace.transaction() as session:
        texts = dict(session.execute(select(Report.external_ref, Report.reporter_text)).all())
    assert texts == {"c1": 'say "hi', "c2": "ok"}


def test_csv_an_unreadable_header_is_one_problem(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"external_ref,queue,queue\nc1,general,x\n")
    s = run(workspace, path).summary
    assert s.unreadable_inputs == 1
    assert s.problems[0].reason == (
        "line 1: the header row is unreadable: column(s) named twice: queue"
    )


def test_progress_moves_with_the_bytes_hashed(
    workspace: Workspace, media_root: Path, tmp_path: Path
) -> None:
    records = []
    for i in range(4):
        (media_root / f"{i}.bin").write_bytes(bytes([i]) * 10_000)
        records.append({"external_ref": str(i), "queue": "general", "media": [f"{i}.bin"]})
    manifest = write_jsonl(tmp_path / "m.jsonl", records)
    seen: list[IngestProgress] = []
    run(workspace, manifest, progress=seen.append)
    size = manifest.stat().st_size
    hashing = [p.done_bytes for p in seen if p.hashed_bytes]
    assert [p.done_bytes for p in seen if not p.hashed_bytes] == [0, 0, 0, 0]  # read, waiting
    assert len(hashing) == 4
    assert hashing == sorted(hashing)
    assert 0 < hashing[0] < hashing[-1] == size
    assert seen[-1].hashed_bytes == 40_000
