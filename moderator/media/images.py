"""Still images: one allowlisted Pillow decoder, at no more resolution than the caller needs.

Only the first frame of an animation is decoded (the frame count comes from the headers). JPEG
is decoded at a reduced DCT scale (draft mode) and, for a grayscale preview, luma only; other
formats are decoded whole (PNG has no reduced decode) and shrunk by an integer box reduce
before any filtering. EXIF orientation is applied to the small result, not the full image.
A damaged image is an error, never a partial picture: see `decode` and png.py.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile

from moderator.media import gif, png
from moderator.media.errors import MediaFailure, decoding
from moderator.media.sniff import Sniffed
from moderator.media.types import Limits, MediaErrorKind

T = Image.Transpose
# EXIF orientation -> the transpose that makes the picture upright.
_UPRIGHT = {
    2: T.FLIP_LEFT_RIGHT,
    3: T.ROTATE_180,
    4: T.FLIP_TOP_BOTTOM,
    5: T.TRANSPOSE,
    6: T.ROTATE_270,
    7: T.TRANSVERSE,
    8: T.ROTATE_90,
}
_QUARTER_TURNS = {5, 6, 7, 8}
_REDUCIBLE = {"L", "RGB", "RGBX", "CMYK", "I", "F"}  # modes Image.reduce handles without alpha
_ORIENTATION_TAG = 0x0112
ALPHA_BACKGROUND = 128  # transparent areas show as mid grey, never as "nothing there"

SizeFor = Callable[[tuple[int, int]], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class StillImage:
    """The first frame of a still image, decoded small and upright."""

    image: Image.Image  # mode "L" or "RGB", upright, at least the size asked for (or the source)
    format: str
    source_size: tuple[int, int]  # upright
    frame_count: int


def decode(
    data: bytes, sniffed: Sniffed, limits: Limits, size_for: SizeFor, *, grayscale: bool
) -> StillImage:
    """Decode the first frame at no less than `size_for(upright source size)`, upright.

    The pixels are loaded, completely or not at all, before anything else reads the image:
    Pillow reads some metadata lazily by loading the pixels, and a failure swallowed there
    would leave a half-decoded picture behind that a second `load()` returns as if whole.
    """
    with decoding(sniffed.format), warnings.catch_warnings():
        # Pillow warns about damaged metadata it then ignores; only a bomb is an error.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(data), formats=[sniffed.decoder])
        width, height = opened.size
        if width < 1 or height < 1:
            raise MediaFailure(MediaErrorKind.CORRUPT, "the image has no pixels")
        if width * height > limits.max_pixels:
            raise MediaFailure(
                MediaErrorKind.TOO_LARGE,
                f"the image is {width}x{height}, over the {limits.max_pixels:,} pixel limit",
            )
        frames = _frame_count(opened, data, sniffed, limits)
        if sniffed.decoder == "JPEG":
            # A JPEG's EXIF sits in APP1 ahead of the scan and was parsed by open(), and the
            # DCT scale must be chosen before the pixels are read.
            orientation = _orientation(opened)
            source = (width, height)
            stored = _stored_size(source, orientation, size_for)
            # The coarsest DCT scale (1/8..1) that still covers `stored`; "L" makes
            # libjpeg skip chroma entirely.
            opened.draft("L" if grayscale else "RGB", stored)
            _load(opened, data, sniffed)
        else:
            _load(opened, data, sniffed)
            # Loaded, so reading metadata decodes nothing (a TIFF has turned itself upright).
            orientation = _orientation(opened)
            source = opened.size
            stored = _stored_size(source, orientation, size_for)
        upright = (source[1], source[0]) if orientation in _QUARTER_TURNS else source
        image = to_8bit(_box_reduce(opened, stored), grayscale=grayscale)
        if orientation in _UPRIGHT:
            image = image.transpose(_UPRIGHT[orientation])
    return StillImage(image, sniffed.format, upright, frames)


def _load(image: Image.Image, data: bytes, sniffed: Sniffed) -> None:
    """Decode every pixel of the first frame, or raise: never a partly decoded picture."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Set by someone in this process; it turns a cut-off file into a grey-filled picture.
        raise MediaFailure(
            MediaErrorKind.CRASHED, "the image decoder is set to accept truncated images"
        )
    if sniffed.decoder == "PNG":
        png.load(image, data)
    else:
        image.load()


def _stored_size(source: tuple[int, int], orientation: int, size_for: SizeFor) -> tuple[int, int]:
    """The size to decode at, in the stored (not yet upright) orientation of `source`."""
    turned = orientation in _QUARTER_TURNS
    want = size_for((source[1], source[0]) if turned else source)
    return (want[1], want[0]) if turned else want


def to_8bit(image: Image.Image, *, grayscale: bool) -> Image.Image:
    """Any Pillow mode as 8-bit "L" or "RGB": deep images scaled, alpha flattened on grey."""
    mode = image.mode
    if mode.startswith("I") or mode == "F":
        image = Image.fromarray(_deep_to_uint8(np.asarray(image)), "L")
    elif mode == "1":
        image = image.convert("L")
    elif mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode in ("LA", "PA", "RGBa"):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (ALPHA_BACKGROUND,) * 3)
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if image.mode not in ("L", "RGB"):
        try:
            image = image.convert("RGB")
        except ValueError:
            raise MediaFailure(
                MediaErrorKind.UNSUPPORTED, f"pixel mode {mode} is not supported"
            ) from None
    if grayscale and image.mode != "L":
        image = image.convert("L")
    return image


def _deep_to_uint8(values: np.ndarray) -> np.ndarray:
    """16/32-bit or float samples to 0..255. Pillow's own convert clips instead of scaling."""
    data = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(data.min(initial=0.0)), float(data.max(initial=0.0))
    if low >= 0 and high <= 255 and values.dtype.kind in "iu":
        scaled = data
    elif low >= 0 and high <= 65535 and values.dtype.kind in "iu":
        scaled = data / 257.0
    else:  # float or unusual ranges: stretch what is there
        scaled = (data - low) * (255.0 / (high - low)) if high > low else data * 0
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def _box_reduce(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A cheap integer shrink that keeps at least `size`; the caller does the exact resize."""
    factor = min(image.width // max(1, size[0]), image.height // max(1, size[1]))
    if factor >= 2 and image.mode in _REDUCIBLE:
        return image.reduce(factor)
    return image


def _frame_count(image: Image.Image, data: bytes, sniffed: Sniffed, limits: Limits) -> int:
    if sniffed.decoder == "GIF":
        count = max(1, gif.count_frames(data, limits.max_frames))
    else:
        count = int(getattr(image, "n_frames", 1))
    if count > limits.max_frames:
        raise MediaFailure(
            MediaErrorKind.TOO_LARGE,
            f"the animation has more than {limits.max_frames:,} frames",
        )
    return count


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, or 1. Called only once reading it cannot decode pixels (see
    `decode`), so what fails here is damaged metadata, which costs the rotation only."""
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and value in range(1, 9) else 1
