"""vPDQ hashing time for a synthetic 60 s 1080p video, next to the keyframe-PDQ fallback.

Usage: python -m bench.bench_vpdq [--seconds 60] [--fps 24] [--runs 3]
Writes the clip once (a panning picture, x264 ultrafast, keyframe every 2 s; not timed),
then times, in the same run:
  - vpdq.computeHash at one hash a second, one thread (what ingest does in the worker);
  - the fallback: our hardened decoder's 12 contact-sheet keyframes, each PDQ-hashed;
  - the full ingest answer through the sandboxed worker pool (vPDQ included).
Prints medians and the ratio to the fallback. The machine is shared: compare ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from moderator.media import MediaPool
from moderator.media.fingerprint import hashes_bytes
from moderator.media.types import Limits
from moderator.media.vpdq_hash import available, vpdq_frames
from moderator.services.demo.media import abstract_image


def write_clip(path: Path, seconds: float, fps: int) -> None:
    """A synthetic 1080p clip: a generated picture panning (np.roll), x264 ultrafast."""
    background = np.asarray(abstract_image(1920, 1080, 7), dtype=np.uint8)
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.time_base = Fraction(1, fps)
        stream.options = {"preset": "ultrafast", "g": str(fps * 2)}
        for index in range(int(seconds * fps)):
            pixels = np.roll(background, shift=index * 8, axis=1)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = index
            out.mux(stream.encode(frame))
        out.mux(stream.encode())


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not available():
        raise SystemExit("the vpdq package is not installed (see README: hash banks)")
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        start = time.perf_counter()
        write_clip(clip, args.seconds, args.fps)
        made = time.perf_counter() - start
        data = clip.read_bytes()
        print(f"clip: {args.seconds:.0f} s 1920x1080 @ {args.fps} fps, "
              f"{len(data) / 2**20:.1f} MiB (written in {made:.1f} s)")  # fmt: skip
        frames = vpdq_frames(str(clip), len(data)) or ()
        vpdq_ms = median_ms(lambda: vpdq_frames(str(clip), len(data)), args.runs)
        fallback_ms = median_ms(lambda: hashes_bytes(data, Limits()), args.runs)
        with MediaPool(workers=1) as pool:
            pool.start()
            pool_ms = median_ms(lambda: pool.hashes(str(clip)), args.runs)
            answer = pool.hashes(str(clip))
            pooled = len(getattr(answer, "pdq_frames", ()))
    print(f"vPDQ (1 hash/s, 1 thread): {vpdq_ms:8.0f} ms median, {len(frames)} frame hashes")
    print(f"keyframe PDQ fallback:     {fallback_ms:8.0f} ms median, 12 frame hashes")
    how = "vPDQ" if pooled == len(frames) else "keyframes: vPDQ failed in the worker"
    print(f"worker pool ingest answer: {pool_ms:8.0f} ms median, {pooled} frame hashes ({how})")
    print(f"ratio vPDQ / fallback: {vpdq_ms / fallback_ms:.1f}x; "
          f"vPDQ is {vpdq_ms / 1e3 / args.seconds:.2f} s per second of video")  # fmt: skip


if __name__ == "__main__":
    main()
