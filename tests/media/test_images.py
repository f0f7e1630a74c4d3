"""The still-image decoder, called directly: reduced decodes, modes, limits, orientation."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from moderator.media import Limits, MediaErrorKind
from moderator.media import gif as gif_scan
from moderator.media.errors import MediaFailure
from moderator.media.images import decode, to_8bit
from moderator.media.render import sniff_bytes
from tests.media import synth
from tests.media.util import Media


def decoded(data: bytes, size: tuple[int, int], limits: Limits | None = None) -> Image.Image:
    still = decode(data, sniff_bytes(data), limits or Limits(), lambda _: size, grayscale=True)
    return still.image


def test_jpeg_is_decoded_at_the_smallest_sufficient_dct_scale(media: Media) -> None:
    data = media.photo.read_bytes()  # 1600 x 1200
    # A full decode then box reduce would give 160 x 120 (1/10): these are DCT scales.
    assert decoded(data, (150, 112)).size == (200, 150)  # 1/8
    assert decoded(data, (500, 375)).size == (800, 600)  # 1/2
    assert decoded(data, (1600, 1200)).size == (1600, 1200)


def test_other_formats_are_box_reduced_before_filtering(media: Media) -> None:
    image = decoded(media.photo_png.read_bytes(), (100, 75))
    assert image.size == (100, 75)  # reduce(16): integer steps, never below the request
    assert image.mode == "L"


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [("I;16", 65535, 255), ("I;16", 32896, 128), ("I", 1000, None), ("F", 0.5, None),
     ("1", 1, 255), ("LA", 0, 128), ("CMYK", 0, None), ("LAB", 0, None)],
)  # fmt: skip
def test_modes_become_8_bit(mode: str, value: float, expected: int | None) -> None:
    image = Image.new(mode, (8, 4), value)  # type: ignore[arg-type]
    if mode in ("I", "F"):
        image.putpixel((0, 0), 0)
    out = to_8bit(image, grayscale=True)
    assert out.mode == "L"
    if expected is not None:
        assert out.getpixel((7, 3)) == expected


def test_palette_transparency_is_flattened() -> None:
    image = Image.new("P", (4, 4), 1)
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    image.info["transparency"] = 1
    assert to_8bit(image, grayscale=False).getpixel((0, 0)) == (128, 128, 128)


def test_unconvertible_modes_are_unsupported() -> None:
    with pytest.raises(MediaFailure) as caught:
        to_8bit(Image.new("La", (4, 4)), grayscale=True)  # premultiplied: Pillow-internal
    assert caught.value.error.kind is MediaErrorKind.UNSUPPORTED


def test_pixel_limit(media: Media) -> None:
    with pytest.raises(MediaFailure) as caught:
        decoded(media.photo.read_bytes(), (10, 10), Limits(max_pixels=1_000_000))
    assert caught.value.error.kind is MediaErrorKind.TOO_LARGE


def test_frame_limit(media: Media) -> None:
    data = (media.hostile / "frames-10000.gif").read_bytes()
    assert gif_scan.count_frames(data, 20_000) == 10_000
    assert gif_scan.count_frames(data, 100) == 101  # stops right after the limit
    with pytest.raises(MediaFailure) as caught:
        decoded(data, (16, 16), Limits(max_frames=100))
    assert caught.value.error.kind is MediaErrorKind.TOO_LARGE


def test_damaged_exif_costs_only_the_rotation() -> None:
    out = io.BytesIO()
    synth.image(64, 48).save(out, "JPEG", exif=b"Exif\x00\x00MM\x00*\xff\xff\xff\xff")
    assert decoded(out.getvalue(), (64, 48)).size == (64, 48)


def test_every_exif_orientation_comes_out_upright() -> None:
    upright = synth.image(64, 48)
    for orientation in (2, 3, 6, 8):
        out = io.BytesIO()
        exif = Image.Exif()
        exif[0x0112] = orientation
        synth.stored_for_orientation(upright, orientation).save(out, "PNG", exif=exif.tobytes())
        image = decode(out.getvalue(), sniff_bytes(out.getvalue()), Limits(),
                       lambda size: size, grayscale=False).image  # fmt: skip
        difference = np.abs(np.asarray(image, float) - np.asarray(upright, float)).mean()
        assert difference < 1, orientation
