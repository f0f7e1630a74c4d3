"""Video: metadata, keyframe contact sheets and the frame at a time, all through the pool."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from moderator.media import (
    Limits,
    MediaError,
    MediaErrorKind,
    MediaHashes,
    MediaInfo,
    MediaPool,
    Rendered,
    RenderRequest,
)
from moderator.media.render import sniff_bytes
from moderator.media.sheet import keyframes
from moderator.media.video import frame_time, open_video, sample_times
from moderator.media.vpdq_hash import available as vpdq_available
from tests.media.util import Media, ok, pixels


def sheet(pool: MediaPool, path: Path, **kw: Any) -> Rendered | MediaError:
    fields: dict[str, Any] = {"target_width": 640, "target_height": 480, **kw}
    return pool.render(RenderRequest(str(path), None, **fields))


def test_contact_sheet_of_keyframes(pool: MediaPool, media: Media) -> None:
    rendered = ok(sheet(pool, media.clip))
    assert (rendered.kind, rendered.format) == ("video", "MP4")
    assert rendered.duration_s == pytest.approx(4.0, abs=0.15)
    assert (rendered.source_width, rendered.source_height) == (320, 240)
    # Keyframes every second: twelve samples land on four distinct keyframes.
    assert rendered.contact_sheet_times == (0.0, 1.0, 2.0, 3.0)
    frame = rendered.frame
    assert frame.mode == "L"
    assert not rendered.sharp
    assert frame.display_width <= 640
    assert frame.display_height <= 480
    assert frame.width < frame.display_width  # blurred tiles travel at work size


def test_sharp_sheet_only_when_asked(pool: MediaPool, media: Media) -> None:
    rendered = ok(sheet(pool, media.clip, sharp=True, sheet_frames=4))
    assert rendered.sharp
    assert rendered.contact_sheet_times == (0.0, 1.0, 2.0, 3.0)
    assert (rendered.frame.width, rendered.frame.height) == (
        rendered.frame.display_width,
        rendered.frame.display_height,
    )


def test_frame_at_a_time_is_that_frame(pool: MediaPool, media: Media) -> None:
    # The bright block moves 7 px a frame: frame 25 (t=2.5 s) has it at x=175, frame 20 at 140.
    rendered = ok(sheet(pool, media.clip, frame_time=2.55, sharp=True))
    assert rendered.contact_sheet_times == (2.5,)
    frame = rendered.frame
    assert (frame.width, frame.height) == (320, 240)  # never more pixels than the source
    assert (frame.display_width, frame.display_height) == (640, 480)
    row = pixels(frame)[240 // 3 + 10]
    assert row[178:192].mean() > 200
    assert row[143:157].mean() < row[178:192].mean() - 40


def test_frame_at_a_time_is_blurred_by_default(pool: MediaPool, media: Media) -> None:
    rendered = ok(sheet(pool, media.clip, frame_time=1.0))
    assert not rendered.sharp
    assert rendered.frame.width < rendered.frame.display_width


def test_long_gop_decodes_forward_to_the_time(pool: MediaPool, media: Media) -> None:
    whole = ok(sheet(pool, media.clip_one_gop))
    assert whole.contact_sheet_times == (0.0,)  # one keyframe, shown once
    at = ok(sheet(pool, media.clip_one_gop, frame_time=3.05))
    assert at.contact_sheet_times == (3.0,)


def test_frame_budget_is_a_limit(media: Media) -> None:
    with MediaPool(1, Limits(max_frames=5)) as small:
        result = sheet(small, media.clip_one_gop, frame_time=3.0)
    assert isinstance(result, MediaError)
    assert result.kind is MediaErrorKind.TOO_LARGE


def test_display_rotation_is_applied(pool: MediaPool, media: Media) -> None:
    rendered = ok(sheet(pool, media.clip_portrait, frame_time=0.0, sharp=True))
    assert (rendered.source_width, rendered.source_height) == (240, 320)
    assert rendered.frame.height > rendered.frame.width


@pytest.mark.parametrize(
    ("name", "fmt"), [("clip_webm", "WEBM"), ("clip_avi", "AVI"), ("clip_mov", "MOV"),
                      ("clip_audio", "MKV")],
)  # fmt: skip
def test_container_formats(pool: MediaPool, media: Media, name: str, fmt: str) -> None:
    rendered = ok(sheet(pool, getattr(media, name)))
    assert rendered.format == fmt
    assert rendered.contact_sheet_times[0] == 0.0
    assert np.ptp(pixels(rendered.frame)) > 10  # a picture, not a blank


def test_probe_reports_codec_and_audio(pool: MediaPool, media: Media) -> None:
    with_audio = pool.probe(str(media.clip_audio)).info
    without = pool.probe(str(media.clip)).info
    assert isinstance(with_audio, MediaInfo)
    assert isinstance(without, MediaInfo)
    assert (with_audio.codec, with_audio.has_audio) == ("h264", True)
    assert (without.codec, without.has_audio, without.frame_count) == ("h264", False, 40)
    assert without.duration_s == pytest.approx(4.0, abs=0.15)
    rendered = ok(sheet(pool, media.clip_audio))
    assert (rendered.codec, rendered.has_audio) == ("h264", True)


class CountingContainer:
    """A PyAV input container that counts the packets demuxed from it."""

    def __init__(self, container: Any) -> None:
        self.container = container
        self.packets = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.container, name)

    def demux(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for packet in self.container.demux(*args, **kwargs):
            self.packets += 1
            yield packet


def every_frame(data: bytes) -> tuple[list[float], dict[float, np.ndarray]]:
    """(keyframe times, every frame's luma by time), from one plain decode of the whole clip."""
    keys, frames = [], {}
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            if packet.size and packet.is_keyframe:
                keys.append(round(float(packet.pts * stream.time_base), 3))
            for frame in stream.codec_context.decode(packet if packet.size else None):
                when = round(float(frame.pts * stream.time_base), 3)
                frames[when] = frame.to_ndarray(format="gray")
    return sorted(keys), frames


def test_keyframes_of_a_b_frame_clip_read_one_packet_each(media: Media) -> None:
    data = media.clip_bframes.read_bytes()
    keys, decoded = every_frame(data)
    assert keys == [0.0, 4.0, 8.0]
    # Assertions stay outside: open_video reports any exception inside it as a damaged file.
    with open_video(data, sniff_bytes(data), Limits()) as video:
        reorders = video.codec.has_b_frames  # the decoder holds decoded frames back
        counted = CountingContainer(video.container)
        video.container = counted
        found = [
            (frame_time(f), f.key_frame, f.to_ndarray(format="gray")) for f in keyframes(video, 12)
        ]
        times = sample_times(video.meta.duration_s, 12)
    assert reorders
    # For each sample, the last keyframe at or before it; repeats shown once.
    expected = list(dict.fromkeys(max(k for k in keys if k <= t) for t in times))
    assert [when for when, _key, _luma in found] == expected
    for when, key, luma in found:
        assert key
        assert np.array_equal(luma, decoded[when])  # the keyframe's own picture
    # One key packet per sample. Waiting for the decoder to give up a keyframe it holds back
    # meant reading on to the next keyframe: 40 packets a sample, 812 in all.
    assert counted.packets == len(times)


def test_sheet_and_hashes_of_a_b_frame_clip(pool: MediaPool, media: Media) -> None:
    rendered = ok(sheet(pool, media.clip_bframes))
    assert rendered.contact_sheet_times == (0.0, 4.0, 8.0)
    hashes = pool.hashes(str(media.clip_bframes))
    assert isinstance(hashes, MediaHashes)
    times = [t for t, _digest, _quality in hashes.pdq_frames]
    # vPDQ hashes a frame a second; without it, the contact sheet's keyframes are hashed.
    assert times == ([float(s) for s in range(len(times))] if vpdq_available() else [0, 4, 8])
    at = ok(sheet(pool, media.clip_bframes, frame_time=5.05))
    assert at.contact_sheet_times == (5.0,)  # the scrubber still decodes forward to the time
