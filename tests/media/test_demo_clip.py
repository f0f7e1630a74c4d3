"""The demo's own videos (x264, 24 fps, a keyframe every 2 s) preview and hash with real times.

Frames taken from the codec context once came back without a time base, so every keyframe
time was NaN and the pool (rightly) refused the answer as malformed.
"""

from __future__ import annotations

import math
from pathlib import Path

from moderator.media import MediaPool
from moderator.media.types import MediaHashes, Rendered, RenderRequest
from moderator.media.vpdq_hash import available as vpdq_available
from moderator.services.demo.media import write_video


def test_demo_clip_sheet_and_hashes_have_keyframe_times(pool: MediaPool, tmp_path: Path) -> None:
    clip = write_video(tmp_path / "demo.mp4", 320, 180, 5, seed=3)
    rendered = pool.render(RenderRequest(str(clip), None, 640, 480))
    assert isinstance(rendered, Rendered), rendered
    assert rendered.contact_sheet_times == (0.0, 2.0, 4.0)
    hashes = pool.hashes(str(clip))
    assert isinstance(hashes, MediaHashes), hashes
    times = [t for t, _h, _q in hashes.pdq_frames]
    # vPDQ hashes a frame a second; without it, the contact sheet's keyframes are hashed.
    assert times == ([0.0, 1.0, 2.0, 3.0, 4.0] if vpdq_available() else [0.0, 2.0, 4.0])
    assert all(math.isfinite(t) for t in rendered.contact_sheet_times)
