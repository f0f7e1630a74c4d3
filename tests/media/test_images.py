"""The still-image decoder, called directly: reduced decodes, modes, limits, orientation."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFile

from moderator.media import Limits, MediaErrorKind
from moderator.media import gif as gif_scan
from moderator.media.errors import MediaFailure
from moderator.media.images import decode, to_8bit
from moderator.media.render import sniff_bytes
from tests.media import damage, synth
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


def upright_rgb(data: bytes) -> tuple[Image.Image, tuple[int, int]]:
    still = decode(data, sniff_bytes(data), Limits(), lambda size: size, grayscale=False)
    return still.image, still.source_size


def differs(image: Image.Image, reference: Image.Image) -> float:
    return float(np.abs(np.asarray(image, float) - np.asarray(reference, float)).mean())


def test_a_tiff_is_turned_upright_once() -> None:
    # Pillow turns a TIFF upright itself while loading; reading the orientation before the
    # load turned it a second time.
    upright = synth.image(64, 48)
    for compression in ("raw", "tiff_lzw"):
        out = io.BytesIO()
        exif = Image.Exif()
        exif[0x0112] = 6
        synth.stored_for_orientation(upright, 6).save(
            out, "TIFF", exif=exif, compression=compression
        )
        image, size = upright_rgb(out.getvalue())
        assert size == (64, 48), compression
        assert differs(image, upright) < 1, compression


def test_bigtiff_is_tiff() -> None:
    upright = synth.image(64, 48)
    out = io.BytesIO()
    upright.save(out, "TIFF", big_tiff=True)
    for data in (out.getvalue(), synth.bigtiff(upright)):
        assert data[:4] == b"II+\x00"
        assert sniff_bytes(data).format == "TIFF"
        image, size = upright_rgb(data)
        assert size == (64, 48)
        assert differs(image, upright) == 0


def test_an_interlaced_png_is_checked_to_its_last_pass() -> None:
    pixels = synth.pattern(61, 37)  # odd sizes: some passes have ragged edges
    image, _ = upright_rgb(damage.interlaced_png(pixels))
    assert differs(image, Image.fromarray(pixels)) == 0
    # Six passes of seven: every other row was never sent, yet Pillow "loads" it.
    short = damage.interlaced_png(pixels, passes=6)
    with Image.open(io.BytesIO(short)) as plain:
        plain.load()
    with pytest.raises(MediaFailure) as caught:
        upright_rgb(short)
    assert caught.value.error.kind is MediaErrorKind.CORRUPT
    assert "ends early" in caught.value.error.message


def test_a_png_whose_last_row_looks_unwritten_still_decodes() -> None:
    pixels = synth.pattern(64, 48)
    pixels[-1] = 0xA5  # the value the decode buffer is filled with beforehand
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    image, _ = upright_rgb(out.getvalue())
    assert differs(image, Image.fromarray(pixels)) == 0


def test_a_short_png_stream_is_corrupt_though_pillow_loads_it() -> None:
    data = damage.short_idat_png()
    with Image.open(io.BytesIO(data)) as plain:
        plain.load()  # no error: the lower half is simply black
        assert np.asarray(plain)[120:].max() == 0
    with pytest.raises(MediaFailure) as caught:
        upright_rgb(data)
    assert caught.value.error.kind is MediaErrorKind.CORRUPT


def test_truncated_images_are_never_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    synth.image(64, 48).save(out, "PNG")
    data = out.getvalue()[:-200]
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(MediaFailure) as caught:
        upright_rgb(data)  # would be a grey-filled picture if the setting were obeyed
    assert caught.value.error.kind is MediaErrorKind.CRASHED
