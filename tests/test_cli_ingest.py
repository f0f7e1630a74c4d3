"""`moderator ingest` says enough: what went in, what did not and why, how far it is."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from moderator.cli.ingest import Progress
from moderator.services.ingest_summary import IngestProgress
from moderator.services.paths import Paths
from tests.media.synth import image
from tests.test_cli import cli, general_queue  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.usefixtures("general_queue")


@pytest.fixture
def media(home: Path) -> Path:
    root = Paths.resolve(home).media_dir("local")
    root.mkdir(parents=True)
    return root


def _jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_media_that_cannot_be_previewed_is_said_and_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, media: Path
) -> None:
    image(32, 24).save(media / "ok.png")
    (media / "broken.png").write_bytes(b"\x89PNG but not really")
    manifest = _jsonl(
        tmp_path / "m.jsonl",
        {"external_ref": "1", "queue": "general", "media": ["ok.png", "broken.png"]},
    )
    code, out, err = cli(capsys, "ingest", str(manifest))
    assert code == 0
    assert out.strip() == (
        "1 report(s) added, 0 already present, 0 rejected, 2 media item(s) (1 cannot be previewed)"
    )
    assert err.startswith(f"cannot be previewed {manifest}:1: media 'broken.png': ")
    _jsonl(manifest, {"external_ref": "2", "queue": "general", "media": ["broken.png"]})
    code, out, _ = cli(capsys, "ingest", "--json", str(manifest))
    listed = json.loads(out)["unpreviewable"]
    assert [(u["line"], u["media"]) for u in listed] == [(1, "broken.png")]
    assert listed[0]["reason"]


def test_missing_and_empty_inputs_are_counted_not_zero_rejected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, media: Path
) -> None:
    (media / "empty").mkdir()
    missing, empty = str(tmp_path / "nope"), str(media / "empty")
    code, out, err = cli(capsys, "ingest", "--no-hash", missing, empty)
    assert code == 1
    assert out.strip().endswith("0 rejected, 0 media item(s); 2 input(s) not read")
    assert err.splitlines() == [
        f"not read {tmp_path / 'nope'}: no such file or folder",
        f"not read {media / 'empty'}: nothing to ingest: no files in the folder",
    ]


def test_a_time_without_offset_is_refused_unless_a_zone_is_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    manifest = _jsonl(
        tmp_path / "m.jsonl",
        {"external_ref": "1", "queue": "general", "received_at": "2026-11-21T09:00:00"},
    )
    code, _out, err = cli(capsys, "ingest", str(manifest))
    assert code == 1
    assert "has no UTC offset; add one (e.g. +09:00) or pass --timezone ZONE" in err
    code, out, _ = cli(capsys, "ingest", "--timezone", "Asia/Seoul", str(manifest))
    assert (code, out.split(",")[0]) == (0, "1 report(s) added")
    code, out, _ = cli(capsys, "queue", "list", "--json")
    assert json.loads(out)[0]["received_at"].startswith("2026-11-21T00:00:00")
    with pytest.raises(SystemExit) as usage:
        cli(capsys, "ingest", "--timezone", "Mars/Olympus", str(manifest))
    assert usage.value.code == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err


def test_a_full_disk_stops_in_one_line_and_the_rerun_resumes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderator.services import ingest_write

    real = ingest_write.insert_new_reports

    def full(session, rows):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    manifest = _jsonl(tmp_path / "m.jsonl", {"external_ref": "1", "queue": "general"})
    monkeypatch.setattr(ingest_write, "insert_new_reports", full)
    code, _out, err = cli(capsys, "ingest", str(manifest))
    assert code == 75
    assert err == (
        "moderator: error: ingest stopped: the disk is full (database or disk is full). "
        "The 0 report(s) added before it are kept; run the same command again to resume\n"
    )
    monkeypatch.setattr(ingest_write, "insert_new_reports", real)
    code, out, _ = cli(capsys, "ingest", str(manifest))
    assert (code, out.split(",")[0]) == (0, "1 report(s) added")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    terminal = _Terminal()
    bar = Progress(terminal, after=0)
    bar.every = 0
    bar(IngestProgress(records=1500, done_bytes=50, total_bytes=200, hashed_bytes=3_500_000))
    bar.finish()
    shown = terminal.getvalue()
    assert shown.startswith("\r[######                  ]  25%  1,500 records, 3.5 MB hashed (")
    assert shown.endswith("\n")
    log = io.StringIO()
    lines = Progress(log, after=0)
    lines.every = 0
    lines(IngestProgress(records=10, done_bytes=1, total_bytes=2, hashed_bytes=0))
    assert log.getvalue().startswith("ingest: 10 records, 0 B hashed (")
    quiet = io.StringIO()
    Progress(quiet)(IngestProgress(records=10, done_bytes=1, total_bytes=2, hashed_bytes=0))
    assert quiet.getvalue() == ""  # a short run shows nothing


def test_a_crash_on_one_record_is_one_line_and_debug_shows_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderator.services import ingest

    real = ingest.parse_record

    def buggy(raw, **kw):  # type: ignore[no-untyped-def]
        if raw["external_ref"] == "2":
            raise TypeError("a bug")
        return real(raw, **kw)

    monkeypatch.setattr(ingest, "parse_record", buggy)
    records = [{"external_ref": str(i), "queue": "general"} for i in (1, 2, 3)]
    manifest = _jsonl(tmp_path / "m.jsonl", *records)
    code, out, err = cli(capsys, "ingest", str(manifest))
    assert code == 1
    assert out.startswith("2 report(s) added, 0 already present, 1 rejected")
    assert err == f"rejected {manifest}:2: could not be processed (TypeError); please report it\n"
    code, _out, err = cli(capsys, "--debug", "ingest", str(manifest))
    assert "Traceback" in err
    assert "TypeError: a bug" in err
