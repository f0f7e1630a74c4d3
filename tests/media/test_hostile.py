"""Every file of the hostile corpus gets its typed error or a correct preview, in time,
and the pool is still healthy afterwards."""

from __future__ import annotations

import io
import re
import time

import numpy as np
import pytest
from PIL import Image

from moderator.media import (
    MediaError,
    MediaErrorKind,
    MediaHashes,
    MediaPool,
    Rendered,
    RenderRequest,
)
from tests.media.hostile import DAMAGED
from tests.media.util import Media, ok, pixels

PYTHON_INTERNALS = re.compile(r"0x[0-9a-f]{6,}|<[A-Za-z_.]+ object", re.IGNORECASE)


def test_each_file_gets_its_outcome(pool: MediaPool, media: Media) -> None:
    problems = []
    for case in media.cases:
        started = time.monotonic()
        result = pool.render(RenderRequest(str(media.hostile / case.name), None, 640, 480))
        elapsed = time.monotonic() - started
        if elapsed >= pool.limits.timeout_s:
            problems.append(f"{case.name}: took {elapsed:.1f} s")
        if case.expect is None and not isinstance(result, Rendered):
            problems.append(f"{case.name}: expected a preview, got {result}")
        if case.expect is not None and (
            not isinstance(result, MediaError) or result.kind is not case.expect
        ):
            problems.append(f"{case.name}: expected {case.expect}, got {result}")
        if isinstance(result, Rendered) and result.sharp:
            problems.append(f"{case.name}: a sharp render nobody asked for")
    assert not problems, "\n".join(problems)
    ok(pool.render(RenderRequest(str(media.photo), None, 320, 240)))
    assert 1 <= len(pool.worker_pids()) <= 2


def render(pool: MediaPool, media: Media, name: str, **kw: bool) -> Rendered:
    return ok(pool.render(RenderRequest(str(media.hostile / name), None, 640, 480, **kw)))


def test_previews_of_odd_files_are_correct(pool: MediaPool, media: Media) -> None:
    assert render(pool, media, "png-named.jpg").format == "PNG"
    assert render(pool, media, "image-named.mp4").kind == "image"
    assert render(pool, media, "polyglot.jpg").format == "JPEG"
    assert render(pool, media, "polyglot-video.png").format == "PNG"
    assert render(pool, media, "frames-10000.gif").frame_count == 10_000
    strip = render(pool, media, "strip.png")
    assert (strip.source_width, strip.source_height) == (1, 100_000)
    assert (strip.frame.display_width, strip.frame.display_height) == (1, 480)


def test_cmyk_colours_survive(pool: MediaPool, media: Media) -> None:
    rgb = pixels(render(pool, media, "cmyk.jpg", grayscale=False, sharp=True).frame)
    assert rgb[4, 4, 0] > 150  # the red block, not its CMYK inverse
    assert rgb[4, 4, 2] < 90


def test_deep_images_are_scaled_not_clipped(pool: MediaPool, media: Media) -> None:
    gray = pixels(render(pool, media, "deep16.png", sharp=True).frame)
    ramp = gray[gray.shape[0] // 2]
    assert ramp[0] < 10
    assert ramp[-1] > 240
    assert np.all(np.diff(ramp) >= -1)  # a ramp all the way, not a wall at 255
    assert ramp[len(ramp) // 2] == np.clip(ramp[len(ramp) // 2], 100, 155)


def test_hashes_of_the_corpus(pool: MediaPool, media: Media) -> None:
    for case in media.cases:
        result = pool.hashes(str(media.hostile / case.name))
        if case.name in ("a-folder.jpg", "fifo.jpg"):
            assert isinstance(result, MediaError), case.name
            continue
        assert isinstance(result, MediaHashes), case.name
        assert len(result.sha256) == 64
        if case.expect is None:
            assert result.decode_error is None, case.name
        else:
            assert result.decode_error is not None, case.name
            assert result.decode_error.kind is case.expect, case.name
            assert result.pdq is None


@pytest.mark.parametrize("name", [name for name, _why, _make in DAMAGED])
def test_damaged_in_the_middle_is_corrupt_with_no_picture_and_no_hash(
    pool: MediaPool, media: Media, name: str
) -> None:
    path = media.hostile / name
    with Image.open(io.BytesIO(path.read_bytes())) as header:  # the container still parses
        assert header.size == (320, 240)
    for kw in ({}, {"sharp": True, "grayscale": False}):
        result = pool.render(RenderRequest(str(path), None, 640, 480, **kw))
        assert isinstance(result, MediaError), f"{name}: a picture came back"
        assert result.kind is MediaErrorKind.CORRUPT, result
    hashes = pool.hashes(str(path))
    assert isinstance(hashes, MediaHashes)
    assert (hashes.pdq, hashes.pdq_quality, hashes.pdq_frames) == (None, None, ())
    assert hashes.decode_error is not None
    assert hashes.decode_error.kind is MediaErrorKind.CORRUPT
    assert len(hashes.sha256) == 64  # the bytes are still accounted for
    probe = pool.probe(str(path))
    assert isinstance(probe.info, MediaError)
    assert probe.info.kind is MediaErrorKind.CORRUPT


def test_no_message_shows_python_internals(pool: MediaPool, media: Media) -> None:
    messages = []
    for case in media.cases:
        path = str(media.hostile / case.name)
        rendered = pool.render(RenderRequest(path, None, 640, 480))
        hashes = pool.hashes(path)
        probe = pool.probe(path)
        for result in (rendered, hashes, probe.info, probe.hashes):
            error = result.decode_error if isinstance(result, MediaHashes) else result
            if isinstance(error, MediaError):
                messages.append(f"{case.name}: {error.message}")
    assert messages  # the corpus is mostly errors
    leaked = [m for m in messages if PYTHON_INTERNALS.search(m)]
    assert not leaked, "\n".join(leaked)
    assert all("\n" not in m for m in messages)
