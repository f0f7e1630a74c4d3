"""Video through PyAV, from bytes in memory, with FFmpeg kept to local, allowlisted work.

FFmpeg never sees a path or URL: it reads the bytes we already hashed through a file object,
with the demuxer named by sniff.py (no probing, so no playlist, concat or image2 demuxer), a
custom `io_open` that refuses every nested open (MOV external references, HLS segments), audio
streams discarded at the demuxer, and a video codec allowlist. Contact sheets seek to keyframes
and decode only the key packet, then drain the decoder; a frame at time t decodes forward from
the keyframe before t. Either way no more than `Limits.max_frames` packets are read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import av
import av.stream
from PIL import Image

from moderator.media.errors import MediaFailure, decoding
from moderator.media.sniff import Sniffed
from moderator.media.types import Limits, MediaErrorKind

CODECS = frozenset({
    "h264", "hevc", "vp8", "vp9", "av1", "libdav1d", "mpeg4", "mpeg2video", "mpeg1video",
    "mjpeg", "h263", "msmpeg4v2", "msmpeg4v3", "wmv1", "wmv2", "wmv3", "vc1", "theora", "prores",
})  # fmt: skip
_TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
          -90: Image.Transpose.ROTATE_270, 270: Image.Transpose.ROTATE_270,
          -180: Image.Transpose.ROTATE_180}  # fmt: skip


@dataclass(frozen=True, slots=True)
class VideoMeta:
    """A video stream's headers, as far as a preview needs them."""

    width: int  # sample aspect ratio applied; rotation is per frame, see `upright_size`
    height: int
    duration_s: float | None
    codec: str
    has_audio: bool
    frame_count: int  # from the headers; 0 when the container does not say


class Video:
    """An open container and its first video stream."""

    def __init__(self, container: Any, limits: Limits) -> None:
        self.container = container
        self.limits = limits
        streams = container.streams.video
        if not streams:
            raise MediaFailure(MediaErrorKind.UNSUPPORTED, "the file has no video stream")
        self.stream = streams[0]
        self.codec = self.stream.codec_context
        self.meta = self._meta()
        # libavcodec's own guard: no frame buffer beyond the pixel limit, whatever a later
        # sequence header claims. Options apply when the decoder opens, at the first packet.
        self.codec.options = {"max_pixels": str(limits.max_pixels)}

    def _meta(self) -> VideoMeta:
        name = self.codec.name
        if name not in CODECS:
            raise MediaFailure(MediaErrorKind.UNSUPPORTED, f"video codec {name} is not allowed")
        width, height = int(self.codec.width), int(self.codec.height)
        if width < 1 or height < 1:
            raise MediaFailure(MediaErrorKind.CORRUPT, "the video has no frame size")
        if width * height > self.limits.max_pixels:
            raise MediaFailure(
                MediaErrorKind.TOO_LARGE, f"the video is {width}x{height}, over the pixel limit"
            )
        sar = self.stream.sample_aspect_ratio
        if sar and 0.1 < float(sar) < 10:
            width = max(1, round(width * float(sar)))
        has_audio = any(stream.type == "audio" for stream in self.container.streams)
        return VideoMeta(width, height, self._duration(), name, has_audio, int(self.stream.frames))

    def _duration(self) -> float | None:
        if self.stream.duration and self.stream.time_base:
            seconds = float(self.stream.duration * self.stream.time_base)
        elif self.container.duration:
            seconds = self.container.duration / av.time_base
        else:
            return None
        return seconds if 0 < seconds < 10 * 24 * 3600 else None

    def keyframe_near(self, seconds: float) -> Any | None:
        """The keyframe at or before `seconds`, decoding nothing else; None if there is none.

        Only the key packet goes to the decoder, which is then drained. A decoder that
        reorders frames (B-frames) holds each decoded frame back until later packets push it
        out, so decoding the keyframe alone and waiting (`skip_frame=NONKEY`) read on to the
        next keyframe: a whole GOP of packets per sample.
        """
        self._seek(seconds)
        packets = self._packets(self.limits.max_frames)
        packet = next((p for p in packets if p.size and p.is_keyframe), None)
        if packet is None:
            return None
        frames = list(self._checked(self.codec.decode(packet)))
        frames += self._checked(self.codec.decode())  # the drain: a held-back frame comes out
        return frames[0] if frames else None

    def frame_at(self, seconds: float) -> Any:
        """The last frame at or before `seconds` (decoded forward from the keyframe before it)."""
        self._seek(seconds)
        self.codec.skip_frame = "DEFAULT"
        found = None
        for frame in self._frames(self.limits.max_frames):
            if found is not None and frame.time is not None and frame.time > seconds + 1e-3:
                break
            found = frame
        if found is None:
            raise MediaFailure(MediaErrorKind.CORRUPT, "no frame could be decoded at that time")
        return found

    def _seek(self, seconds: float) -> None:
        start = self.stream.start_time or 0
        target = start + int(max(0.0, seconds) / self.stream.time_base)
        # Flushes the decoder too, so frames from before the seek never leak into the next one.
        self.container.seek(target, stream=self.stream, backward=True, any_frame=False)

    def _packets(self, budget: int) -> Iterator[Any]:
        """Packets of the video stream from the current position, at most `budget` of them:
        a frame that needs more reading than that is TOO_LARGE, not a long wait."""
        for count, packet in enumerate(self.container.demux(self.stream), start=1):
            if count > budget:
                raise MediaFailure(
                    MediaErrorKind.TOO_LARGE, f"reaching that frame needs over {budget:,} frames"
                )
            yield packet

    def _frames(self, budget: int) -> Iterator[Any]:
        """Decoded, undamaged frames from the current position (see `_packets`)."""
        for packet in self._packets(budget):
            # The empty packet at the end drains the decoder's delayed frames.
            yield from self._checked(self.codec.decode(packet if packet.size else None))

    def _checked(self, frames: list[Any]) -> Iterator[Any]:
        for frame in frames:
            if frame.is_corrupt:
                raise MediaFailure(MediaErrorKind.CORRUPT, "a video frame is damaged")
            if frame.time_base is None:
                # Frames from the codec context carry no time base, so `frame.time` would be
                # NaN: give them the stream's.
                frame.time_base = self.stream.time_base
            yield frame

    def upright_size(self, frame: Any) -> tuple[int, int]:
        """The display size of `frame`: sample aspect ratio and display rotation applied."""
        if _rotation(frame) in (90, -90, 270):
            return self.meta.height, self.meta.width
        return self.meta.width, self.meta.height

    def to_image(self, frame: Any, size: tuple[int, int], *, grayscale: bool) -> Image.Image:
        """`frame` scaled by FFmpeg to `size` (upright, as displayed) as an "L"/"RGB" image."""
        rotation = _rotation(frame)
        turned = rotation in (90, -90, 270)
        stored = (size[1], size[0]) if turned else size
        pix = "gray" if grayscale else "rgb24"
        scaled = frame.reformat(width=stored[0], height=stored[1], format=pix,
                                interpolation="AREA")  # fmt: skip
        image = Image.fromarray(scaled.to_ndarray(), "L" if grayscale else "RGB")
        return image.transpose(_TURNS[rotation]) if rotation in _TURNS else image


@contextmanager
def open_video(
    data: bytes, sniffed: Sniffed, limits: Limits, *, blurred: bool = False
) -> Iterator[Video]:
    """Open `data` with exactly the sniffed demuxer; close it whatever happens.

    `blurred`: the frames will be blurred, so the decoder may skip its deblocking filter
    (a fifth or more of H.264 decode time, and invisible under any blur level).
    """
    with decoding(sniffed.format):
        container = av.open(io.BytesIO(data), format=sniffed.decoder, io_open=_refuse_io)
        try:
            _discard_audio(container)
            video = Video(container, limits)
            if blurred:
                video.codec.options = {**video.codec.options, "skip_loop_filter": "all"}
            yield video
        finally:
            container.close()


def sample_times(duration_s: float | None, count: int) -> list[float]:
    """`count` evenly spaced times, each in the middle of its slice of the video."""
    if not duration_s:
        return [0.0]
    return [duration_s * (i + 0.5) / count for i in range(count)]


def frame_time(frame: Any) -> float:
    """A decoded frame's presentation time in seconds, rounded to milliseconds."""
    value = frame.time
    return round(float(value), 3) if value is not None else 0.0


def _rotation(frame: Any) -> int:
    """The frame's display rotation in degrees counter-clockwise (PyAV >= 14 reads it)."""
    return int(round(getattr(frame, "rotation", 0) or 0))


def _refuse_io(url: str, flags: int, options: dict[str, str]) -> Any:
    raise PermissionError("media files may not reference other files or URLs")


def _discard_audio(container: Any) -> None:
    discard = getattr(av.stream, "Discard", None)
    if discard is None:
        return
    for stream in container.streams:
        if stream.type != "video":
            stream.discard = discard.all
