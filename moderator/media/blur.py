"""Preview geometry and the blur / pixelate filters.

Strength is defined relative to the displayed preview (a fraction of its long side), so a level
looks the same in a small list thumbnail and in a full-screen viewer. Because a blurred image
has no detail finer than its blur radius, it is rendered at a reduced *work* size where that
radius is a few pixels, and the UI scales it up: far less to decode, blur and send, and the
scale-up of an already blurred image loses nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageFilter

from moderator.media.types import BlurLevel, Frame, RenderRequest

# Gaussian sigma as a fraction of the preview's long side; UNRECOGNISABLE leaves only blobs.
SIGMA_FRACTION = {
    BlurLevel.LIGHT: 0.004,
    BlurLevel.SOFT: 0.008,
    BlurLevel.MEDIUM: 0.016,
    BlurLevel.STRONG: 0.03,
    BlurLevel.HEAVY: 0.05,
    BlurLevel.UNRECOGNISABLE: 0.09,
}
# Pixelate: blocks along the preview's long side.
BLOCKS = {
    BlurLevel.LIGHT: 96,
    BlurLevel.SOFT: 64,
    BlurLevel.MEDIUM: 44,
    BlurLevel.STRONG: 30,
    BlurLevel.HEAVY: 20,
    BlurLevel.UNRECOGNISABLE: 12,
}
# Sigma in work pixels: at 4 a bilinear scale-up is indistinguishable from a full-size blur.
WORK_SIGMA = 4.0
MIN_WORK_SIDE = 64


@dataclass(frozen=True, slots=True)
class Geometry:
    """Sizes of one preview: display (what the UI shows) and work (what the worker renders)."""

    display: tuple[int, int]
    work: tuple[int, int]


def fit(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """`width` x `height` scaled (up or down) to fit the box, keeping the aspect ratio."""
    scale = min(box_w / width, box_h / height)
    return max(1, min(box_w, round(width * scale))), max(1, min(box_h, round(height * scale)))


def shrink_to(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """`size` scaled down so its long side is at most `long_side` (never up)."""
    w, h = size
    if max(w, h) <= long_side:
        return w, h
    scale = long_side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def geometry(
    source: tuple[int, int], box: tuple[int, int], level: BlurLevel, *, sharp: bool, pixelate: bool
) -> Geometry:
    """Display and work sizes for a `source`-sized picture shown in `box`."""
    display = fit(source[0], source[1], box[0], box[1])
    # Never render more pixels than the source has: the UI's scale-up is as good and cheaper.
    limit = max(display)
    if not sharp:
        if pixelate:
            limit = min(limit, BLOCKS[level] * 4)
        else:
            limit = min(limit, max(MIN_WORK_SIDE, math.ceil(WORK_SIGMA / SIGMA_FRACTION[level])))
    work = shrink_to(shrink_to(display, limit), max(source))
    return Geometry(display, work)


def blur(image: Image.Image, level: BlurLevel) -> Image.Image:
    """Gaussian blur of a work-size image with the level's strength.

    The work image is the display image scaled down, so a sigma relative to its long side is
    the same blur, relative to the display, that the reviewer sees.
    """
    return image.filter(ImageFilter.GaussianBlur(SIGMA_FRACTION[level] * max(image.size)))


def pixelate(image: Image.Image, level: BlurLevel, display: tuple[int, int]) -> Image.Image:
    """Average into blocks, then blow the blocks up to the display size with hard edges.

    Returned at display size so the blocks stay crisp whatever scaling the UI applies.
    """
    blocks = shrink_to(display, BLOCKS[level])
    small = image.resize(blocks, Image.Resampling.BOX)
    return small.resize(display, Image.Resampling.NEAREST)


def finish(image: Image.Image, geo: Geometry, req: RenderRequest) -> Image.Image:
    """Resize to the work size, then blur or pixelate unless a sharp render was asked for."""
    if image.size != geo.work:
        quality = Image.Resampling.LANCZOS if req.sharp else Image.Resampling.BILINEAR
        image = image.resize(geo.work, quality)
    if req.sharp:
        return image
    if req.pixelate:
        return pixelate(image, req.blur, geo.display)
    return blur(image, req.blur)


def to_frame(image: Image.Image, display: tuple[int, int]) -> Frame:
    """The image's raw pixels, to be shown at `display` size."""
    return Frame(image.width, image.height, image.mode, image.tobytes(), *display)
