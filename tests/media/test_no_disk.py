"""No decoded frame, preview or thumbnail ever reaches the disk."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from moderator.media import MediaPool, RenderRequest
from moderator.media.compose import compose_region
from tests.media.util import Media, ok


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
    }


def test_a_full_preview_session_leaves_nothing_on_disk(
    media: Media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    for name, value in (("TMPDIR", temp), ("HOME", home)):
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = snapshot(media.folder)
    env = {"TMPDIR": str(temp), "HOME": str(home)}
    with MediaPool(2, worker_env=env, test_hooks=True) as pool:
        status = pool.debug_request("_status")
        assert isinstance(status, dict)
        assert (status["tempdir"], status["home"]) == (str(temp), str(home))

        def render(path: Path, **kw: bool | float) -> None:
            ok(pool.render(RenderRequest(str(path), None, 1280, 960, **kw)))  # type: ignore[arg-type]

        blurred = ok(pool.render(RenderRequest(str(media.photo), None, 1280, 960))).frame
        sharp = ok(pool.render(RenderRequest(str(media.photo), None, 1280, 960, sharp=True)))
        compose_region(blurred, sharp.frame, 640, 480, 200)
        for path in (media.photo_png, media.rotated, media.alpha, media.palette):
            render(path, grayscale=False)
            render(path, pixelate=True)
        for clip in (media.clip, media.clip_audio, media.clip_webm, media.clip_avi):
            render(clip)
            render(clip, frame_time=1.5, sharp=True)
        for path in (media.photo, media.clip, *sorted(media.hostile.iterdir())):
            pool.hashes(str(path))
            pool.probe(str(path))
            pool.render(RenderRequest(str(path), None, 640, 480))
        pool.debug_request("_crash")  # a crash must not dump core or leave anything either
    assert list(temp.rglob("*")) == []
    assert list(home.rglob("*")) == []
    assert snapshot(media.folder) == before
