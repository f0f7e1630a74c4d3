"""Ingest hashes and probe reports, from bytes already read. Runs inside a worker process.

A file that cannot be decoded still gets its byte hashes (the report stays ingestable and the
item becomes "unreviewable"); only unreadable bytes turn the whole answer into an error.
"""

from __future__ import annotations

import numpy as np

from moderator.domain.reports import MediaKind
from moderator.media import hashing
from moderator.media.errors import MediaFailure
from moderator.media.hashing import PDQ_SIZE, byte_hashes, pdq_of_rgb
from moderator.media.render import sniff_bytes
from moderator.media.sheet import keyframes
from moderator.media.sniff import Sniffed
from moderator.media.types import Limits, MediaError, MediaHashes, MediaInfo, ProbeResult
from moderator.media.video import Video, frame_time, open_video
from moderator.media.vpdq_hash import fits, vpdq_frames

HASH_FRAMES = 12  # video frames hashed at ingest: the default contact sheet's samples


def hashes_bytes(data: bytes, limits: Limits, path: str | None = None) -> MediaHashes:
    """SHA-256, MD5 and PDQ (per second with vPDQ, else per sampled keyframe, for a video) of
    one file's bytes (`path`: the file they were read from, for vPDQ)."""
    return _fingerprint(data, limits, path)[0]


def probe_bytes(path: str, data: bytes, limits: Limits) -> ProbeResult:
    """What a probe prints: media info (or the typed error) and the hashes."""
    hashes, info = _fingerprint(data, limits, path)
    return ProbeResult(path, info, hashes)


def _fingerprint(
    data: bytes, limits: Limits, path: str | None = None
) -> tuple[MediaHashes, MediaInfo | MediaError]:
    sha256, md5 = byte_hashes(data)
    kind, fmt = MediaKind.OTHER, None
    try:
        sniffed = sniff_bytes(data)
        kind, fmt = sniffed.kind, sniffed.format
        if sniffed.kind is MediaKind.IMAGE:
            info, pdq, frames = _image(data, sniffed, limits)
        else:
            info, pdq, frames = _video(data, sniffed, limits, path)
    except MediaFailure as failure:
        hashes = MediaHashes(sha256, md5, len(data), None, None, (), fmt, kind, failure.error)
        return hashes, failure.error
    quality = pdq[1] if pdq else None
    hashes = MediaHashes(
        sha256, md5, len(data), pdq[0] if pdq else None, quality, frames, fmt, kind
    )
    return hashes, info


PdqParts = tuple[MediaInfo, tuple[str, int] | None, tuple[tuple[float, str, int], ...]]


def _image(data: bytes, sniffed: Sniffed, limits: Limits) -> PdqParts:
    pdq, still = hashing.image_pdq(data, sniffed, limits)
    width, height = still.source_size
    info = MediaInfo(MediaKind.IMAGE, sniffed.format, width, height, still.frame_count)
    return info, pdq, ()


def _video(data: bytes, sniffed: Sniffed, limits: Limits, path: str | None) -> PdqParts:
    with open_video(data, sniffed, limits) as video:
        sampled = keyframes(video, HASH_FRAMES)
        width, height = video.upright_size(sampled[0])
        meta = video.meta
        # vPDQ only once our own decoder has accepted the bytes; keyframe PDQs otherwise.
        size = (width, height, meta.frame_count, meta.duration_s, limits.timeout_s)
        frames = vpdq_frames(path, len(data)) if path and fits(*size) else None
        if frames is None:
            frames = tuple(_frame_pdq(video, f) for f in sampled)
    info = MediaInfo(
        MediaKind.VIDEO, sniffed.format, width, height, meta.frame_count,
        meta.duration_s, meta.codec, meta.has_audio,
    )  # fmt: skip
    return info, None, frames


def _frame_pdq(video: Video, frame: object) -> tuple[float, str, int]:
    image = video.to_image(frame, (PDQ_SIZE, PDQ_SIZE), grayscale=False)
    digest, quality = pdq_of_rgb(np.asarray(image))
    return frame_time(frame), digest, quality
