"""Untrusted media: sandboxed decoding in worker processes, blurred previews, keyframes, hashes.

Everything that touches a media file's pixels runs in `MediaPool`'s worker processes; importing
this package (types and the pool) loads no decoder into the calling process.

    caller thread ── MediaPool (pool.py) ──JSON + raw bytes (protocol.py, channel.py)──┐
                                                                                       │
    worker process (spawned): sandbox.py (rlimits, no writes) → handlers.py            │
        source.py   read the bytes once, size limit, SHA-256 check against ingest  ◄───┘
        sniff.py    allowlisted format from the leading bytes (never the file name)
        images.py   Pillow, one plugin, JPEG draft, EXIF orientation, modes → L/RGB
        video.py    PyAV from memory, no nested opens, keyframe seeks, frame at t
        sheet.py    contact sheet of keyframes
        blur.py     display/work geometry, blur and pixelate relative to the display
        hashing.py  SHA-256, MD5, canonical PDQ; fingerprint.py: ingest hashes, probe
    compose.py (any process, no decode): region reveal from a blurred and a sharp frame.
"""

from moderator.media.pool import MediaPool
from moderator.media.types import (
    BlurLevel,
    Frame,
    Limits,
    MediaError,
    MediaErrorKind,
    MediaHashes,
    MediaInfo,
    ProbeResult,
    Rendered,
    RenderRequest,
)

__all__ = [
    "BlurLevel",
    "Frame",
    "Limits",
    "MediaError",
    "MediaErrorKind",
    "MediaHashes",
    "MediaInfo",
    "MediaPool",
    "ProbeResult",
    "RenderRequest",
    "Rendered",
]
