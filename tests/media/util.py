"""Pixel measurements shared by the media tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from moderator.media import Frame, MediaError, Rendered
from tests.media.hostile import Case


@dataclass(frozen=True)
class Media:
    folder: Path
    photo: Path  # 1600x1200 JPEG of the test pattern
    photo_png: Path  # the same pixels as PNG
    rotated: Path  # stored turned, EXIF orientation 6 turns it back upright
    alpha: Path  # RGBA PNG, right half transparent
    palette: Path  # 3-frame palette GIF
    clip: Path  # H.264 MP4, 320x240, 4 s, keyframe every second
    clip_audio: Path  # H.264 + AAC in Matroska
    clip_webm: Path  # VP8 WebM
    clip_avi: Path  # MPEG-4 part 2 AVI
    clip_mov: Path  # QuickTime
    clip_portrait: Path  # display rotation of -90 (shown turned clockwise)
    clip_one_gop: Path  # a single keyframe for the whole clip
    clip_bframes: Path  # 12 s, 3 B-frames between references, a keyframe every 4 s
    hostile: Path
    cases: tuple[Case, ...]


def ok(result: Rendered | MediaError) -> Rendered:
    """The render, or a test failure that says which error came back instead."""
    assert isinstance(result, Rendered), result
    return result


def pixels(frame: Frame) -> np.ndarray:
    """A frame as a float array (H x W or H x W x C)."""
    shape = (frame.height, frame.width) + ((frame.channels,) if frame.channels > 1 else ())
    return np.frombuffer(frame.data, np.uint8).reshape(shape).astype(np.float64)


def at_display(frame: Frame) -> np.ndarray:
    """A frame scaled to its display size the way the UI does (smoothly), as a float array."""
    image = Image.frombytes(frame.mode, (frame.width, frame.height), frame.data)
    size = (frame.display_width, frame.display_height)
    return np.asarray(image.resize(size, Image.Resampling.BILINEAR), dtype=np.float64)


def detail(values: np.ndarray) -> float:
    """High-frequency energy: mean absolute Laplacian (zero on smooth gradients)."""
    if values.ndim == 3:
        values = values.mean(axis=2)
    core = values[1:-1, 1:-1]
    neighbours = values[:-2, 1:-1] + values[2:, 1:-1] + values[1:-1, :-2] + values[1:-1, 2:]
    return float(np.abs(4 * core - neighbours).mean())
