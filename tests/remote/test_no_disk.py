"""No trace on disk in team mode: media fetched from the server is decoded from memory; the only
file the desk writes is its station (outbox and chain), which holds no media byte."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import insert

from moderator.domain.rows import DecisionInput
from moderator.media import MediaPool, Rendered, RenderRequest
from moderator.server.media_store import MediaStore
from moderator.store.models import MediaItem
from tests.media import synth
from tests.media.test_no_disk import snapshot
from tests.remote.conftest import Served
from tests.server.conftest import DECISION

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def add_clip(served: Served, report_id: int, work: Path) -> bytes:
    clip = synth.video(work / "clip.mp4", seconds=2.0)
    store = MediaStore(served.team.media)
    sha = store.put(clip)
    data = clip.read_bytes()
    clip.unlink()
    with served.team.sessions.begin() as s:
        s.execute(
            insert(MediaItem).values(
                report_id=report_id, position=1, uri=f"{sha[:2]}/{sha}", kind="video",
                size_bytes=len(data), sha256=sha,
            )
        )  # fmt: skip
    return data


def pieces(data: bytes) -> list[bytes]:
    """Slices of a file that would show up in any copy of it."""
    step = max(1, len(data) // 5)
    return [data[i : i + 48] for i in range(step, len(data) - 48, step)]


def test_the_desk_writes_no_media_to_disk_in_team_mode(
    served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (report,) = served.team.add_reports("general", 1)
    work = tmp_path / "work"
    work.mkdir()
    clip = add_clip(served, report, work)
    images = [p.read_bytes() for p in served.team.media.rglob("*") if p.is_file()]
    temp, worker_home = tmp_path / "tmp", tmp_path / "worker-home"
    temp.mkdir()
    worker_home.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    profile = served.enroll("alice")
    env = {"TMPDIR": str(temp), "HOME": str(worker_home)}
    with MediaPool(2, worker_env=env) as pool:
        desk = served.open(profile, pool)
        try:
            before = snapshot(tmp_path)
            lease = desk.review.claim()
            assert lease is not None
            details = desk.review.details(lease)
            assert [m.kind.value for m in details.media] == ["image", "video"]
            for media in details.media:
                for extra in ({}, {"sharp": True}, {"frame_time": 0.5}, {"grayscale": False}):
                    req = RenderRequest(media.uri, media.sha256, 640, 480, **extra)  # type: ignore[arg-type]
                    assert isinstance(desk.media.render_media(media, req), Rendered)
                desk.exposure.viewed(lease.report_uid, media=media.position, blur=4, grayscale=True)
            pending = desk.desk.submit(lease, DecisionInput(**DECISION))  # type: ignore[arg-type]
            assert desk.desk.finalize(pending) is not None
            assert desk.make_sync().push().online
        finally:
            desk.close()
    after = snapshot(tmp_path)
    assert list(temp.rglob("*")) == []
    assert list(worker_home.rglob("*")) == []
    changed = {p for p, st in after.items() if before.get(p) != st and (tmp_path / p).is_file()}
    server_side = ("media/", "server.log", "srv-home/")  # the server process's own files
    desk_side = {p for p in changed if not p.startswith(server_side)}
    station = f"home/team/{profile.workstation}.sqlite"
    allowed = {station, f"{station}-wal", f"{station}-shm", "home/logs/moderator.log"}
    assert desk_side <= allowed, desk_side
    assert station in desk_side or f"{station}-wal" in desk_side  # the scan below reads them
    for name in after:
        if name.startswith(server_side) or not (tmp_path / name).is_file():
            continue
        content = (tmp_path / name).read_bytes()
        for data in (clip, *images):
            assert not any(piece in content for piece in pieces(data)), name
