"""vPDQ (Meta's video PDQ, the `vpdq` package) of a video file, inside the worker.

One PDQ per second of video (vPDQ's usual `seconds_per_hash=1`), each with its quality and
time, in the same (seconds, hex, quality) form as the keyframe PDQs it replaces, so matching
(`services.bank_match`, per-frame threshold and two-way share) is unchanged.

vpdq decodes with its own libavformat, from a path: it is only called after our hardened
decoder has opened the same bytes (container sniffed, codec on the allowlist), on the file
descriptor we opened (`/proc/self/fd/N`, checked to hold as many bytes as were hashed), with
one thread. Decoded frames stay in its memory. When the package is missing or fails, the
caller falls back to the keyframe PDQs.
"""

from __future__ import annotations

import os
from typing import Any

SECONDS_PER_HASH = 1.0
# vpdq decodes every frame: about 120 Mpx/s on one busy core here (bench_vpdq: 60 s of 1080p
# at 24 fps took 25 s). It runs only when the estimate fits half the worker's deadline (the
# pool kills a worker past it, and the whole answer would be lost): with the default 10 s,
# about 12 s of 1080p, 27 s of 720p, 2 min of 360p; longer videos get the keyframe PDQs.
PIXELS_PER_SECOND = 120e6


def fits(width: int, height: int, frames: int, duration: float | None, timeout: float) -> bool:
    """Whether vPDQ of such a video should finish within half of `timeout` seconds (a frame
    count the headers do not give is taken as 30 a second)."""
    count = frames or int((duration or 0) * 30)
    if count <= 0:
        return False  # the length is unknown: it could be anything
    return count * width * height / PIXELS_PER_SECOND <= timeout / 2


def _module() -> Any:
    try:
        import vpdq
    except ImportError:  # not installed (no FFmpeg development libraries to build it)
        return None
    return vpdq


def available() -> bool:
    return _module() is not None


def vpdq_frames(path: str, size: int) -> tuple[tuple[float, str, int], ...] | None:
    """The video's vPDQ features, or None (no package, a different file, or a failure)."""
    module = _module()
    if module is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if os.fstat(fd).st_size != size:
            return None  # not the bytes hashed (the file changed in between)
        features = module.computeHash(
            f"/proc/self/fd/{fd}", seconds_per_hash=SECONDS_PER_HASH, thread_count=1
        )
    except Exception:  # noqa: BLE001 - any failure of the native decoder: use keyframes
        return None
    finally:
        os.close(fd)
    frames = tuple((round(float(f.timestamp), 3), str(f.hex), int(f.quality)) for f in features)
    return frames or None
