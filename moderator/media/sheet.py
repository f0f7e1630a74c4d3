"""A video's contact sheet: evenly spaced keyframes, each blurred, laid out in a grid.

Each sample seeks to the keyframe at or before its time and decodes only that frame, so the
cost is a dozen intra frames whatever the length of the video. Samples that land on the same
keyframe (long GOPs) are shown once; a damaged sample is left out. The times of the keyframes
actually shown are returned with the sheet, in grid order.
"""

from __future__ import annotations

import math
from typing import Any

import av.error
from PIL import Image

from moderator.media import blur
from moderator.media.errors import MediaFailure
from moderator.media.types import Frame, MediaErrorKind, RenderRequest
from moderator.media.video import Video, frame_time, sample_times

GAP = 4  # display pixels between tiles
BACKGROUND = 40


def keyframes(video: Video, count: int) -> list[Any]:
    """Up to `count` distinct, undamaged keyframes spread over the video."""
    found: list[Any] = []
    seen: set[int] = set()
    for seconds in sample_times(video.meta.duration_s, count):
        try:
            frame = video.keyframe_near(seconds)
        except (MediaFailure, av.error.FFmpegError):
            continue  # damage around one sample should not cost the whole sheet
        if frame is None or frame.pts in seen:
            continue
        seen.add(frame.pts)
        found.append(frame)
    if not found:
        raise MediaFailure(MediaErrorKind.CORRUPT, "no keyframe of the video could be decoded")
    return found


def layout(count: int, aspect: float, box: tuple[int, int]) -> tuple[int, int]:
    """(columns, rows) that give `count` tiles of this aspect the largest size in `box`."""
    best = (0.0, 1, count)
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        width = (box[0] - GAP * (cols - 1)) / cols
        tile_w = min(width, (box[1] - GAP * (rows - 1)) / rows * aspect)
        if tile_w > best[0]:
            best = (tile_w, cols, rows)
    return best[1], best[2]


def contact_sheet(
    video: Video, req: RenderRequest
) -> tuple[Frame, tuple[float, ...], tuple[int, int]]:
    """(the sheet, the times of its tiles, the video's upright size)."""
    frames = keyframes(video, req.sheet_frames)
    upright = video.upright_size(frames[0])
    cols, rows = layout(len(frames), upright[0] / upright[1], (req.target_width, req.target_height))
    tile_box = (
        max(1, (req.target_width - GAP * (cols - 1)) // cols),
        max(1, (req.target_height - GAP * (rows - 1)) // rows),
    )
    geo = blur.geometry(upright, tile_box, req.blur, sharp=req.sharp, pixelate=req.pixelate)
    tiles = [
        blur.finish(video.to_image(f, geo.work, grayscale=req.grayscale), geo, req) for f in frames
    ]
    # Tiles are at work scale (display scale when pixelated); gaps scale with them.
    tile_w, tile_h = tiles[0].size
    gap = max(1, round(GAP * tile_w / geo.display[0]))
    sheet = Image.new(
        tiles[0].mode,
        (cols * tile_w + (cols - 1) * gap, rows * tile_h + (rows - 1) * gap),
        BACKGROUND if tiles[0].mode == "L" else (BACKGROUND,) * 3,
    )
    for index, tile in enumerate(tiles):
        row, col = divmod(index, cols)
        sheet.paste(tile, (col * (tile_w + gap), row * (tile_h + gap)))
    display = (
        cols * geo.display[0] + (cols - 1) * GAP,
        rows * geo.display[1] + (rows - 1) * GAP,
    )
    return blur.to_frame(sheet, display), tuple(frame_time(f) for f in frames), upright
