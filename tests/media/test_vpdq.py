"""vPDQ at ingest: a frame a second (the `vpdq` package, in the worker), matched with vPDQ's
per-frame threshold and two-way share: a re-encoded, resized copy of a synthetic clip matches,
an unrelated clip does not; without a path (or the package) the keyframe PDQs stand in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from moderator.media import MediaPool
from moderator.media.fingerprint import hashes_bytes
from moderator.media.types import Limits, MediaHashes
from moderator.media.vpdq_hash import available, fits, vpdq_frames
from moderator.services.bank_match import _frames, video_distance
from moderator.services.demo.media import write_video

if not available() and os.environ.get("MODERATOR_REQUIRE_VPDQ") == "1":
    raise RuntimeError("MODERATOR_REQUIRE_VPDQ=1 but the vpdq package is not installed")
pytestmark = pytest.mark.skipif(not available(), reason="the vpdq package is not installed")


@pytest.fixture(scope="module")
def pool() -> Iterator[MediaPool]:
    with MediaPool(workers=1) as shared:
        shared.start()
        yield shared


def reencode(source: Path, target: Path, size: tuple[int, int]) -> Path:
    """The clip decoded and encoded again, smaller and at a lower quality."""
    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=24)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.options = {"preset": "ultrafast", "crf": "32"}
        for i, frame in enumerate(inp.decode(video=0)):
            small = frame.reformat(width=size[0], height=size[1], format="yuv420p")
            small.pts, small.time_base = i, Fraction(1, 24)
            out.mux(stream.encode(small))
        out.mux(stream.encode(None))
    return target


def frames_of(hashes: MediaHashes) -> np.ndarray:
    return _frames(",".join(h for _t, h, _q in hashes.pdq_frames))


def test_a_reencoded_copy_matches_and_an_unrelated_clip_does_not(
    pool: MediaPool, tmp_path: Path
) -> None:
    clip = write_video(tmp_path / "clip.mp4", 640, 360, 6, seed=3)
    copy = reencode(clip, tmp_path / "copy.mp4", (320, 180))
    other = write_video(tmp_path / "other.mp4", 640, 360, 6, seed=11)
    a, b, c = (pool.hashes(str(p)) for p in (clip, copy, other))
    assert all(isinstance(h, MediaHashes) for h in (a, b, c))
    assert isinstance(a, MediaHashes)
    assert isinstance(b, MediaHashes)
    assert isinstance(c, MediaHashes)
    assert [t for t, _h, _q in a.pdq_frames] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]  # one a second
    share, distance = video_distance(frames_of(a), frames_of(b), 31)
    assert share >= 0.8
    assert distance <= 31
    share, _distance = video_distance(frames_of(a), frames_of(c), 31)
    assert share < 0.8


def test_vpdq_runs_only_when_it_fits_the_workers_deadline() -> None:
    assert fits(640, 360, 144, 6.0, 10.0)  # the clips above
    assert not fits(1920, 1080, 1440, 60.0, 10.0)  # 60 s of 1080p: keyframes instead
    assert fits(1920, 1080, 1440, 60.0, 60.0)  # ...unless the deadline is long enough
    assert not fits(640, 360, 0, None, 10.0)  # unknown length: never


def test_without_a_path_or_for_other_bytes_the_keyframes_stand_in(tmp_path: Path) -> None:
    clip = write_video(tmp_path / "clip.mp4", 320, 180, 5, seed=3)
    data = clip.read_bytes()
    fallback = hashes_bytes(data, Limits())
    assert [t for t, _h, _q in fallback.pdq_frames] == [0.0, 2.0, 4.0]  # keyframes every 2 s
    assert vpdq_frames(str(clip), len(data) + 1) is None  # not the bytes that were hashed
    assert vpdq_frames(str(tmp_path / "missing.mp4"), 1) is None
