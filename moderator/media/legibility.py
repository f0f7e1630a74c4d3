"""How much structure each blur level leaves: the measurement behind `RECOGNISABLE`.

Every level is rendered through the real pipeline (`blur.geometry` + `blur.finish`, then the
smooth scale-up to the display size that the window does) over synthetic test pictures
(shapes, a gradient, text-like strokes, an ellipse "face" at two sizes; nothing resembling a
person), and compared with the sharp display by SSIM. Plain SSIM at pixel scale says little
about recognising things: flat areas match whatever the blur, and the finest detail is gone at
any blur. So the comparison is made where recognition happens: both displays are averaged
down by `ANALYSIS_SCALE` (a pixel then covers 4 display pixels, about 0.5 % of the long side,
the width of an eye's outline or a letter stroke on a full preview), and only windows where
the sharp picture has structure (local standard deviation above `MIN_STRUCTURE`) count.

A level keeps recognisable structure when any test picture (fail closed: the worst case)
scores at least `THRESHOLD`. `MEASURED` is the table as last measured (`bench/bench_blur.py`
prints it; a test re-measures it and fails if it drifted), and `RECOGNISABLE` is derived from
it here, never typed by hand.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from moderator.media.blur import finish, geometry
from moderator.media.types import BlurLevel, RenderRequest

DISPLAY = (800, 600)
ANALYSIS_SCALE = 4
WINDOW = 7  # SSIM's window, in analysis pixels
MIN_STRUCTURE = 0.05 * 255  # local standard deviation of the sharp picture
# The measured maxima fall in two groups, >= 0.54 (levels 1-3) and <= 0.33 (levels 4-6);
# the threshold sits in the gap, so the split does not hinge on the last decimal.
THRESHOLD = 0.4

# Worst-case (maximum over the test pictures) masked SSIM per level, from `measure()`.
MEASURED: dict[BlurLevel, float] = {
    BlurLevel.LIGHT: 0.95,
    BlurLevel.SOFT: 0.81,
    BlurLevel.MEDIUM: 0.54,
    BlurLevel.STRONG: 0.33,
    BlurLevel.HEAVY: 0.21,
    BlurLevel.UNRECOGNISABLE: 0.13,
}
RECOGNISABLE: frozenset[BlurLevel] = frozenset(
    level for level, score in MEASURED.items() if score >= THRESHOLD
)


def recognisable(level: int) -> bool:
    """True when pictures at this blur level keep recognisable structure (exposure)."""
    return BlurLevel(level) in RECOGNISABLE


# --- test pictures (grayscale, display size) -------------------------------------------------


def _canvas(fill: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", DISPLAY, fill)
    return image, ImageDraw.Draw(image)


def shapes() -> Image.Image:
    image, draw = _canvas(90)
    draw.rectangle((60, 60, 300, 260), fill=220)
    draw.ellipse((380, 80, 620, 320), fill=30)
    draw.polygon([(120, 540), (260, 330), (400, 540)], fill=180)
    draw.rectangle((480, 380, 740, 560), outline=250, width=6)
    return image


def gradient() -> Image.Image:
    w, h = DISPLAY
    y, x = np.mgrid[0:h, 0:w]
    image = Image.fromarray((x * 153 / w + y * 102 / h).astype(np.uint8), "L")
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 200, 500, 400), fill=255)
    draw.line((0, 0, w, h), fill=0, width=8)
    return image


def strokes() -> Image.Image:
    """Rows of letter-like strokes (bars, arcs, diagonals) in "words"."""
    rng = np.random.default_rng(1)
    image, draw = _canvas(235)
    for row in range(12):
        y, x = 40 + row * 46, 40
        while x < DISPLAY[0] - 60:
            for _ in range(int(rng.integers(2, 6))):
                w, kind = int(rng.integers(8, 22)), int(rng.integers(0, 3))
                if kind == 0:
                    draw.line((x, y, x, y + 28), fill=20, width=4)
                elif kind == 1:
                    draw.arc((x, y, x + w, y + 28), 0, 300, fill=20, width=4)
                else:
                    draw.line((x, y + 28, x + w, y), fill=20, width=4)
                x += w + 6
            x += 24
    return image


def face(close: bool = False) -> Image.Image:
    """A pattern of ellipses laid out like a face: head, eyes, pupils, nose, mouth."""
    image, draw = _canvas(60)
    if close:  # filling the frame, as in a close-up
        draw.ellipse((150, -40, 650, 700), fill=190)
        for left in (250, 430):
            draw.ellipse((left, 180, left + 120, 250), fill=40)
            draw.ellipse((left + 45, 200, left + 75, 230), fill=250)
        draw.line((400, 260, 380, 390), fill=110, width=10)
        draw.arc((290, 380, 510, 520), 20, 160, fill=60, width=14)
        return image
    draw.ellipse((250, 80, 550, 520), fill=190)
    for left in (315, 415):
        draw.ellipse((left, 220, left + 70, 260), fill=40)
        draw.ellipse((left + 25, 232, left + 45, 250), fill=250)
    draw.line((400, 270, 390, 350), fill=110, width=6)
    draw.arc((330, 350, 470, 440), 20, 160, fill=60, width=8)
    draw.ellipse((225, 250, 255, 330), fill=170)
    draw.ellipse((545, 250, 575, 330), fill=170)
    return image


PICTURES: dict[str, Callable[[], Image.Image]] = {
    "shapes": shapes,
    "gradient": gradient,
    "strokes": strokes,
    "face": face,
    "face close-up": lambda: face(close=True),
}

# --- measuring -------------------------------------------------------------------------------


def displayed(sharp: Image.Image, level: BlurLevel) -> Image.Image:
    """`sharp` as the window shows it at `level`: the worker's render, scaled up smoothly."""
    box = sharp.size
    geo = geometry(sharp.size, box, level, sharp=False, pixelate=False)
    rendered = finish(sharp, geo, RenderRequest("test", None, *box, blur=level))
    return rendered.resize(geo.display, Image.Resampling.BILINEAR)


def _mean(a: np.ndarray) -> np.ndarray:
    k = WINDOW
    c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), 0), 1)
    return np.asarray((c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k))


def _analysis(image: Image.Image) -> np.ndarray:
    w, h = image.size
    size = (w // ANALYSIS_SCALE, h // ANALYSIS_SCALE)
    return np.asarray(image.convert("L").resize(size, Image.Resampling.BOX), dtype=np.float64)


def structure_kept(sharp: Image.Image, shown: Image.Image) -> float:
    """Mean SSIM of `shown` against `sharp` over the windows where `sharp` has structure."""
    a, b = _analysis(sharp), _analysis(shown)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    ma, mb = _mean(a), _mean(b)
    va, vb = _mean(a * a) - ma * ma, _mean(b * b) - mb * mb
    cov = _mean(a * b) - ma * mb
    ssim = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    mask = va > MIN_STRUCTURE**2
    return float(ssim[mask].mean()) if mask.any() else 1.0


def measure() -> dict[str, dict[BlurLevel, float]]:
    """Structure kept, per test picture and blur level."""
    table: dict[str, dict[BlurLevel, float]] = {}
    for name, make in PICTURES.items():
        sharp = make()
        table[name] = {level: structure_kept(sharp, displayed(sharp, level)) for level in BlurLevel}
    return table


def worst_case(table: dict[str, dict[BlurLevel, float]]) -> dict[BlurLevel, float]:
    """Per level, the highest score over the pictures (the most structure any one kept)."""
    return {level: max(row[level] for row in table.values()) for level in BlurLevel}
