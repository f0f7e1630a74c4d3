"""Media already in memory (team mode) is decoded by the same sandboxed workers, with the same
limits and integrity check, and never touches a file."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest

from moderator.media import Limits, MediaError, MediaErrorKind, MediaPool, Rendered, RenderRequest
from tests.media.test_no_disk import snapshot
from tests.media.util import Media, ok


def request(sha: str | None, **kw: object) -> RenderRequest:
    return RenderRequest("fetched/0", sha, 640, 480, **kw)  # type: ignore[arg-type]


def test_bytes_render_like_the_file_they_came_from(pool: MediaPool, media: Media) -> None:
    data = media.photo.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    from_file = ok(pool.render(RenderRequest(str(media.photo), sha, 640, 480)))
    from_bytes = ok(pool.render_bytes(request(sha), data))
    assert from_bytes.frame == from_file.frame
    sharp = ok(pool.render_bytes(request(sha, sharp=True), data))
    assert sharp.sharp
    assert sharp.frame != from_bytes.frame
    clip = media.clip.read_bytes()
    sheet = ok(pool.render_bytes(request(hashlib.sha256(clip).hexdigest()), clip))
    assert len(sheet.contact_sheet_times) > 1


def test_bytes_that_differ_from_the_ingest_hash_are_refused(pool: MediaPool, media: Media) -> None:
    data = media.photo.read_bytes()
    other = hashlib.sha256(b"something else").hexdigest()
    result = pool.render_bytes(request(other), data)
    assert isinstance(result, MediaError)
    assert result.kind is MediaErrorKind.INTEGRITY_MISMATCH


def test_bytes_over_the_limit_are_refused_before_they_are_sent(media: Media) -> None:
    data = media.photo.read_bytes()
    with MediaPool(1, Limits(max_bytes=len(data) - 1)) as small:
        result = small.render_bytes(request(None), data)
        assert isinstance(result, MediaError)
        assert result.kind is MediaErrorKind.TOO_LARGE
        assert small.worker_pids() == []  # refused in the caller: no worker needed


def test_hostile_bytes_give_an_error_and_the_pool_goes_on(pool: MediaPool, media: Media) -> None:
    for case in sorted(p for p in media.hostile.rglob("*") if p.is_file())[:16]:
        result = pool.render_bytes(request(None), case.read_bytes())
        assert isinstance(result, (MediaError, Rendered))
    ok(pool.render_bytes(request(None), media.photo.read_bytes()))


def test_rendering_bytes_writes_nothing_anywhere(
    media: Media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = snapshot(media.folder)
    env = {"TMPDIR": str(temp), "HOME": str(home)}
    with MediaPool(2, worker_env=env) as pool:
        for path in (media.photo, media.alpha, media.clip, media.clip_webm):
            data = path.read_bytes()
            ok(pool.render_bytes(request(hashlib.sha256(data).hexdigest()), data))
            ok(pool.render_bytes(request(None, sharp=True, frame_time=0.5), data))
    assert list(temp.rglob("*")) == []
    assert list(home.rglob("*")) == []
    assert snapshot(media.folder) == before
