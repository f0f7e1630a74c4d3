"""Region reveal: sharp pixels inside a circle, the blurred preview everywhere else.

Pure pixel arithmetic on two frames the pool already returned, so the reveal follows the
pointer without another decode. Safe to call in the GUI process: nothing here parses a file.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from moderator.media.types import Frame

FEATHER = 0.15  # the soft edge, as a fraction of the radius


def compose_region(blurred: Frame, sharp: Frame, cx: int, cy: int, radius: int) -> Frame:
    """`blurred` with a circle of `sharp` around (cx, cy); all three in display coordinates.

    Both frames must describe the same display size. The blurred frame may have fewer pixels
    (previews are rendered small); it is scaled up to the sharp frame's pixel size, which is
    the size of the result. Mixed modes come out as RGB.
    """
    if (blurred.display_width, blurred.display_height) != (
        sharp.display_width,
        sharp.display_height,
    ):
        raise ValueError("the frames are for different display sizes")
    mode = sharp.mode if sharp.mode == blurred.mode else "RGB"
    base = _pixels(blurred, mode, (sharp.width, sharp.height))
    top = _pixels(sharp, mode, (sharp.width, sharp.height))
    scale_x = sharp.width / sharp.display_width
    scale_y = sharp.height / sharp.display_height
    x, y, r = cx * scale_x, cy * scale_y, max(0.0, radius * scale_x)
    x0, x1 = max(0, int(x - r) - 1), min(sharp.width, int(x + r) + 2)
    y0, y1 = max(0, int(y - r) - 1), min(sharp.height, int(y + r) + 2)
    if x0 < x1 and y0 < y1 and r > 0:
        # Only the circle's bounding box is touched: cheap enough to follow the pointer.
        yy, xx = np.mgrid[y0:y1, x0:x1]
        distance = np.hypot(xx + 0.5 - x, yy + 0.5 - y)
        edge = max(1.0, r * FEATHER)
        alpha = np.clip((r - distance) / edge, 0.0, 1.0)
        if base.ndim == 3:
            alpha = alpha[..., None]
        box = (slice(y0, y1), slice(x0, x1))
        mixed = base[box] * (1.0 - alpha) + top[box] * alpha
        base[box] = np.rint(mixed).astype(np.uint8)
    return Frame(
        sharp.width, sharp.height, mode, base.tobytes(), sharp.display_width, sharp.display_height
    )


def _pixels(frame: Frame, mode: str, size: tuple[int, int]) -> np.ndarray:
    """The frame as a writable uint8 array of `mode` and pixel `size`."""
    image = Image.frombytes(frame.mode, (frame.width, frame.height), frame.data)
    if image.mode != mode:
        image = image.convert(mode)
    if image.size != size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    return np.array(image, dtype=np.uint8)
